// Admission policies in the editor: a violation shows on the manifest, editing the policy re-checks
// the manifests it matches, CEL errors sit inside the expression string, and policies can come
// from admissionPolicies.paths without being linted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServer } from './harness.ts';
import { messageOf, ofRule, tempWorkspace } from './workspace-fixture.ts';

const RULE = 'admission-policy-violation';
const POLICY = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: replica-limit
spec:
  matchConstraints:
    resourceRules:
      - apiGroups: ["apps"]
        apiVersions: ["v1"]
        operations: ["CREATE"]
        resources: ["deployments"]
  validations:
    - expression: "object.spec.replicas <= 5"
      message: "at most 5 replicas"
`;
const BINDING = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: replica-limit
spec:
  policyName: replica-limit
  validationActions: [Deny]
`;
const APP = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 6
`;

test('a policy change re-checks the open manifest it matches; CEL errors point inside the string', async () => {
  const workspace = tempWorkspace({ 'policy.yaml': POLICY, 'binding.yaml': BINDING, 'app.yaml': APP });
  try {
    await withServer(workspace, {}, async (client) => {
      const appUri = workspace.uri('app.yaml');
      await client.open(appUri, APP);
      const before = await client.waitForDiagnostics(appUri, (items) => ofRule(items, RULE).length === 1);
      assert.match(messageOf(ofRule(before, RULE)[0]), /at most 5 replicas \(ValidatingAdmissionPolicy "replica-limit", binding "replica-limit"\)/);
      assert.deepEqual(ofRule(before, RULE)[0].range.start, { line: 5, character: 2 });

      const policyUri = workspace.uri('policy.yaml');
      await client.open(policyUri, POLICY);
      const from = client.events.length;
      // "<= 5" -> "<= 9": the Deployment passes now.
      await client.change(policyUri, [{ range: { start: { line: 12, character: 43 }, end: { line: 12, character: 44 } }, text: '9' }]);
      await client.waitFor(
        (event) => event.method === 'textDocument/publishDiagnostics' && event.params.uri === appUri && ofRule(event.params.diagnostics, RULE).length === 0,
        'the Deployment re-checked after the policy edit',
        from,
      );
      // "<= 9" -> "<= ": a syntax error, reported in the policy at the end of the expression.
      await client.change(policyUri, [{ range: { start: { line: 12, character: 43 }, end: { line: 12, character: 44 } }, text: '' }]);
      const errors = await client.waitForDiagnostics(policyUri, (items) => ofRule(items, RULE).length === 1);
      assert.match(messageOf(ofRule(errors, RULE)[0]), /CEL error in validations\.expression/);
      assert.deepEqual(ofRule(errors, RULE)[0].range.start, { line: 12, character: 43 });
    });
  } finally {
    workspace.cleanup();
  }
});

test('admissionPolicies.paths: policies read from an excluded folder apply, that folder is not linted', async () => {
  const workspace = tempWorkspace({
    '.kube-hardener.yaml': 'exclude: ["platform/**"]\nadmissionPolicies:\n  paths: [platform]\n',
    'platform/policy.yaml': POLICY,
    'platform/binding.yaml': BINDING,
    'app.yaml': APP,
  });
  try {
    await withServer(workspace, {}, async (client) => {
      const appUri = workspace.uri('app.yaml');
      await client.open(appUri, APP);
      await client.waitForDiagnostics(appUri, (items) => ofRule(items, RULE).length === 1);
    });
  } finally {
    workspace.cleanup();
  }
});

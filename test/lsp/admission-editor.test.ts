// Admission policies in the editor: a violation shows on the manifest, editing the policy re-checks
// the manifests it matches, CEL errors sit inside the expression string, and policies can come
// from admissionPolicies.paths without being linted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { FileChangeType } from 'vscode-languageserver-protocol';
import { TestClient, withServer } from './harness.ts';
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

test('typing in the manifest: the violation appears and disappears', async () => {
  const workspace = tempWorkspace({ 'policy.yaml': POLICY, 'binding.yaml': BINDING, 'app.yaml': APP.replace('replicas: 6', 'replicas: 2') });
  try {
    await withServer(workspace, {}, async (client) => {
      const appUri = workspace.uri('app.yaml');
      await client.open(appUri, APP.replace('replicas: 6', 'replicas: 2'));
      await client.waitForDiagnostics(appUri, (items) => ofRule(items, RULE).length === 0);
      // "replicas: 2" -> "replicas: 7"
      const edit = (digit: string) => client.change(appUri, [{ range: { start: { line: 5, character: 12 }, end: { line: 5, character: 13 } }, text: digit }]);
      const seven = await edit('7');
      await client.waitForDiagnostics(appUri, (items) => ofRule(items, RULE).length === 1, seven);
      const three = await edit('3');
      await client.waitForDiagnostics(appUri, (items) => ofRule(items, RULE).length === 0, three);
    });
  } finally {
    workspace.cleanup();
  }
});

test('typing in the policy makes a violation appear in the open manifest it matches', async () => {
  const loose = POLICY.replace('<= 5', '<= 9');
  const workspace = tempWorkspace({ 'policy.yaml': loose, 'binding.yaml': BINDING, 'app.yaml': APP });
  try {
    await withServer(workspace, {}, async (client) => {
      const appUri = workspace.uri('app.yaml');
      await client.open(appUri, APP);
      await client.waitForDiagnostics(appUri, (items) => ofRule(items, RULE).length === 0);
      const policyUri = workspace.uri('policy.yaml');
      await client.open(policyUri, loose);
      const from = client.events.length;
      // "<= 9" -> "<= 5"
      await client.change(policyUri, [{ range: { start: { line: 12, character: 43 }, end: { line: 12, character: 44 } }, text: '5' }]);
      await client.waitFor(
        (event) => event.method === 'textDocument/publishDiagnostics' && event.params.uri === appUri && ofRule(event.params.diagnostics, RULE).length === 1,
        'the violation after the policy edit',
        from,
      );
    });
  } finally {
    workspace.cleanup();
  }
});

test('admissionPolicies.paths outside the workspace are watched: a policy change on disk re-checks the open manifest', async () => {
  const workspace = tempWorkspace({
    'app/.kube-hardener.yaml': 'admissionPolicies:\n  paths: [../platform, ../binding.yaml]\n',
    'app/app.yaml': APP,
    'platform/policy.yaml': POLICY,
    'binding.yaml': BINDING,
  });
  try {
    const client = await TestClient.start({ workspace: workspace.path('app') });
    try {
      const appUri = workspace.uri('app/app.yaml');
      await client.open(appUri, APP);
      await client.waitForDiagnostics(appUri, (items) => ofRule(items, RULE).length === 1);
      const registration = await client.waitFor(
        (event) => event.method === 'client/registerCapability' && JSON.stringify(event.params).includes(pathToFileURL(workspace.path('platform')).href),
        'a watcher for admissionPolicies.paths',
      );
      const watchers = (registration.params as { registrations: { registerOptions: { watchers: unknown[] } }[] }).registrations[0].registerOptions.watchers;
      assert.deepEqual(watchers, [
        { globPattern: { baseUri: pathToFileURL(workspace.path('platform')).href, pattern: '**/*.{yaml,yml}' } },
        { globPattern: { baseUri: pathToFileURL(workspace.dir).href, pattern: 'binding.yaml' } },
      ]);
      const from = client.events.length;
      workspace.write('platform/policy.yaml', POLICY.replace('<= 5', '<= 9'));
      await client.filesChanged([{ uri: workspace.uri('platform/policy.yaml'), type: FileChangeType.Changed }]);
      await client.waitFor(
        (event) => event.method === 'textDocument/publishDiagnostics' && event.params.uri === appUri && ofRule(event.params.diagnostics, RULE).length === 0,
        'the manifest re-checked after the policy changed on disk',
        from,
      );
    } finally {
      await client.stop();
    }
  } finally {
    workspace.cleanup();
  }
});

/** Changes `admissionPolicies.paths` in the config file of an open manifest's folder and waits for the re-check. */
async function changePolicyPaths(from: string, to: string, violationsBefore: number, violationsAfter: number, what: string): Promise<void> {
  const config = (paths: string) => `admissionPolicies:\n  paths: ${paths}\n`;
  const workspace = tempWorkspace({
    'app/.kube-hardener.yaml': config(from),
    'app/app.yaml': APP,
    'platform/policy.yaml': POLICY,
    'platform/binding.yaml': BINDING,
  });
  try {
    const client = await TestClient.start({ workspace: workspace.path('app') });
    try {
      const appUri = workspace.uri('app/app.yaml');
      await client.open(appUri, APP);
      await client.waitForDiagnostics(appUri, (items) => ofRule(items, RULE).length === violationsBefore);
      workspace.write('app/.kube-hardener.yaml', config(to));
      const start = client.events.length;
      await client.filesChanged([{ uri: workspace.uri('app/.kube-hardener.yaml'), type: FileChangeType.Changed }]);
      await client.waitFor(
        (event) => event.method === 'textDocument/publishDiagnostics' && event.params.uri === appUri && ofRule(event.params.diagnostics, RULE).length === violationsAfter,
        what,
        start,
      );
    } finally {
      await client.stop();
    }
  } finally {
    workspace.cleanup();
  }
}

test('adding a folder to admissionPolicies.paths reads its policies and re-checks the open manifest', async () => {
  await changePolicyPaths('[]', '[../platform]', 0, 1, 'the violation once the platform folder is read');
});

test('removing the folder from admissionPolicies.paths drops its policies', async () => {
  await changePolicyPaths('[../platform]', '[]', 1, 0, 'no violation once the platform folder is no longer read');
});

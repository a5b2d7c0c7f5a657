import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../server/src/engine/lint.ts';
import { affectedFiles } from '../../server/src/engine/workspace.ts';
import { factsOfFile } from '../../server/src/engine/facts.ts';
import { parseManifestFile } from '../../server/src/engine/parse.ts';
import { objectsOf } from '../../server/src/engine/objects.ts';
import { workloadOf } from '../../server/src/engine/workloads.ts';
import { indexOf, lintOptions } from '../helpers/lint.ts';

/** A privileged container with a hostPath volume, under the given pod spec indentation. */
function podSpec(indent: string): string {
  return [
    'containers:',
    '  - name: app',
    '    image: registry.example.com/app:1.0',
    '    securityContext: {privileged: true}',
    'volumes:',
    '  - name: root',
    '    hostPath: {path: /}',
  ].map((line) => indent + line).join('\n') + '\n';
}

const SHAPED: Record<string, string> = {
  'OpenShift DeploymentConfig': `apiVersion: apps.openshift.io/v1
kind: DeploymentConfig
metadata: {name: web, namespace: shop}
spec:
  replicas: 1
  selector: {app: web}
  template:
    metadata: {labels: {app: web}}
    spec:
${podSpec('      ')}`,
  'Argo Rollout': `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
${podSpec('      ')}`,
  'Knative Service': `apiVersion: serving.knative.dev/v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
${podSpec('      ')}`,
  'agent-sandbox SandboxTemplate': `apiVersion: extensions.agents.x-k8s.io/v1alpha1
kind: SandboxTemplate
metadata: {name: web, namespace: shop}
spec:
  podTemplate:
    metadata: {labels: {app: web}}
    spec:
${podSpec('      ')}`,
  'a CronJob-like kind (jobTemplate)': `apiVersion: example.com/v1
kind: ScheduledTask
metadata: {name: web, namespace: shop}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
${podSpec('          ')}`,
};

for (const [name, text] of Object.entries(SHAPED)) {
  test(`${name} is a workload: pod rules run on it`, () => {
    const { findings } = lintText('shaped.yaml', text, lintOptions({}, undefined, indexOf({ 'shaped.yaml': text })));
    const ids = new Set(findings.map((finding) => finding.ruleId));
    for (const id of ['privileged-container', 'host-path-volume', 'run-as-root', 'missing-resource-limits', 'service-account-token-automount', 'missing-network-policy']) {
      assert.ok(ids.has(id), `${id} missing among ${[...ids].join(', ')}`);
    }
  });
}

test('a kind whose spec.template has no containers is not a workload', () => {
  const text = `apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
spec:
  template:
    spec: {color: blue}
`;
  const file = parseManifestFile('w.yaml', text);
  assert.equal(workloadOf(objectsOf(file)[0]), undefined);
  const { findings } = lintText('w.yaml', text, lintOptions());
  assert.deepEqual(findings.map((finding) => finding.ruleId), []);
});

test('a NetworkPolicy selecting a DeploymentConfig\'s pods is not dangling, and editing it re-checks the DeploymentConfig', () => {
  const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress, Egress]
`;
  const files = { 'dc.yaml': SHAPED['OpenShift DeploymentConfig'], 'policy.yaml': policy };
  const index = indexOf(files);
  const policyFindings = lintText('policy.yaml', policy, lintOptions({}, undefined, index)).findings;
  assert.deepEqual(policyFindings.filter((finding) => finding.ruleId === 'dangling-network-policy').map((finding) => finding.message), []);
  const dcFindings = lintText('dc.yaml', files['dc.yaml'], lintOptions({}, undefined, index)).findings;
  assert.deepEqual(dcFindings.filter((finding) => finding.ruleId === 'missing-network-policy').map((finding) => finding.message), []);
  const facts = factsOfFile(parseManifestFile('policy.yaml', policy), () => 'shop');
  assert.deepEqual(affectedFiles(index, 'policy.yaml', facts, facts), ['dc.yaml']);
});

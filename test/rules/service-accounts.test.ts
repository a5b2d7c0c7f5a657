import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleById } from '../../server/src/engine/registry.ts';
import { lintText } from '../../server/src/engine/lint.ts';
import type { UserConfig } from '../../server/src/engine/config.ts';
import { indexOf, lintOptions } from '../helpers/lint.ts';

const RULES = ['default-service-account', 'service-account-token-automount'].map((id) => ruleById(id)!);

function lint(files: Record<string, string>, path: string, config: UserConfig = {}) {
  return lintText(path, files[path], lintOptions(config, RULES, indexOf(files))).findings;
}

const deployment = (extra = '', namespace = 'shop', serviceAccount = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${namespace}}
spec:
  template:
    spec:
${serviceAccount ? `      serviceAccountName: ${serviceAccount}\n` : ''}${extra}      containers: [{name: app, image: "nginx:1.27"}]
`;

test('automountServiceAccountToken: false on the default ServiceAccount in another file is honoured', () => {
  const account = 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: default, namespace: shop}\nautomountServiceAccountToken: false\n';
  assert.deepEqual(lint({ 'web.yaml': deployment(), 'sa.yaml': account }, 'web.yaml'), []);
  // In another namespace it does not count.
  assert.equal(lint({ 'web.yaml': deployment('', 'other'), 'sa.yaml': account }, 'web.yaml').length, 1);
});

test('the two ServiceAccount rules never report the same workload', () => {
  const cases = [
    deployment(),
    deployment('      automountServiceAccountToken: true\n'),
    deployment('      automountServiceAccountToken: false\n'),
    deployment('      automountServiceAccountToken:\n'),
    deployment('', 'shop', 'default'),
    deployment('      automountServiceAccountToken: false\n      volumes: [{name: t, projected: {sources: [{serviceAccountToken: {path: t}}]}}]\n'),
  ];
  const expected = ['service-account-token-automount', 'default-service-account', '', 'service-account-token-automount', 'service-account-token-automount', 'default-service-account'];
  cases.forEach((text, index) => {
    const findings = lint({ 'web.yaml': text }, 'web.yaml');
    assert.equal(findings.map((f) => f.ruleId).join(', '), expected[index], text);
  });
});

test('allServiceAccounts extends the rule to every ServiceAccount, workloads and objects', () => {
  const account = 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: api, namespace: shop}\n';
  const files = { 'web.yaml': deployment('', 'shop', 'api'), 'sa.yaml': account };
  assert.deepEqual(lint(files, 'web.yaml'), []);
  assert.deepEqual(lint(files, 'sa.yaml'), []);
  const config = { rules: { 'service-account-token-automount': { allServiceAccounts: true } } } as UserConfig;
  assert.deepEqual(lint(files, 'web.yaml', config).map((f) => f.message), [
    'Deployment shop/web runs as ServiceAccount "api" and mounts its API token into every container: nothing turns automounting off',
  ]);
  assert.deepEqual(lint(files, 'sa.yaml', config).map((f) => f.message), [
    'ServiceAccount shop/api does not set automountServiceAccountToken: false: every pod that runs as it and does not opt out gets its API token mounted',
  ]);
});

test('a ServiceAccount that sets automountServiceAccountToken: true: named in the message, and its fix is unsafe', () => {
  const account = 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: default, namespace: shop}\nautomountServiceAccountToken: true\n';
  const files = { 'web.yaml': deployment(), 'sa.yaml': account };
  assert.match(lint(files, 'web.yaml')[0].message, /which sets automountServiceAccountToken: true/);
  assert.deepEqual(lint(files, 'sa.yaml').map((f) => f.fixes.map((fix) => fix.safe)), [[false]]);
});

test('editing a ServiceAccount re-checks the workloads of its namespace (the RBAC readers re-check every workload)', async () => {
  const { affectedFiles } = await import('../../server/src/engine/workspace.ts');
  const { factsOfFile } = await import('../../server/src/engine/facts.ts');
  const { parseManifestFile } = await import('../../server/src/engine/parse.ts');
  const account = 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: default, namespace: shop}\n';
  const index = indexOf({ 'web.yaml': deployment(), 'other.yaml': deployment('', 'other'), 'sa.yaml': account });
  const facts = factsOfFile(parseManifestFile('sa.yaml', account), () => 'default');
  const affected = affectedFiles(index, 'sa.yaml', facts, facts);
  assert.ok(affected.includes('web.yaml'));
});

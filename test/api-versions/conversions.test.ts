// Edge cases of the kubectl-convert-style fixes (the common cases are in test/rules/removed-api-version/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../server/src/engine/lint.ts';
import { fixAll } from '../../server/src/engine/fix.ts';
import { ruleById } from '../../server/src/engine/registry.ts';
import { lintOptions, parseErrorsOf } from '../helpers/lint.ts';

const options = lintOptions({}, [ruleById('removed-api-version')!]);

function fixed(text: string): string {
  const result = fixAll('test.yaml', text, options, { unsafe: true });
  assert.deepEqual(parseErrorsOf(result.text), []);
  return result.text;
}

test('a Deployment whose spec ends with rollbackTo gets its selector; the dropped field waits', () => {
  const text = 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n  rollbackTo:\n    revision: 2\n';
  const result = fixed(text);
  assert.match(result, /^apiVersion: apps\/v1$/m);
  assert.match(result, /selector:\n {4}matchLabels:\n {6}app: web/);
});

test('without template labels there is nothing to select: reported, no fix', () => {
  const text = 'apiVersion: apps/v1beta2\nkind: ReplicaSet\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers: []\n';
  const [finding] = lintText('test.yaml', text, options).findings;
  assert.equal(finding.ruleId, 'removed-api-version');
  assert.deepEqual(finding.fixes, []);
});

test('the unsafe conversion is not applied by a safe fix-all; the compatible swap is', () => {
  const text = 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: a}\nspec:\n  backend: {serviceName: a, servicePort: 80}\n---\napiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: b}\n';
  const result = fixAll('test.yaml', text, options).text;
  assert.match(result, /apiVersion: extensions\/v1beta1/);
  assert.match(result, /apiVersion: batch\/v1\n/);
});

test('spec.backend in flow style becomes defaultBackend with a service', () => {
  const text = 'apiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata: {name: a}\nspec:\n  backend: {serviceName: a, servicePort: https}\n';
  assert.equal(fixed(text), 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: a}\nspec:\n  defaultBackend: {service: {name: a, port: {name: https}}}\n');
});

test('broken shapes do not throw', () => {
  for (const spec of ['spec: 3', 'spec: {backend: [1]}', 'spec: {rules: [{http: {paths: [3, {backend: null}]}}]}', 'spec:']) {
    const text = `apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: a}\n${spec}\n`;
    assert.equal(lintText('test.yaml', text, options).findings.length, 1, spec);
    fixed(text);
  }
});

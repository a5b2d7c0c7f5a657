import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { lintText } from '../../server/src/engine/lint.ts';
import { parseManifestFile } from '../../server/src/engine/parse.ts';
import { objectsOf } from '../../server/src/engine/objects.ts';
import { auditRules, ruleMatches, AuditRequest } from '../../server/src/control-plane/audit-policy.ts';
import { lintOptions } from '../helpers/lint.ts';

describe('EncryptionConfiguration findings never repeat a key', () => {
  const canary = 'Q0FOQVJZLWtleS12YWx1ZS1tdXN0LW5vdC1sZWFrIQ==';
  const texts = [
    readFileSync('test/rules/encryption-provider-weak/invalid.yaml', 'utf8').replace(/secret: \S+/g, `secret: ${canary}`),
    `apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - aescbc: {keys: [{name: ${canary}, secret: ${canary}}]}\n`,
  ];
  for (const [index, text] of texts.entries()) {
    test(`config ${index + 1}: no message of any rule holds the secret value`, () => {
      assert.ok(text.includes(canary));
      const { findings } = lintText('encryption.yaml', text, lintOptions());
      assert.ok(findings.some((f) => f.ruleId === 'encryption-provider-weak'));
      for (const finding of findings) assert.ok(!finding.message.includes(canary), `${finding.ruleId} repeats the key: ${finding.message}`);
    });
  }
});

describe('audit rules match as the API server does', () => {
  const policy = `apiVersion: audit.k8s.io/v1
kind: Policy
rules:
  - level: Metadata
    resources: [{group: "", resources: ["secrets/*"]}]
  - level: Metadata
    resources: [{group: "", resources: ["configmaps"], resourceNames: ["a"]}]
  - level: Metadata
    namespaces: ["kube-system"]
  - level: Metadata
    nonResourceURLs: ["/metrics"]
  - level: Metadata
    resources: [{group: apps}]
`;
  const rules = auditRules(objectsOf(parseManifestFile('p.yaml', policy))[0]);
  const request = (overrides: Partial<AuditRequest>): AuditRequest => ({ user: 'u', verb: 'get', apiGroup: '', resource: 'pods', namespace: 'default', name: 'x', ...overrides });
  const matched = (overrides: Partial<AuditRequest>) => rules.filter((rule) => ruleMatches(rule, request(overrides))).map((rule) => rule.index + 1);

  test('`resource/*` covers the resource itself', () => assert.deepEqual(matched({ resource: 'secrets' }), [1]));
  test('resourceNames limit the match', () => {
    assert.deepEqual(matched({ resource: 'configmaps', name: 'a' }), [2]);
    assert.deepEqual(matched({ resource: 'configmaps', name: 'b' }), []);
  });
  test('namespaces alone match any resource there', () => assert.deepEqual(matched({ namespace: 'kube-system' }), [3]));
  test('a non-resource URL rule never matches a resource request', () => assert.deepEqual(matched({}), []));
  test('a group without resources covers the whole group', () => assert.deepEqual(matched({ apiGroup: 'apps', resource: 'deployments' }), [5]));
});

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { lintText } from '../../server/src/engine/lint.ts';
import { parseManifestFile } from '../../server/src/engine/parse.ts';
import { objectsOf } from '../../server/src/engine/objects.ts';
import { AUDIT_VERBS, auditRules, firstMatch, reachableRules, ruleMatches, AuditRequest } from '../../server/src/control-plane/audit-policy.ts';
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

describe('the first-match search agrees with trying every request', () => {
  let seed = 7;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  const some = (pool: string[], quote = true) => {
    const count = random(3);
    return Array.from({ length: count }, () => pool[random(pool.length)]).map((value) => (quote ? JSON.stringify(value) : value));
  };
  const line = (key: string, values: string[]) => (values.length > 0 ? `    ${key}: [${values.join(', ')}]\n` : '');

  function randomPolicy(): string {
    let text = 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n';
    const count = 1 + random(6);
    for (let i = 0; i < count; i++) {
      text += `  - level: ${['None', 'Metadata', 'Request', 'RequestResponse'][random(4)]}\n`;
      text += line('users', some(['alice', 'bob', 'system:kube-proxy']));
      text += line('userGroups', some(['devs', 'ops']));
      text += line('verbs', some(['get', 'create', 'watch']));
      text += line('namespaces', some(['kube-system', 'prod', '']));
      if (random(3) === 0) text += line('nonResourceURLs', ['"/metrics"']);
      if (random(2) === 0) {
        const names = some(['a', 'b']);
        text += `    resources:\n      - group: ""\n        resources: [${some(['secrets', 'configmaps', '*', 'secrets/*']).join(', ')}]\n`;
        if (names.length > 0) text += `        resourceNames: [${names.join(', ')}]\n`;
      }
    }
    return text;
  }

  function bruteForce(text: string, verb: string): number[] {
    const rules = auditRules(objectsOf(parseManifestFile('p.yaml', text))[0]);
    const reached = new Set<number>();
    for (const user of ['alice', 'bob', 'system:kube-proxy', 'eve']) for (const group of ['devs', 'ops', undefined]) {
      for (const namespace of ['kube-system', 'prod', '', 'other']) for (const name of ['a', 'b', 'c']) {
        const rule = firstMatch(rules, { user, group, verb, apiGroup: '', resource: 'secrets', namespace, name });
        if (rule) reached.add(rule.index);
      }
    }
    return [...reached].sort((a, b) => a - b);
  }

  test('100 random policies, every verb', () => {
    for (let i = 0; i < 100; i++) {
      const text = randomPolicy();
      const rules = auditRules(objectsOf(parseManifestFile('p.yaml', text))[0]);
      for (const verb of AUDIT_VERBS) {
        const searched = reachableRules(rules, '', 'secrets', verb).map((rule) => rule.index);
        assert.deepEqual(searched, bruteForce(text, verb), `${verb}\n${text}`);
      }
    }
  });
});

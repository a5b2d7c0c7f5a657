// The Pod Security checks that start at a policy version (found by the pod-security-admission fixtures).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../server/src/engine/lint.ts';
import { resolveConfig, type UserConfig } from '../../server/src/engine/config.ts';
import { ALL_RULES, ruleById } from '../../server/src/engine/registry.ts';
import { fixAll } from '../../server/src/engine/fix.ts';

/** Findings of one rule; the config is resolved without validation, as PSA versions go back to 1.0. */
function messages(ruleId: string, text: string, config: UserConfig): string[] {
  const options = { config: resolveConfig(ALL_RULES, config), rules: [ruleById(ruleId)!] };
  return lintText('test.yaml', text, options).findings.map((finding) => finding.message);
}

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    seccomp.security.alpha.kubernetes.io/pod: unconfined # legacy
    container.seccomp.security.alpha.kubernetes.io/app: localhost/profile.json
    container.seccomp.security.alpha.kubernetes.io/other: unconfined
spec:
  securityContext: {runAsNonRoot: true}
  containers:
    - name: app
      image: registry.example.com/app:1.0.0
      securityContext:
        capabilities: {add: [CHOWN]}
`;

describe('restricted checks start at their policy version', () => {
  for (const [ruleId, before, from] of [
    ['capabilities-not-dropped', '1.21', '1.22'],
    ['missing-seccomp-profile', '1.18', '1.19'],
    ['privilege-escalation', '1.7', '1.8'],
  ]) {
    test(`${ruleId}: nothing at ${before}, a finding from ${from}`, () => {
      assert.deepEqual(messages(ruleId, POD, { profile: 'restricted', kubernetesVersion: before }), []);
      assert.equal(messages(ruleId, POD, { profile: 'restricted', kubernetesVersion: from }).length, 1);
    });
  }
  test('dangerous-capabilities: restricted allows only NET_BIND_SERVICE from 1.22; CHOWN is baseline-safe before', () => {
    assert.deepEqual(messages('dangerous-capabilities', POD, { profile: 'restricted', kubernetesVersion: '1.21' }), []);
    assert.equal(messages('dangerous-capabilities', POD, { profile: 'restricted', kubernetesVersion: '1.22' }).length, 1);
  });
});

describe('seccomp-unconfined judges the seccomp annotations before 1.19', () => {
  test('the unconfined pod annotation is reported at 1.18; container annotations only for containers that exist', () => {
    const found = messages('seccomp-unconfined', POD, { kubernetesVersion: '1.18' });
    assert.equal(found.length, 1);
    assert.match(found[0], /seccomp\.security\.alpha\.kubernetes\.io\/pod sets seccomp profile unconfined/);
  });
  test('from 1.19 the annotations are not judged (the fields are)', () => {
    assert.deepEqual(messages('seccomp-unconfined', POD, { kubernetesVersion: '1.19' }), []);
  });
  test('the fix sets runtime/default and keeps the comment', () => {
    const options = { config: resolveConfig(ALL_RULES, { kubernetesVersion: '1.18' }), rules: [ruleById('seccomp-unconfined')!] };
    const fixed = fixAll('test.yaml', POD, options).text;
    assert.match(fixed, /seccomp\.security\.alpha\.kubernetes\.io\/pod: runtime\/default # legacy/);
    assert.deepEqual(lintText('test.yaml', fixed, options).findings, []);
  });
});

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ruleById } from '../../server/src/engine/registry.ts';
import { lintText } from '../../server/src/engine/lint.ts';
import { applyEdits, fixAll } from '../../server/src/engine/fix.ts';
import type { UserConfig } from '../../server/src/engine/config.ts';
import { sensitivity } from '../../server/src/rules/pod-security/host-path-volume.ts';
import { lintOptions, parseErrorsOf } from '../helpers/lint.ts';
import { parseCaretFixture } from '../helpers/carets.ts';

/** Behaviour of the container-breakout rules that the one-rule fixtures cannot show: second fixes, profiles, rules together. */
const BREAKOUT_RULES = [
  'missing-security-context', 'run-as-root', 'privilege-escalation', 'writable-root-filesystem', 'privileged-container',
  'capabilities-not-dropped', 'dangerous-capabilities', 'seccomp-unconfined', 'missing-seccomp-profile', 'host-namespaces',
  'host-path-volume',
].map((id) => ruleById(id)!);

function lint(text: string, ids: string[], config: UserConfig = {}) {
  return lintText('test.yaml', text, lintOptions(config, ids.map((id) => ruleById(id)!))).findings;
}

const BARE_POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx:1.27
`;

describe('writable-root-filesystem: the emptyDir fix', () => {
  const { source } = parseCaretFixture(readFileSync('test/rules/writable-root-filesystem/invalid.yaml', 'utf8'));
  const findings = lint(source, ['writable-root-filesystem']);

  test('is offered second and marked unsafe', () => {
    for (const finding of findings) {
      assert.equal(finding.fixes.length, 2);
      assert.equal(finding.fixes[1].safe, false);
      assert.match(finding.fixes[1].title, /emptyDir at \/tmp/);
    }
  });

  for (const [index, finding] of findings.entries()) {
    test(`applied alone, it fixes finding ${index + 1} and leaves valid YAML with the volume and its mount`, () => {
      const fixed = applyEdits(source, finding.fixes[1].edits);
      assert.deepEqual(parseErrorsOf(fixed), []);
      assert.equal(lint(fixed, ['writable-root-filesystem']).length, findings.length - 1);
      assert.match(fixed, /name: tmp\b/);
      assert.match(fixed, /mountPath: \/tmp/);
      assert.match(fixed, /emptyDir: \{\}/);
    });
  }

  test('is not offered when the pod already has a tmp volume or the container mounts /tmp', () => {
    const withVolume = `${BARE_POD}  volumes:\n    - name: tmp\n      emptyDir: {}\n`;
    assert.deepEqual(lint(withVolume, ['writable-root-filesystem'])[0].fixes.map((fix) => fix.title), ['Set readOnlyRootFilesystem: true']);
    const withMount = BARE_POD.replace('image: nginx:1.27', 'image: nginx:1.27\n      volumeMounts: [{name: scratch, mountPath: /tmp/}]');
    assert.equal(lint(withMount, ['writable-root-filesystem'])[0].fixes.length, 1);
  });
});

describe('dangerous-capabilities and the profile', () => {
  const pod = BARE_POD.replace('image: nginx:1.27', 'image: nginx:1.27\n      securityContext:\n        capabilities:\n          add: [CHOWN, NET_BIND_SERVICE, SYS_ADMIN]');

  test('restricted (default) warns on baseline capabilities other than NET_BIND_SERVICE', () => {
    assert.deepEqual(lint(pod, ['dangerous-capabilities']).map((f) => f.severity), ['warning', 'error']);
  });

  test('baseline flags only capabilities outside the baseline list', () => {
    assert.deepEqual(lint(pod, ['dangerous-capabilities'], { profile: 'baseline' }).map((f) => f.message), [
      'container "app" adds the capability SYS_ADMIN, which the baseline policy forbids',
    ]);
  });
});

describe('host-path-volume: sensitive paths', () => {
  test('normalises before comparing', () => {
    for (const path of ['/', '//', '/etc/', '/etc/kubernetes/pki', '/var/run/', '/run/containerd/containerd.sock', '/var/lib/kubelet/pods', '/proc/1/root', '/home/user/.kube', '/var/lib/docker/', '/opt/../etc']) {
      assert.ok(sensitivity(path), `${path} is sensitive`);
    }
    for (const path of ['/var/log', '/srv/data', '/etcetera', '/opt/cni/bin', '/var/lib/kubeletish', 'relative/path']) {
      assert.equal(sensitivity(path), undefined, `${path} is not sensitive`);
    }
  });
});

describe('the container-breakout rules together', () => {
  test('missing-security-context\'s one fix satisfies every per-field rule for that container', () => {
    const ids = ['missing-security-context', 'run-as-root', 'privilege-escalation', 'writable-root-filesystem', 'capabilities-not-dropped', 'missing-seccomp-profile'];
    const before = lint(BARE_POD, ids);
    assert.deepEqual([...new Set(before.map((f) => f.ruleId))].sort(), [...ids].sort());
    const hardening = before.find((f) => f.ruleId === 'missing-security-context')!;
    const fixed = applyEdits(BARE_POD, hardening.fixes[0].edits);
    assert.deepEqual(lint(fixed, ids).map((f) => f.ruleId), []);
  });

  test('safe fix-all leaves a privileged container as it is; unsafe fix-all unprivileges it first and settles', () => {
    const pod = BARE_POD.replace('image: nginx:1.27', 'image: nginx:1.27\n      securityContext:\n        privileged: true');
    const options = lintOptions({}, BREAKOUT_RULES);
    const safe = fixAll('test.yaml', pod, options);
    assert.match(safe.text, /privileged: true/);
    assert.doesNotMatch(safe.text, /allowPrivilegeEscalation|runAsNonRoot|drop:|readOnlyRootFilesystem/);
    const result = fixAll('test.yaml', pod, options, { unsafe: true });
    assert.deepEqual(parseErrorsOf(result.text), []);
    assert.match(result.text, /privileged: false/);
    assert.match(result.text, /allowPrivilegeEscalation: false/);
    assert.equal(fixAll('test.yaml', result.text, options, { unsafe: true }).text, result.text);
  });

  test('fix-all over every fixture of these rules, with all of them on, leaves valid YAML and no fixable finding', () => {
    const ids = new Set(BREAKOUT_RULES.map((rule) => rule.id));
    const options = lintOptions({}, BREAKOUT_RULES);
    for (const rule of BREAKOUT_RULES) {
      const { source } = parseCaretFixture(readFileSync(`test/rules/${rule.id}/invalid.yaml`, 'utf8'));
      const result = fixAll('test.yaml', source, options, { unsafe: true });
      assert.deepEqual(parseErrorsOf(result.text), [], `${rule.id}: the result parses`);
      const left = result.remaining.filter((f) => ids.has(f.ruleId) && f.fixes.some((fix) => fix.edits.length > 0));
      assert.deepEqual(left.map((f) => `${f.ruleId}: ${f.message}`), [], `${rule.id}: fixable findings left`);
      assert.equal(fixAll('test.yaml', result.text, options, { unsafe: true }).text, result.text, `${rule.id}: idempotent`);
    }
  });
});

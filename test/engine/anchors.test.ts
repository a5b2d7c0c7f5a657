import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../server/src/engine/lint.ts';
import { fixAll } from '../../server/src/engine/fix.ts';
import { parseManifestFile } from '../../server/src/engine/parse.ts';
import { objectsOf } from '../../server/src/engine/objects.ts';
import { ruleById } from '../../server/src/engine/registry.ts';
import { lintOptions } from '../helpers/lint.ts';

const CONTEXT_RULES = ['run-as-root', 'privilege-escalation', 'writable-root-filesystem', 'capabilities-not-dropped', 'missing-seccomp-profile'].map((id) => ruleById(id)!);

function pod(mergedContext: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    <<: {team: shop}
    app: web
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext: &hardened
        runAsNonRoot: true
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities: {drop: [ALL]}
        seccompProfile: {type: RuntimeDefault}
    - name: merged
      image: nginx:1.27
      securityContext:
${mergedContext}`;
}

const ruleIds = (text: string) => lintText('pod.yaml', text, { ...lintOptions(), rules: CONTEXT_RULES }).findings.map((f) => `${f.ruleId}@${f.start}`);

test('settings merged with `<<: *anchor` count, as Kubernetes reads them', () => {
  assert.deepEqual(ruleIds(pod('        <<: *hardened\n        runAsUser: 1000\n')), []);
  assert.deepEqual(ruleIds(pod('        <<: [*hardened]\n')), []);
});

test("a mapping's own key wins over the merged one", () => {
  const findings = ruleIds(pod('        <<: *hardened\n        allowPrivilegeEscalation: true\n'));
  assert.equal(findings.length, 1);
  assert.match(findings[0], /^privilege-escalation@/);
});

test('merged labels are labels', () => {
  const [object] = objectsOf(parseManifestFile('pod.yaml', pod('        <<: *hardened\n')));
  assert.deepEqual(object.labels, { app: 'web', team: 'shop' });
});

test('a fix next to a merge key edits the local mapping and clears the finding', () => {
  const text = pod('        <<: *hardened\n        allowPrivilegeEscalation: true\n');
  // Unsafe: it changes a value the manifest wrote.
  const result = fixAll('pod.yaml', text, { ...lintOptions(), rules: CONTEXT_RULES }, { unsafe: true });
  assert.deepEqual(result.remaining, []);
  assert.match(result.text, /<<: \*hardened\n {8}allowPrivilegeEscalation: false\n/);
  assert.ok(result.text.includes('      securityContext: &hardened\n        runAsNonRoot: true\n'), 'the anchored mapping is untouched');
});

test('a fix on a container whose securityContext is an alias edits the anchor, keeping it shared', () => {
  const text = pod('        <<: *hardened\n').replace(/      securityContext:\n {8}<<: \*hardened\n$/, '      securityContext: *hardened\n').replace('        readOnlyRootFilesystem: true\n', '');
  assert.match(text, /securityContext: \*hardened\n$/);
  const result = fixAll('pod.yaml', text, { ...lintOptions(), rules: CONTEXT_RULES });
  assert.deepEqual(result.remaining, []);
  assert.match(result.text, /securityContext: \*hardened\n$/, 'the alias stays an alias');
  assert.match(result.text, /seccompProfile: \{type: RuntimeDefault\}\n {8}readOnlyRootFilesystem: true\n/, 'the anchored mapping got the setting');
  assert.equal(result.text.match(/readOnlyRootFilesystem/g)?.length, 1);
});

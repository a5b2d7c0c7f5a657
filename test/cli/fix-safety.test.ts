import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, chownSync, existsSync, linkSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ruleById } from '../../server/src/engine/registry.ts';
import { defineRule } from '../../server/src/engine/rule.ts';
import { HARDENED_POD, PRIVILEGED_POD, run, TEST_RULES, workspace } from './helpers.ts';

// --fix loses no data (#9): what it refuses to write, and what it never does.

const posix = process.platform !== 'win32';

/** privileged-container plus a rule that runs `sideEffect` once per file while the scan lints it. */
function rulesWith(sideEffect: (path: string) => void) {
  const done = new Set<string>();
  const meddler = defineRule({
    ...TEST_RULES[0],
    id: 'test-side-effect',
    fixable: false,
    check(ctx) {
      if (done.has(ctx.object.file.path)) return;
      done.add(ctx.object.file.path);
      sideEffect(ctx.object.file.path);
    },
  });
  return [...TEST_RULES, meddler];
}

describe('what --fix refuses, the rest still fixed', () => {
  test('a file changed since it was read is not overwritten, and it is reported', async () => {
    const cwd = workspace({ 'a/edited.yaml': PRIVILEGED_POD, 'b/other.yaml': PRIVILEGED_POD });
    const edited = join(cwd, 'a', 'edited.yaml');
    const rules = rulesWith((path) => path === edited && appendFileSync(path, '# typed in meanwhile\n'));
    const result = await run(['scan', '--fix', '.'], { cwd, rules });
    assert.match(result.stderr, /did not fix a\/edited\.yaml: it changed since it was read/);
    assert.equal(readFileSync(edited, 'utf8'), `${PRIVILEGED_POD}# typed in meanwhile\n`, 'the edit made meanwhile survives');
    assert.equal(readFileSync(join(cwd, 'b', 'other.yaml'), 'utf8'), HARDENED_POD);
    assert.equal(result.code, 1, 'the unfixed finding is still reported');
  });

  test('an I/O error on one file is reported and the others are still fixed', async () => {
    const cwd = workspace({ 'gone/pod.yaml': PRIVILEGED_POD, 'kept/pod.yaml': PRIVILEGED_POD });
    const doomed = join(cwd, 'gone', 'pod.yaml');
    const rules = rulesWith((path) => path === doomed && rmSync(dirname(path), { recursive: true }));
    const result = await run(['scan', '--fix', '.'], { cwd, rules });
    assert.match(result.stderr, /did not fix gone\/pod\.yaml: no such file or directory/);
    assert.equal(readFileSync(join(cwd, 'kept', 'pod.yaml'), 'utf8'), HARDENED_POD);
  });

  test('a link to a file outside the scanned folder is read but its target is not written', { skip: !posix && 'symlinks' }, async () => {
    const cwd = workspace({ 'outside/target.yaml': PRIVILEGED_POD, 'repo/pod.yaml': PRIVILEGED_POD });
    symlinkSync(join('..', 'outside', 'target.yaml'), join(cwd, 'repo', 'link.yaml'));
    const result = await run(['scan', '--fix', 'repo'], { cwd });
    assert.match(result.stderr, /did not fix repo\/link\.yaml: its real path .* is outside the scanned paths/);
    assert.equal(readFileSync(join(cwd, 'outside', 'target.yaml'), 'utf8'), PRIVILEGED_POD);
    assert.equal(readFileSync(join(cwd, 'repo', 'pod.yaml'), 'utf8'), HARDENED_POD);
  });

  test('a file with another hard link is not rewritten (that would split the link)', { skip: !posix && 'hard links' }, async () => {
    const cwd = workspace({ 'outside/original.yaml': PRIVILEGED_POD, 'repo/.keep': '' });
    linkSync(join(cwd, 'outside', 'original.yaml'), join(cwd, 'repo', 'linked.yaml'));
    const result = await run(['scan', '--fix', 'repo'], { cwd });
    assert.match(result.stderr, /did not fix repo\/linked\.yaml: it has 2 hard links/);
    assert.equal(readFileSync(join(cwd, 'outside', 'original.yaml'), 'utf8'), PRIVILEGED_POD);
  });
});

describe('what --fix keeps', () => {
  test('CRLF line endings and the BOM', async () => {
    const cwd = workspace({ 'pod.yaml': `\uFEFF${PRIVILEGED_POD.replace(/\n/g, '\r\n')}` });
    await run(['scan', '--fix', '.'], { cwd });
    assert.equal(readFileSync(join(cwd, 'pod.yaml'), 'utf8'), `\uFEFF${HARDENED_POD.replace(/\n/g, '\r\n')}`);
  });

  test('the owner and group', { skip: process.getuid?.() !== 0 && 'needs root to give a file away' }, async () => {
    const cwd = workspace({ 'pod.yaml': PRIVILEGED_POD });
    chownSync(join(cwd, 'pod.yaml'), 4242, 4343);
    await run(['scan', '--fix', '.'], { cwd });
    const stats = statSync(join(cwd, 'pod.yaml'));
    assert.equal(readFileSync(join(cwd, 'pod.yaml'), 'utf8'), HARDENED_POD);
    assert.deepEqual([stats.uid, stats.gid], [4242, 4343]);
  });
});

describe('files that policy fixes create', () => {
  const network = [ruleById('missing-network-policy')!, ruleById('host-namespaces')!];
  const pod = (namespace: string, extra = '') =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: ${JSON.stringify(namespace)}\nspec:\n${extra}  containers:\n    - name: app\n      image: nginx:1.27\n`;

  test('come from valid namespace names only: a path, a newline or 240 characters create nothing', async () => {
    const cwd = workspace({
      'repo/a/traversal.yaml': pod('x/../../../escape/pwned'),
      'repo/b/newline.yaml': pod('x\n---\napiVersion: v1\nkind: Pod'),
      'repo/c/long.yaml': pod('n'.repeat(240)),
      'repo/d/fine.yaml': pod('shop'),
    });
    const result = await run(['scan', '--fix', '--unsafe-fixes', 'repo'], { cwd, rules: network });
    assert.doesNotMatch(result.stderr, /internal error/);
    const created = (folder: string) => readdirSync(join(cwd, 'repo', folder)).filter((name) => name.startsWith('networkpolicy'));
    assert.deepEqual([created('a'), created('b'), created('c')], [[], [], []]);
    assert.deepEqual(created('d'), ['networkpolicy-default-deny-shop.yaml']);
    assert.deepEqual(readdirSync(cwd).sort(), ['repo'], 'nothing written above the scanned folder');
    assert.ok(!existsSync(join(cwd, 'escape')));
  });

  test('a second --fix --unsafe-fixes on a hostNetwork Pod creates nothing new', async () => {
    const cwd = workspace({ 'pod.yaml': pod('shop', '  hostNetwork: true\n') });
    await run(['scan', '--fix', '--unsafe-fixes', '.'], { cwd, rules: network });
    const first = readdirSync(cwd).sort().map((name) => [name, readFileSync(join(cwd, name), 'utf8')]);
    assert.deepEqual(first.map(([name]) => name), ['networkpolicy-default-deny-shop.yaml', 'pod.yaml'], 'the first run created the policy file');
    await run(['scan', '--fix', '--unsafe-fixes', '.'], { cwd, rules: network });
    assert.deepEqual(readdirSync(cwd).sort().map((name) => [name, readFileSync(join(cwd, name), 'utf8')]), first);
  });

  test("the allow-list policy appended after a '...' end marker does not swallow the next document", async () => {
    const labelled = pod('shop').replace('  name: web\n', '  name: web\n  labels: {app: web}\n');
    const next = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata:\n  a: b\n';
    // On standard input no file can be created, so the fix of choice is the allow-list appended to the document.
    const cwd = workspace({ '.keep': '' });
    const result = await run(['scan', '--fix', '--unsafe-fixes', '-'], { cwd, rules: network, stdin: `${labelled}...\n${next}` });
    const docs = parseAllDocuments(result.stdout);
    assert.ok(Array.isArray(docs));
    assert.deepEqual(docs.map((doc) => [doc.errors.length, doc.get('kind')]), [[0, 'Pod'], [0, 'NetworkPolicy'], [0, 'ConfigMap']]);
  });
});

test('a created file never replaces an existing one', async () => {
  const cwd = workspace({ 'pod.yaml': PRIVILEGED_POD.replace('  name: web\n', '  name: web\n  namespace: shop\n') });
  writeFileSync(join(cwd, 'networkpolicy-default-deny-shop.yaml'), '# mine\n');
  await run(['scan', '--fix', '--unsafe-fixes', '.'], { cwd, rules: [ruleById('missing-network-policy')!] });
  assert.equal(readFileSync(join(cwd, 'networkpolicy-default-deny-shop.yaml'), 'utf8'), '# mine\n');
});

test('a file that changes while it is scanned: the scan reports what it read and completes', async () => {
  const cwd = workspace({ 'a.yaml': PRIVILEGED_POD, 'b.yaml': PRIVILEGED_POD });
  const rules = rulesWith((path) => writeFileSync(path, 'kind: [truncated'));
  const result = await run(['scan', '--format', 'json', '.'], { cwd, rules });
  const files: { path: string; findings: { rule: string }[] }[] = JSON.parse(result.stdout).files;
  assert.deepEqual(files.map((file) => [file.path, file.findings.map((finding) => finding.rule)]), [['a.yaml', ['privileged-container']], ['b.yaml', ['privileged-container']]]);
});

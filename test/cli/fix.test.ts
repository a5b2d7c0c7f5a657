import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, lstatSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HARDENED_POD, PRIVILEGED_POD, run, workspace } from './helpers.ts';

const MULTI = `# team: web
${PRIVILEGED_POD}---
# second pod
${PRIVILEGED_POD.replace('name: web', 'name: api').replace(/^ {4}/gm, '  ')}`;

test('--fix rewrites only changed files, keeps comments and the file mode, and leaves no temp file', async () => {
  const cwd = workspace({ 'pods/multi.yaml': MULTI, 'pods/good.yaml': HARDENED_POD });
  const multi = join(cwd, 'pods', 'multi.yaml');
  const good = join(cwd, 'pods', 'good.yaml');
  chmodSync(multi, 0o640);
  const goodBefore = statSync(good);
  const result = await run(['scan', '--fix', 'pods'], { cwd });
  assert.equal(result.code, 0, result.stdout);
  const fixed = readFileSync(multi, 'utf8');
  assert.equal(fixed, MULTI.replaceAll('privileged: true', 'privileged: false'));
  for (const comment of ['# team: web', '# second pod', '# needed? no']) assert.ok(fixed.includes(comment), `kept ${comment}`);
  assert.equal(statSync(multi).mode & 0o777, 0o640, 'the file mode is kept');
  assert.equal(statSync(good).mtimeMs, goodBefore.mtimeMs, 'an unchanged file is not rewritten');
  assert.deepEqual(readdirSync(join(cwd, 'pods')).sort(), ['good.yaml', 'multi.yaml'], 'no temp file left behind');
  assert.match(result.stderr, /fixed 2 problems in pods\/multi\.yaml/);
  assert.match(result.stdout, /fixed 2 problems/);
});

test('--fix on a symbolic link writes the target and keeps the link a link', { skip: process.platform === 'win32' && 'symlinks need privileges on Windows' }, async () => {
  const cwd = workspace({ 'real/pod.yaml': PRIVILEGED_POD, 'links/.keep': '' });
  const target = join(cwd, 'real', 'pod.yaml');
  const link = join(cwd, 'links', 'pod.yaml');
  symlinkSync(join('..', 'real', 'pod.yaml'), link);
  chmodSync(target, 0o640);
  const result = await run(['scan', '--fix', 'links/pod.yaml'], { cwd });
  assert.equal(result.code, 0, result.stdout);
  assert.ok(lstatSync(link).isSymbolicLink(), 'the link stays a link');
  assert.equal(readlinkSync(link), join('..', 'real', 'pod.yaml'));
  assert.equal(readFileSync(target, 'utf8'), HARDENED_POD);
  assert.equal(statSync(target).mode & 0o777, 0o640, "the target's mode is kept");
  assert.deepEqual(readdirSync(join(cwd, 'real')), ['pod.yaml'], 'no temp file left next to the target');
  assert.deepEqual(readdirSync(join(cwd, 'links')).sort(), ['.keep', 'pod.yaml'], 'no temp file left next to the link');
});

test('a second --fix changes nothing', async () => {
  const cwd = workspace({ 'pod.yaml': PRIVILEGED_POD });
  await run(['scan', '--fix', 'pod.yaml'], { cwd });
  const path = join(cwd, 'pod.yaml');
  const first = readFileSync(path, 'utf8');
  const mtime = statSync(path).mtimeMs;
  const second = await run(['scan', '--fix', 'pod.yaml'], { cwd });
  assert.equal(second.code, 0);
  assert.equal(second.stderr, '');
  assert.equal(readFileSync(path, 'utf8'), first);
  assert.equal(statSync(path).mtimeMs, mtime);
});

test('without --fix nothing is written; remaining findings decide the exit code after --fix', async () => {
  const cwd = workspace({ 'pod.yaml': PRIVILEGED_POD });
  const before = statSync(join(cwd, 'pod.yaml')).mtimeMs;
  for (const format of ['stylish', 'json', 'sarif']) await run(['scan', '--format', format, 'pod.yaml'], { cwd });
  assert.equal(readFileSync(join(cwd, 'pod.yaml'), 'utf8'), PRIVILEGED_POD);
  assert.equal(statSync(join(cwd, 'pod.yaml')).mtimeMs, before);
  const fixedJson = await run(['scan', '--fix', '--format', 'json', 'pod.yaml'], { cwd });
  assert.equal(fixedJson.code, 0);
  assert.deepEqual(JSON.parse(fixedJson.stdout), { files: [{ path: 'pod.yaml', findings: [] }] });
});

test('--fix keeps CRLF line ends and a byte order mark', async () => {
  const crlf = '\uFEFF' + PRIVILEGED_POD.replace(/\n/g, '\r\n');
  const cwd = workspace({ 'pod.yaml': crlf });
  const scanned = JSON.parse((await run(['scan', '--format', 'json', 'pod.yaml'], { cwd })).stdout);
  assert.deepEqual(
    scanned.files[0].findings.map((f: { line: number; column: number; endColumn: number }) => [f.line, f.column, f.endColumn]),
    [[10, 21, 25]],
    'positions ignore the BOM and the CRs',
  );
  await run(['scan', '--fix', 'pod.yaml'], { cwd });
  assert.equal(readFileSync(join(cwd, 'pod.yaml'), 'utf8'), crlf.replace('privileged: true', 'privileged: false'));
});

test('--fix on stdin prints the fixed text to stdout and the report to stderr', async () => {
  const cwd = workspace({});
  const result = await run(['scan', '--fix', '-'], { cwd, stdin: PRIVILEGED_POD });
  assert.equal(result.code, 0);
  assert.equal(result.stdout, HARDENED_POD);
  assert.match(result.stderr, /fixed 1 problem in <stdin>/);
  assert.match(result.stderr, /no problems in 1 file checked/);
  const clean = await run(['scan', '--fix', '-'], { cwd, stdin: HARDENED_POD });
  assert.equal(clean.stdout, HARDENED_POD, 'unchanged input is echoed');
});

test('--fix applies unsafe fixes only with --unsafe-fixes', async () => {
  const { ruleById } = await import('../../server/src/engine/registry.ts');
  const base = ruleById('privileged-container')!;
  const unsafeOnly = { ...base, check: (ctx: Parameters<typeof base.check>[0]) => base.check({ ...ctx, report: (spec) => ctx.report({ ...spec, fixes: spec.fixes?.map((fix) => ({ ...fix, safe: false })) }) }) };
  const cwd = workspace({ 'pod.yaml': PRIVILEGED_POD });
  const safeOnly = await run(['scan', '--fix', '--format', 'json', 'pod.yaml'], { cwd, rules: [unsafeOnly] });
  assert.equal(safeOnly.code, 1);
  assert.equal(JSON.parse(safeOnly.stdout).files[0].findings[0].fixable, false, 'an unsafe fix is not counted as fixable by default');
  assert.equal(readFileSync(join(cwd, 'pod.yaml'), 'utf8'), PRIVILEGED_POD);
  const unsafe = await run(['scan', '--fix', '--unsafe-fixes', 'pod.yaml'], { cwd, rules: [unsafeOnly] });
  assert.equal(unsafe.code, 0);
  assert.equal(readFileSync(join(cwd, 'pod.yaml'), 'utf8'), HARDENED_POD);
  writeFileSync(join(cwd, 'pod.yaml'), PRIVILEGED_POD);
  const report = JSON.parse((await run(['scan', '--unsafe-fixes', '--format', 'json', 'pod.yaml'], { cwd, rules: [unsafeOnly] })).stdout);
  assert.equal(report.files[0].findings[0].fixable, true, 'with --unsafe-fixes it counts as fixable');
});

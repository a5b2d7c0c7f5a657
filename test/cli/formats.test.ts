import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineRule } from '../../server/src/engine/rule.ts';
import { HARDENED_POD, PRIVILEGED_POD, run, TEST_RULES, workspace } from './helpers.ts';

const TWO_PRIVILEGED = `${PRIVILEGED_POD}---\n${PRIVILEGED_POD.replace('name: web', 'name: api')}`;

test('json: exactly files[{path, findings[{rule, severity, message, line, column, endLine, endColumn, fixable}], skipped}]', async () => {
  const cwd = workspace({ 'manifests/bad.yaml': PRIVILEGED_POD, 'manifests/good.yaml': HARDENED_POD, 'manifests/empty.yaml': '' });
  const result = await run(['scan', '--format', 'json', 'manifests'], { cwd });
  assert.equal(result.code, 1);
  assert.deepEqual(JSON.parse(result.stdout), {
    files: [
      {
        path: 'manifests/bad.yaml',
        findings: [
          {
            rule: 'privileged-container',
            severity: 'error',
            message: 'container "app" runs privileged: it has full access to the node',
            line: 10,
            column: 21,
            endLine: 10,
            endColumn: 25,
            fixable: true,
          },
        ],
      },
      { path: 'manifests/empty.yaml', findings: [], skipped: 'empty file' },
      { path: 'manifests/good.yaml', findings: [] },
    ],
  });
});

test('json: paths are relative to the working folder, also for files above it', async () => {
  const root = workspace({ 'a/pod.yaml': PRIVILEGED_POD, 'b/.keep': '' });
  const result = await run(['scan', '--format', 'json', '../a/pod.yaml'], { cwd: `${root}/b` });
  assert.equal(JSON.parse(result.stdout).files[0].path, '../a/pod.yaml');
});

test('stylish: one aligned row per finding, a summary with counts and fixables, skipped files with reasons', async () => {
  const cwd = workspace({ 'bad.yaml': TWO_PRIVILEGED, 'blob.yaml': new Uint8Array([0x61, 0x00, 0x62]) });
  const result = await run(['scan', '--rule', 'privileged-container=warning', 'bad.yaml', 'blob.yaml'], { cwd });
  assert.equal(result.code, 1);
  assert.equal(
    result.stdout,
    [
      'bad.yaml',
      '  10:21  warning  container "app" runs privileged: it has full access to the node  privileged-container',
      '  21:21  warning  container "app" runs privileged: it has full access to the node  privileged-container',
      '',
      'blob.yaml',
      '  skipped: binary file',
      '',
      '2 problems (0 errors, 2 warnings, 0 info, 0 hints) in 1 file checked',
      '2 fixable with --fix',
      '1 file skipped',
      '',
    ].join('\n'),
  );
});

test('stylish: the summary counts the findings only unsafe fixes would fix apart; json keeps fixable for this run\'s flags', async () => {
  const base = TEST_RULES[0];
  const unsafeOnly = defineRule({
    ...base,
    id: 'test-unsafe-privileged',
    check: (ctx) => base.check({ ...ctx, report: (spec) => ctx.report({ ...spec, fixes: spec.fixes?.map((fix) => ({ ...fix, safe: false })) }) }),
  });
  const rules = [base, unsafeOnly];
  const cwd = workspace({ 'bad.yaml': TWO_PRIVILEGED });
  const summary = async (...flags: string[]) => (await run(['scan', ...flags, 'bad.yaml'], { cwd, rules })).stdout.trimEnd().split('\n').at(-1);
  assert.equal(await summary(), '2 fixable with --fix, 2 more with --fix --unsafe-fixes');
  assert.equal(await summary('--unsafe-fixes'), '4 fixable with --fix --unsafe-fixes');
  assert.equal(await summary('--rule', 'privileged-container=off'), '2 fixable with --fix --unsafe-fixes');
  const json = JSON.parse((await run(['scan', '--format', 'json', 'bad.yaml'], { cwd, rules })).stdout);
  assert.deepEqual(
    json.files[0].findings.map((finding: { rule: string; fixable: boolean }) => [finding.rule, finding.fixable]),
    [['privileged-container', true], ['test-unsafe-privileged', false], ['privileged-container', true], ['test-unsafe-privileged', false]],
  );
});

test('stylish: a clean scan says so', async () => {
  const cwd = workspace({ 'good.yaml': HARDENED_POD });
  const result = await run(['scan'], { cwd });
  assert.equal(result.stdout, 'no problems in 1 file checked\n');
});

test('stylish: colours only on a terminal without NO_COLOR', async () => {
  const cwd = workspace({ 'bad.yaml': PRIVILEGED_POD });
  const ansi = /\u001b\[/;
  assert.match((await run(['scan'], { cwd, tty: true })).stdout, ansi);
  assert.doesNotMatch((await run(['scan'], { cwd, tty: false })).stdout, ansi);
  assert.doesNotMatch((await run(['scan'], { cwd, tty: true, env: { NO_COLOR: '1' } })).stdout, ansi);
  assert.doesNotMatch((await run(['scan', '--format', 'json'], { cwd, tty: true })).stdout, ansi);
});

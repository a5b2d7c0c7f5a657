import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { HARDENED_POD, PRIVILEGED_POD, workspace } from './helpers.ts';

/** The bundled CLI, as `npm run build` writes it; these tests check main.ts's wiring to the process. */
const CLI = resolve('dist', 'cli.js');

before(() => {
  if (!existsSync(CLI)) spawnSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' });
});

function cli(args: string[], cwd: string, input?: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('dist/cli.js: exit codes, output streams and standard input', () => {
  const cwd = workspace({ 'bad.yaml': PRIVILEGED_POD, 'good.yaml': HARDENED_POD });
  const bad = cli(['scan', '--format', 'json', '--rule', 'privileged-container=error', 'bad.yaml'], cwd);
  assert.equal(bad.code, 1, bad.stderr);
  assert.ok(JSON.parse(bad.stdout).files[0].findings.some((f: { rule: string }) => f.rule === 'privileged-container'));
  assert.equal(cli(['scan', '--fail-on', 'never', 'good.yaml'], cwd).code, 0);
  const usage = cli(['scan', '--nope'], cwd);
  assert.equal(usage.code, 2);
  assert.equal(usage.stderr, 'kube-hardener: unknown option --nope (see kube-hardener --help)\n');
  const fixed = cli(['scan', '--fix', '--unsafe-fixes', '--fail-on', 'never', '-'], cwd, PRIVILEGED_POD);
  assert.equal(fixed.code, 0, fixed.stderr);
  assert.ok(fixed.stdout.includes('privileged: false   # needed? no'));
  assert.match(cli(['--version'], cwd).stdout, /^\d+\.\d+\.\d+\n$/);
});

test('dist/cli.js: a reader that closes the pipe early (| head) stops the scan quietly', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 300; i++) files[`pod-${i}.yaml`] = PRIVILEGED_POD;
  const cwd = workspace(files);
  const child = spawn(process.execPath, [CLI, 'scan', '--format', 'json', '.'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((done) => child.on('close', (status) => done(status)));
  assert.equal(stderr, '');
  assert.equal(code, 141);
});

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PRIVILEGED_POD, workspace } from './helpers.ts';

// --fix killed at any moment leaves every file whole: each is either as it was or fully fixed (#9).

const CLI = resolve('dist', 'cli.js');
const FILES = 150;

before(() => {
  if (!existsSync(CLI)) spawnSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' });
});

function manifests(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < FILES; i++) {
    const pod = (n: number) => PRIVILEGED_POD.replace('name: web', `name: web-${i}-${n}`);
    files[`pods/pod-${String(i).padStart(3, '0')}.yaml`] = `# file ${i}\n${pod(1)}---\n${pod(2)}`;
  }
  return files;
}

function contents(cwd: string): Map<string, string> {
  const folder = join(cwd, 'pods');
  return new Map(readdirSync(folder).map((name) => [name, readFileSync(join(folder, name), 'utf8')]));
}

/** Runs `scan --fix` and kills it with SIGKILL once `when` says so (a delay, or the first file reported fixed). */
function fixAndKill(cwd: string, when: { afterMs: number } | 'first-fixed'): Promise<void> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, 'scan', '--fix', '--fail-on', 'never', 'pods'], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    const kill = () => child.kill('SIGKILL');
    if (when === 'first-fixed') child.stderr.on('data', (chunk: Buffer) => chunk.toString().includes('fixed') && kill());
    else setTimeout(kill, when.afterMs);
    child.stderr.resume();
    child.on('exit', () => done());
  });
}

test('kill -9 during --fix: every file is the original or the fully fixed text, never a mix or a truncation', async () => {
  const original = manifests();
  const reference = workspace(original);
  const completed = spawnSync(process.execPath, [CLI, 'scan', '--fix', '--fail-on', 'never', 'pods'], { cwd: reference, encoding: 'utf8' });
  assert.equal(completed.status, 0, completed.stderr);
  const fixed = contents(reference);
  for (const when of ['first-fixed', { afterMs: 0 }, { afterMs: 300 }, { afterMs: 700 }, { afterMs: 1500 }] as const) {
    const cwd = workspace(original);
    await fixAndKill(cwd, when);
    const after = contents(cwd);
    for (const [name, text] of after) {
      if (name.endsWith('.tmp')) continue; // a temporary file the kill left behind: never under the file's own name
      const path = `pods/${name}`;
      assert.ok(text === original[path] || text === fixed.get(name), `${path} is whole (${JSON.stringify(when)})`);
    }
    assert.equal([...after.keys()].filter((name) => !name.endsWith('.tmp')).length, FILES);
  }
});

// The V8 code cache the language server starts from (server/src/launch/code-cache.ts): where it
// lives, that a written cache is used, and that a missing, corrupt or disabled cache still runs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { cacheDirectory, compileBundle } from '../../server/src/launch/code-cache.ts';

const BUNDLE = `#!/usr/bin/env node
function square(n) { return n * n; }
module.exports = { answer: square(6) + 6, dirname: __dirname };
`;

function bundleIn(dir: string): string {
  const path = join(dir, 'bundle.js');
  writeFileSync(path, BUNDLE);
  return path;
}

const CODE_CACHE = resolve('server', 'src', 'launch', 'code-cache.ts');

/**
 * Compiles and runs the bundle in a fresh process, as a start does (in one process V8 would answer
 * a second compile of the same source from its own in-memory cache), and saves the cache if asked.
 */
function start(path: string, env: Record<string, string>, save = false): { usedCache: boolean; answer: number; dirname: string; cacheFile?: string } {
  const script = `
    const loaded = await import(${JSON.stringify(pathToFileURL(CODE_CACHE).href)});
    const { compileBundle } = loaded.default ?? loaded;
    const { default: Module, createRequire } = await import('node:module');
    const path = ${JSON.stringify(path)};
    const compiled = compileBundle(path, 'bundle');
    const module = new Module(path);
    compiled.wrapper.call(module.exports, module.exports, createRequire(path), module, path, ${JSON.stringify(join(path, '..'))});
    if (${save}) compiled.save();
    console.log(JSON.stringify({ usedCache: compiled.usedCache, cacheFile: compiled.cacheFile, ...module.exports }));
  `;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30_000 });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout);
}

describe('code cache', () => {
  it('lives in the user cache directory unless KUBE_HARDENER_CACHE_DIR says otherwise', () => {
    assert.equal(cacheDirectory({ XDG_CACHE_HOME: '/x/cache' }, 'linux'), join('/x/cache', 'kube-hardener'));
    assert.equal(cacheDirectory({ LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, 'win32'), join('C:\\Users\\a\\AppData\\Local', 'kube-hardener'));
    assert.match(cacheDirectory({}, 'darwin') ?? '', /Library[\\/]Caches[\\/]kube-hardener$/);
    assert.equal(cacheDirectory({ KUBE_HARDENER_CACHE_DIR: '/elsewhere' }, 'linux'), '/elsewhere');
    assert.equal(cacheDirectory({ KUBE_HARDENER_CACHE_DIR: 'off' }, 'linux'), undefined);
  });

  it('is written privately, then used by the next start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-code-cache-'));
    const env = { KUBE_HARDENER_CACHE_DIR: join(dir, 'cache') };
    const path = bundleIn(dir);
    const first = start(path, env, true);
    assert.equal(first.usedCache, false);
    assert.equal(first.answer, 42);
    assert.ok(first.cacheFile);
    assert.equal(statSync(first.cacheFile).mode & 0o077, 0, 'only the user may read or write the cache');
    const second = start(path, env);
    assert.deepEqual(second, { ...first, usedCache: true, dirname: dir });
  });

  it('compiles from source when the cache is corrupt or turned off', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-code-cache-'));
    const path = bundleIn(dir);
    const env = { KUBE_HARDENER_CACHE_DIR: join(dir, 'cache') };
    const first = start(path, env, true);
    writeFileSync(first.cacheFile!, 'not a code cache');
    const corrupt = start(path, env);
    assert.equal(corrupt.usedCache, false);
    assert.equal(corrupt.answer, 42);
    const off = start(path, { KUBE_HARDENER_CACHE_DIR: 'off' }, true);
    assert.equal(off.cacheFile, undefined);
    assert.equal(off.answer, 42);
  });

  it('keeps the newest three caches of a Node version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-code-cache-'));
    const env = { KUBE_HARDENER_CACHE_DIR: join(dir, 'cache') };
    for (let build = 0; build < 5; build++) {
      const path = join(dir, `build-${build}.js`);
      writeFileSync(path, `${BUNDLE}// build ${'x'.repeat(build)}\n`);
      compileBundle(path, 'bundle', env).save();
    }
    assert.equal(readdirSync(env.KUBE_HARDENER_CACHE_DIR).length, 3);
  });

  it('runs where the cache directory cannot be written, and writes nothing (Node\'s recursive mkdir spins for ever under /proc)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-code-cache-'));
    const unwritable = '/proc/kube-hardener-cannot-write-here';
    const started = start(bundleIn(dir), { KUBE_HARDENER_CACHE_DIR: unwritable }, true);
    assert.equal(started.answer, 42);
    assert.equal(started.usedCache, false);
    assert.equal(existsSync(unwritable), false);
  });
});

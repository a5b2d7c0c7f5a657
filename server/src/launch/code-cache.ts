// Runs a bundle with a V8 code cache. Compiling the language server's bundle and the functions its
// first check calls is about a fifth of a start; with the cache V8 reads them back instead. The
// cache lives in the user's own cache directory (code read from a shared one could be planted),
// named by the bundle's size and mtime (V8 itself only checks the source length), the Node version
// and the architecture. Anything that fails here falls back to a plain require of the bundle.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** How long after the start the cache is written: by then the first check has compiled what it needs. */
const SAVE_AFTER_MS = 1500;

/** Caches kept per Node version and bundle name. */
const CACHES_KEPT = 3;

type Wrapper = (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;

/** A bundle compiled, from the code cache when one fitted. */
export interface CompiledBundle {
  wrapper: Wrapper;
  /** Where its cache is read and written; undefined when caching is off. */
  cacheFile?: string;
  usedCache: boolean;
  /** Writes the code V8 has compiled so far for the bundle to `cacheFile`. */
  save(): void;
}

/** Loads and runs `bundlePath` (a CommonJS bundle), compiled from `<cache dir>/<name>-*.cache` when one fits. */
export function runBundle(bundlePath: string, dirname: string, name: string): void {
  let compiled: CompiledBundle | undefined;
  try {
    compiled = compileBundle(bundlePath, name);
  } catch {
    compiled = undefined;
  }
  if (!compiled) {
    createRequire(bundlePath)(bundlePath);
    return;
  }
  if (compiled.cacheFile && !compiled.usedCache) setTimeout(compiled.save, SAVE_AFTER_MS).unref();
  const module = new Module(bundlePath);
  module.filename = bundlePath;
  compiled.wrapper.call(module.exports, module.exports, createRequire(bundlePath), module, bundlePath, dirname);
}

/** Compiles a CommonJS bundle's module wrapper without running it. */
export function compileBundle(bundlePath: string, name: string, env: NodeJS.ProcessEnv = process.env): CompiledBundle {
  const source = readFileSync(bundlePath, 'utf8').replace(/^#!.*/, '');
  const directory = cacheDirectory(env);
  const cacheFile = directory === undefined ? undefined : join(directory, `${name}-${cacheKey(bundlePath)}.cache`);
  const cachedData = cacheFile ? readIfPresent(cacheFile) : undefined;
  const script = new Script(Module.wrap(source), { filename: bundlePath, cachedData });
  return {
    wrapper: script.runInThisContext() as Wrapper,
    cacheFile,
    usedCache: cachedData !== undefined && !script.cachedDataRejected,
    save: () => {
      if (cacheFile) save(script, cacheFile, name);
    },
  };
}

/** The user's cache directory for kube-hardener; KUBE_HARDENER_CACHE_DIR overrides it, `off` turns the cache off. */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  const configured = env.KUBE_HARDENER_CACHE_DIR;
  if (configured !== undefined) return configured === '' || configured === 'off' ? undefined : configured;
  const home = homedir();
  const base =
    platform === 'win32' ? env.LOCALAPPDATA
    : platform === 'darwin' ? home && join(home, 'Library', 'Caches')
    : env.XDG_CACHE_HOME || (home && join(home, '.cache'));
  return base ? join(base, 'kube-hardener') : undefined;
}

function cacheKey(bundlePath: string): string {
  const stat = statSync(bundlePath);
  return `${stat.size}-${Math.trunc(stat.mtimeMs)}-${process.version}-${process.arch}`;
}

function readIfPresent(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Writes the cache atomically (another server may be reading it), then drops all but the newest few. */
function save(script: Script, cacheFile: string, name: string): void {
  try {
    const directory = join(cacheFile, '..');
    makeDirectory(directory);
    const partial = `${cacheFile}.${process.pid}.partial`;
    writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
    renameSync(partial, cacheFile);
    removeStale(directory, name);
  } catch {
    // A read-only or full disk: the next start compiles again.
  }
}

/**
 * `mkdir -p` without Node's recursive mode, which never returns where mkdir answers ENOENT under a
 * directory that exists (as /proc does): the server would spin at full CPU.
 */
function makeDirectory(directory: string): void {
  const missing: string[] = [];
  for (let at = directory; !existsSync(at) && dirname(at) !== at; at = dirname(at)) missing.unshift(at);
  for (const path of missing) mkdirSync(path, { mode: 0o700 });
}

/** Keeps the newest few caches of this Node version: other builds (an update, a second editor's copy) may still run. */
function removeStale(directory: string, name: string): void {
  const suffix = `-${process.version}-${process.arch}.cache`;
  const caches = readdirSync(directory)
    .filter((file) => file.startsWith(`${name}-`) && file.endsWith(suffix))
    .map((file) => ({ path: join(directory, file), mtimeMs: statSync(join(directory, file)).mtimeMs }))
    .sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const stale of caches.slice(CACHES_KEPT)) unlinkSync(stale.path);
}

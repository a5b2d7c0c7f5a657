// Runs every *.test.ts under test/ with node's own test runner (TypeScript through tsx).
// Extra arguments are passed to node --test (e.g. --test-name-pattern).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function testFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'e2e' || name === 'fixtures' ? [] : testFiles(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = testFiles('test').sort();
// The servers the tests start keep their V8 code cache here, not in the user's cache directory.
const env = { ...process.env, KUBE_HARDENER_CACHE_DIR: process.env.KUBE_HARDENER_CACHE_DIR ?? mkdtempSync(join(tmpdir(), 'kube-hardener-test-cache-')) };
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...process.argv.slice(2), ...files], { stdio: 'inherit', env });
process.exit(result.status ?? 1);

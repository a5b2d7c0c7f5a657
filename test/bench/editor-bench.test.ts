// npm run bench:editor (test/e2e/bench-editor.mjs): its statistics, and a clean skip where the
// editor tools are missing (the benchmark itself runs only on demand, never in npm test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
// @ts-expect-error: a plain ES module of the editor tests, without types
import { summarize } from '../e2e/lib/keystrokes.mjs';

test('summarize gives the count, median, p95, mean and max of the samples', () => {
  const samples = Array.from({ length: 100 }, (_, at) => 100 - at);
  assert.deepEqual(summarize(samples), { count: 100, median: 50, p95: 95, mean: 50.5, max: 100 });
  assert.equal(summarize([]).count, 0);
});

test('without Chromium the benchmark says why and exits 0', () => {
  const script = join(import.meta.dirname, '../e2e/bench-editor.mjs');
  const result = spawnSync(process.execPath, [script], { encoding: 'utf8', env: { ...process.env, CHROMIUM: '/nonexistent/chromium' } });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /skipped: \/nonexistent\/chromium is missing/);
});

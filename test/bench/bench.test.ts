// Runs `npm run bench` in its tiny configuration: every row of the table is measured for the built
// server and CLI (dist/, built by pretest) and written to the results file. No timing assertions:
// the numbers only have to exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

interface Results {
  builds: { label: string }[];
  rows: { measure: string; unit: string; values: Record<string, number>; parse?: { yamlMs: number; jsYamlMs: number } }[];
}

test('the benchmark runs end to end in a tiny configuration and writes every row', { timeout: 300_000 }, () => {
  const data = mkdtempSync(join(tmpdir(), 'kube-hardener-bench-'));
  try {
    const out = join(data, 'results.json');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--tiny', '--out', out], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, KUBE_HARDENER_BENCH_DATA: data },
    });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /\| measure \(medians\) \|/);
    const results = JSON.parse(readFileSync(out, 'utf8')) as Results;
    const [build] = results.builds;
    const measures = results.rows.map((row) => row.measure);
    for (const expected of [/edit -> diagnostics, 60-line file, push: p95/, /edit -> diagnostics, 200-line file, pull: p50/, /server spawn -> first diagnostics/, /workspace index/, /server RSS after index/, /a Role in the 40-file workspace: p95/, /CLI scan, 40 files/, /CLI scan peak RSS, 20 files/]) {
      assert.ok(measures.some((measure) => expected.test(measure)), `no row ${expected} in ${measures.join('; ')}`);
    }
    for (const row of results.rows) {
      assert.ok(Number.isFinite(row.values[build.label]) && row.values[build.label] >= 0, `${row.measure}: ${row.values[build.label]}`);
      if (row.unit === 'ms' && row.parse) assert.ok(row.parse.yamlMs > 0 && row.parse.jsYamlMs > 0, `${row.measure}: no parse baseline`);
    }
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
});

// The fuzzer inside `npm test`: a short seeded run over every fixture (engine, CLI and language
// server), and a replay of every minimised failure kept in test/fuzz/regressions/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CheckWorker } from './pool.ts';
import { runFuzz, summaryLine } from './runner.ts';
import { minimise } from './minimise.ts';
import { mutate, MUTATIONS } from './mutate.ts';
import { Random } from './random.ts';
import { checkEngine, judgeFix } from './oracle.ts';

const REGRESSIONS = join('test', 'fuzz', 'regressions');
// No timing assertions in tests: only an input that never finishes (the watchdog) counts as a hang.
const NO_TIME_LIMIT_MS = 60_000;

test('fuzz: a short seeded run finds no crash, hang, invalid output or fix damage', async () => {
  const lines: string[] = [];
  const summary = await runFuzz({ runs: 60, seed: 20261205, hangMs: NO_TIME_LIMIT_MS, cliEvery: 10, lspEvery: 20, maxMinimised: 1, log: (line) => lines.push(line) });
  assert.equal(summary.inputs, 60);
  assert.deepEqual(
    summary.failures.map((failure) => `${failure.check} ${failure.kind}: ${failure.detail}\n--- minimised input:\n${failure.minimised ?? failure.input}`),
    [],
    summaryLine(summary),
  );
});

test('fuzz: every kept regression input passes the check it once failed', async () => {
  const fixtures = existsSync(REGRESSIONS) ? readdirSync(REGRESSIONS).filter((name) => name.endsWith('.yaml')).sort() : [];
  const worker = new CheckWorker();
  try {
    for (const name of fixtures) {
      const note = JSON.parse(readFileSync(join(REGRESSIONS, name.replace(/\.yaml$/, '.json')), 'utf8'));
      const text = readFileSync(join(REGRESSIONS, name), 'utf8');
      const failure = await worker.check(note.check, text, NO_TIME_LIMIT_MS, NO_TIME_LIMIT_MS);
      assert.equal(failure, undefined, `${name} (${note.check}, once: ${note.detail}): ${failure?.kind}: ${failure?.detail}`);
    }
  } finally {
    worker.stop();
  }
});

test('fuzz: the mutator is deterministic for a seed and every mutation runs', () => {
  const text = readFileSync(join('examples', 'insecure', 'pod-debug.yaml'), 'utf8');
  const first = mutate(text, new Random(42), [text]);
  assert.deepEqual(mutate(text, new Random(42), [text]), first);
  for (const mutation of MUTATIONS) assert.equal(typeof mutation.apply(text, new Random(1), [text]), 'string', mutation.name);
});

test('fuzz: the oracle reports lost comments and documents, and minimisation keeps the failure', async () => {
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x # keep\n';
  assert.equal(checkEngine(pod, NO_TIME_LIMIT_MS), undefined);
  assert.match(judgeFix(pod, pod.replace(' # keep', ''), new Set()) ?? '', /comment lost: "# keep"/);
  assert.match(judgeFix(`${pod}---\n${pod.replace('x', 'z')}`, pod, new Set()) ?? '', /document z is gone/);
  assert.match(judgeFix(pod, `${pod}---\nkind: Role\nmetadata: {name: r}\n`, new Set(['NetworkPolicy'])) ?? '', /document r appeared/);
  assert.match(judgeFix(`${pod}---\n${pod}`, `${pod}---\n${pod.replace('Pod', 'Pod\nextra: 1')}`, new Set(), { edits: [], touched: (i) => i === 0 }) ?? '', /document 2 had no fix but changed/);
  const fails = async (candidate: string) => candidate.includes('b') && candidate.includes('d');
  assert.equal(await minimise('a\nb\nc\nd\ne\n', fails), 'bd');
});

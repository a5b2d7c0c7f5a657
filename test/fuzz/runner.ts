// The fuzz loop: mutates the corpus with a seeded generator, checks each input in a worker (engine
// every time, CLI and language server on a sample), minimises each new kind of failure and keeps it
// in test/fuzz/regressions/ as a fixture that regressions.test.ts replays.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCorpus } from './corpus.ts';
import { LspProbe } from './lsp-probe.ts';
import { minimise } from './minimise.ts';
import { mutate } from './mutate.ts';
import type { Failure } from './oracle.ts';
import { documentCount } from './oracle.ts';
import { CheckWorker } from './pool.ts';
import { Random } from './random.ts';

export interface FuzzOptions {
  runs: number;
  seed: number;
  /** Stop after this long (ms), whatever `runs` says. */
  timeLimitMs?: number;
  /** A check over this long per document is a hang. */
  hangMs: number;
  /** Check every n-th input through the CLI (0: never). */
  cliEvery: number;
  /** Probe every n-th input with the language server (0: never). */
  lspEvery: number;
  /** Where minimised failures go (undefined: not written). */
  regressionsDir?: string;
  /** How many distinct failures to minimise at most. */
  maxMinimised: number;
  /** How many worker processes check inputs side by side (default 1). */
  jobs?: number;
  log(line: string): void;
}

/** One failing input, minimised, with how it came about. */
export interface FoundFailure extends Failure {
  check: 'engine' | 'cli' | 'lsp';
  source: string;
  mutations: string[];
  input: string;
  minimised?: string;
  fixture?: string;
}

export interface FuzzSummary {
  inputs: number;
  crashes: number;
  hangs: number;
  invalidOutput: number;
  fixDamage: number;
  cliInputs: number;
  lspInputs: number;
  failures: FoundFailure[];
  ms: number;
}

/** Groups failures that are the same bug: kind, check and the detail without numbers and quotes. */
export function signature(check: string, failure: Failure): string {
  const detail = failure.detail.replace(/"[^"]*"/g, '""').replace(/\d+/g, 'N').replace(/ \| .*/, '').slice(0, 90);
  return `${failure.kind} ${check} ${failure.kind === 'hang' ? '' : detail}`;
}

/** Runs the fuzzer and returns its summary. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const corpus = loadCorpus();
  const texts = corpus.map((entry) => entry.text);
  const random = new Random(options.seed);
  const lsp = options.lspEvery > 0 ? await LspProbe.start() : undefined;
  const summary: FuzzSummary = { inputs: 0, crashes: 0, hangs: 0, invalidOutput: 0, fixDamage: 0, cliInputs: 0, lspInputs: 0, failures: [], ms: 0 };
  const seen = new Set<string>();
  const start = Date.now();
  const watchdog = (text: string) => Math.max(10_000, options.hangMs * documentCount(text) * 10);
  const record = async (check: FoundFailure['check'], failure: Failure, source: string, mutations: string[], input: string, worker: CheckWorker) => {
    summary[({ crash: 'crashes', hang: 'hangs', 'invalid-output': 'invalidOutput', 'fix-damage': 'fixDamage' } as const)[failure.kind]]++;
    const key = signature(check, failure);
    if (seen.has(key)) return;
    seen.add(key);
    const found: FoundFailure = { ...failure, check, source, mutations, input };
    options.log(`new failure (${check}, ${failure.kind}) from ${source} [${mutations.join(', ')}]: ${failure.detail.slice(0, 300)}`);
    if (check !== 'lsp' && summary.failures.length < options.maxMinimised) {
      // Each attempt at a hang waits for the watchdog: a shorter one and fewer attempts.
      const hang = failure.kind === 'hang';
      const limit = (candidate: string) => (hang ? Math.max(3_000, options.hangMs * documentCount(candidate) * 3) : watchdog(candidate));
      found.minimised = await minimise(
        input,
        async (candidate) => {
          const again = await worker.check(check, candidate, options.hangMs, limit(candidate));
          return again !== undefined && signature(check, again) === key;
        },
        hang ? 120 : 400,
      );
      if (options.regressionsDir) found.fixture = writeRegression(options.regressionsDir, found);
      options.log(`  minimised to ${found.minimised.length} characters${found.fixture ? `: ${found.fixture}` : ''}`);
    }
    summary.failures.push(found);
  };
  // Inputs are made in order from one generator, so input n is the same whatever lane checks it;
  // the language server is one process: its probes take turns.
  let taken = 0;
  let lspTurn = Promise.resolve();
  const lane = async (worker: CheckWorker) => {
    while (taken < options.runs && !(options.timeLimitMs !== undefined && Date.now() - start > options.timeLimitMs)) {
      const n = taken++;
      const source = random.int(corpus.length);
      const { text, mutations } = mutate(texts[source], random, texts);
      summary.inputs++;
      const failure = await worker.check('engine', text, options.hangMs, watchdog(text));
      if (failure) await record('engine', failure, corpus[source].path, mutations, text, worker);
      if (options.cliEvery > 0 && n % options.cliEvery === 0) {
        summary.cliInputs++;
        const cliFailure = await worker.check('cli', text, options.hangMs, watchdog(text) * 7);
        if (cliFailure) await record('cli', cliFailure, corpus[source].path, mutations, text, worker);
      }
      if (lsp && n % options.lspEvery === 0) {
        summary.lspInputs++;
        const probe = lspTurn.then(() => lsp.probe(text, new Random(options.seed + n), Math.max(5_000, options.hangMs * documentCount(text) * 5)));
        lspTurn = probe.then(() => undefined, () => undefined);
        const lspFailure = await probe;
        if (lspFailure) await record('lsp', lspFailure, corpus[source].path, mutations, text, worker);
      }
      if (n > 0 && n % 1000 === 0) options.log(progress(summary, start));
    }
  };
  const workers = Array.from({ length: Math.max(1, options.jobs ?? 1) }, () => new CheckWorker());
  try {
    await Promise.all(workers.map(lane));
  } finally {
    for (const worker of workers) worker.stop();
    await lsp?.stop();
  }
  summary.ms = Date.now() - start;
  return summary;
}

function progress(summary: FuzzSummary, start: number): string {
  return `... ${summary.inputs} inputs in ${Math.round((Date.now() - start) / 1000)} s, ${summary.failures.length} distinct failures`;
}

/** The summary line: inputs, crashes, hangs, fix damage (and invalid output). */
export function summaryLine(summary: FuzzSummary): string {
  return (
    `fuzz: ${summary.inputs} inputs (${summary.cliInputs} through the CLI, ${summary.lspInputs} through the language server) in ${(summary.ms / 1000).toFixed(1)} s: ` +
    `${summary.crashes} crashes, ${summary.hangs} hangs, ${summary.fixDamage} fix damage, ${summary.invalidOutput} invalid output`
  );
}

/** Writes a minimised failure as `<kind>-<hash>.yaml` with a `.json` note of what it checks. */
function writeRegression(dir: string, found: FoundFailure): string {
  mkdirSync(dir, { recursive: true });
  const text = found.minimised ?? found.input;
  const name = `${found.kind}-${createHash('sha256').update(text).digest('hex').slice(0, 10)}`;
  writeFileSync(join(dir, `${name}.yaml`), text);
  const note = { check: found.check, kind: found.kind, detail: found.detail.slice(0, 500), source: found.source, mutations: found.mutations };
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(note, null, 2)}\n`);
  return join(dir, `${name}.yaml`);
}

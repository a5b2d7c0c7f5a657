// `npm run fuzz -- [--runs N] [--seed S] [--time-limit SECONDS] [--hang-ms MS] [--cli-every N] [--lsp-every N] [--jobs N]`:
// mutates every YAML fixture of test/ and examples/ and checks the engine, the CLI and the language
// server with each mutant (see test/fuzz/runner.ts). Exits 1 when anything failed.
import { runFuzz, summaryLine } from '../test/fuzz/runner.ts';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  if (at === -1) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`fuzz: ${name} needs a non-negative number`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const timeLimit = option('--time-limit', 0);
  const seed = option('--seed', Date.now() % 2 ** 31);
  console.log(`fuzz: seed ${seed}`);
  const summary = await runFuzz({
    runs: option('--runs', 1000),
    seed,
    timeLimitMs: timeLimit > 0 ? timeLimit * 1000 : undefined,
    hangMs: option('--hang-ms', 1000),
    cliEvery: option('--cli-every', 20),
    lspEvery: option('--lsp-every', 50),
    maxMinimised: option('--max-minimised', 25),
    jobs: option('--jobs', 2),
    regressionsDir: process.argv.includes('--no-write') ? undefined : 'test/fuzz/regressions',
    log: (line) => console.log(line),
  });
  console.log(summaryLine(summary));
  for (const failure of summary.failures) console.log(`- ${failure.check} ${failure.kind}: ${failure.detail.split('\n')[0].slice(0, 200)}${failure.fixture ? ` (${failure.fixture})` : ''}`);
  process.exit(summary.failures.length > 0 ? 1 : 0);
}

void main();

// Benchmark (npm run bench): bare `yaml` parsing vs the full kube-hardener scan of 10,000 manifests,
// index build time, and re-linting after an edit. Each measurement runs in a fresh child process,
// so its peak RSS is its own. Numbers are printed, never asserted.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ALL_RULES } from '../server/src/engine/registry.ts';
import { ResolvedConfig, resolveConfig } from '../server/src/engine/config.ts';
import { Finding, lintFile, LintOptions } from '../server/src/engine/lint.ts';
import { ManifestFile, parseManifestFile } from '../server/src/engine/parse.ts';
import { factsOfFile } from '../server/src/engine/facts.ts';
import { resolveNamespace } from '../server/src/engine/namespaces.ts';
import { affectedFiles, WorkspaceIndex } from '../server/src/engine/workspace.ts';
import { ensureCorpus } from './corpus.ts';
import { scanFiles } from '../server/src/cli/scan.ts';

const MANIFEST_COUNT = 10_000;
const DATA_DIR = join(__dirname, '.data');
const SELF = __filename;

interface Measurement {
  ms: number;
  peakRssMb: number;
  details?: Record<string, number | string>;
}

type Phase = 'read' | 'parse' | 'index' | 'scan' | 'cli';

function readAll(paths: string[]): { path: string; text: string }[] {
  return paths.map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

function timed<T>(work: () => T): [T, number] {
  const start = performance.now();
  const result = work();
  return [result, performance.now() - start];
}

function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

function lintOptions(index: WorkspaceIndex, errors: { count: number }): LintOptions {
  return { config: resolveConfig(ALL_RULES), rules: ALL_RULES, index, onRuleError: () => errors.count++ };
}

function factsOf(file: ManifestFile, config: ResolvedConfig) {
  return factsOfFile(file, (path, object) => resolveNamespace(path, object, config));
}

function buildIndex(files: ManifestFile[], config: ResolvedConfig): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const file of files) index.setFile(file.path, factsOf(file, config));
  return index;
}

/** Edits one NetworkPolicy (adds a label), then re-lints it and the files `affectedFiles` names. */
function relintAfterEdit(files: ManifestFile[], index: WorkspaceIndex, options: LintOptions): Record<string, number | string> {
  const target = files.find((file) => /networkpolicy-/.test(file.path))!;
  const edited = target.text.replace(/^metadata:\n/m, 'metadata:\n  labels:\n    edited: "true"\n');
  const [affected, ms] = timed(() => {
    const file = parseManifestFile(target.path, edited);
    const before = index.factsOf(target.path);
    const after = factsOf(file, options.config);
    index.setFile(target.path, after);
    const others = affectedFiles(index, target.path, before, after);
    lintFile(file, options);
    const byPath = new Map(files.map((candidate) => [candidate.path, candidate]));
    for (const path of others) lintFile(byPath.get(path)!, options);
    return others.length + 1;
  });
  return { relintMs: ms, relintFiles: affected };
}

/** Runs one measurement in this process and returns it. */
async function runPhase(phase: Phase, paths: string[]): Promise<Measurement> {
  const [sources, readMs] = timed(() => readAll(paths));
  if (phase === 'read') return { ms: readMs, peakRssMb: peakRssMb() };
  if (phase === 'parse') {
    const [, ms] = timed(() => sources.map((source) => parseAllDocuments(source.text)));
    return { ms, peakRssMb: peakRssMb() };
  }
  const config = resolveConfig(ALL_RULES);
  if (phase === 'index') {
    const [, ms] = timed(() => buildIndex(sources.map((source) => parseManifestFile(source.path, source.text)), config));
    return { ms, peakRssMb: peakRssMb() };
  }
  if (phase === 'cli') return scanAsTheCli(paths, config);
  const errors = { count: 0 };
  const [files, parseMs] = timed(() => sources.map((source) => parseManifestFile(source.path, source.text)));
  const [index, indexMs] = timed(() => buildIndex(files, config));
  const options = lintOptions(index, errors);
  const [findings, lintMs] = timed(() => files.map((file): Finding[] => lintFile(file, options)));
  const details = {
    parseMs,
    indexMs,
    lintMs,
    findings: findings.reduce((sum, list) => sum + list.length, 0),
    ruleErrors: errors.count,
    ...relintAfterEdit(files, index, options),
  };
  return { ms: parseMs + indexMs + lintMs, peakRssMb: peakRssMb(), details };
}

/** The scan exactly as `kube-hardener scan` runs it (reading the files included): the CLI's own scanFiles. */
async function scanAsTheCli(paths: string[], config: ResolvedConfig): Promise<Measurement> {
  const start = performance.now();
  await scanFiles({
    files: paths,
    cwd: DATA_DIR,
    config,
    rules: ALL_RULES,
    fix: false,
    unsafeFixes: false,
    readStdin: async () => new Uint8Array(),
    warn: () => {},
    writeFixedStdin: () => {},
  });
  return { ms: performance.now() - start, peakRssMb: peakRssMb() };
}

function measureInChild(phase: Phase): Measurement {
  const child = spawnSync(process.execPath, [...process.execArgv, SELF, '--phase', phase], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`phase ${phase} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as Measurement;
}

function row(cells: (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

function formatTable(results: Record<Phase, Measurement>, count: number): string {
  const baseline = results.parse.ms;
  const rate = (ms: number) => Math.round(count / (ms / 1000)).toLocaleString('en-US');
  const ratio = (ms: number) => `${(ms / baseline).toFixed(2)}x`;
  const measured = (label: string, { ms, peakRssMb }: Measurement) => row([label, ms.toFixed(0), rate(ms), ratio(ms), peakRssMb.toFixed(0)]);
  const part = (label: string, ms: number) => row([label, ms.toFixed(0), '', ratio(ms), '']);
  const scan = results.scan.details as Record<string, number>;
  return [
    row(['step', 'time (ms)', 'manifests/s', 'vs bare parse', 'peak RSS (MB)']),
    row(['---', '---:', '---:', '---:', '---:']),
    row(['read files (I/O, not counted below)', results.read.ms.toFixed(0), rate(results.read.ms), '-', results.read.peakRssMb.toFixed(0)]),
    measured('bare yaml parseAllDocuments (baseline)', results.parse),
    measured('index build alone (parse + facts)', results.index),
    measured('full scan (parse + index + lint, all rules)', results.scan),
    part('  of which parse', scan.parseMs),
    part('  of which index', scan.indexMs),
    part('  of which lint', scan.lintMs),
    measured('kube-hardener scan as the CLI runs it (read + index + lint)', results.cli),
    row([`re-lint after editing one NetworkPolicy (${scan.relintFiles} files)`, scan.relintMs.toFixed(1), '', '', '']),
  ].join('\n');
}

async function main(): Promise<void> {
  const phaseFlag = process.argv.indexOf('--phase');
  const paths = ensureCorpus(DATA_DIR, MANIFEST_COUNT);
  if (phaseFlag !== -1) {
    process.stdout.write(`${JSON.stringify(await runPhase(process.argv[phaseFlag + 1] as Phase, paths))}\n`);
    return;
  }
  console.log(`kube-hardener benchmark: ${MANIFEST_COUNT.toLocaleString('en-US')} manifests in ${DATA_DIR}, ${ALL_RULES.length} rules, node ${process.version}\n`);
  const phases: Phase[] = ['read', 'parse', 'index', 'scan', 'cli'];
  const results = Object.fromEntries(phases.map((phase) => [phase, measureInChild(phase)])) as Record<Phase, Measurement>;
  console.log(formatTable(results, MANIFEST_COUNT));
  const scan = results.scan.details!;
  console.log(`\nfull scan: ${scan.findings} findings, ${scan.ruleErrors} rule errors`);
}

void main();

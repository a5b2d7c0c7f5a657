// `npm run bench`: the one place the performance numbers of issue #11 come from, in one run.
// The real server over stdio (edit -> diagnostics on generated 2,000- and 20,000-line files, push
// and pull; spawn -> first diagnostics; a 10,000-file workspace: index time, RSS, edit latency)
// and the CLI scan of 1,000 and 10,000 files with peak RSS, each beside the bare `yaml` and js-yaml
// parse of the same bytes. Corpora put most objects in a few namespaces, as real repositories do.
// Numbers are printed and written to bench/results.json, never asserted.
//
//   npm run bench                          the full run (also rewrites the README table)
//   npm run bench -- --baseline main       the same rows for a git ref too, built into bench/.baseline/
//   npm run bench -- --cpu-prof            CPU profiles of the CLI scan and an edit burst, in bench/profiles/
//   npm run bench -- --only file|spawn|workspace|cli   one part
//   npm run bench -- --tiny --out FILE     a seconds-long run (the test of the harness)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bigFile, ensureCorpus } from './corpus.ts';
import { Build, cliScan, editLatency, typingHeap, Latencies, parseChild, parseCostOfFiles, parseCostOfText, ParseCost, spawnToFirstDiagnostics, workspaceRun, WorkspaceResult } from './measure.ts';

const ROOT = resolve(__dirname, '..');
/** Where corpora are generated (KUBE_HARDENER_BENCH_DATA overrides it, e.g. for the test). */
const DATA = process.env.KUBE_HARDENER_BENCH_DATA ?? join(__dirname, '.data');

interface Config {
  fileLines: number[];
  servers: number;
  edits: number;
  spawnRuns: number;
  workspaceFiles: number;
  cliSizes: number[];
  /** Lines of the one generated bundle the CLI scans (item 5: big files cost what small ones cost per byte). */
  bigFileLines: number;
}

const FULL: Config = { fileLines: [2_000, 20_000], servers: 5, edits: 40, spawnRuns: 5, workspaceFiles: 10_000, cliSizes: [1_000, 10_000], bigFileLines: 200_000 };
const TINY: Config = { fileLines: [60, 200], servers: 1, edits: 2, spawnRuns: 1, workspaceFiles: 40, cliSizes: [20, 40], bigFileLines: 2_000 };

interface Row {
  measure: string;
  /** Values by build label; `unit` says what they are. */
  values: Record<string, number>;
  unit: string;
  /** The bare parse of the same bytes, for the same-run ratio. */
  parse?: ParseCost;
  target?: string;
}

function flag(name: string): boolean {
  return process.argv.includes(name);
}

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

/**
 * The bundles measured are production ones, as the packaged extension ships them (minified: a
 * smaller bundle loads faster). With --cpu-prof the development bundles are measured instead, so
 * that profiles name functions.
 */
function bundleKind(): 'production' | 'development' {
  return flag('--cpu-prof') ? 'development' : 'production';
}

/** Builds a git ref's bundles into bench/.baseline/<commit>-<kind> (once) and returns them as a Build. */
function baselineBuild(ref: string): Build {
  const commit = execFileSync('git', ['rev-parse', ref], { cwd: ROOT, encoding: 'utf8' }).trim();
  const dir = join(__dirname, '.baseline', `${commit.slice(0, 12)}-${bundleKind()}`);
  if (!existsSync(join(dir, 'dist', 'server.js'))) {
    mkdirSync(dir, { recursive: true });
    execFileSync('sh', ['-c', `git archive ${commit} | tar -x -C "${dir}"`], { cwd: ROOT });
    if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    execFileSync(process.execPath, ['esbuild.mjs', ...(bundleKind() === 'production' ? ['--production'] : [])], { cwd: dir, stdio: 'inherit' });
  }
  return buildAt(`${ref} (${commit.slice(0, 7)})`, join(dir, 'dist'));
}

/** This tree's bundles, built into the bench's data directory (dist/ keeps the development build). */
function currentBuild(): Build {
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  const dirty = execFileSync('git', ['status', '--porcelain', '--', 'server'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
  const dir = join(DATA, `this-tree-${bundleKind()}`);
  execFileSync(process.execPath, ['esbuild.mjs', '--outdir', dir, ...(bundleKind() === 'production' ? ['--production'] : [])], { cwd: ROOT, stdio: 'inherit' });
  return buildAt(`this tree (${commit}${dirty ? '+' : ''})`, dir);
}

/** A build whose bundles are in `dist`; its servers keep their V8 code cache beside them, not in the user's. */
function buildAt(label: string, dist: string): Build {
  return { label, serverJs: join(dist, 'server.js'), cliJs: join(dist, 'cli.js'), codeCacheDir: join(dist, 'code-cache') };
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Runs a measurement on every build, interleaved so load changes hit both alike. */
async function perBuild<T>(builds: Build[], measure: (build: Build) => Promise<T> | T): Promise<Map<string, T>> {
  const results = new Map<string, T>();
  for (const build of builds) results.set(build.label, await measure(build));
  return results;
}

function valuesOf<T>(results: Map<string, T>, pick: (value: T) => number): Record<string, number> {
  return Object.fromEntries([...results].map(([label, value]) => [label, pick(value)]));
}

async function singleFileRows(config: Config, builds: Build[], cpuProf: string[]): Promise<Row[]> {
  const rows: Row[] = [];
  const empty = join(DATA, 'empty-workspace');
  mkdirSync(empty, { recursive: true });
  for (const lines of config.fileLines) {
    const { text, editOffset } = bigFile(lines);
    const path = join(empty, `bundle-${lines}.yaml`);
    writeFileSync(path, text);
    const parse = parseCostOfText(text, 5);
    const label = `${lines.toLocaleString('en-US')}-line file`;
    const target = lines >= 10_000 ? 'p95 < 80 ms' : 'p95 < 50 ms';
    for (const mode of ['push', 'pull'] as const) {
      log(`edit -> diagnostics, ${label}, ${mode}`);
      const result = await perBuild(builds, (build) => editLatency(build, empty, path, text, editOffset, mode, config.servers, config.edits));
      rows.push({ measure: `edit -> diagnostics, ${label}, ${mode}: p50`, values: valuesOf(result, (r: Latencies) => r.p50), unit: 'ms', parse });
      rows.push({ measure: `edit -> diagnostics, ${label}, ${mode}: p95`, values: valuesOf(result, (r: Latencies) => r.p95), unit: 'ms', parse, target });
      if (mode === 'push') rows.push({ measure: `server peak RSS, ${label}, ${config.edits} edits`, values: valuesOf(result, (r) => r.peakRssMb), unit: 'MB', target: 'flat' });
    }
    if (lines === config.fileLines[config.fileLines.length - 1]) {
      // Typing after the cursor moves every later document: the path the toggling edits above never take.
      const typed = config.edits * 5;
      log(`typing ${typed} characters into the ${label}: latency and heap`);
      const typing = await perBuild(builds, (build) => typingHeap(build, empty, path, text, editOffset, typed));
      rows.push({ measure: `typing into the ${label}, push: p50`, values: valuesOf(typing, (r) => r.edit.p50), unit: 'ms', parse });
      rows.push({ measure: `typing into the ${label}, push: p95`, values: valuesOf(typing, (r) => r.edit.p95), unit: 'ms', parse, target });
      const fileMb = Buffer.byteLength(text) / 1024 / 1024;
      rows.push({ measure: `server heap after opening the ${label} (after a full GC)`, values: valuesOf(typing, (r) => r.openedMb), unit: 'MB' });
      rows.push({ measure: `server heap after typing ${typed} characters into it`, values: valuesOf(typing, (r) => r.typedMb), unit: 'MB', target: `at most the row above + ${fileMb.toFixed(1)} MB (one copy of the file)` });
    }
    if (cpuProf.length > 0 && lines === config.fileLines[config.fileLines.length - 1]) {
      log(`CPU profile of an edit burst on the ${label}`);
      await editLatency(builds[0], empty, path, text, editOffset, 'push', 1, config.edits, cpuProf);
    }
  }
  return rows;
}

async function spawnRows(config: Config, builds: Build[]): Promise<Row[]> {
  const rows: Row[] = [];
  const smallWorkspace = join(DATA, 'small-workspace');
  mkdirSync(smallWorkspace, { recursive: true });
  const small = join(smallWorkspace, 'small.yaml');
  writeFileSync(small, bigFile(30).text);
  log('spawn -> first diagnostics');
  const spawn = await perBuild(builds, (build) => spawnToFirstDiagnostics(build, smallWorkspace, small, readFileSync(small, 'utf8'), config.spawnRuns));
  rows.push({ measure: 'server spawn -> first diagnostics, small file', values: valuesOf(spawn, (times) => times.warmMs), unit: 'ms', target: '< 200 ms' });
  rows.push({ measure: 'the same, first start after an install (no V8 code cache yet)', values: valuesOf(spawn, (times) => times.coldMs), unit: 'ms' });
  rows.push({ measure: 'bare `node -e 0` in the same run (the floor of any start)', values: valuesOf(spawn, (times) => times.bareNodeMs), unit: 'ms' });
  return rows;
}

/** The first Role of the workspace that grants `secrets`: the edit toggles `secrets` <-> `secretz`. */
function roleToEdit(paths: string[]): { path: string; offset: number } {
  for (const path of paths) {
    if (!/role-\d+\.yaml$/.test(path)) continue;
    const text = readFileSync(path, 'utf8');
    const at = text.indexOf('"secrets"');
    if (at !== -1) return { path, offset: at + 7 };
  }
  throw new Error('no Role granting secrets in the corpus');
}

async function workspaceRows(config: Config, builds: Build[]): Promise<Row[]> {
  const dir = join(DATA, `workspace-${config.workspaceFiles}`);
  const paths = ensureCorpus(dir, config.workspaceFiles, 'concentrated');
  const parse = parseCostOfFiles(paths);
  const { path, offset } = roleToEdit(paths);
  const label = `${config.workspaceFiles.toLocaleString('en-US')}-file workspace`;
  log(`workspace: ${label}`);
  const result = await perBuild(builds, (build) => workspaceRun(build, dir, path, offset, config.edits));
  return [
    { measure: `workspace index (spawn -> indexed), ${label}`, values: valuesOf(result, (r: WorkspaceResult) => r.indexMs), unit: 'ms', parse, target: '< 5 s' },
    { measure: `server RSS after index, ${label}`, values: valuesOf(result, (r) => r.rssAfterIndexMb), unit: 'MB', parse: { yamlMs: NaN, jsYamlMs: NaN, yamlPeakRssMb: parse.yamlPeakRssMb }, target: '< 120 MB' },
    { measure: `edit -> diagnostics, a Role in the ${label}: p50`, values: valuesOf(result, (r) => r.edit.p50), unit: 'ms' },
    { measure: `edit -> diagnostics, a Role in the ${label}: p95`, values: valuesOf(result, (r) => r.edit.p95), unit: 'ms', target: 'p95 < 50 ms' },
  ];
}

async function cliRows(config: Config, builds: Build[], cpuProf: string[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const count of config.cliSizes) {
    const dir = join(DATA, `workspace-${count}`);
    const paths = ensureCorpus(dir, count, 'concentrated');
    const parse = parseCostOfFiles(paths);
    const label = `${count.toLocaleString('en-US')} files`;
    log(`CLI scan, ${label}`);
    const result = await perBuild(builds, (build) => cliScan(build, dir));
    rows.push({ measure: `CLI scan, ${label}`, values: valuesOf(result, (r) => r.ms), unit: 'ms', parse, target: '<= bare yaml parse' });
    rows.push({ measure: `CLI scan peak RSS, ${label}`, values: valuesOf(result, (r) => r.peakRssMb), unit: 'MB', parse: { yamlMs: NaN, jsYamlMs: NaN, yamlPeakRssMb: parse.yamlPeakRssMb }, target: '< 200 MB' });
    if (cpuProf.length > 0 && count === config.cliSizes[config.cliSizes.length - 1]) {
      log(`CPU profile of the CLI scan of ${label}`);
      cliScan(builds[0], dir, cpuProf);
    }
  }
  rows.push(...(await bigFileRows(config, builds)));
  return rows;
}

/** The CLI scan of one generated bundle: its ratio to the bare parse compares with the many-file rows' (same per-byte cost). */
async function bigFileRows(config: Config, builds: Build[]): Promise<Row[]> {
  const dir = join(DATA, `big-${config.bigFileLines}`);
  const path = join(dir, 'bundle.yaml');
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, bigFile(config.bigFileLines).text);
  }
  const parse = parseCostOfFiles([path]);
  const label = `one ${config.bigFileLines.toLocaleString('en-US')}-line file (${(statSync(path).size / 1024 / 1024).toFixed(1)} MB)`;
  log(`CLI scan, ${label}`);
  const result = await perBuild(builds, (build) => cliScan(build, dir));
  return [
    { measure: `CLI scan, ${label}`, values: valuesOf(result, (r) => r.ms), unit: 'ms', parse, target: 'per byte as the many-file rows' },
    { measure: `CLI scan peak RSS, ${label}`, values: valuesOf(result, (r) => r.peakRssMb), unit: 'MB', parse: { yamlMs: NaN, jsYamlMs: NaN, yamlPeakRssMb: parse.yamlPeakRssMb } },
  ];
}

function format(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '-';
  return unit === 'ms' && value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(value < 10 ? 1 : 0)} ${unit}`;
}

/** The markdown table: one column per build, the same-run ratio to the first build, the bare parse of the same bytes. */
export function formatTable(rows: Row[], builds: Build[]): string {
  const [current, ...others] = builds.map((build) => build.label);
  const header = ['measure (medians)', current, ...others.flatMap((label) => [label, 'ratio']), 'bare yaml / js-yaml parse', 'target'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, index) => (index === 0 ? '---' : '---:')).join('|')}|`];
  for (const row of rows) {
    const mine = row.values[current];
    const cells = [row.measure, format(mine, row.unit)];
    for (const label of others) cells.push(format(row.values[label], row.unit), Number.isFinite(row.values[label]) ? `${(mine / row.values[label]).toFixed(2)}x` : '-');
    cells.push(parseCell(row, mine), row.target ?? '');
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function parseCell(row: Row, mine: number): string {
  if (!row.parse) return '';
  if (row.unit === 'MB') return row.parse.yamlPeakRssMb === undefined ? '' : `${format(row.parse.yamlPeakRssMb, 'MB')} (yaml, trees kept)`;
  return `${format(row.parse.yamlMs, 'ms')} / ${format(row.parse.jsYamlMs, 'ms')} (${(mine / row.parse.yamlMs).toFixed(2)}x yaml)`;
}

function updateReadme(table: string, command: string): void {
  const readme = join(ROOT, 'README.md');
  const text = readFileSync(readme, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1) return;
  const body = `${start}\n\`${command}\` on ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${loadNote()}:\n\n${table}\n`;
  writeFileSync(readme, text.slice(0, from) + body + text.slice(to));
}

function loadNote(): string {
  try {
    return `load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`;
  } catch {
    return 'load unknown';
  }
}

async function main(): Promise<void> {
  const parseList = option('--parse-child');
  if (parseList) {
    process.stdout.write(`${JSON.stringify(parseChild(parseList))}\n`);
    return;
  }
  const tiny = flag('--tiny');
  const config = { ...(tiny ? TINY : FULL) };
  if (option('--servers')) config.servers = Number(option('--servers'));
  if (option('--edits')) config.edits = Number(option('--edits'));
  const baseline = option('--baseline');
  const builds = [currentBuild(), ...(baseline ? [baselineBuild(baseline)] : [])];
  const profileDir = join(__dirname, 'profiles');
  const cpuProf = flag('--cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const only = option('--only');
  log(`kube-hardener benchmark${tiny ? ' (tiny)' : ''}: ${builds.map((build) => build.label).join(' vs ')}, node ${process.version}, ${loadNote()}`);
  const rows: Row[] = [];
  if (!only || only === 'file') rows.push(...(await singleFileRows(config, builds, cpuProf)));
  if (!only || only === 'spawn') rows.push(...(await spawnRows(config, builds)));
  if (!only || only === 'workspace') rows.push(...(await workspaceRows(config, builds)));
  if (!only || only === 'cli') rows.push(...(await cliRows(config, builds, cpuProf)));
  const table = formatTable(rows, builds);
  console.log(table);
  if (cpuProf.length > 0) console.log(`\nCPU profiles (open in Chrome DevTools or VS Code): ${profileDir}`);
  const out = option('--out') ?? join(__dirname, 'results.json');
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  writeFileSync(out, `${JSON.stringify({ command, date: new Date().toISOString(), node: process.version, load: loadNote(), config, builds, rows }, null, 2)}\n`);
  if (!tiny && !only && !option('--out')) updateReadme(table, command);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

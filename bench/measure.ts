// The measurements of `npm run bench`, each on fresh processes: the language server over stdio
// (edit -> diagnostics, spawn -> first diagnostics, workspace index), the CLI scan (wall time and
// peak RSS from /usr/bin/time, else from a preloaded reporter), and the bare `yaml` / js-yaml parse
// of the same bytes (in a child process, so its peak RSS is its own).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { setTimeout as delay } from 'node:timers/promises';
import { editAndWait, openDocument, ServerHandle, serverPeakRssMb, serverRssMb, startServer, stopServer, SyncMode, typeAndWait } from './lsp-client.ts';

const loadJsYaml = (): { loadAll(text: string): unknown[] } => createRequire(__filename)('js-yaml');

export interface Latencies {
  p50: number;
  p95: number;
  samples: number;
}

export interface ParseCost {
  yamlMs: number;
  jsYamlMs: number;
  /** Peak RSS of the child process that parsed with `yaml` (files read and parsed, trees kept). */
  yamlPeakRssMb?: number;
}

/** A server or CLI build to measure: `dist/` of this tree, or of a baseline ref. */
export interface Build {
  label: string;
  serverJs: string;
  cliJs: string;
  /** KUBE_HARDENER_CACHE_DIR of its servers (builds from before the code cache ignore it). */
  codeCacheDir: string;
}

export function percentile(values: number[], fraction: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

export function median(values: number[]): number {
  return percentile(values, 0.5);
}

function latencies(values: number[]): Latencies {
  return { p50: percentile(values, 0.5), p95: percentile(values, 0.95), samples: values.length };
}

/**
 * Edit -> diagnostics: `servers` fresh servers each open `path` (text given) and make `edits`
 * single-character edits toggling the character at `offset` between `a` and `b`.
 */
export async function editLatency(build: Build, root: string, path: string, text: string, offset: number, mode: SyncMode, servers: number, edits: number, nodeArgs: string[] = []): Promise<Latencies & { firstDiagnosticsMs: number; peakRssMb: number }> {
  const samples: number[] = [];
  const firsts: number[] = [];
  const rss: number[] = [];
  const uri = pathToFileURL(path).href;
  const [a, b] = text[offset] === '1' ? ['1', '0'] : [text[offset], text[offset] === 'z' ? 's' : 'z'];
  for (let run = 0; run < servers; run++) {
    const server = await start(build, root, mode, nodeArgs);
    firsts.push((await openDocument(server, uri, text)) - server.spawnedAt);
    let current = text;
    for (let edit = 0; edit < edits; edit++) {
      const char = current[offset] === a ? b : a;
      samples.push(await editAndWait(server, uri, current, offset, char, edit + 2));
      current = current.slice(0, offset) + char + current.slice(offset + 1);
    }
    rss.push(serverPeakRssMb(server));
    await stopServer(server);
  }
  return { ...latencies(samples), firstDiagnosticsMs: median(firsts), peakRssMb: median(rss) };
}

export interface TypingHeap {
  /** Heap used (after a full GC) once the file's first diagnostics arrived, and after typing. */
  openedMb: number;
  typedMb: number;
  /** Edit -> diagnostics while typing (every keystroke inserts a character: later documents move). */
  edit: Latencies;
}

/**
 * Typing `edits` characters at `offset` (each one a new text, as real typing makes them), with the
 * server's heap after a full GC before and after; NaN heaps for a build without the bench hook.
 */
export async function typingHeap(build: Build, root: string, path: string, text: string, offset: number, edits: number): Promise<TypingHeap> {
  const uri = pathToFileURL(path).href;
  const server = await start(build, root, 'push', ['--expose-gc'], { KUBE_HARDENER_BENCH_HEAP: '1' });
  await openDocument(server, uri, text);
  const openedMb = await heapUsedMb(server);
  const samples: number[] = [];
  let current = text;
  for (let edit = 0; edit < edits; edit++) {
    const at = offset + edit;
    samples.push(await typeAndWait(server, uri, current, at, '0', edit + 2));
    current = current.slice(0, at) + '0' + current.slice(at);
  }
  const typedMb = await heapUsedMb(server);
  await stopServer(server);
  return { openedMb, typedMb, edit: latencies(samples) };
}

async function heapUsedMb(server: Awaited<ReturnType<typeof startServer>>): Promise<number> {
  try {
    const usage = (await server.rpc.sendRequest('kubeHardener/benchHeap')) as { heapUsed: number };
    return usage.heapUsed / 1024 / 1024;
  } catch {
    return NaN;
  }
}

/** Spawn -> first diagnostics of a small file in an empty workspace, median of `runs` fresh servers. */
/** A build's server, its V8 code cache kept in the build's own directory. */
function start(build: Build, root: string, mode: SyncMode, nodeArgs: string[] = [], env: Record<string, string> = {}): Promise<ServerHandle> {
  return startServer(build.serverJs, root, mode, nodeArgs, { KUBE_HARDENER_CACHE_DIR: build.codeCacheDir, ...env });
}

export interface SpawnTimes {
  /** Median spawn -> first diagnostics with the code cache a previous start wrote. */
  warmMs: number;
  /** The same with no code cache: the first start after an install or update. */
  coldMs: number;
  /** Median `node -e 0` in the same run: what any Node program pays before its first line. */
  bareNodeMs: number;
}

/** Spawn -> first diagnostics of a small file, warm and cold, interleaved, beside a bare `node -e 0`. */
export async function spawnToFirstDiagnostics(build: Build, root: string, path: string, text: string, runs: number): Promise<SpawnTimes> {
  const uri = pathToFileURL(path).href;
  const firstDiagnostics = async (env: Record<string, string>, keepAliveMs = 0): Promise<number> => {
    const server = await start(build, root, 'push', [], env);
    const ms = (await openDocument(server, uri, text)) - server.spawnedAt;
    await delay(keepAliveMs);
    await stopServer(server);
    return ms;
  };
  await firstDiagnostics({}, CODE_CACHE_WRITTEN_AFTER_MS);
  const warm: number[] = [];
  const cold: number[] = [];
  const bare: number[] = [];
  for (let run = 0; run < runs; run++) {
    warm.push(await firstDiagnostics({}));
    cold.push(await firstDiagnostics({ KUBE_HARDENER_CACHE_DIR: 'off' }));
    bare.push(bareNodeStart());
  }
  return { warmMs: median(warm), coldMs: median(cold), bareNodeMs: median(bare) };
}

/** A little over server/src/launch/code-cache.ts's SAVE_AFTER_MS. */
const CODE_CACHE_WRITTEN_AFTER_MS = 2000;

function bareNodeStart(): number {
  const started = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  return performance.now() - started;
}

export interface WorkspaceResult {
  indexMs: number;
  rssAfterIndexMb: number;
  peakRssMb: number;
  edit: Latencies;
}

/** A server on a workspace: spawn -> "indexed N files", its RSS then, and edit latency on one file of it. */
export async function workspaceRun(build: Build, root: string, path: string, offset: number, edits: number, mode: SyncMode = 'push'): Promise<WorkspaceResult> {
  const server = await start(build, root, mode);
  const indexedAt = await server.indexed;
  const indexMs = indexedAt - server.spawnedAt;
  const rssAfterIndexMb = serverRssMb(server);
  const uri = pathToFileURL(path).href;
  let text = readFileSync(path, 'utf8');
  await openDocument(server, uri, text);
  const [a, b] = [text[offset], text[offset] === 'z' ? 's' : 'z'];
  const samples: number[] = [];
  for (let edit = 0; edit < edits; edit++) {
    const char = text[offset] === a ? b : a;
    samples.push(await editAndWait(server, uri, text, offset, char, edit + 2));
    text = text.slice(0, offset) + char + text.slice(offset + 1);
  }
  const peakRssMb = serverPeakRssMb(server);
  await stopServer(server);
  return { indexMs, rssAfterIndexMb, peakRssMb, edit: latencies(samples) };
}

/** `kube-hardener scan` of a directory as a user runs it: wall time and peak RSS. */
export function cliScan(build: Build, dir: string, nodeArgs: string[] = []): { ms: number; peakRssMb: number; findings: number } {
  const start = performance.now();
  const reporter = join(__dirname, 'rss-reporter.cjs');
  const child = spawnSync(process.execPath, ['--require', reporter, ...nodeArgs, build.cliJs, 'scan', '--fail-on', 'never', '--format', 'json', dir], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  const ms = performance.now() - start;
  if (child.status !== 0) throw new Error(`scan failed (${child.status}):\n${child.stderr.slice(0, 2000)}`);
  const peak = /kube-hardener-bench peak-rss-kb (\d+)/.exec(child.stderr);
  return { ms, peakRssMb: peak ? Number(peak[1]) / 1024 : NaN, findings: countFindings(child.stdout) };
}

function countFindings(json: string): number {
  try {
    const report = JSON.parse(json) as { files?: { findings?: unknown[] }[] } | { findings?: unknown[] }[];
    const files = Array.isArray(report) ? report : (report.files ?? []);
    return files.reduce((sum, file) => sum + (file.findings?.length ?? 0), 0);
  } catch {
    return NaN;
  }
}

/** The bare `yaml` (parseAllDocuments) and js-yaml (loadAll) parse of some files, in a child process. */
export function parseCostOfFiles(paths: string[]): ParseCost {
  const dir = process.env.KUBE_HARDENER_BENCH_DATA ?? join(__dirname, '.data');
  const list = join(dir, `parse-list-${process.pid}.json`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(list, JSON.stringify(paths));
  const child = spawnSync(process.execPath, [...process.execArgv, join(__dirname, 'run.ts'), '--parse-child', list], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`parse child failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as ParseCost;
}

/** In the child: reads the files, parses them all with `yaml` (keeping the trees, as a scan would), then with js-yaml. */
export function parseChild(listPath: string): ParseCost {
  const texts = (JSON.parse(readFileSync(listPath, 'utf8')) as string[]).map((path) => readFileSync(path, 'utf8'));
  let start = performance.now();
  const trees = texts.map((text) => parseAllDocuments(text));
  const yamlMs = performance.now() - start;
  const yamlPeakRssMb = process.resourceUsage().maxRSS / 1024;
  trees.length = 0;
  const jsYaml = loadJsYaml();
  start = performance.now();
  for (const text of texts) jsYaml.loadAll(text);
  return { yamlMs, jsYamlMs: performance.now() - start, yamlPeakRssMb };
}

/** The bare parse cost of one text, median of `runs` (in this process: a single file is small). */
export function parseCostOfText(text: string, runs: number): ParseCost {
  const jsYaml = loadJsYaml();
  const time = (work: () => unknown) => median(Array.from({ length: runs }, () => {
    const start = performance.now();
    work();
    return performance.now() - start;
  }));
  return { yamlMs: time(() => parseAllDocuments(text)), jsYamlMs: time(() => jsYaml.loadAll(text)) };
}

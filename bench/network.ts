// Benchmark of the workspace index for the network rules (npm run bench, after bench/run.ts): the
// index build time, and the time to re-check after editing one NetworkPolicy (affectedFiles, then
// linting the changed file and the files it names), for 2,000 and 10,000 manifests with the same
// namespace size. The re-check must not grow with the files outside the affected namespace.
// Numbers are printed, never asserted.
import { ALL_RULES } from '../server/src/engine/registry.ts';
import { resolveConfig, ResolvedConfig } from '../server/src/engine/config.ts';
import { factsOfFile } from '../server/src/engine/facts.ts';
import { lintFile, LintOptions } from '../server/src/engine/lint.ts';
import { resolveNamespace } from '../server/src/engine/namespaces.ts';
import { ManifestFile, parseManifestFile } from '../server/src/engine/parse.ts';
import { affectedFiles, WorkspaceIndex } from '../server/src/engine/workspace.ts';
import { networkRules } from '../server/src/rules/network/index.ts';
import { manifestFor } from './corpus.ts';

const SIZES = [2_000, 10_000];
/** Files per namespace, the same for every size: 50 Deployments, 20 Services, 10 NetworkPolicies, 20 RBAC objects. */
const NAMESPACE_SIZE = 100;
const EDITS = 25;
const WARM_UP = 5;

interface Row {
  files: number;
  namespaces: number;
  indexMs: number;
  affectedMs: number;
  affected: number;
  /** min / median of the edits. */
  recheckMs: [number, number];
  networkRecheckMs: [number, number];
}

/** The corpus of bench/corpus.ts, laid out as namespaces of NAMESPACE_SIZE files (in memory, absolute paths). */
function corpus(count: number): { path: string; text: string }[] {
  return Array.from({ length: count }, (_, index) => {
    const { path, text } = manifestFor(index);
    const namespace = `ns-${Math.floor(index / NAMESPACE_SIZE)}`;
    return { path: `/bench-network/${namespace}/${path.split('/').pop()}`, text: text.replace(/namespace: team-\d+/g, `namespace: ${namespace}`) };
  });
}

function timed<T>(work: () => T): [T, number] {
  const start = performance.now();
  const result = work();
  return [result, performance.now() - start];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function minAndMedian(values: number[]): [number, number] {
  return [Math.min(...values), median(values)];
}

/** Collects garbage between measurements when node runs with --expose-gc, so one edit does not pay for another's garbage. */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function factsOf(file: ManifestFile, config: ResolvedConfig) {
  return factsOfFile(file, (path, object) => resolveNamespace(path, object, config));
}

/** Edits one NetworkPolicy as the server sees it: new facts, affectedFiles, then lint the file and the affected ones. */
function recheck(policy: ManifestFile, files: Map<string, ManifestFile>, index: WorkspaceIndex, lint: LintOptions, edit: number) {
  const text = policy.text.replace(/^metadata:\n/m, `metadata:\n  labels:\n    edited: "${edit}"\n`);
  let affectedMs = 0;
  const [affected, ms] = timed(() => {
    const file = parseManifestFile(policy.path, text);
    const before = index.factsOf(policy.path);
    const after = factsOf(file, lint.config);
    index.setFile(policy.path, after);
    const [others, affectedTime] = timed(() => affectedFiles(index, policy.path, before, after));
    affectedMs = affectedTime;
    lintFile(file, lint);
    for (const path of others) lintFile(files.get(path)!, lint);
    return others.length + 1;
  });
  return { affected, affectedMs, recheckMs: ms };
}

function measure(count: number): Row {
  const config = resolveConfig(ALL_RULES);
  const sources = corpus(count);
  const [files, indexMs] = timed(() => {
    const index = new WorkspaceIndex();
    const parsed = sources.map((source) => parseManifestFile(source.path, source.text));
    for (const file of parsed) index.setFile(file.path, factsOf(file, config));
    return { index, parsed };
  });
  const byPath = new Map(files.parsed.map((file) => [file.path, file]));
  const policies = files.parsed.filter((file) => file.path.includes('/networkpolicy-'));
  const series = (rules: LintOptions['rules']) => {
    const lint: LintOptions = { config, rules, index: files.index };
    for (let edit = 0; edit < WARM_UP; edit++) recheck(policies[edit], byPath, files.index, lint, -edit);
    return Array.from({ length: EDITS }, (_, edit) => {
      collectGarbage();
      return recheck(policies[(edit * 7 + 1) % policies.length], byPath, files.index, lint, edit + 1);
    });
  };
  const runs = series(ALL_RULES);
  const networkRuns = series(networkRules);
  return {
    files: count,
    namespaces: Math.ceil(count / NAMESPACE_SIZE),
    indexMs,
    affectedMs: median(runs.map((run) => run.affectedMs)),
    affected: median(runs.map((run) => run.affected)),
    recheckMs: minAndMedian(runs.map((run) => run.recheckMs)),
    networkRecheckMs: minAndMedian(networkRuns.map((run) => run.recheckMs)),
  };
}

function span([min, middle]: [number, number]): string {
  return `${min.toFixed(1)} / ${middle.toFixed(1)}`;
}

function main(): void {
  console.log(`\nkube-hardener network benchmark: namespaces of ${NAMESPACE_SIZE} manifests, ${EDITS} NetworkPolicy edits, node ${process.version}\n`);
  const rows = SIZES.map((size) => {
    collectGarbage();
    return measure(size);
  });
  console.log('| manifests | namespaces | index build (ms) | affectedFiles (ms) | files re-checked | re-check, all rules (ms, min / median) | re-check, network rules (ms, min / median) |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) {
    const cells = [row.files.toLocaleString('en-US'), row.namespaces, row.indexMs.toFixed(0), row.affectedMs.toFixed(2), row.affected, span(row.recheckMs), span(row.networkRecheckMs)];
    console.log(`| ${cells.join(' | ')} |`);
  }
}

main();

import { relative } from 'node:path';
import type { ResolvedConfig } from '../engine/config.ts';
import { factsOfFile } from '../engine/facts.ts';
import { applicableFix, fixAll } from '../engine/fix.ts';
import { Finding, LintOptions, lintText } from '../engine/lint.ts';
import { invalidateKustomizations, noteKustomizations, resolveNamespace } from '../engine/namespaces.ts';
import { describeObject, type K8sObject } from '../engine/objects.ts';
import { parseManifestFile, setParseCacheCapacity } from '../engine/parse.ts';
import { KUSTOMIZE_PATCH, mayBeKustomizePatch } from '../engine/kustomize-patches.ts';
import type { Rule } from '../engine/rule.ts';
import { LineIndex } from '../engine/text.ts';
import { WorkspaceIndex } from '../engine/workspace.ts';
import { decodeBytes, FileText, readFileText, STDIN_PATH } from './files.ts';
import { FileReport, reportFinding, ScanReport } from './report.ts';
import { writeFileAtomic } from './write.ts';
import { describeIoError } from './files.ts';
import { creatingFix, writeCreatedFiles } from './create-files.ts';
import { addUnmetExpectationFindings } from './rbac-findings.ts';
import { RelatedLocator } from './related.ts';

/** What a scan needs: the files (absolute paths or `<stdin>`), the configuration and where output goes. */
export interface ScanInput {
  files: string[];
  /** Files reported as skipped without reading them (excluded by the config, unreadable folders, FIFOs): absolute path -> reason. */
  excluded?: ReadonlyMap<string, string>;
  /** Real paths of what the command line named: `--fix` writes nothing outside them. */
  roots?: readonly string[];
  cwd: string;
  config: ResolvedConfig;
  rules: readonly Rule[];
  fix: boolean;
  unsafeFixes: boolean;
  readStdin(): Promise<Uint8Array>;
  /** One line for standard error (a rule that failed, a file that was fixed). */
  warn(line: string): void;
  /** Receives the fixed text of standard input under `--fix`. */
  writeFixedStdin(text: string): void;
  /** Files indexed but not linted: the rest of the project (context) and the policies, bindings and params of `admissionPolicies.paths`. */
  indexOnly?: string[];
}

interface LoadedFile extends FileText {
  path: string;
  shown: string;
}

/**
 * Checks files as one workspace: reads and indexes them all first (cross-file rules see every
 * object), then lints each, applying fixes with `--fix`.
 */
export async function scanFiles(input: ScanInput): Promise<ScanReport> {
  const loaded: LoadedFile[] = [];
  for (const path of input.files) loaded.push(await loadFile(path, input));
  invalidateKustomizations();
  noteKustomizations([...input.files.filter((path) => !input.excluded?.has(path)), ...(input.indexOnly ?? [])]);
  const index = new WorkspaceIndex();
  const related = relatedLocator(loaded, input.cwd);
  const indexFile = (path: string, text: string) => {
    related.setText(path, text);
    index.setFile(path, factsOfFile(parseManifestFile(path, text), (filePath, object) => resolveNamespace(filePath, object, input.config)));
  };
  // Without --fix each document is parsed twice (index, lint) and never again: keep no trees.
  // --fix lints the same texts again while it fixes: the default cache serves those.
  setParseCacheCapacity(input.fix ? undefined : 0);
  for (const [count, file] of loaded.entries()) {
    if (file.text !== undefined) indexFile(file.path, file.text);
    if (count % 128 === 127) await endJob();
  }
  await endJob();
  await indexOnlyFiles(input, index);
  const lint: LintOptions = { config: input.config, rules: input.rules, index, onRuleError: ruleErrorReporter(input, loaded) };
  const files: FileReport[] = [];
  for (let count = 0; count < loaded.length; count++) {
    if (count % 128 === 127) await endJob();
    files.push(reportFile(loaded[count]));
    // Nothing reads a file's text once it is checked: let it go (10,000 files hold tens of MB).
    loaded[count] = { ...loaded[count], text: undefined };
  }
  function reportFile(file: LoadedFile): FileReport {
    if (file.text === undefined) return { path: file.shown, findings: [], skipped: file.skipped, fixed: 0 };
    const { text, findings, fixed } = input.fix ? fixFile(file, lint, input, indexFile) : { ...lintOnly(file, lint), fixed: 0 };
    const lines = new LineIndex(text);
    const reported = findings.map((finding) => reportFinding(finding, lines, isFixable(finding, input.unsafeFixes), extrasOf(finding, input, related)));
    if (text !== file.text) indexFile(file.path, text);
    return { path: file.shown, findings: reported, fixed };
  }
  addUnmetExpectationFindings(files, index, input.config, input.cwd);
  setParseCacheCapacity();
  return { files, unsafeFixes: input.unsafeFixes };
}

/**
 * Lets the current job end: facts hold a WeakRef to the parse they came from (the index pass and
 * cross-file rules make them), and a WeakRef keeps its target alive until the job that made it
 * ends, so a scan that never yields would keep every syntax tree of the workspace.
 */
export function endJob(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Indexes the files of `admissionPolicies.paths` that the scan does not check itself. */
async function indexOnlyFiles(input: ScanInput, index: WorkspaceIndex): Promise<void> {
  for (const path of input.indexOnly ?? []) {
    if (index.hasFile(path)) continue;
    const file = await loadFile(path, input);
    if (file.text !== undefined) index.setFile(path, factsOfFile(parseManifestFile(path, file.text), (filePath, object) => resolveNamespace(filePath, object, input.config)));
  }
}

async function loadFile(path: string, input: ScanInput): Promise<LoadedFile> {
  if (path === STDIN_PATH) return { path, shown: STDIN_PATH, ...skipKustomizePatch(path, decodeBytes(await input.readStdin())) };
  const shown = relative(input.cwd, path) || path;
  const excludedBecause = input.excluded?.get(path);
  if (excludedBecause !== undefined) return { path, shown, bom: false, skipped: excludedBecause };
  return { path, shown, ...skipKustomizePatch(path, readFileText(path, { digest: input.fix })) };
}

/** A kustomize patch is not checked: reported skipped like other files that are not manifests. */
function skipKustomizePatch(path: string, file: FileText): FileText {
  if (file.text === undefined || !mayBeKustomizePatch(path, file.text) || parseManifestFile(path, file.text).skipped !== KUSTOMIZE_PATCH) return file;
  return { bom: file.bom, skipped: KUSTOMIZE_PATCH };
}

/** Shows related paths as the scan shows its files; paths it did not load (created files) relative to cwd. */
function relatedLocator(files: LoadedFile[], cwd: string): RelatedLocator {
  const shownPaths = new Map(files.map((file) => [file.path, file.shown]));
  return new RelatedLocator((path) => shownPaths.get(path) ?? (relative(cwd, path) || path));
}

function lintOnly(file: LoadedFile, lint: LintOptions): { text: string; findings: Finding[] } {
  return { text: file.text!, findings: lintText(file.path, file.text!, lint).findings };
}

/**
 * Fixes one file and writes it back (see writeFileAtomic for what a write refuses). A write that
 * fails is reported and leaves the file as it was; the other files are still fixed.
 */
function fixFile(file: LoadedFile, lint: LintOptions, input: ScanInput, indexFile: IndexFile): { text: string; findings: Finding[]; fixed: number } {
  const creating = input.unsafeFixes && file.path !== STDIN_PATH;
  let created = creating ? createFixFiles(file.path, file.text!, lint, input, indexFile) : 0;
  let result = fixAll(file.path, file.text!, lint, { unsafe: input.unsafeFixes });
  if (creating && result.text !== file.text) {
    // A fix can open the way to a file-creating one (a Pod taken off the host network needs a
    // policy): create it in this run, so that a second run has nothing left to create.
    indexFile(file.path, result.text);
    const more = createFixFiles(file.path, result.text, lint, input, indexFile);
    if (more > 0) {
      created += more;
      const again = fixAll(file.path, result.text, lint, { unsafe: true });
      result = { ...again, applied: result.applied + again.applied, passes: result.passes + again.passes };
    }
  }
  const content = (file.bom ? '\uFEFF' : '') + result.text;
  if (file.path === STDIN_PATH) input.writeFixedStdin(content);
  else if (result.text !== file.text) {
    try {
      writeFileAtomic(file.path, content, { digest: file.digest, roots: input.roots });
    } catch (error) {
      input.warn(`did not fix ${file.shown}: ${describeIoError(error)}`);
      indexFile(file.path, file.text!);
      return { ...lintOnly(file, lint), fixed: created };
    }
  }
  if (result.applied > 0) input.warn(`fixed ${result.applied} problem${result.applied === 1 ? '' : 's'} in ${file.shown}`);
  return { text: result.text, findings: result.remaining, fixed: result.applied + created };
}

type IndexFile = (path: string, text: string) => void;

/** Writes the new files that unsafe fixes create (a default-deny NetworkPolicy) and indexes them before the fix loop runs. */
function createFixFiles(path: string, text: string, lint: LintOptions, input: ScanInput, indexFile: IndexFile): number {
  const { created, fixed } = writeCreatedFiles(path, lintText(path, text, lint).findings, true, input.warn);
  for (const each of created) {
    indexFile(each.path, each.text);
    input.warn(`created ${relative(input.cwd, each.path) || each.path}`);
  }
  return fixed;
}

function isFixable(finding: Finding, unsafe: boolean): boolean {
  return applicableFix(finding, { unsafe }) !== undefined || creatingFix(finding, unsafe) !== undefined;
}

function extrasOf(finding: Finding, input: ScanInput, related: RelatedLocator) {
  const unsafeFixOnly = !input.unsafeFixes && !isFixable(finding, false) && isFixable(finding, true);
  return { unsafeFixOnly, related: related.locate(finding.related) };
}

/** Reports each failing rule once per file on standard error; the scan goes on without it. */
function ruleErrorReporter(input: ScanInput, files: LoadedFile[]): LintOptions['onRuleError'] {
  const reported = new Set<string>();
  const shownPaths = new Map(files.map((file) => [file.path, file.shown]));
  return (rule: Rule, object: K8sObject, error: unknown) => {
    const shown = shownPaths.get(object.file.path) ?? object.file.path;
    const key = `${rule.id}\u0000${shown}`;
    if (reported.has(key)) return;
    reported.add(key);
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    input.warn(`rule ${rule.id} failed on ${shown} (${describeObject(object)}) and was skipped there: ${reason}`);
  };
}

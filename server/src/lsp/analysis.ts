import type { Connection } from './protocol.ts';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ALL_RULES } from '../engine/registry.ts';
import { Finding, lintFile, LintOptions } from '../engine/lint.ts';
import { ManifestFile, parseManifestFile, releaseParses } from '../engine/parse.ts';
import { describeObject } from '../engine/objects.ts';
import type { WorkspaceIndex } from '../engine/workspace.ts';
import { isConfigFile } from './config-file.ts';
import { configFileFindings } from './config-expectations.ts';
import type { IndexTracker } from './index-tracker.ts';
import type { ResourceSettings, SettingsStore } from './settings.ts';
import { uriToPath } from './uris.ts';

/** The result of checking one version of an open document. */
export interface Analysis {
  uri: string;
  path: string;
  version: number;
  text: string;
  /** Identifies the inputs (text version, settings generation, cross-file stamp): the pull resultId. */
  resultId: string;
  settings: ResourceSettings;
  lint: LintOptions;
  file: ManifestFile;
  findings: Finding[];
  /** Fix-all results by rule set, computed on demand for code actions. */
  fixedTexts: Map<string, string>;
  /** False when computed before the first workspace index was complete (cross-file findings may be wrong). */
  indexBuilt: boolean;
}

/**
 * How long the first analyses wait for the initial workspace index: by default not at all. The
 * single-file rules answer the first opened document at once and the cross-file rules follow when
 * the index is built, so the first squiggles never wait on the workspace and never show cross-file
 * findings computed from half of it. KUBE_HARDENER_INDEX_WAIT_MS sets a wait (one complete first
 * answer in a small workspace, at the cost of a later one).
 */
export const INITIAL_INDEX_WAIT_MS = waitLimitFrom(process.env.KUBE_HARDENER_INDEX_WAIT_MS, 0);

const SINGLE_FILE_RULES = ALL_RULES.filter((rule) => rule.scope !== 'cross-file');

function waitLimitFrom(value: string | undefined, fallback: number): number {
  const parsed = value === undefined || value.trim() === '' ? NaN : Number(value);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : fallback;
}

type Logger = (message: string) => void;

/**
 * Lint options for a resource's settings; a rule that throws is logged and skipped. Before the
 * workspace index is complete (`indexBuilt` false) only the rules that need no other file run.
 */
export function lintOptionsFor(settings: ResourceSettings, index: WorkspaceIndex, log: Logger, indexBuilt = true): LintOptions {
  return {
    config: settings.config,
    rules: indexBuilt ? ALL_RULES : SINGLE_FILE_RULES,
    index,
    reuseResults: true,
    onRuleError: (rule, object, error) => {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`kube-hardener: rule ${rule.id} failed on ${describeObject(object)} in ${object.file.path}; the rule was skipped for it.\n${detail}`);
    },
  };
}

/**
 * Findings of a parsed file under its settings: none when disabled; for .kube-hardener.yaml its
 * problems, or else its `can` expectations that no binding of the workspace fulfils (once the
 * workspace index is complete).
 */
export function findingsOf(file: ManifestFile, settings: ResourceSettings, lint: LintOptions): Finding[] {
  if (!settings.enabled) return [];
  if (isConfigFile(file.path)) {
    // The expectations are judged against the whole workspace: only once the cross-file rules run.
    const judgesExpectations = lint.rules.some((rule) => rule.id === 'rbac-expectation-violated');
    return configFileFindings(file.text, settings.config, judgesExpectations ? lint.index : undefined);
  }
  return lintFile(file, lint);
}

/**
 * Checks open documents, caching one analysis per document and reusing it while the text,
 * the settings and the cross-file facts it depends on are unchanged.
 */
export class Analyzer {
  private readonly cache = new Map<string, Analysis>();
  private readonly stamps = new Map<string, number>();
  private readonly loggedErrors = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly settings: SettingsStore,
    private readonly tracker: IndexTracker,
    /** Told which other files' cross-file findings may have changed after a document's facts changed. */
    private readonly onAffected: (paths: string[]) => void,
  ) {}

  /** The cached analysis of a document's current version, if any. */
  cached(document: TextDocument): Analysis | undefined {
    const cached = this.cache.get(document.uri);
    return cached && cached.version === document.version && cached.resultId === this.resultId(document) ? cached : undefined;
  }

  /**
   * Analyses a document's current version. Undefined when the document changed while the settings
   * were being fetched: that result would be stale, and a newer request follows.
   */
  async analyze(document: TextDocument): Promise<Analysis | undefined> {
    const cached = this.cached(document);
    if (cached) return cached;
    const version = document.version;
    const generation = this.settings.generation;
    if (INITIAL_INDEX_WAIT_MS > 0) await this.tracker.whenBuilt(INITIAL_INDEX_WAIT_MS);
    const settings = await this.settings.forResource(document.uri);
    if (document.version !== version || this.settings.generation !== generation) return undefined;
    return this.cached(document) ?? this.compute(document, settings);
  }

  /** Marks documents as needing a new check because facts they depend on changed. */
  invalidate(uris: Iterable<string>): void {
    for (const uri of uris) this.stamps.set(uri, (this.stamps.get(uri) ?? 0) + 1);
  }

  /** The documents whose cached analysis predates the first complete workspace index. */
  analysedBeforeIndex(): string[] {
    return [...this.cache.values()].filter((analysis) => !analysis.indexBuilt).map((analysis) => analysis.uri);
  }

  /** Drops what is cached for a closed document. */
  forget(uri: string): void {
    this.cache.delete(uri);
    this.stamps.delete(uri);
  }

  private resultId(document: TextDocument): string {
    return `${document.version}:${this.settings.generation}:${this.stamps.get(document.uri) ?? 0}`;
  }

  private compute(document: TextDocument, settings: ResourceSettings): Analysis {
    const path = uriToPath(document.uri);
    const text = document.getText();
    const indexBuilt = this.tracker.built;
    const lint = lintOptionsFor(settings, this.tracker.index, (message) => this.logOnce(message), indexBuilt);
    const file = parseManifestFile(path, text, true);
    const affected = isConfigFile(path) ? [] : this.tracker.update(file, settings.config);
    const analysis: Analysis = {
      uri: document.uri,
      path,
      version: document.version,
      text,
      resultId: this.resultId(document),
      settings,
      lint,
      file,
      findings: findingsOf(file, settings, lint),
      fixedTexts: new Map(),
      indexBuilt,
    };
    const previous = this.cache.get(document.uri);
    this.cache.set(document.uri, analysis);
    if (previous) releaseReplaced(previous.file, file);
    if (affected.length > 0) this.onAffected(affected);
    return analysis;
  }

  private logOnce(message: string): void {
    const key = message.split('\n')[0];
    if (this.loggedErrors.has(key)) return;
    if (this.loggedErrors.size > 500) this.loggedErrors.clear();
    this.loggedErrors.add(key);
    this.connection.console.error(message);
  }
}

/** Releases the parses of the documents an edit replaced (typing must not keep every version's tree). */
function releaseReplaced(before: ManifestFile, after: ManifestFile): void {
  if (before.docs.length === 0) return;
  const kept = new Set(after.docs.map((doc) => doc.yaml));
  releaseParses(before.docs.filter((doc) => !kept.has(doc.yaml)));
}

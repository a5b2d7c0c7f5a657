import type { Document, Node, Pair } from 'yaml';
import { DocEditor, TextEdit } from './edits.ts';
import { ManifestFile, parseManifestFile, parseProblems } from './parse.ts';
import { K8sObject, objectsOf } from './objects.ts';
import { rangeOf } from './nodes.ts';
import { factsSource } from './facts.ts';
import type { ResolvedConfig } from './config.ts';
import type { RelatedInfo, ReportSpec, Rule, RuleContext, Severity } from './rule.ts';
import { containersOf, readsWorkloads, Workload, workloadOf } from './workloads.ts';
import { WorkspaceIndex } from './workspace.ts';
import { viewFrom } from './variants.ts';
import { annotationSuppressions, commentSuppressions, findSuppression, Suppression } from './suppress.ts';

/** A fix in file offsets, ready to apply. */
export interface Fix {
  title: string;
  safe: boolean;
  edits: TextEdit[];
  createFiles?: { path: string; text: string }[];
}

/** One problem found in a file: a rule's (or the engine's) report, in file offsets. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  fixes: Fix[];
  related?: RelatedInfo[];
}

/** Findings the engine itself reports; they are not rules and cannot be suppressed. */
export const ENGINE_FINDINGS = {
  'parse-error': 'A YAML document that does not parse; the other documents of the file are still checked.',
  'unused-suppression': 'A suppression comment or annotation that silenced nothing.',
  'invalid-suppression': 'A suppression naming an unknown rule ID, or without the reason the config requires.',
} as const;

export interface LintOptions {
  config: ResolvedConfig;
  rules: readonly Rule[];
  index?: WorkspaceIndex;
  /** Called when a rule throws: that rule is skipped for that object, the rest still run. */
  onRuleError?: (rule: Rule, object: K8sObject, error: unknown) => void;
  /**
   * Keep what rules found per parsed document for the next lint of the same file (an editor, which
   * lints after every edit). Off for a one-pass scan, where it would only cost memory.
   */
  reuseResults?: boolean;
}

export interface LintResult {
  file: ManifestFile;
  findings: Finding[];
}

/** Lints a text as a manifest file. */
export function lintText(path: string, text: string, options: LintOptions): LintResult {
  const file = parseManifestFile(path, text);
  return { file, findings: lintFile(file, options) };
}

/** Runs every enabled rule on every object of a parsed file, then applies suppressions. */
export function lintFile(file: ManifestFile, options: LintOptions): Finding[] {
  if (file.skipped) return [];
  const findings: Finding[] = [];
  const objects = objectsOf(file);
  for (const doc of file.docs) {
    // One finding per broken document: the errors after the first are mostly its echoes.
    for (const problem of parseProblems(doc).slice(0, 1)) {
      findings.push({ ruleId: 'parse-error', severity: 'error', message: `YAML syntax error: ${problem.message}`, start: problem.start, end: problem.end, fixes: [] });
    }
  }
  // Cross-file rules see the workspace as deployed with this file: without its alternative variants.
  const base = options.index ?? new WorkspaceIndex();
  const index = viewFrom(base, file.path);
  const stamp = crossFileStamp(file, base);
  const rules = rulesToRun(options);
  for (const object of objects) {
    const workload = workloadOf(object);
    const reuse = options.reuseResults ? resultsOfDocument(object, options.config) : undefined;
    for (const rule of rules) {
      if (!appliesTo(rule, object, workload, options.config)) continue;
      if (reusedResults(reuse, rule, object, stamp, findings)) continue;
      const first = findings.length;
      let readIndex = false;
      try {
        rule.check(createContext(rule, object, workload, options.config, index, findings, () => (readIndex = true)));
        remember(reuse, rule, object, readIndex ? stamp : NO_INDEX, findings.slice(first));
      } catch (error) {
        options.onRuleError?.(rule, object, error);
      }
    }
  }
  const suppressed = applySuppressions(file, objects, findings, options);
  return sortFindings(suppressed);
}

/** The adapter's rules plus the custom rules of the configuration (not already among them). */
function rulesToRun(options: LintOptions): readonly Rule[] {
  const custom = options.config.customRules ?? [];
  if (custom.length === 0) return options.rules;
  const ids = new Set(options.rules.map((rule) => rule.id));
  return [...options.rules, ...custom.filter((rule) => !ids.has(rule.id))];
}

function appliesTo(rule: Rule, object: K8sObject, workload: Workload | undefined, config: ResolvedConfig): boolean {
  if (!config.rules.get(rule.id)?.enabled) return false;
  if (rule.kinds === '*' || rule.kinds.includes(object.kind)) return true;
  // Workload rules also run on other kinds that carry a pod template (DeploymentConfig, Rollout...).
  return workload !== undefined && readsWorkloads(rule.kinds);
}

/**
 * What rules found in one parsed document (the parse cache hands out the same Document for the same
 * text), so that an edit re-runs rules only on the documents it touched. Kept per rule, for one
 * configuration and path, with the document's offset then (a document that moved gets its findings
 * shifted). A rule that read the workspace index is reused only while the index says the same
 * (CrossFileStamp). Findings with related information (locations elsewhere) are not kept.
 */
interface DocumentResults {
  config: ResolvedConfig;
  path: string;
  byRule: Map<string, { offset: number; stamp: CrossFileStamp; findings: Finding[] }>;
}

/**
 * What cross-file findings of a file depend on: the index's facts apart from offsets, valid only
 * when the index holds the facts of this very parse of the file (else, e.g. between the passes of
 * fix-all, its own objects may differ from the index's: no reuse).
 */
interface CrossFileStamp {
  index?: WorkspaceIndex;
  semanticVersion: number;
}

const NO_INDEX: CrossFileStamp = { semanticVersion: -1 };
const UNUSABLE: CrossFileStamp = { semanticVersion: -2 };

function crossFileStamp(file: ManifestFile, index: WorkspaceIndex): CrossFileStamp {
  if (factsSource(index.factsOf(file.path)) !== file) return UNUSABLE;
  return { index, semanticVersion: index.semanticVersion };
}

function sameStamp(kept: CrossFileStamp, now: CrossFileStamp): boolean {
  return kept === NO_INDEX || (kept !== UNUSABLE && kept.index === now.index && kept.semanticVersion === now.semanticVersion);
}

const documentResults = new WeakMap<Document.Parsed, DocumentResults>();

function resultsOfDocument(object: K8sObject, config: ResolvedConfig): DocumentResults {
  const known = documentResults.get(object.doc.yaml);
  if (known && known.config === config && known.path === object.file.path) return known;
  const fresh: DocumentResults = { config, path: object.file.path, byRule: new Map() };
  documentResults.set(object.doc.yaml, fresh);
  return fresh;
}

function reusedResults(reuse: DocumentResults | undefined, rule: Rule, object: K8sObject, stamp: CrossFileStamp, sink: Finding[]): boolean {
  const known = reuse?.byRule.get(rule.id);
  if (!known || !sameStamp(known.stamp, stamp)) return false;
  const delta = object.doc.offset - known.offset;
  for (const finding of known.findings) sink.push(shifted(finding, delta));
  return true;
}

function remember(reuse: DocumentResults | undefined, rule: Rule, object: K8sObject, stamp: CrossFileStamp, findings: Finding[]): void {
  if (!reuse) return;
  if (stamp === UNUSABLE || findings.some((finding) => finding.related !== undefined)) {
    reuse.byRule.delete(rule.id);
    return;
  }
  reuse.byRule.set(rule.id, { offset: object.doc.offset, stamp, findings: findings.map((finding) => shifted(finding, 0)) });
}

/** A copy of a finding moved by `delta` characters. */
function shifted(finding: Finding, delta: number): Finding {
  return {
    ...finding,
    start: finding.start + delta,
    end: finding.end + delta,
    fixes: finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, start: edit.start + delta, end: edit.end + delta })) })),
  };
}

function createContext(rule: Rule, object: K8sObject, workload: Workload | undefined, config: ResolvedConfig, index: WorkspaceIndex, sink: Finding[], onIndexRead: () => void): RuleContext {
  const ruleConfig = config.rules.get(rule.id)!;
  let editor: DocEditor | undefined;
  let containers: ReturnType<typeof containersOf> | undefined;
  return {
    object,
    config,
    options: ruleConfig.options,
    get index() {
      onIndexRead();
      return index;
    },
    workload: () => workload,
    containers: () => (containers ??= workload ? containersOf(workload) : []),
    editor: () => (editor ??= new DocEditor(object.doc)),
    report: (spec) => sink.push(toFinding(rule, ruleConfig.severity, object, spec)),
  };
}

function toFinding(rule: Rule, configuredSeverity: Severity | undefined, object: K8sObject, spec: ReportSpec): Finding {
  const offset = object.doc.offset;
  const [start, end] = spec.range ?? trimRange(object.doc.text, rangeOf(spec.node as Node | Pair | undefined) ?? rangeOf(object.kindNode)!);
  return {
    ruleId: rule.id,
    severity: configuredSeverity ?? spec.severity ?? rule.severity,
    message: spec.message,
    start: offset + start,
    end: offset + Math.max(end, start),
    fixes: (spec.fixes ?? []).map((fix) => ({
      title: fix.title,
      safe: fix.safe ?? true,
      edits: fix.edits.map((edit) => ({ start: edit.start + offset, end: edit.end + offset, newText: edit.newText })),
      createFiles: fix.createFiles,
    })),
    related: spec.related,
  };
}

/** A range without the trailing whitespace and line breaks that block collections carry. */
function trimRange(text: string, [start, end]: [number, number]): [number, number] {
  let trimmed = end;
  while (trimmed > start && /\s/.test(text[trimmed - 1])) trimmed--;
  return [start, trimmed];
}

function applySuppressions(file: ManifestFile, objects: K8sObject[], findings: Finding[], options: LintOptions): Finding[] {
  const suppressions: Suppression[] = [...commentSuppressions(file), ...objects.flatMap(annotationSuppressions)];
  if (suppressions.length === 0) return findings;
  if (!options.config.suppressions.allow) return findings;
  // Every configured rule is known; only the rules that ran this time can call a suppression unused.
  const ranIds = new Set(rulesToRun(options).map((rule) => rule.id));
  const isKnown = (id: string) => ranIds.has(id) || options.config.rules.has(id);
  const problems: Finding[] = [];
  const usable = suppressions.filter((suppression) => {
    const unknown = suppression.ruleIds.filter((id) => !isKnown(id));
    if (unknown.length > 0) problems.push(suppressionProblem(suppression, 'invalid-suppression', `unknown rule ID ${unknown.map((id) => `"${id}"`).join(', ')} in suppression`));
    if (options.config.suppressions.requireReason && !suppression.reason) {
      problems.push(suppressionProblem(suppression, 'invalid-suppression', 'suppression without a reason: add " -- why" (the configuration requires one); it has no effect until then'));
      return false;
    }
    return true;
  });
  const kept = findings.filter((finding) => {
    if (finding.ruleId in ENGINE_FINDINGS) return true;
    const line = file.lines.position(finding.start).line;
    const suppression = findSuppression(usable, finding.ruleId, line, finding.start);
    suppression?.used.add(finding.ruleId);
    return !suppression;
  });
  for (const suppression of usable) {
    const unused = suppression.ruleIds.filter((id) => ranIds.has(id) && !suppression.used.has(id) && options.config.rules.get(id)?.enabled);
    if (unused.length > 0) problems.push(suppressionProblem(suppression, 'unused-suppression', `unused suppression of ${unused.join(', ')}: nothing here triggers it any more`));
  }
  return [...kept, ...problems];
}

function suppressionProblem(suppression: Suppression, ruleId: keyof typeof ENGINE_FINDINGS, message: string): Finding {
  return { ruleId, severity: ruleId === 'unused-suppression' ? 'warning' : 'error', message, start: suppression.start, end: suppression.end, fixes: [] };
}

/** Sorts findings by offset, then rule ID, so output is deterministic. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message));
}

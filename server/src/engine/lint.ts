import type { Node, Pair } from 'yaml';
import { DocEditor, TextEdit } from './edits.ts';
import { ManifestDoc, ManifestFile, parseManifestFile, parseProblems } from './parse.ts';
import { K8sObject, objectOf } from './objects.ts';
import { rangeOf } from './nodes.ts';
import { CrossFileStamp, crossFileStamp, NO_INDEX, rememberDocument, rememberRule, resultsOfDocument, reusedDocument, reusedRule } from './document-results.ts';
import type { ResolvedConfig, ResolvedRuleConfig } from './config.ts';
import type { RelatedInfo, ReportSpec, Rule, RuleContext, Severity } from './rule.ts';
import { containersOf, readsWorkloads, Workload, workloadOf } from './workloads.ts';
import { WorkspaceIndex } from './workspace.ts';
import { viewFrom } from './variants.ts';
import { annotationSuppressions, commentSuppressions, findSuppression, Suppression } from './suppress.ts';
import { compareCodeUnits } from './text.ts';

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
  // Cross-file rules see the workspace as deployed with this file: without its alternative variants.
  const base = options.index ?? new WorkspaceIndex();
  const run: LintRun = { file, options, index: viewFrom(base, file.path), stamp: crossFileStamp(file, base), rules: rulesToRun(options) };
  if (!options.reuseResults) return lintDocuments(run, file.docs, false).findings;
  // A text repeated in the file is one parsed Document in two places, where cross-file findings may
  // differ (which copy the index holds): such documents are linted afresh.
  const repeated = repeatedDocuments(file);
  // Every finding lies inside its document: the documents' sorted findings, in order, are the file's.
  const findings: Finding[] = [];
  for (const doc of file.docs) {
    const found = repeated?.has(doc.yaml) ? lintDocuments(run, [doc], false).findings : findingsOfDocument(run, doc);
    for (const finding of found) findings.push(finding);
  }
  return isSorted(findings) ? findings : sortFindings(findings);
}

function repeatedDocuments(file: ManifestFile): Set<ManifestDoc['yaml']> | undefined {
  const seen = new Set<ManifestDoc['yaml']>();
  let repeated: Set<ManifestDoc['yaml']> | undefined;
  for (const doc of file.docs) {
    if (seen.has(doc.yaml)) (repeated ??= new Set()).add(doc.yaml);
    seen.add(doc.yaml);
  }
  return repeated;
}

/** One lint of a file: its inputs, shared by all its documents. */
interface LintRun {
  file: ManifestFile;
  options: LintOptions;
  index: WorkspaceIndex;
  stamp: CrossFileStamp;
  rules: readonly Rule[];
}

/** A document's final findings: kept ones when its text and inputs are unchanged, else a lint of it alone. */
function findingsOfDocument(run: LintRun, doc: ManifestDoc): Finding[] {
  const results = resultsOfDocument(doc, run.file.path, run.options.config, run.options.rules);
  const kept = reusedDocument(results, doc, run.stamp);
  if (kept) return kept;
  const outcome = lintDocuments(run, [doc], true);
  if (!outcome.failed) rememberDocument(results, doc, outcome.readIndex ? run.stamp : NO_INDEX, outcome.findings);
  return outcome.findings;
}

/** Lints some documents of a file: parse errors, every rule on every object, suppressions; `reuse`: per-rule results are kept and reused. */
function lintDocuments(run: LintRun, docs: ManifestDoc[], reuseRules: boolean): { findings: Finding[]; readIndex: boolean; failed: boolean } {
  const { file, options, index, stamp } = run;
  const findings: Finding[] = [];
  const objects: K8sObject[] = [];
  let readAny = false;
  let failed = false;
  for (const doc of docs) {
    // One finding per broken document: the errors after the first are mostly its echoes.
    for (const problem of parseProblems(doc).slice(0, 1)) {
      findings.push({ ruleId: 'parse-error', severity: 'error', message: `YAML syntax error: ${problem.message}`, start: problem.start, end: problem.end, fixes: [] });
    }
    const object = doc.yaml.errors.length > 0 || doc.kustomizePatch ? undefined : objectOf(file, doc);
    if (object) objects.push(object);
  }
  for (const object of objects) {
    const workload = workloadOf(object);
    const reuse = reuseRules ? resultsOfDocument(object.doc, file.path, options.config, options.rules) : undefined;
    for (const rule of run.rules) {
      const ruleConfig = options.config.rules.get(rule.id);
      if (!ruleConfig?.enabled || !appliesTo(rule, object, workload)) continue;
      const keptStamp = reusedRule(reuse, rule.id, object.doc, stamp, findings);
      if (keptStamp) {
        readAny ||= keptStamp !== NO_INDEX;
        continue;
      }
      const first = findings.length;
      const context = new LintContext(rule, ruleConfig, object, workload, options.config, index, findings);
      try {
        if (reuse) {
          let readIndex = false;
          rule.check(trackingContext(context, () => (readIndex = true)));
          rememberRule(reuse, rule.id, object.doc, readIndex ? stamp : NO_INDEX, findings.slice(first));
          readAny ||= readIndex;
        } else {
          rule.check(context);
          // Without kept results nobody asks which findings depend on other files: count every rule as reading the index.
          readAny = true;
        }
      } catch (error) {
        failed = true;
        options.onRuleError?.(rule, object, error);
      }
    }
  }
  const suppressed = applySuppressions(file, docs, objects, findings, options);
  return { findings: sortFindings(suppressed), readIndex: readAny, failed };
}

function isSorted(findings: Finding[]): boolean {
  for (let i = 1; i < findings.length; i++) if (compareFindings(findings[i - 1], findings[i]) > 0) return false;
  return true;
}

/** The adapter's rules plus the custom rules of the configuration (not already among them). */
function rulesToRun(options: LintOptions): readonly Rule[] {
  const custom = options.config.customRules ?? [];
  if (custom.length === 0) return options.rules;
  const ids = new Set(options.rules.map((rule) => rule.id));
  return [...options.rules, ...custom.filter((rule) => !ids.has(rule.id))];
}

/** True when a rule reads objects of this kind (or workloads, and this object is one). */
function appliesTo(rule: Rule, object: K8sObject, workload: Workload | undefined): boolean {
  if (rule.kinds === '*' || rule.kinds.includes(object.kind)) return true;
  // Workload rules also run on other kinds that carry a pod template (DeploymentConfig, Rollout...).
  return workload !== undefined && readsWorkloads(rule.kinds);
}

/** A rule's context that notes whether the rule read the workspace index (its kept findings then depend on other files). */
function trackingContext(context: LintContext, onIndexRead: () => void): RuleContext {
  return {
    ...context,
    get index() {
      onIndexRead();
      return context.index;
    },
  };
}

/**
 * A rule's context for a one-pass lint, made for every rule on every object (hundreds of thousands
 * in a scan): one object, no closures. Its methods are shared functions held in own properties, so
 * that a copy (`{ ...ctx, report }`, as wrappers of rules write) still works.
 */
class LintContext implements RuleContext {
  readonly options: Record<string, any>;
  readonly workload = contextWorkload;
  readonly containers = contextContainers;
  readonly editor = contextEditor;
  readonly report = contextReport;
  madeEditor: DocEditor | undefined = undefined;

  constructor(
    readonly rule: Rule,
    readonly ruleConfig: ResolvedRuleConfig,
    readonly object: K8sObject,
    readonly ownWorkload: Workload | undefined,
    readonly config: ResolvedConfig,
    readonly index: WorkspaceIndex,
    readonly sink: Finding[],
  ) {
    this.options = ruleConfig.options;
  }
}

function contextWorkload(this: LintContext): Workload | undefined {
  return this.ownWorkload;
}

function contextContainers(this: LintContext): ReturnType<typeof containersOf> {
  return this.ownWorkload ? containersOf(this.ownWorkload) : [];
}

function contextEditor(this: LintContext): DocEditor {
  return (this.madeEditor ??= new DocEditor(this.object.doc));
}

function contextReport(this: LintContext, spec: ReportSpec): void {
  this.sink.push(toFinding(this.rule, this.ruleConfig.severity, this.object, spec));
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

function applySuppressions(file: ManifestFile, docs: ManifestDoc[], objects: K8sObject[], findings: Finding[], options: LintOptions): Finding[] {
  const suppressions: Suppression[] = [...commentSuppressions(file, docs), ...objects.flatMap(annotationSuppressions)];
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
  return findings.sort(compareFindings);
}

function compareFindings(a: Finding, b: Finding): number {
  return a.start - b.start || a.end - b.end || compareCodeUnits(a.ruleId, b.ruleId) || compareCodeUnits(a.message, b.message);
}

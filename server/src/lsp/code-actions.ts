import { CodeAction, CodeActionKind, CodeActionParams, CodeActionTriggerKind, Diagnostic, Range } from './protocol.ts';
import type { Finding } from '../engine/lint.ts';
import { ruleById } from '../engine/registry.ts';
import type { Analysis } from './analysis.ts';
import { ClientSupport, FIX_ALL_KIND } from './capabilities.ts';
import { CLIENT_COMMANDS, COMMANDS } from './command-ids.ts';
import { isConfigFile } from './config-file.ts';
import { DiagnosticData, ruleIdOf } from './diagnostics.ts';
import { fixAllAction, fixAllRuleAction } from './fix-all-actions.ts';
import { toOffsets } from './positions.ts';
import { asksForNamespace, conversionAction } from './role-binding-conversion.ts';
import { rankFixes, SpotFix } from './spot.ts';
import { disableFileEdits, disableLineEdit, disableObjectEdits, suppressionEdit } from './suppress-edits.ts';
import { canApply, fixEdit } from './workspace-edits.ts';

/** The title of the quick fix that applies every safe fix of the file. */
export const FIX_ALL_IN_FILE_TITLE = 'Fix all kube-hardener problems in this file';

/**
 * The code actions for a range, as one menu for all the findings there (vscode-eslint's order):
 * the fix that resolves the most of them (preferred), the other fixes, fix-all of the rule (one
 * rule only) and of the file, one "Disable <ids>" entry per scope (line, object, file) naming every
 * rule there, and the documentation. Plus the `source.fixAll` action when asked for by kind.
 */
export function codeActions(analysis: Analysis, params: CodeActionParams, support: ClientSupport): CodeAction[] {
  if (!analysis.settings.enabled) return [];
  const actions: CodeAction[] = [];
  if (wants(params, CodeActionKind.QuickFix)) {
    const spot = spotOf(analysis, params.context.diagnostics);
    if (spot.length > 0) actions.push(...spotActions(analysis, spot, params, support));
  }
  if (params.context.only && wants(params, FIX_ALL_KIND)) {
    const action = fixAllAction(analysis, support);
    if (action) actions.push(action);
  }
  return actions;
}

/** A finding of a rule at the cursor with the diagnostic the client sent for it. */
interface SpotFinding {
  finding: Finding;
  diagnostic: Diagnostic;
}

function spotOf(analysis: Analysis, diagnostics: Diagnostic[]): SpotFinding[] {
  const spot: SpotFinding[] = [];
  for (const diagnostic of diagnostics) {
    const finding = findingFor(analysis, diagnostic);
    if (finding && ruleById(finding.ruleId) && !spot.some((known) => known.finding === finding)) spot.push({ finding, diagnostic });
  }
  return spot;
}

function spotActions(analysis: Analysis, spot: SpotFinding[], params: CodeActionParams, support: ClientSupport): CodeAction[] {
  const findings = spot.map((item) => item.finding);
  const diagnostics = spot.map((item) => item.diagnostic);
  const ruleIds = [...new Set(findings.map((finding) => finding.ruleId))];
  const actions: CodeAction[] = [];
  const conversions = spot.filter(({ finding }) => asksForNamespace(finding, support));
  for (const { finding, diagnostic } of conversions) {
    const conversion = conversionAction(analysis, finding, diagnostic);
    if (conversion) actions.push({ ...conversion, diagnostics });
  }
  const fixable = findings.filter((finding) => !conversions.some((item) => item.finding === finding));
  const ranked = withoutSubsumed(rankFixes(analysis, fixable, (fix) => canApply(fix, support)));
  ranked.forEach((candidate, index) => actions.push(fixAction(analysis, candidate, index === 0 && conversions.length === 0, diagnostics, support)));
  if (ruleIds.length === 1) {
    const fixAllRule = fixAllRuleAction(analysis, ruleIds[0], support);
    if (fixAllRule) actions.push({ ...fixAllRule, diagnostics });
  }
  // Fix-all re-lints the file up to ten times: computed lazily (resolve) or on an explicit request only.
  if (support.resolveEdit || params.context.triggerKind !== CodeActionTriggerKind.Automatic) {
    const fixAll = fixAllAction(analysis, support, support.resolveEdit, FIX_ALL_IN_FILE_TITLE, CodeActionKind.QuickFix);
    if (fixAll) actions.push({ ...fixAll, diagnostics });
  }
  // Suppression comments work in manifests; in .kube-hardener.yaml itself, turning the rule off is the way.
  if (!isConfigFile(analysis.path)) actions.push(...disableActions(analysis, findings, ruleIds, diagnostics, support));
  actions.push(docsAction(ruleIds, diagnostics, support));
  return actions;
}

/**
 * Drops the fixes that only do part of what a larger fix of the same safety does (Drop ALL
 * capabilities next to the hardened securityContext): applying the larger one resolves their
 * findings too. A safe fix is never folded into an unsafe one, so the safe choice stays offered;
 * at a node agent, where every securityContext fix is unsafe, the unsafe partial fixes fold into
 * the unsafe complete one.
 */
function withoutSubsumed(ranked: SpotFix[]): SpotFix[] {
  const largest = (safe: boolean) => ranked.find((candidate) => candidate.fix.safe === safe && candidate.covers.length >= 2);
  const folders = [largest(true), largest(false)].filter((candidate): candidate is SpotFix => candidate !== undefined);
  return ranked.filter(
    (candidate) =>
      !folders.some(
        (folder) => folder !== candidate && folder.fix.safe === candidate.fix.safe && folder.covers.length >= candidate.covers.length && candidate.covers.every((finding) => folder.covers.includes(finding)),
      ),
  );
}

/**
 * Every action of a spot carries the same diagnostics: VS Code sorts the menu by the first
 * diagnostic's message after the preferred action, and equal ones keep this server's order.
 */
function fixAction(analysis: Analysis, candidate: SpotFix, preferred: boolean, diagnostics: Diagnostic[], support: ClientSupport): CodeAction {
  const { fix, covers } = candidate;
  const counted = covers.length > 1 && !candidate.combined ? `${fix.title} (fixes ${covers.length} problems)` : fix.title;
  return {
    title: fix.safe ? counted : `${counted} (unsafe)`,
    kind: CodeActionKind.QuickFix,
    diagnostics,
    isPreferred: preferred && fix.safe,
    edit: fixEdit(analysis, fix, support),
  };
}

function disableActions(analysis: Analysis, findings: Finding[], ruleIds: string[], diagnostics: Diagnostic[], support: ClientSupport): CodeAction[] {
  const names = ruleIds.join(', ');
  const [anchor] = findings;
  const scopes: [string, ReturnType<typeof disableFileEdits> | undefined][] = [
    ['this line', optionalList(disableLineEdit(analysis.file, anchor, ruleIds))],
    ['this object', disableObjectEdits(analysis.file, anchor, ruleIds)],
    [analysis.file.docs.length > 1 ? 'this file (each document)' : 'this file', disableFileEdits(analysis.file, analysis.findings, ruleIds)],
  ];
  return scopes
    .filter(([, edits]) => edits && edits.length > 0)
    .map(([scope, edits]) => ({
      title: `Disable ${names} for ${scope}`,
      kind: CodeActionKind.QuickFix,
      diagnostics,
      edit: suppressionEdit(analysis, edits!, support),
    }));
}

function optionalList<T>(item: T | undefined): T[] | undefined {
  return item === undefined ? undefined : [item];
}

/** One documentation entry: the rule's page, or (several rules) a pick among them where the client offers one. */
function docsAction(ruleIds: string[], diagnostics: Diagnostic[], support: ClientSupport): CodeAction {
  const title = ruleIds.length === 1 ? `Show documentation for ${ruleIds[0]}` : `Show documentation for ${ruleIds.length} rules…`;
  const picks = ruleIds.length > 1 && support.clientCommands.includes(CLIENT_COMMANDS.pickRuleDocs);
  const command = picks
    ? { title, command: CLIENT_COMMANDS.pickRuleDocs, arguments: [ruleIds] }
    : { title, command: COMMANDS.showRuleDocs, arguments: [ruleIds.length === 1 ? ruleIds[0] : ruleIds] };
  return { title, kind: CodeActionKind.QuickFix, diagnostics, command };
}

function wants(params: CodeActionParams, kind: string): boolean {
  const only = params.context.only;
  return !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}

/**
 * The finding behind a diagnostic: by its data when the version matches and the finding there has
 * the diagnostic's rule and range (a re-check of the same version, e.g. once the workspace index is
 * built, may have moved findings to other indexes), else by rule ID and range.
 */
function findingFor(analysis: Analysis, diagnostic: Diagnostic): Finding | undefined {
  const ruleId = ruleIdOf(diagnostic);
  if (!ruleId) return undefined;
  const span = isRange(diagnostic.range) ? toOffsets(analysis.file.lines, diagnostic.range) : undefined;
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  if (data?.version === analysis.version && typeof data.index === 'number') {
    const finding = analysis.findings[data.index];
    if (finding?.ruleId === ruleId && (!span || (finding.start === span[0] && finding.end === span[1]))) return finding;
  }
  if (!span) return undefined;
  const [start, end] = span;
  const sameRule = analysis.findings.filter((finding) => finding.ruleId === ruleId);
  return (
    sameRule.find((finding) => finding.start === start && finding.end === end) ??
    sameRule.find((finding) => finding.start <= end && start <= finding.end)
  );
}

/** A client may send a diagnostic back without its range or with a malformed one. */
function isRange(range: unknown): range is Range {
  const { start, end } = (range ?? {}) as Partial<Range>;
  return [start?.line, start?.character, end?.line, end?.character].every((n) => typeof n === 'number');
}

import { CodeAction, CodeActionKind, CodeActionParams, CodeActionTriggerKind, Diagnostic } from 'vscode-languageserver';
import type { Finding } from '../engine/lint.ts';
import { ruleById } from '../engine/registry.ts';
import type { Analysis } from './analysis.ts';
import { ClientSupport, FIX_ALL_KIND } from './capabilities.ts';
import { COMMANDS } from './command-ids.ts';
import { isConfigFile } from './config-file.ts';
import { DiagnosticData, ruleIdOf } from './diagnostics.ts';
import { fixAllAction, fixAllRuleAction } from './fix-all-actions.ts';
import { toOffsets } from './positions.ts';
import { asksForNamespace, conversionAction } from './role-binding-conversion.ts';
import { disableLineEdit, disableObjectEdits } from './suppress-edits.ts';
import { canApply, documentEdit, fixEdit } from './workspace-edits.ts';

/**
 * The code actions for a range: per diagnostic of this server its fixes, fix all of its rule,
 * disable for the line, disable for the object and show the docs; and the `source.fixAll` action.
 */
export function codeActions(analysis: Analysis, params: CodeActionParams, support: ClientSupport): CodeAction[] {
  if (!analysis.settings.enabled) return [];
  const actions: CodeAction[] = [];
  if (wants(params, CodeActionKind.QuickFix)) {
    const fixAllOffered = new Set<string>();
    for (const diagnostic of params.context.diagnostics) {
      const finding = findingFor(analysis, diagnostic);
      if (finding && ruleById(finding.ruleId)) actions.push(...findingActions(analysis, finding, diagnostic, support, fixAllOffered));
    }
  }
  if (wantsFixAll(params)) {
    const action = fixAllAction(analysis, support);
    if (action) actions.push(action);
  }
  return actions;
}

/**
 * Fix-all re-lints the file up to ten times, so it is computed when asked for by kind, or on an
 * explicit request; not for the lightbulb's automatic requests on every cursor move.
 */
function wantsFixAll(params: CodeActionParams): boolean {
  if (params.context.only) return wants(params, FIX_ALL_KIND);
  return params.context.triggerKind !== CodeActionTriggerKind.Automatic;
}

function wants(params: CodeActionParams, kind: string): boolean {
  const only = params.context.only;
  return !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}

/** The finding behind a diagnostic: by its data when the version matches, else by rule ID and range. */
function findingFor(analysis: Analysis, diagnostic: Diagnostic): Finding | undefined {
  const ruleId = ruleIdOf(diagnostic);
  if (!ruleId) return undefined;
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  if (data?.version === analysis.version && typeof data.index === 'number') {
    const finding = analysis.findings[data.index];
    if (finding?.ruleId === ruleId) return finding;
  }
  const [start, end] = toOffsets(analysis.file.lines, diagnostic.range);
  const sameRule = analysis.findings.filter((finding) => finding.ruleId === ruleId);
  return (
    sameRule.find((finding) => finding.start === start && finding.end === end) ??
    sameRule.find((finding) => finding.start <= end && start <= finding.end)
  );
}

function findingActions(analysis: Analysis, finding: Finding, diagnostic: Diagnostic, support: ClientSupport, fixAllOffered: Set<string>): CodeAction[] {
  const actions: CodeAction[] = [];
  const diagnostics = [diagnostic];
  const conversion = asksForNamespace(finding, support) ? conversionAction(analysis, finding, diagnostic) : undefined;
  if (conversion) actions.push(conversion);
  const fixes = conversion ? [] : finding.fixes;
  fixes.filter((fix) => canApply(fix, support)).forEach((fix, index) => {
    actions.push({
      title: fix.safe ? fix.title : `${fix.title} (unsafe)`,
      kind: CodeActionKind.QuickFix,
      diagnostics,
      isPreferred: index === 0 && fix.safe,
      edit: fixEdit(analysis, fix, support),
    });
  });
  const ruleId = finding.ruleId;
  if (!fixAllOffered.has(ruleId)) {
    fixAllOffered.add(ruleId);
    const fixAllRule = fixAllRuleAction(analysis, ruleId, support);
    if (fixAllRule) actions.push({ ...fixAllRule, diagnostics });
  }
  // Suppression comments work in manifests; in .kube-hardener.yaml itself, turning the rule off is the way.
  const lineEdit = isConfigFile(analysis.path) ? undefined : disableLineEdit(analysis.file, finding);
  if (lineEdit) {
    actions.push({ title: `Disable ${ruleId} for this line`, kind: CodeActionKind.QuickFix, diagnostics, edit: documentEdit(analysis, [lineEdit], support) });
  }
  const objectEdits = isConfigFile(analysis.path) ? undefined : disableObjectEdits(analysis.file, finding);
  if (objectEdits) {
    actions.push({ title: `Disable ${ruleId} for this object`, kind: CodeActionKind.QuickFix, diagnostics, edit: documentEdit(analysis, objectEdits, support) });
  }
  actions.push({
    title: `Show documentation for ${ruleId}`,
    kind: CodeActionKind.QuickFix,
    diagnostics,
    command: { title: `Show documentation for ${ruleId}`, command: COMMANDS.showRuleDocs, arguments: [ruleId] },
  });
  return actions;
}

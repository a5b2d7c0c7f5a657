import { CodeAction, CodeActionKind } from './protocol.ts';
import type { TextEdit } from '../engine/edits.ts';
import { fixAll } from '../engine/fix.ts';
import type { Analysis } from './analysis.ts';
import { ClientSupport, FIX_ALL_KIND } from './capabilities.ts';
import type { ServerContext } from './context.ts';
import { minimalEdit } from './positions.ts';
import { documentEdit } from './workspace-edits.ts';

/** What a fix-all action left for codeAction/resolve carries to compute its edit later. */
interface FixAllData {
  fixAll: true;
  uri: string;
  version: number;
  ruleIds?: string[];
}

/**
 * "Fix all safely fixable problems" of a document: source.fixAll, the fixAllInFile command, and
 * (with another title and the quickfix kind) the entry of the Ctrl+. menu.
 */
export function fixAllAction(
  analysis: Analysis,
  support: ClientSupport,
  lazy = support.resolveEdit,
  title = 'Fix all safely fixable kube-hardener problems',
  kind: string = FIX_ALL_KIND,
): CodeAction | undefined {
  if (!analysis.findings.some(hasSafeFix)) return undefined;
  return build(analysis, title, kind, undefined, support, lazy);
}

/** "Fix all <rule> problems in this file", offered when more than one finding of the rule has a safe fix. */
export function fixAllRuleAction(analysis: Analysis, ruleId: string, support: ClientSupport): CodeAction | undefined {
  const fixable = analysis.findings.filter((finding) => finding.ruleId === ruleId && hasSafeFix(finding));
  if (fixable.length < 2) return undefined;
  return build(analysis, `Fix all ${ruleId} problems in this file`, CodeActionKind.QuickFix, [ruleId], support, support.resolveEdit);
}

/**
 * Fix-all re-lints the file up to ten times: clients that can resolve code actions get the action
 * without its edit, computed by codeAction/resolve only when the user picks it.
 */
function build(analysis: Analysis, title: string, kind: string, ruleIds: string[] | undefined, support: ClientSupport, lazy: boolean): CodeAction | undefined {
  if (lazy) {
    const data: FixAllData = { fixAll: true, uri: analysis.uri, version: analysis.version, ruleIds };
    return { title, kind, data };
  }
  const edit = fixedTextEdit(analysis, ruleIds);
  return edit && { title, kind, edit: documentEdit(analysis, [edit], support) };
}

/** Fills in the edit of a fix-all action; an action for an outdated version gets none. */
export async function resolveCodeAction(ctx: ServerContext, action: CodeAction): Promise<CodeAction> {
  const data = action.data as FixAllData | undefined;
  if (!data?.fixAll) return action;
  const document = ctx.documents.get(data.uri);
  if (!document || document.version !== data.version) return action;
  const analysis = await ctx.analyzer.analyze(document);
  const edit = analysis && fixedTextEdit(analysis, data.ruleIds);
  return analysis && edit ? { ...action, edit: documentEdit(analysis, [edit], ctx.support) } : action;
}

function hasSafeFix(finding: Analysis['findings'][number]): boolean {
  return finding.fixes.some((fix) => fix.safe && !fix.createFiles?.length && fix.edits.length > 0);
}

/** The single edit from the document's text to its fix-all result (all rules or the given ones), memoised. */
function fixedTextEdit(analysis: Analysis, ruleIds: string[] | undefined): TextEdit | undefined {
  if (analysis.file.skipped) return undefined;
  const key = ruleIds?.join(',') ?? '*';
  let fixed = analysis.fixedTexts.get(key);
  if (fixed === undefined) {
    fixed = fixAll(analysis.path, analysis.text, analysis.lint, { ruleIds: ruleIds && new Set(ruleIds) }).text;
    analysis.fixedTexts.set(key, fixed);
  }
  return minimalEdit(analysis.text, fixed);
}

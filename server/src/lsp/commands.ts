import { CancellationToken, ErrorCodes, ExecuteCommandParams, ResponseError, WorkDoneProgressReporter } from './protocol.ts';
import { ruleById } from '../engine/registry.ts';
import { ruleDocsUrl, SEVERITIES, Severity } from '../engine/rule.ts';
import { COMMANDS } from './command-ids.ts';
import { fixAllAction } from './fix-all-actions.ts';
import type { ServerContext } from './context.ts';
import { ruleDocsMarkdown } from './rule-docs.ts';
import { explainRbac } from './rbac-hover.ts';
import { applyRoleBindingConversion } from './role-binding-conversion.ts';
import { scanWorkspace } from './workspace-scan.ts';

/** What the client's language status item shows for a file. */
export interface FileSummary {
  profile: string;
  enabled: boolean;
  skipped?: string;
  counts: Record<Severity, number>;
}

/** Runs a workspace/executeCommand request. */
export async function executeCommand(
  ctx: ServerContext,
  params: ExecuteCommandParams,
  token: CancellationToken,
  workDone?: WorkDoneProgressReporter,
): Promise<unknown> {
  const [argument] = params.arguments ?? [];
  switch (params.command) {
    case COMMANDS.scanWorkspace:
      return scanWorkspace(ctx, token, workDone, argument as { notify?: boolean } | undefined);
    case COMMANDS.fixAllInFile:
      return fixAllInFile(ctx, uriArgument(argument));
    case COMMANDS.showRuleDocs:
      if (Array.isArray(argument)) return showRulesDocs(ctx, argument.map(ruleArgument), params.arguments?.[1]);
      return showRuleDocs(ctx, ruleArgument(argument), params.arguments?.[1]);
    case COMMANDS.fileSummary:
      return fileSummary(ctx, uriArgument(argument));
    case COMMANDS.explainRbac:
      await ctx.tracker.whenBuilt();
      return explainRbac(ctx.tracker.index, argument);
    case COMMANDS.applyRoleBindingConversion:
      return applyRoleBindingConversion(ctx, argument);
    default:
      throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${params.command}`);
  }
}

/** Applies every safe fix of an open document through workspace/applyEdit. */
async function fixAllInFile(ctx: ServerContext, uri: string): Promise<{ applied: boolean }> {
  const document = ctx.documents.get(uri);
  if (!document) return { applied: false };
  const analysis = await ctx.analyzer.analyze(document);
  const action = analysis && fixAllAction(analysis, ctx.support, false);
  if (!action?.edit) return { applied: false };
  const result = await ctx.connection.workspace.applyEdit({ label: action.title, edit: action.edit });
  return { applied: result.applied };
}

/**
 * The markdown documentation of a rule; also asks the client to open the rule's web page, unless
 * the caller shows the markdown itself and says so with `{ openExternal: false }`.
 */
async function showRuleDocs(ctx: ServerContext, ruleId: string, options?: unknown): Promise<string> {
  const markdown = ruleDocsMarkdown(ruleId, { examples: true });
  if (!markdown) throw new ResponseError(ErrorCodes.InvalidParams, `unknown rule ${ruleId}`);
  const openExternal = (options as { openExternal?: unknown } | undefined)?.openExternal !== false;
  if (openExternal && ctx.support.showDocument && ruleById(ruleId)) {
    try {
      await ctx.connection.window.showDocument({ uri: ruleDocsUrl(ruleId), external: true });
    } catch (error) {
      ctx.connection.console.warn(`kube-hardener: could not open the documentation: ${String(error)}`);
    }
  }
  return markdown;
}

/** The documentation of several rules (one code action for every rule at a spot), the first one's page opened. */
async function showRulesDocs(ctx: ServerContext, ruleIds: string[], options?: unknown): Promise<string> {
  if (ruleIds.length === 0) throw new ResponseError(ErrorCodes.InvalidParams, 'expected a rule ID as the argument');
  const [first, ...rest] = ruleIds;
  const parts = [await showRuleDocs(ctx, first, options)];
  for (const ruleId of rest) parts.push(ruleDocsMarkdown(ruleId) ?? ruleId);
  return parts.join('\n\n---\n\n');
}

/** The profile and the finding counts of a document, for the client's language status item. */
async function fileSummary(ctx: ServerContext, uri: string): Promise<FileSummary> {
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  const document = ctx.documents.get(uri);
  const analysis = document && (await ctx.analyzer.analyze(document));
  const settings = analysis?.settings ?? (await ctx.settings.forResource(uri));
  for (const finding of analysis?.findings ?? []) counts[finding.severity]++;
  return { profile: settings.config.profile, enabled: settings.enabled, skipped: analysis?.file.skipped, counts };
}

function uriArgument(argument: unknown): string {
  if (typeof argument === 'string') return argument;
  const uri = (argument as { uri?: unknown } | undefined)?.uri;
  if (typeof uri === 'string') return uri;
  throw new ResponseError(ErrorCodes.InvalidParams, 'expected a document URI as the argument');
}

function ruleArgument(argument: unknown): string {
  if (typeof argument === 'string') return argument;
  const ruleId = (argument as { ruleId?: unknown } | undefined)?.ruleId;
  if (typeof ruleId === 'string') return ruleId;
  throw new ResponseError(ErrorCodes.InvalidParams, 'expected a rule ID as the argument');
}

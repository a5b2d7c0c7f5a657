import { relative } from 'node:path';
import { CancellationToken, MessageType, WorkDoneProgressReporter } from './protocol.ts';
import type { Finding } from '../engine/lint.ts';
import { SEVERITIES, Severity } from '../engine/rule.ts';
import { compareCodeUnits } from '../engine/text.ts';
import type { ServerContext } from './context.ts';
import { showMessage } from './notify.ts';
import { startProgress, yieldToEventLoop } from './progress.ts';
import { relintUnopened } from './unopened-files.ts';
import { pathToUri } from './uris.ts';
import { workspaceFiles } from './workspace-sync.ts';

/** What a workspace scan found, returned by the command and shown to the user. */
export interface ScanSummary {
  files: number;
  skipped: number;
  findings: Record<Severity, number>;
  topRules: { rule: string; count: number }[];
  cancelled: boolean;
  /** The files not checked and why (at most 200; `skipped` counts them all), relative to their folder. */
  skippedFiles: { path: string; reason: string }[];
}

/** Options of the scan command: the VS Code client shows the summary itself (`notify: false`). */
interface ScanOptions {
  notify?: boolean;
}

const MAX_SKIPPED_LISTED = 200;

const TOP_RULES = 5;

/**
 * Checks every YAML file of the workspace folders, with cancellable progress. Open documents use
 * the editor's text; unopened files get their diagnostics pushed so the Problems panel lists them.
 */
export async function scanWorkspace(ctx: ServerContext, requestToken: CancellationToken, attached?: WorkDoneProgressReporter, options: ScanOptions = {}): Promise<ScanSummary> {
  const progress = await startProgress(ctx, 'kube-hardener: scanning the workspace', true, attached);
  const cancelled = () => requestToken.isCancellationRequested || progress.token.isCancellationRequested;
  const summary: ScanSummary = { files: 0, skipped: 0, findings: { error: 0, warning: 0, info: 0, hint: 0 }, topRules: [], cancelled: false, skippedFiles: [] };
  const ruleCounts = new Map<string, number>();
  try {
    // Cross-file findings of the first files scanned need the facts of the last ones.
    await ctx.tracker.whenBuilt();
    const files = await workspaceFiles(ctx, ctx.folders.all(), progress.token);
    for (const [index, file] of files.entries()) {
      await yieldToEventLoop();
      if (cancelled()) break;
      const result = await checkFile(ctx, file.path);
      if (!result) continue;
      summary.files++;
      const shown = relative(file.folder.path, file.path);
      if (result.skipped !== undefined) {
        summary.skipped++;
        if (summary.skippedFiles.length < MAX_SKIPPED_LISTED) summary.skippedFiles.push({ path: shown, reason: result.skipped });
      }
      for (const finding of result.findings) {
        summary.findings[finding.severity]++;
        ruleCounts.set(finding.ruleId, (ruleCounts.get(finding.ruleId) ?? 0) + 1);
      }
      progress.report(index + 1, files.length, `${index + 1}/${files.length} files · ${shown}`);
    }
    summary.cancelled = cancelled();
  } finally {
    progress.done();
  }
  summary.topRules = [...ruleCounts]
    .sort((a, b) => b[1] - a[1] || compareCodeUnits(a[0], b[0]))
    .slice(0, TOP_RULES)
    .map(([rule, count]) => ({ rule, count }));
  if (options.notify !== false) showMessage(ctx.connection, MessageType.Info, describeSummary(summary));
  return summary;
}

async function checkFile(ctx: ServerContext, path: string): Promise<{ skipped?: string; findings: Finding[] } | undefined> {
  const document = ctx.openDocument(path);
  if (document) {
    const analysis = await ctx.analyzer.analyze(document);
    return analysis && { skipped: analysis.file.skipped, findings: analysis.findings };
  }
  const result = await relintUnopened(ctx, pathToUri(path));
  return result && { skipped: result.skipped, findings: result.findings };
}

/** One line for window/showMessage. */
function describeSummary(summary: ScanSummary): string {
  const counts = SEVERITIES.map((severity) => `${summary.findings[severity]} ${plural(severity, summary.findings[severity])}`).join(', ');
  const top = summary.topRules.map(({ rule, count }) => `${rule} (${count})`).join(', ');
  const head = summary.cancelled ? `kube-hardener: scan cancelled after ${summary.files} files` : `kube-hardener scanned ${summary.files} files`;
  return `${head} (${summary.skipped} skipped): ${counts}.${top ? ` Top rules: ${top}.` : ''}`;
}

function plural(severity: Severity, count: number): string {
  if (severity === 'info') return 'info';
  return count === 1 ? severity : `${severity}s`;
}

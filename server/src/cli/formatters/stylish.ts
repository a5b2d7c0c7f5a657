import type { Severity } from '../../engine/rule.ts';
import { countBySeverity, FileReport, ReportedFinding, ReportedRelated, ScanReport } from '../report.ts';

/** ANSI styling, or none when colours are off. */
interface Painter {
  severity(severity: Severity, text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const SEVERITY_COLOURS: Record<Severity, number> = { error: 31, warning: 33, info: 36, hint: 90 };

function painter(colour: boolean): Painter {
  const paint = (code: number, text: string) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    severity: (severity, text) => paint(SEVERITY_COLOURS[severity], text),
    dim: (text) => paint(2, text),
    bold: (text) => paint(1, text),
  };
}

/**
 * Human-readable output: per file, one `line:col  severity  message  rule-id` row per finding
 * (followed by indented `related: path:line:col message` lines), skipped files with their reason,
 * then a summary with counts per severity and how many are fixable (and how many more only unsafely).
 */
export function formatStylish(report: ScanReport, options: { colour: boolean }): string {
  const paint = painter(options.colour);
  const blocks: string[] = [];
  for (const file of report.files) {
    if (file.skipped) blocks.push(`${paint.bold(file.path)}\n  ${paint.dim(`skipped: ${file.skipped}`)}\n`);
    else if (file.findings.length > 0) blocks.push(fileBlock(file, paint));
  }
  blocks.push(summary(report, paint));
  return blocks.join('\n');
}

function fileBlock(file: FileReport, paint: Painter): string {
  const positions = file.findings.map((finding) => `${finding.line}:${finding.column}`);
  const positionWidth = Math.max(...positions.map((position) => position.length));
  const severityWidth = Math.max(...file.findings.map((finding) => finding.severity.length));
  const messageWidth = Math.max(...file.findings.map((finding) => finding.message.length));
  const rows = file.findings.map((finding: ReportedFinding, i) =>
    [
      [
        `  ${positions[i].padEnd(positionWidth)}`,
        paint.severity(finding.severity, finding.severity.padEnd(severityWidth)),
        finding.message.padEnd(messageWidth),
        paint.dim(finding.rule),
      ].join('  ').trimEnd(),
      ...finding.related.map((related) => relatedRow(related, positionWidth, paint)),
    ].join('\n'),
  );
  return `${paint.bold(file.path)}\n${rows.join('\n')}\n`;
}

/** A related-information line, indented under the finding's message column. */
function relatedRow(related: ReportedRelated, positionWidth: number, paint: Painter): string {
  return `  ${' '.repeat(positionWidth)}  ${paint.dim('related:')} ${related.path}:${related.line}:${related.column} ${related.message}`;
}

function summary(report: ScanReport, paint: Painter): string {
  const counts = countBySeverity(report);
  const total = counts.error + counts.warning + counts.info + counts.hint;
  const checked = report.files.filter((file) => !file.skipped).length;
  const skipped = report.files.length - checked;
  const fixed = report.files.reduce((sum, file) => sum + file.fixed, 0);
  const fixable = countFindings(report, (finding) => finding.fixable);
  const unsafeFixOnly = countFindings(report, (finding) => finding.unsafeFixOnly);
  const lines: string[] = [];
  if (fixed > 0) lines.push(`fixed ${plural(fixed, 'problem')}`);
  if (total === 0) {
    lines.push(`no problems in ${plural(checked, 'file')} checked`);
  } else {
    const perSeverity = `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info, ${plural(counts.hint, 'hint')}`;
    const worst: Severity = counts.error ? 'error' : counts.warning ? 'warning' : counts.info ? 'info' : 'hint';
    lines.push(paint.severity(worst, paint.bold(`${plural(total, 'problem')} (${perSeverity}) in ${plural(checked, 'file')} checked`)));
    const fixableLine = fixableSummary(fixable, unsafeFixOnly, report.unsafeFixes);
    if (fixableLine) lines.push(fixableLine);
  }
  if (skipped > 0) lines.push(`${plural(skipped, 'file')} skipped`);
  return `${lines.join('\n')}\n`;
}

function countFindings(report: ScanReport, predicate: (finding: ReportedFinding) => boolean): number {
  return report.files.reduce((sum, file) => sum + file.findings.filter(predicate).length, 0);
}

/** "64 fixable with --fix, 12 more with --fix --unsafe-fixes", or the part that applies. */
function fixableSummary(fixable: number, unsafeFixOnly: number, unsafeFixes: boolean): string | undefined {
  const withThisRun = `--fix${unsafeFixes ? ' --unsafe-fixes' : ''}`;
  if (unsafeFixOnly === 0) return fixable > 0 ? `${fixable} fixable with ${withThisRun}` : undefined;
  if (fixable === 0) return `${unsafeFixOnly} fixable with --fix --unsafe-fixes`;
  return `${fixable} fixable with ${withThisRun}, ${unsafeFixOnly} more with --fix --unsafe-fixes`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

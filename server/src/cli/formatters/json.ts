import { ScanReport, toPosixPath } from '../report.ts';

/**
 * Machine-readable output, exactly:
 * {"files":[{"path","findings":[{"rule","severity","message","line","column","endLine","endColumn","fixable"}],"skipped"}]}
 * with 1-based lines and columns; `skipped` only on files that were not checked.
 */
export function formatJson(report: ScanReport): string {
  const files = report.files.map((file) => ({
    path: toPosixPath(file.path),
    findings: file.findings.map(({ rule, severity, message, line, column, endLine, endColumn, fixable }) => ({
      rule,
      severity,
      message,
      line,
      column,
      endLine,
      endColumn,
      fixable,
    })),
    ...(file.skipped !== undefined ? { skipped: file.skipped } : {}),
  }));
  return `${JSON.stringify({ files }, null, 2)}\n`;
}

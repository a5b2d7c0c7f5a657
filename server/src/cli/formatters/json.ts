import { FileReport, ScanReport, toPosixPath } from '../report.ts';

/**
 * Machine-readable output, exactly:
 * {"files":[{"path","findings":[{"rule","severity","message","line","column","endLine","endColumn","fixable"}],"skipped"}]}
 * with 1-based lines and columns; `skipped` only on files that were not checked.
 */
export function formatJson(report: ScanReport): string {
  const chunks: string[] = [];
  writeJson(report, (chunk) => chunks.push(chunk));
  return chunks.join('');
}

/**
 * formatJson's text, written a file at a time: the same bytes as `JSON.stringify({ files }, null, 2)`
 * without ever holding the whole report as one string (15 MB for 10,000 files).
 */
export function writeJson(report: ScanReport, write: (chunk: string) => void): void {
  if (report.files.length === 0) {
    write('{\n  "files": []\n}\n');
    return;
  }
  write('{\n  "files": [\n');
  report.files.forEach((file, index) => {
    // A file is an item of "files": JSON.stringify indents its lines by two levels there (no JSON string holds a raw line break).
    const text = JSON.stringify(jsonFile(file), null, 2).replace(/\n/g, '\n    ');
    write(`    ${text}${index + 1 < report.files.length ? ',' : ''}\n`);
  });
  write('  ]\n}\n');
}

function jsonFile(file: FileReport) {
  return {
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
  };
}

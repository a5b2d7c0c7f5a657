import { FileReport, ReportedFinding, ScanReport, toPosixPath } from '../report.ts';

/**
 * Machine-readable output, exactly:
 * {"files":[{"path","findings":[{"rule","severity","message","line","column","endLine","endColumn","fixable"}],"skipped"}]}
 * with 1-based lines and columns; `skipped` only on files that were not checked.
 */
export function formatJson(report: ScanReport): string {
  return [...jsonChunks(report)].join('');
}

/**
 * formatJson's text a file at a time: the same bytes as `JSON.stringify({ files }, null, 2)` without
 * ever holding the whole report as one string (15 MB for 10,000 files).
 */
export function* jsonChunks(report: ScanReport): Generator<string> {
  if (report.files.length === 0) {
    yield '{\n  "files": []\n}\n';
    return;
  }
  yield '{\n  "files": [\n';
  for (const [index, file] of report.files.entries()) yield `${fileText(file)}${index + 1 < report.files.length ? ',' : ''}\n`;
  yield '  ]\n}\n';
}

/** One item of "files" as `JSON.stringify({ files }, null, 2)` lays it out (checked against it by the CLI tests). */
function fileText(file: FileReport): string {
  const path = `      "path": ${JSON.stringify(toPosixPath(file.path))},\n`;
  const findings =
    file.findings.length === 0 ? '      "findings": []' : `      "findings": [\n${file.findings.map(findingText).join(',\n')}\n      ]`;
  const skipped = file.skipped !== undefined ? `,\n      "skipped": ${JSON.stringify(file.skipped)}` : '';
  return `    {\n${path}${findings}${skipped}\n    }`;
}

function findingText(finding: ReportedFinding): string {
  return (
    `        {\n          "rule": ${JSON.stringify(finding.rule)},\n          "severity": ${JSON.stringify(finding.severity)},\n` +
    `          "message": ${JSON.stringify(finding.message)},\n          "line": ${finding.line},\n          "column": ${finding.column},\n` +
    `          "endLine": ${finding.endLine},\n          "endColumn": ${finding.endColumn},\n          "fixable": ${finding.fixable}\n        }`
  );
}

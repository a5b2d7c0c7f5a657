import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatJson } from '../../server/src/cli/formatters/json.ts';
import type { FileReport, ReportedFinding, ScanReport } from '../../server/src/cli/report.ts';
import { run, workspace, PRIVILEGED_POD } from './helpers.ts';

/** What the JSON report was before it was written a file at a time: one JSON.stringify of the whole report. */
function stringified(report: ScanReport): string {
  const files = report.files.map((file) => ({
    path: file.path.split('\\').join('/'),
    findings: file.findings.map(({ rule, severity, message, line, column, endLine, endColumn, fixable }) => ({ rule, severity, message, line, column, endLine, endColumn, fixable })),
    ...(file.skipped !== undefined ? { skipped: file.skipped } : {}),
  }));
  return `${JSON.stringify({ files }, null, 2)}\n`;
}

function finding(message: string, fixable: boolean): ReportedFinding {
  return { rule: 'privileged-container', severity: 'error', message, line: 3, column: 7, endLine: 12, endColumn: 1, fixable, unsafeFixOnly: false, related: [] };
}

test('json: the streamed report has the bytes JSON.stringify gives, for every shape of file', () => {
  const files: FileReport[] = [
    { path: 'a.yaml', findings: [], fixed: 0 },
    { path: 'b\\win.yaml', findings: [finding('quotes " and \\ and\nline break, tab\t, é, 😀, \u0001', true)], fixed: 0 },
    { path: 'c.yaml', findings: [finding('one', false), finding('two', true), finding('', false)], fixed: 0 },
    { path: 'd.yaml', findings: [], skipped: 'empty file', fixed: 0 },
    { path: 'e "odd" ünïcode.yaml', findings: [finding('x', true)], skipped: 'not "UTF-8"', fixed: 0 },
  ];
  for (const report of [{ files, unsafeFixes: false }, { files: [], unsafeFixes: false }, { files: files.slice(3), unsafeFixes: true }]) {
    assert.equal(formatJson(report), stringified(report));
  }
});

test('json: the CLI writes the same bytes as the whole-report JSON.stringify', async () => {
  const cwd = workspace({ 'm/bad.yaml': PRIVILEGED_POD, 'm/two.yaml': `${PRIVILEGED_POD}---\n${PRIVILEGED_POD.replace('name: web', 'name: "we\\"b"')}`, 'm/empty.yaml': '' });
  const result = await run(['scan', '--format', 'json', 'm'], { cwd });
  const parsed = JSON.parse(result.stdout) as { files: (FileReport & { findings: ReportedFinding[] })[] };
  assert.equal(result.stdout, `${JSON.stringify(parsed, null, 2)}\n`);
  assert.equal(parsed.files.length, 3);
});

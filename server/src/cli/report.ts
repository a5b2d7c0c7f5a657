import type { Severity } from '../engine/rule.ts';
import type { LineIndex } from '../engine/text.ts';
import type { Finding } from '../engine/lint.ts';

/** A finding as the formatters show it: 1-based lines and columns (UTF-16 code units), end exclusive. */
export interface ReportedFinding {
  rule: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** A fix exists that this run's flags would apply (`--fix`, plus unsafe ones with `--unsafe-fixes`). */
  fixable: boolean;
  /** Not fixable with this run's flags, but it would be with `--fix --unsafe-fixes`. */
  unsafeFixOnly: boolean;
  /** Other places that explain the finding (a policy that almost selects a workload). */
  related: ReportedRelated[];
}

/** A finding's related information, positioned like findings (1-based, end exclusive). */
export interface ReportedRelated {
  message: string;
  /** The path as the user reads it, like FileReport.path. */
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** What a scan found in one file. */
export interface FileReport {
  /** The path relative to the working folder as the user reads it, or `<stdin>`. */
  path: string;
  findings: ReportedFinding[];
  /** Why the file was not checked; absent for checked files. */
  skipped?: string;
  /** How many fixes `--fix` applied to it. */
  fixed: number;
}

/** The outcome of a scan, in the order the files were given. */
export interface ScanReport {
  files: FileReport[];
  /** Whether fixable counts include unsafe fixes (`--unsafe-fixes`). */
  unsafeFixes: boolean;
}

/** Converts an engine finding (file offsets) into line/column form. */
export function reportFinding(
  finding: Finding,
  lines: LineIndex,
  fixable: boolean,
  extra: { unsafeFixOnly?: boolean; related?: ReportedRelated[] } = {},
): ReportedFinding {
  return {
    rule: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    ...lineColumnRange(lines, finding.start, finding.end),
    fixable,
    unsafeFixOnly: extra.unsafeFixOnly ?? false,
    related: extra.related ?? [],
  };
}

/** What turns offsets into 0-based lines and columns (a LineIndex, or line starts alone). */
export interface Positions {
  position(offset: number): { line: number; column: number };
}

/** 1-based line/column start and exclusive end of an offset range. */
export function lineColumnRange(lines: Positions, startOffset: number, endOffset: number): { line: number; column: number; endLine: number; endColumn: number } {
  const start = lines.position(startOffset);
  const end = lines.position(Math.max(endOffset, startOffset));
  return { line: start.line + 1, column: start.column + 1, endLine: end.line + 1, endColumn: end.column + 1 };
}

/** Counts of findings per severity over a whole report. */
export function countBySeverity(report: ScanReport): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const file of report.files) for (const finding of file.findings) counts[finding.severity]++;
  return counts;
}

/** A path with forward slashes, as JSON and SARIF output carry it on every platform. */
export function toPosixPath(path: string): string {
  return path.split('\\').join('/');
}

import type { Severity } from '../../server/src/engine/rule.ts';

/** An expected finding written as carets under the offending text: `#   ^^^^ error[rule-id]`. */
export interface CaretExpectation {
  line: number;
  column: number;
  length: number;
  severity: Severity;
  ruleId: string;
}

const CARET_LINE = /^(\s*#\s*)(\^+)\s+(error|warning|info|hint)\[([a-z0-9-]+)\]\s*$/;

/**
 * Splits an annotated fixture into the YAML to lint (caret lines removed) and the expectations.
 * A caret line refers to the nearest line above it that is not a caret line.
 */
export function parseCaretFixture(annotated: string): { source: string; expectations: CaretExpectation[] } {
  const lines = annotated.split('\n');
  const kept: string[] = [];
  const expectations: CaretExpectation[] = [];
  for (const line of lines) {
    const match = CARET_LINE.exec(line.replace(/\r$/, ''));
    if (!match) {
      kept.push(line);
      continue;
    }
    if (kept.length === 0) throw new Error(`caret line with nothing above it: ${line}`);
    expectations.push({
      line: kept.length - 1,
      column: match[1].length,
      length: match[2].length,
      severity: match[3] as Severity,
      ruleId: match[4],
    });
  }
  return { source: kept.join('\n'), expectations };
}

/** A finding or expectation as one comparable line of text. */
export function describeExpectation(expectation: CaretExpectation): string {
  return `${expectation.line + 1}:${expectation.column + 1}+${expectation.length} ${expectation.severity}[${expectation.ruleId}]`;
}

import type { TextEdit } from './edits.ts';
import { Finding, Fix, lintText, LintOptions } from './lint.ts';
import { parseManifestFile } from './parse.ts';

export const MAX_FIX_PASSES = 10;

/** Applies non-overlapping edits to a text; throws when two edits overlap. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  let limit = Infinity;
  for (const edit of sorted) {
    if (edit.end > limit) throw new Error('overlapping edits');
    result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
    limit = edit.start;
  }
  return result;
}

function touches(a: TextEdit, b: TextEdit): boolean {
  return a.start <= b.end && b.start <= a.end;
}

function insertedLength(fix: Fix): number {
  return fix.edits.reduce((total, edit) => total + edit.newText.length, 0);
}

/**
 * Picks fixes whose edits neither overlap nor touch each other's; the rest wait for the next pass.
 * Larger fixes go first, so a fix that covers several findings (the hardened securityContext block)
 * wins over the single-field fixes it makes unnecessary.
 */
export function selectCompatibleFixes(fixes: Fix[]): Fix[] {
  const chosen: Fix[] = [];
  const taken: TextEdit[] = [];
  const largestFirst = fixes.map((fix, order) => ({ fix, order })).sort((a, b) => insertedLength(b.fix) - insertedLength(a.fix) || a.order - b.order);
  for (const { fix } of largestFirst) {
    if (fix.edits.some((edit) => taken.some((other) => touches(edit, other)))) continue;
    chosen.push(fix);
    taken.push(...fix.edits);
  }
  return chosen;
}

export interface FixAllOptions {
  /** Apply unsafe fixes too. */
  unsafe?: boolean;
  /** Only fix findings of these rules. */
  ruleIds?: Set<string>;
}

export interface FixAllResult {
  text: string;
  passes: number;
  applied: number;
  /** Findings left after the last pass. */
  remaining: Finding[];
}

/** The first fix of a finding that the options allow (file-creating fixes are left to the caller). */
export function applicableFix(finding: Finding, options: FixAllOptions): Fix | undefined {
  if (options.ruleIds && !options.ruleIds.has(finding.ruleId)) return undefined;
  return finding.fixes.find((fix) => (fix.safe || options.unsafe) && !fix.createFiles?.length && fix.edits.length > 0);
}

/**
 * Fixes everything it safely can: applies compatible fixes, re-lints, repeats (at most 10 passes).
 * A pass whose result no longer parses is rolled back.
 */
export function fixAll(path: string, text: string, lint: LintOptions, options: FixAllOptions = {}): FixAllResult {
  let current = text;
  let applied = 0;
  let findings = lintText(path, current, lint).findings;
  let passes = 0;
  while (passes < MAX_FIX_PASSES) {
    const fixes = findings.map((finding) => applicableFix(finding, options)).filter((fix): fix is Fix => fix !== undefined);
    const chosen = selectCompatibleFixes(fixes);
    if (chosen.length === 0) break;
    passes++;
    const next = applyEdits(current, chosen.flatMap((fix) => fix.edits));
    if (introducesParseErrors(path, current, next)) break;
    current = next;
    applied += chosen.length;
    findings = lintText(path, current, lint).findings;
  }
  return { text: current, passes, applied, remaining: findings };
}

function parseErrorCount(path: string, text: string): number {
  return parseManifestFile(path, text).docs.reduce((count, doc) => count + doc.yaml.errors.length, 0);
}

function introducesParseErrors(path: string, before: string, after: string): boolean {
  return parseErrorCount(path, after) > parseErrorCount(path, before);
}

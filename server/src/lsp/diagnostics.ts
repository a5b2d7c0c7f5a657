import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity } from './protocol.ts';
import type { Finding } from '../engine/lint.ts';
import type { ManifestFile } from '../engine/parse.ts';
import { isBuiltInRule } from '../engine/registry.ts';
import { ruleDocsUrl, Severity } from '../engine/rule.ts';
import { LineIndex } from '../engine/text.ts';
import { toRange } from './positions.ts';
import { pathToUri } from './uris.ts';

/** The `source` of every diagnostic of this server. */
export const SOURCE = 'kube-hardener';
/** The code of the one diagnostic a skipped file gets. */
export const SKIPPED_FILE = 'skipped-file';

/**
 * What code actions need to find a diagnostic's finding again (the rule ID is the diagnostic's
 * `code`: a large file sends thousands of diagnostics on every keystroke, so nothing is sent twice).
 */
export interface DiagnosticData {
  /** The document version the finding was computed for. */
  version?: number;
  /** The finding's index in that version's findings. */
  index: number;
}

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Finds the line index of another file, for related information that points into it. */
export type LinesOf = (path: string) => LineIndex | undefined;

/** The diagnostics of a checked file: its findings, or one information diagnostic when it was skipped. */
export function toDiagnostics(file: ManifestFile, findings: Finding[], version: number | undefined, linesOf: LinesOf): Diagnostic[] {
  if (file.skipped) return file.skipped === 'empty file' ? [] : [skippedDiagnostic(file)];
  return findings.map((finding, index) => toDiagnostic(file, finding, { version, index }, linesOf));
}

/** One finding as an LSP diagnostic: code = rule ID, its docs link, related locations, data for code actions. */
export function toDiagnostic(file: ManifestFile, finding: Finding, data: DiagnosticData, linesOf: LinesOf): Diagnostic {
  const diagnostic: Diagnostic = {
    range: toRange(file.lines, finding.start, finding.end),
    severity: SEVERITIES[finding.severity],
    code: finding.ruleId,
    source: SOURCE,
    message: finding.message,
    data,
  };
  if (isBuiltInRule(finding.ruleId)) diagnostic.codeDescription = { href: ruleDocsUrl(finding.ruleId) };
  if (finding.related?.length) diagnostic.relatedInformation = relatedInformation(file, finding, linesOf);
  return diagnostic;
}

function relatedInformation(file: ManifestFile, finding: Finding, linesOf: LinesOf): DiagnosticRelatedInformation[] {
  return (finding.related ?? []).map((related) => {
    const lines = related.path === file.path ? file.lines : (linesOf(related.path) ?? new LineIndex(''));
    return { location: { uri: pathToUri(related.path), range: toRange(lines, related.start, related.end) }, message: related.message };
  });
}

function skippedDiagnostic(file: ManifestFile): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: file.lines.lineEnd(0) } },
    severity: DiagnosticSeverity.Information,
    code: SKIPPED_FILE,
    source: SOURCE,
    message: `kube-hardener did not check this file: ${file.skipped}`,
  };
}

/** The rule ID a diagnostic of this server carries: its code; never from its message. */
export function ruleIdOf(diagnostic: Diagnostic): string | undefined {
  if (diagnostic.source !== undefined && diagnostic.source !== SOURCE) return undefined;
  return typeof diagnostic.code === 'string' ? diagnostic.code : undefined;
}

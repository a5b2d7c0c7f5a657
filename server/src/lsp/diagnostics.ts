import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Range } from 'vscode-languageserver';
import type { Finding } from '../engine/lint.ts';
import { originOf } from '../engine/document-results.ts';
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

/** What code actions need to find a diagnostic's finding again. */
export interface DiagnosticData {
  ruleId: string;
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
  return findings.map((finding, index) => toDiagnostic(file, finding, { ruleId: finding.ruleId, version, index }, linesOf));
}

/** One finding as an LSP diagnostic: code = rule ID, its docs link, related locations, data for code actions. */
export function toDiagnostic(file: ManifestFile, finding: Finding, data: DiagnosticData, linesOf: LinesOf): Diagnostic {
  if (finding.related?.length) return { ...shapeOf(file.lines, finding), data, relatedInformation: relatedInformation(file, finding, linesOf) };
  const shape = reusedShape(file.lines, finding);
  const diagnostic: Diagnostic = { ...shape, data };
  shapeOfDiagnostic.set(diagnostic, shape);
  return diagnostic;
}

/** The shape each diagnostic was made from, and the JSON of each shape (without its closing brace). */
const shapeOfDiagnostic = new WeakMap<Diagnostic, Shape>();
const shapeJson = new WeakMap<Shape, string>();

/**
 * The JSON of a diagnostic apart from its data, without the closing brace, when it is still what
 * toDiagnostic made (json-encoder.ts writes the unchanged documents' diagnostics from it).
 */
export function shapeJsonOf(diagnostic: Diagnostic): string | undefined {
  const shape = shapeOfDiagnostic.get(diagnostic);
  if (!shape || !unchanged(diagnostic, shape)) return undefined;
  let json = shapeJson.get(shape);
  if (json === undefined) {
    json = JSON.stringify(shape).slice(0, -1);
    shapeJson.set(shape, json);
  }
  return json;
}

const SHAPED_KEYS = ['range', 'severity', 'code', 'source', 'message', 'codeDescription'] as const;

function unchanged(diagnostic: Diagnostic, shape: Shape): boolean {
  let keys = 1; // data
  for (const key of SHAPED_KEYS) {
    if (diagnostic[key] !== shape[key]) return false;
    if (shape[key] !== undefined) keys++;
  }
  return Object.keys(diagnostic).length === keys;
}

/** A diagnostic apart from its data (which names the document version) and related information. */
type Shape = Omit<Diagnostic, 'data' | 'relatedInformation'>;

/**
 * The shape of each finding's diagnostic: an edit keeps the findings of the documents it did not
 * touch (engine/document-results.ts), so their diagnostics are not computed again, only moved
 * when lines were added or removed above them.
 */
const shapes = new WeakMap<Finding, Shape>();

function reusedShape(lines: LineIndex, finding: Finding): Shape {
  const known = shapes.get(finding) ?? shapes.get(originOf(finding) ?? finding);
  if (known) {
    const start = lines.position(finding.start);
    // A document starts a line: moved as a whole, its columns stay and its lines move together.
    if (start.column === known.range.start.character) {
      const delta = start.line - known.range.start.line;
      const shape = delta === 0 ? known : { ...known, range: movedRange(known.range, delta) };
      shapes.set(finding, shape);
      return shape;
    }
  }
  const shape = shapeOf(lines, finding);
  shapes.set(finding, shape);
  return shape;
}

function movedRange(range: Range, lines: number): Range {
  return { start: { line: range.start.line + lines, character: range.start.character }, end: { line: range.end.line + lines, character: range.end.character } };
}

function shapeOf(lines: LineIndex, finding: Finding): Shape {
  const shape: Shape = {
    range: toRange(lines, finding.start, finding.end),
    severity: SEVERITIES[finding.severity],
    code: finding.ruleId,
    source: SOURCE,
    message: finding.message,
  };
  if (isBuiltInRule(finding.ruleId)) shape.codeDescription = { href: ruleDocsUrl(finding.ruleId) };
  return shape;
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

/** The rule ID a diagnostic of this server carries, from its data or its code; never from its message. */
export function ruleIdOf(diagnostic: Diagnostic): string | undefined {
  if (diagnostic.source !== undefined && diagnostic.source !== SOURCE) return undefined;
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  if (typeof data?.ruleId === 'string') return data.ruleId;
  return typeof diagnostic.code === 'string' ? diagnostic.code : undefined;
}

import { DocEditor, TextEdit } from '../engine/edits.ts';
import { applyEdits } from '../engine/fix.ts';
import type { Finding } from '../engine/lint.ts';
import type { ManifestDoc, ManifestFile } from '../engine/parse.ts';
import { objectsOf } from '../engine/objects.ts';
import { ANNOTATION_PREFIX } from '../engine/suppress.ts';
import { detectEol } from '../engine/text.ts';
import type { SnippetTextEdit, TextDocumentEdit, WorkspaceEdit } from './protocol.ts';
import type { Analysis } from './analysis.ts';
import type { ClientSupport } from './capabilities.ts';
import { toRange } from './positions.ts';
import { documentEdit } from './workspace-edits.ts';

/**
 * What a new suppression says until the user writes the real reason. Editors that take snippet
 * edits select it for typing over; as a reason it does not count under `requireReason`.
 */
export const REASON_PLACEHOLDER = 'TODO: reason';

const NEXT_LINE_DIRECTIVE = /^([ \t]*#\s*kube-hardener-disable-next-line\s+)(.*?)(\s--(?:\s.*)?)?$/;
const DOCUMENT_DIRECTIVE = /^([ \t]*#\s*kube-hardener-disable\s+)(.*?)(\s--(?:\s.*)?)?$/;

/**
 * The edit that silences rules on a finding's line: a `# kube-hardener-disable-next-line <ids> -- reason`
 * comment above it, at the line's indentation, or the missing IDs added to such a comment already there.
 */
export function disableLineEdit(file: ManifestFile, finding: Finding, ruleIds: string[] = [finding.ruleId]): TextEdit | undefined {
  const lines = file.lines;
  const line = lines.position(finding.start).line;
  const above = line > 0 ? NEXT_LINE_DIRECTIVE.exec(lines.lineText(line - 1)) : null;
  if (above) return addToDirective(lines.lineStart(line - 1), above, ruleIds);
  const indent = /^[ \t]*/.exec(lines.lineText(line))![0];
  const start = lines.lineStart(line);
  const comment = `${indent}# kube-hardener-disable-next-line ${ruleIds.join(', ')} -- ${REASON_PLACEHOLDER}`;
  return { start, end: start, newText: comment + detectEol(file.text) };
}

/** Adds the IDs a directive does not name yet to its list; undefined when it names them all. */
function addToDirective(lineStart: number, match: RegExpExecArray, ruleIds: string[]): TextEdit | undefined {
  const ids = match[2].split(/[\s,]+/).filter(Boolean);
  const missing = ruleIds.filter((id) => !ids.includes(id));
  if (missing.length === 0) return undefined;
  const at = lineStart + match[1].length + match[2].length;
  return { start: at, end: at, newText: (ids.length > 0 ? ', ' : '') + missing.join(', ') };
}

/**
 * The edits that silence rules for the whole object holding a finding: one
 * `ignore-check.kube-hardener.io/<id>` annotation per rule, creating `annotations:` (and `metadata:`) if missing.
 */
export function disableObjectEdits(file: ManifestFile, finding: Finding, ruleIds: string[] = [finding.ruleId]): TextEdit[] | undefined {
  const object = objectsOf(file).find(
    (candidate) => finding.start >= candidate.doc.offset && finding.start < candidate.doc.offset + candidate.doc.text.length,
  );
  if (!object) return undefined;
  const missing = ruleIds.map((id) => `${ANNOTATION_PREFIX}${id}`).filter((key) => !(key in object.annotations));
  if (missing.length === 0) return undefined;
  const editor = new DocEditor(object.doc);
  const hasAnnotations = Object.keys(object.annotations).length > 0;
  const edits = hasAnnotations
    ? missing.flatMap((key) => editor.setIn(object.root, ['metadata', 'annotations', key], REASON_PLACEHOLDER))
    : editor.setIn(object.root, ['metadata', 'annotations'], Object.fromEntries(missing.map((key) => [key, REASON_PLACEHOLDER])));
  return [mergeEdits(object.doc.text, edits, object.doc.offset)];
}

/**
 * The edits that silence rules in the whole file: a `# kube-hardener-disable <ids> -- reason`
 * comment at the top of each document that holds a finding of them (the directive covers its document).
 */
export function disableFileEdits(file: ManifestFile, findings: Finding[], ruleIds: string[]): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const doc of file.docs) {
    const inDoc = ruleIds.filter((id) => findings.some((finding) => finding.ruleId === id && finding.start >= doc.offset && finding.start < doc.offset + doc.text.length));
    const edit = inDoc.length > 0 ? documentDirectiveEdit(file, doc, inDoc) : undefined;
    if (edit) edits.push(edit);
  }
  return edits;
}

function documentDirectiveEdit(file: ManifestFile, doc: ManifestDoc, ruleIds: string[]): TextEdit | undefined {
  const lines = file.lines;
  const firstLine = lines.position(doc.offset).line;
  let line = firstLine;
  for (; line < lines.lineCount; line++) {
    const text = lines.lineText(line);
    const directive = DOCUMENT_DIRECTIVE.exec(text);
    if (directive) return addToDirective(lines.lineStart(line), directive, ruleIds);
    const content = text.trim();
    if (content !== '' && !content.startsWith('#') && !/^---(\s|$)/.test(content)) break;
  }
  const start = lines.lineStart(Math.min(line, lines.lineCount - 1));
  return { start, end: start, newText: `# kube-hardener-disable ${ruleIds.join(', ')} -- ${REASON_PLACEHOLDER}${detectEol(file.text)}` };
}

/** Several edits of one document as one edit over the span they touch (one snippet for the client). */
function mergeEdits(docText: string, edits: TextEdit[], docOffset: number): TextEdit {
  const start = Math.min(...edits.map((edit) => edit.start));
  const end = Math.max(...edits.map((edit) => edit.end));
  const local = edits.map((edit) => ({ start: edit.start - start, end: edit.end - start, newText: edit.newText }));
  return { start: start + docOffset, end: end + docOffset, newText: applyEdits(docText.slice(start, end), local) };
}

/**
 * The workspace edit of a suppression. Clients that take snippet edits (LSP 3.18, VS Code) get the
 * reason placeholder as a snippet tab stop, selected for the user to type over (one stop, mirrored
 * in every place); the others get plain text.
 */
export function suppressionEdit(analysis: Analysis, edits: TextEdit[], support: ClientSupport): WorkspaceEdit {
  if (!support.snippetEdits || !support.documentChanges) return documentEdit(analysis, edits, support);
  let first = true;
  const lspEdits = edits.map((edit): SnippetTextEdit | { range: ReturnType<typeof toRange>; newText: string } => {
    const range = toRange(analysis.file.lines, edit.start, edit.end);
    if (!edit.newText.includes(REASON_PLACEHOLDER)) return { range, newText: edit.newText };
    const parts = edit.newText.split(REASON_PLACEHOLDER).map(escapeSnippet);
    const value = parts.reduce((text, part, index) => {
      if (index === 0) return part;
      const stop = first ? `\${1:${REASON_PLACEHOLDER}}` : '$1';
      first = false;
      return text + stop + part;
    }, '');
    return { range, snippet: { kind: 'snippet', value } };
  });
  const change: TextDocumentEdit = { textDocument: { uri: analysis.uri, version: analysis.version }, edits: lspEdits };
  return { documentChanges: [change] };
}

function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (char) => `\\${char}`);
}

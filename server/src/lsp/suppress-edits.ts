import { DocEditor, TextEdit } from '../engine/edits.ts';
import type { Finding } from '../engine/lint.ts';
import type { ManifestFile } from '../engine/parse.ts';
import { objectsOf } from '../engine/objects.ts';
import { ANNOTATION_PREFIX } from '../engine/suppress.ts';
import { detectEol } from '../engine/text.ts';
import { toFileEdits } from './workspace-edits.ts';

/** What a new suppression says until the user writes the real reason. */
export const REASON_PLACEHOLDER = 'TODO: reason';

const NEXT_LINE_DIRECTIVE = /^([ \t]*#\s*kube-hardener-disable-next-line\s+)(.*?)(\s--(?:\s.*)?)?$/;

/**
 * The edit that silences a finding on its line: a `# kube-hardener-disable-next-line <id> -- reason`
 * comment above it, at the line's indentation, or the ID added to such a comment already there.
 */
export function disableLineEdit(file: ManifestFile, finding: Finding): TextEdit | undefined {
  const lines = file.lines;
  const line = lines.position(finding.start).line;
  const above = line > 0 ? NEXT_LINE_DIRECTIVE.exec(lines.lineText(line - 1)) : null;
  if (above) {
    const ids = above[2].split(/[\s,]+/).filter(Boolean);
    if (ids.includes(finding.ruleId)) return undefined;
    const at = lines.lineStart(line - 1) + above[1].length + above[2].length;
    return { start: at, end: at, newText: ids.length > 0 ? `, ${finding.ruleId}` : finding.ruleId };
  }
  const indent = /^[ \t]*/.exec(lines.lineText(line))![0];
  const start = lines.lineStart(line);
  const comment = `${indent}# kube-hardener-disable-next-line ${finding.ruleId} -- ${REASON_PLACEHOLDER}`;
  return { start, end: start, newText: comment + detectEol(file.text) };
}

/**
 * The edits that silence a rule for the whole object holding a finding: an
 * `ignore-check.kube-hardener.io/<id>` annotation, creating `annotations:` (and `metadata:`) if missing.
 */
export function disableObjectEdits(file: ManifestFile, finding: Finding): TextEdit[] | undefined {
  const object = objectsOf(file).find(
    (candidate) => finding.start >= candidate.doc.offset && finding.start < candidate.doc.offset + candidate.doc.text.length,
  );
  if (!object) return undefined;
  const key = `${ANNOTATION_PREFIX}${finding.ruleId}`;
  if (key in object.annotations) return undefined;
  const edits = new DocEditor(object.doc).setIn(object.root, ['metadata', 'annotations', key], REASON_PLACEHOLDER);
  return toFileEdits(edits, object.doc.offset);
}

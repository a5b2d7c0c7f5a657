import { dirname, resolve } from 'node:path';
import type { CreateFile, TextDocumentEdit, WorkspaceEdit } from './protocol.ts';
import type { TextEdit } from '../engine/edits.ts';
import type { Fix } from '../engine/lint.ts';
import type { Analysis } from './analysis.ts';
import type { ClientSupport } from './capabilities.ts';
import { toLspEdit } from './positions.ts';
import { pathToUri } from './uris.ts';

/**
 * A workspace edit of engine edits to an analysed document, tied to the analysed version when the
 * client supports versioned edits (so an edit for an outdated text is refused, not misapplied).
 */
export function documentEdit(analysis: Analysis, edits: TextEdit[], support: ClientSupport): WorkspaceEdit {
  const lspEdits = edits.map((edit) => toLspEdit(analysis.file.lines, edit));
  if (!support.documentChanges) return { changes: { [analysis.uri]: lspEdits } };
  return { documentChanges: [{ textDocument: { uri: analysis.uri, version: analysis.version }, edits: lspEdits }] };
}

/** Edits a DocEditor computed within one YAML document, moved to offsets of the whole file. */
export function toFileEdits(edits: TextEdit[], docOffset: number): TextEdit[] {
  return edits.map((edit) => ({ start: edit.start + docOffset, end: edit.end + docOffset, newText: edit.newText }));
}

/** True when the client can apply a fix: fixes that create files need resource operations. */
export function canApply(fix: Fix, support: ClientSupport): boolean {
  return !fix.createFiles?.length || (support.createFiles && support.documentChanges);
}

/** The workspace edit of a fix: its edits to the document, plus CreateFile and content for new files. */
export function fixEdit(analysis: Analysis, fix: Fix, support: ClientSupport): WorkspaceEdit {
  if (!fix.createFiles?.length) return documentEdit(analysis, fix.edits, support);
  const changes: (CreateFile | TextDocumentEdit)[] = [];
  for (const created of fix.createFiles) {
    const uri = pathToUri(resolve(dirname(analysis.path), created.path));
    // Never clobber: a file that appeared since the fix was computed makes the client refuse the edit.
    changes.push({ kind: 'create', uri, options: { overwrite: false, ignoreIfExists: false } });
    const start = { line: 0, character: 0 };
    changes.push({ textDocument: { uri, version: null }, edits: [{ range: { start, end: start }, newText: created.text }] });
  }
  const own = documentEdit(analysis, fix.edits, support).documentChanges as TextDocumentEdit[];
  if (fix.edits.length > 0) changes.push(...own);
  return { documentChanges: changes };
}

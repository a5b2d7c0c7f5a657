import type { Scalar, YAMLSeq } from 'yaml';
import type { DocEditor, TextEdit } from '../engine/edits.ts';
import { renderScalar } from '../engine/edits.ts';
import type { ManifestDoc } from '../engine/parse.ts';

/**
 * Replaces one scalar item of a sequence with several values, in the sequence's own style:
 * `[a, "*"]` becomes `[a, get, list]`; a block item `- "*"` becomes one `- value` line per value.
 * With no values left to write, the item is removed.
 */
export function replaceSeqItem(doc: ManifestDoc, editor: DocEditor, seq: YAMLSeq, index: number, values: string[]): TextEdit {
  const item = seq.items[index] as Scalar;
  if (values.length === 0) return editor.removeItem(seq, index);
  const [start, end] = [item.range![0], item.range![1]];
  const rendered = values.map((value) => renderScalar(value));
  if (seq.flow) return { start, end, newText: rendered.join(', ') };
  const dash = doc.text.lastIndexOf('-', start - 1);
  const column = doc.lines.position(dash).column;
  const separator = `${editor.style.eol}${' '.repeat(column)}- `;
  return { start, end, newText: rendered.join(separator) };
}

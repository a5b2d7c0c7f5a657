import type { Position, Range, TextEdit as LspTextEdit } from './protocol.ts';
import type { TextEdit } from '../engine/edits.ts';
import { LineIndex } from '../engine/text.ts';

/** The LSP position of a string offset (UTF-16 columns, which is what LineIndex counts). */
function toPosition(lines: LineIndex, offset: number): Position {
  const { line, column } = lines.position(offset);
  return { line, character: column };
}

/** The LSP range of [start, end) string offsets. */
export function toRange(lines: LineIndex, start: number, end: number): Range {
  return { start: toPosition(lines, start), end: toPosition(lines, Math.max(start, end)) };
}

/** The string offset of an LSP position, clamped to the text. */
export function toOffset(lines: LineIndex, position: Position): number {
  return lines.offset(position.line, position.character);
}

/** [start, end) string offsets of an LSP range. */
export function toOffsets(lines: LineIndex, range: Range): [number, number] {
  return [toOffset(lines, range.start), toOffset(lines, range.end)];
}

/** An engine edit (string offsets) as an LSP text edit. */
export function toLspEdit(lines: LineIndex, edit: TextEdit): LspTextEdit {
  return { range: toRange(lines, edit.start, edit.end), newText: edit.newText };
}

/**
 * The smallest single edit that turns `before` into `after`: the common prefix and suffix are
 * left alone. Undefined when the texts are equal.
 */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let prefix = 0;
  const shorter = Math.min(before.length, after.length);
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < shorter - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  if (prefix > 0 && isLowSurrogate(before.charCodeAt(prefix))) prefix--;
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  return { start: prefix, end: before.length - suffix, newText: after.slice(prefix, after.length - suffix) };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

import { isMap, isPair, isScalar, isSeq, Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import type { LineIndex } from './text.ts';

/** Where nodes start and end in the source text, and what their source looks like: the geometry DocEditor edits by. */

/** Start of a node, or of a pair's key. */
export function startOfNode(node: Node | Pair): number {
  return isPair(node) ? (node.key as Node).range![0] : node.range![0];
}

/** End of a node's value, trailing comment excluded. */
export function endOfNode(node: Node | Pair): number {
  if (isPair(node)) {
    const value = node.value as Node | null;
    return value?.range && value.range[1] > (node.key as Node).range![1] ? value.range[1] : (node.key as Node).range![1];
  }
  return node.range![1];
}

/** The offset just after the line break that ends the line of an offset (or the text's end). */
export function afterLineBreak(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

/** An end offset moved back over trailing whitespace and line breaks. */
export function trimmedEnd(text: string, end: number): number {
  let result = end;
  while (result > 0 && /\s/.test(text[result - 1])) result--;
  return result;
}

/** The offset of a flow collection's closing bracket (its end when there is none). */
export function flowClosing(text: string, node: Node, bracket: string): number {
  const end = trimmedEnd(text, node.range![1]);
  return text[end - 1] === bracket ? end - 1 : end;
}

/**
 * A flow mapping written without braces: one `key: value` pair as an item of a flow sequence
 * (`[ a: b ]`, `[ {k: 1} : ]`). A pair added with `, ` there would be a new sequence item.
 */
export function isBracelessFlowPair(text: string, map: YAMLMap): boolean {
  if (!map.flow || !map.range || map.items.length === 0) return false;
  if (text[map.range[0]] !== '{') return true;
  // `[ {k: 1} : ]`: the brace is the key's, not the mapping's.
  const key = (map.items[0] as Pair).key as Node | null;
  return key?.range?.[0] === map.range[0];
}

/** A mapping or sequence written in flow style (`{...}`, `[...]`). */
export function isFlowCollection(node: Node): boolean {
  return (isMap(node) || isSeq(node)) && (node as YAMLMap | YAMLSeq).flow === true;
}

/** A scalar written as nothing at all (`key:` with no value). */
export function isEmptyScalar(node: Node): boolean {
  return isScalar(node) && node.value === null && (node.source ?? '') === '';
}

/** A value that holds nothing yet: absent, a null scalar (``, `~`, `null`), or an empty flow `{}` / `[]`. */
export function isPlaceholder(node: Node | null): boolean {
  if (!node) return true;
  if (isScalar(node)) return node.value === null;
  return (isMap(node) || isSeq(node)) && node.flow === true && node.items.length === 0;
}

/** True when an offset lies inside `{...}` or `[...]` on its line (a rough but safe test for flow context). */
export function isFlowContext(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  let depth = 0;
  for (const char of before) {
    if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') depth--;
  }
  return depth > 0;
}

/** True when only dashes of block sequence items stand before an offset on its line. */
export function startsSequenceItem(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^\s*(?:-\s+)+$/.test(text.slice(lineStart, offset));
}

/** The offset past the spaces and tabs that start at an offset. */
export function indentEnd(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return end;
}

/** The colon of the `key:` line above a line (blank and comment lines skipped), if that line ends with a bare key. */
export function parentKeyColon(lines: LineIndex, line: number): number | undefined {
  let keyLine = line - 1;
  while (keyLine >= 0 && /^\s*(#.*)?$/.test(lines.lineText(keyLine))) keyLine--;
  if (keyLine < 0) return undefined;
  const lineText = lines.lineText(keyLine);
  const match = /:(?:[ \t]+#.*)?[ \t]*$/.exec(lineText);
  if (!match || /(^|\s)#/.test(lineText.slice(0, match.index))) return undefined;
  return lines.lineStart(keyLine) + match.index;
}

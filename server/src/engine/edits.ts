import { isMap, isScalar, isSeq, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { deref, type ManifestDoc } from './parse.ts';
import { pairOf } from './nodes.ts';
import {
  afterLineBreak,
  endOfNode,
  flowClosing,
  isBracelessFlowPair,
  isEmptyScalar,
  isFlowCollection,
  isFlowContext,
  indentEnd,
  isPlaceholder,
  parentKeyColon,
  startOfNode,
  startsSequenceItem,
  trimmedEnd,
} from './source-ranges.ts';
import { DocStyle, detectStyle, isCollectionValue, renderFlow, renderScalar, YamlValue } from './yaml-style.ts';
import { CommentSpan, findComments, keepingComments, keptCommentLines } from './kept-comments.ts';

export { renderFlow, renderScalar };
export type { DocStyle, YamlValue };

/** A replacement of [start, end) by newText, in offsets of the text it was computed for. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * Builds minimal text edits against one document, in its own indentation and line endings.
 * Offsets of the returned edits are document-relative.
 */
export class DocEditor {
  private commentSpans?: CommentSpan[];

  constructor(private readonly doc: ManifestDoc) {}

  /** The document's layout, read when an edit first needs it (many fixes replace one scalar and never do). */
  get style(): DocStyle {
    return detectStyle(this.doc);
  }

  private column(offset: number): number {
    return this.doc.lines.position(offset).column;
  }

  private pad(column: number): string {
    return ' '.repeat(column);
  }

  /** Block-style lines of `key: value` starting at a column, joined by the document's newline. */
  renderPair(key: string, value: YamlValue, column: number): string {
    const head = `${this.pad(column)}${renderScalar(key)}:`;
    const body = this.renderBlockBody(value, column);
    if (body === undefined) return `${head} ${isCollectionValue(value) ? renderFlow(value) : renderScalar(value)}`;
    return `${head}${this.style.eol}${body}`;
  }

  /** The lines below a `key:` at a column that hold a non-empty collection; undefined for scalars and empty collections. */
  private renderBlockBody(value: YamlValue, keyColumn: number): string | undefined {
    if (Array.isArray(value)) {
      if (value.length === 0) return undefined;
      return value.map((item) => this.renderItem(item, keyColumn + this.style.sequenceIndent)).join(this.style.eol);
    }
    if (!isCollectionValue(value)) return undefined;
    const entries = Object.entries(value);
    if (entries.length === 0) return undefined;
    return entries.map(([k, v]) => this.renderPair(k, v, keyColumn + this.style.indent)).join(this.style.eol);
  }

  /** A block sequence item `- value` whose dash stands at a column. */
  renderItem(value: YamlValue, column: number): string {
    const pad = this.pad(column);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const lines = Object.entries(value).map(([k, v]) => this.renderPair(k, v, column + 2));
      if (lines.length === 0) return `${pad}- {}`;
      return `${pad}- ${lines.join(this.style.eol).slice(column + 2)}`;
    }
    return `${pad}- ${renderFlow(value)}`;
  }

  /** Replaces a node's source with YAML text. */
  replace(node: Node, yamlText: string): TextEdit {
    const [valueStart, end] = node.range ?? [0, 0];
    // The node's range leaves its tag out: a new value written after `!tag` would keep it, or
    // become part of it (`!a7` -> `!afalse`, found by the fuzzer). An anchor before the value stays.
    const start = node.range ? tagStartBefore(this.doc.text, valueStart) : valueStart;
    if (start !== valueStart) yamlText = `${this.doc.text.slice(start, valueStart).replace(/^!\S*[ \t]*/, '')}${yamlText}`;
    // A block node's range takes its last line break along: keep one, or the next line (a comment,
    // a key) would join the new value's line (found by the fuzzer).
    const keepBreak = end > start && this.doc.text[end - 1] === '\n' && !yamlText.endsWith('\n');
    // The old value's comments stay, on lines above (found by the fuzzer).
    return this.keeping({ start, end, newText: keepBreak ? `${yamlText}${this.style.eol}` : yamlText });
  }

  /** Replaces a scalar by a value; a string keeps the quotes the old scalar was written with. */
  replaceScalar(node: Node, value: string | number | boolean | null): TextEdit {
    const quoting = isScalar(node) && typeof value === 'string' ? node.type : undefined;
    if (quoting === Scalar.QUOTE_DOUBLE) return this.replace(node, JSON.stringify(value));
    if (quoting === Scalar.QUOTE_SINGLE) return this.replace(node, `'${String(value).replace(/'/g, "''")}'`);
    return this.replace(node, renderScalar(value));
  }

  /**
   * Sets the value at a path of keys under a mapping, creating missing parents
   * (`securityContext:` and the like) in the mapping's own style.
   */
  setIn(map: YAMLMap, path: string[], value: YamlValue): TextEdit[] {
    const [key, ...rest] = path;
    const pair = pairOf(this.doc.yaml, map, key);
    if (!pair) return [this.insertPair(map, key, nest(rest, value))];
    // An alias (`securityContext: *hardened`) is edited where its anchor is: replacing it with a
    // copy would drop the anchored settings that the copy does not repeat.
    const current = deref(this.doc.yaml, pair.value) ?? null;
    if (rest.length > 0 && isMap(current)) return this.setIn(current, rest, value);
    return [this.replaceValue(pair, nest(rest, value))];
  }

  /**
   * Appends an item to the sequence at a path of keys under a mapping; creates the sequence
   * (and missing parents) holding just that item when there is none.
   */
  appendIn(map: YAMLMap, path: string[], item: YamlValue): TextEdit[] {
    const parent = path.length > 1 ? path.slice(0, -1).reduce<YAMLMap | undefined>((m, key) => {
      const next = deref(this.doc.yaml, pairOf(this.doc.yaml, m, key)?.value);
      return isMap(next) ? next : undefined;
    }, map) : map;
    const seq = parent ? deref(this.doc.yaml, pairOf(this.doc.yaml, parent, path[path.length - 1])?.value) : undefined;
    if (isSeq(seq)) return [this.appendItem(seq, item)];
    return this.setIn(map, path, [item]);
  }

  /** Replaces the value of an existing pair, writing a block mapping or sequence below the key where needed. */
  replaceValue(pair: Pair, value: YamlValue): TextEdit {
    const key = pair.key as Node;
    const current = pair.value as Node | null;
    const placeholder = isPlaceholder(current);
    if (!isCollectionValue(value)) {
      if (!current || isEmptyScalar(current)) return this.insertAfterKey(key, ` ${renderScalar(value)}`);
      return this.replaceScalar(current, value);
    }
    const flowContext = isFlowContext(this.doc.text, key.range![0]);
    const body = flowContext ? undefined : this.renderBlockBody(value, this.column(key.range![0]));
    if (body === undefined || (current && !placeholder && isFlowCollection(current))) {
      if (current && !isEmptyScalar(current)) return this.replace(current, renderFlow(value));
      return this.insertAfterKey(key, ` ${renderFlow(value)}`);
    }
    return this.replaceWithBlock(key, current, body);
  }

  /**
   * Writes block lines below a key in place of its current value. A value on the key's line
   * (nothing, `~`, `{}`, a scalar) is removed and a trailing comment stays on the key's line.
   */
  private replaceWithBlock(key: Node, current: Node | null, body: string): TextEdit {
    const text = this.doc.text;
    const colon = this.colonAfter(key);
    const keyLineEnd = this.doc.lines.lineEnd(this.doc.lines.position(colon).line);
    const newLines = `${this.style.eol}${body}`;
    const range = current?.range;
    if (range && !isEmptyScalar(current!) && range[0] > keyLineEnd) {
      // Comment lines between the key and the old value stay, above the new lines, and so do the
      // old value's own comments (both found by the fuzzer).
      const end = trimmedEnd(text, range[1]);
      const between = text.slice(keyLineEnd, range[0]).split(/\r?\n/).filter((line) => line.trim().startsWith('#'));
      const kept = [...between, ...this.commentsOf(range[0], end)];
      return { start: keyLineEnd, end, newText: `${kept.map((line) => `${this.style.eol}${line}`).join('')}${newLines}` };
    }
    if (range && range[1] > keyLineEnd && !isEmptyScalar(current!)) {
      const end = trimmedEnd(text, range[1]);
      const kept = this.commentsOf(range[0], end);
      return { start: colon + 1, end, newText: `${kept.map((line) => `${this.style.eol}${line}`).join('')}${newLines}` };
    }
    const onKeyLine = range && !isEmptyScalar(current!) && range[1] <= keyLineEnd;
    const valueEnd = onKeyLine ? Math.max(colon + 1, range[1]) : colon + 1;
    const tail = text.slice(valueEnd, keyLineEnd).replace(/\s+$/, '');
    return { start: colon + 1, end: keyLineEnd, newText: `${tail}${newLines}` };
  }

  private colonAfter(key: Node): number {
    return this.doc.text.indexOf(':', key.range![1]);
  }

  private insertAfterKey(key: Node, text: string): TextEdit {
    const colon = this.colonAfter(key);
    return { start: colon + 1, end: colon + 1, newText: text };
  }

  /** Adds `key: value` to a mapping: after its last pair for block mappings, before `}` for flow ones. */
  insertPair(map: YAMLMap, key: string, value: YamlValue): TextEdit {
    if (isBracelessFlowPair(this.doc.text, map)) return this.bracePairWith(map, `${renderScalar(key)}: ${renderFlow(value)}`);
    if (map.flow || map.items.length === 0) {
      const closing = flowClosing(this.doc.text, map, '}');
      const separator = map.items.length > 0 ? ', ' : '';
      return { start: closing, end: closing, newText: `${separator}${renderScalar(key)}: ${renderFlow(value)}` };
    }
    const first = map.items[0] as Pair;
    const column = this.column((first.key as Node).range![0]);
    const last = map.items[map.items.length - 1] as Pair;
    return this.insertLinesAfter(last, this.renderPair(key, value, column));
  }

  /**
   * `[ a: b ]` becomes `[ {a: b, added} ]`: without braces, `, added` would be another sequence
   * item, and each fix pass would add it again (found by the fuzzer). A `? ` before the key is kept inside.
   */
  private bracePairWith(map: YAMLMap, added: string): TextEdit {
    const text = this.doc.text;
    let start = map.range![0];
    const before = trimmedEnd(text, start);
    if (text[before - 1] === '?') start = before - 1;
    const end = trimmedEnd(text, map.range![1]);
    return { start, end, newText: `{${text.slice(start, end)}, ${added}}` };
  }

  /** Appends an item to a sequence: a new `- item` line for block sequences, `, item` for flow ones. */
  appendItem(seq: YAMLSeq, value: YamlValue): TextEdit {
    if (seq.flow || seq.items.length === 0) {
      const closing = flowClosing(this.doc.text, seq, ']');
      const separator = seq.items.length > 0 ? ', ' : '';
      return { start: closing, end: closing, newText: `${separator}${renderFlow(value)}` };
    }
    const firstItem = seq.items[0] as Node;
    const dash = this.doc.text.lastIndexOf('-', firstItem.range![0] - 1);
    const column = this.column(dash);
    const last = seq.items[seq.items.length - 1] as Node;
    return this.insertLinesAfter(last, this.renderItem(value, column));
  }

  private insertLinesAfter(node: Node | Pair, lines: string): TextEdit {
    const text = this.doc.text;
    let end = endOfNode(node);
    // After a less indented comment line, a block collection's range ends inside the next line's
    // indentation: insert before that line, not after it (found by the fuzzer).
    const lineStart = text.lastIndexOf('\n', end - 1) + 1;
    if (lineStart < end && /^[ \t]*$/.test(text.slice(lineStart, end))) end = lineStart;
    if (end > 0 && text[end - 1] === '\n') return { start: end, end, newText: `${lines}${this.style.eol}` };
    const lineEnd = this.doc.lines.lineEnd(this.doc.lines.position(end).line);
    return { start: lineEnd, end: lineEnd, newText: `${this.style.eol}${lines}` };
  }

  /**
   * Removes a pair from a mapping, with its line when it stands on lines of its own. The first key
   * of a block sequence item (`- hostPort: 80`) followed by more keys goes with the rest of its
   * line: the next line moves up behind the dash, and comment lines between them stay. Comments
   * of the removed text are kept on lines of their own.
   */
  removePair(map: YAMLMap, pair: Pair): TextEdit {
    const index = map.items.indexOf(pair);
    const keyStart = startOfNode(pair);
    if (!map.flow && index === 0 && map.items.length > 1 && startsSequenceItem(this.doc.text, keyStart)) {
      return this.removeFirstKeyOfItem(keyStart, afterLineBreak(this.doc.text, endOfNode(pair)));
    }
    if (map.items.length === 1 && isBracelessFlowPair(this.doc.text, map)) {
      const start = this.doc.text[trimmedEnd(this.doc.text, map.range![0]) - 1] === '?' ? trimmedEnd(this.doc.text, map.range![0]) - 1 : map.range![0];
      return this.keeping({ start, end: trimmedEnd(this.doc.text, map.range![1]), newText: '{}' });
    }
    return this.removeEntry(map.items as Pair[], index, map.flow ?? false, keyStart, '{}');
  }

  /**
   * Removes item `index` of the sequence `seq` found at a path of keys under a mapping. When it is
   * the last item, its key goes instead, and so does each mapping on the path that this leaves
   * empty (never `map` itself): no `add: []` or `capabilities: {}` is left behind. Nothing is
   * pruned through an alias, a merge key or an anchored node, which other places share.
   */
  removeItemIn(map: YAMLMap, path: string[], seq: YAMLSeq, index: number): TextEdit {
    const chain: { map: YAMLMap; pair: Pair }[] = [];
    let current: YAMLMap | undefined = map;
    for (const key of path) {
      const pair = current?.items.find((item) => isScalar(item.key) && String(item.key.value) === key) as Pair | undefined;
      if (!current || !pair) break;
      chain.push({ map: current, pair });
      current = isMap(pair.value) ? pair.value : undefined;
    }
    if (chain.length !== path.length || chain[chain.length - 1].pair.value !== seq || seq.items.length > 1 || seq.anchor) {
      return this.removeItem(seq, index);
    }
    let level = chain.length - 1;
    while (level > 0 && chain[level].map.items.length === 1 && !chain[level].map.anchor) level--;
    return this.removePair(chain[level].map, chain[level].pair);
  }

  /** Removes `key: value` from the start of a `- key: value` line; the next line moves up behind the dash. */
  private removeFirstKeyOfItem(keyStart: number, lineEnd: number): TextEdit {
    const text = this.doc.text;
    const kept = keptCommentLines(text, this.doc.lines, this.commentsIn(keyStart, lineEnd), keyStart, lineEnd);
    if (kept.length === 0) return { start: keyStart, end: indentEnd(this.doc.text, lineEnd), newText: '' };
    // `- # why` then the item's other keys on the lines below: the comment stays behind the dash.
    const [first, ...rest] = kept.map((line) => line.trim());
    const pad = this.pad(this.column(keyStart));
    return { start: keyStart, end: lineEnd, newText: [first, ...rest.map((line) => `${pad}${line}`)].join(this.style.eol) + this.style.eol };
  }

  /** The comments of [start, end) as lines to keep when that text is replaced. */
  private commentsOf(start: number, end: number): string[] {
    return keptCommentLines(this.doc.text, this.doc.lines, this.commentsIn(start, end), start, end);
  }

  /**
   * The document's comments, for an edit of [start, end): none to look for when that text holds no
   * `#` (every comment starts with one), which spares most fixes a parse of the document.
   */
  private commentsIn(start: number, end: number): CommentSpan[] {
    const hash = this.doc.text.indexOf('#', start);
    if (hash === -1 || hash >= end) return [];
    this.commentSpans ??= findComments(this.doc.text);
    return this.commentSpans;
  }

  /** A removal that keeps the comments of the text it removes. */
  private keeping(edit: TextEdit): TextEdit {
    return keepingComments(edit, this.doc.text, this.doc.lines, this.commentsIn(edit.start, edit.end), this.style.eol);
  }

  /** Removes the item at an index from a sequence, with its line when it stands on a line of its own. */
  removeItem(seq: YAMLSeq, index: number): TextEdit {
    const item = seq.items[index] as Node;
    const text = this.doc.text;
    if (seq.flow) return this.removeEntry(seq.items as Node[], index, true, item.range![0], '[]');
    const dash = text.lastIndexOf('-', item.range![0] - 1);
    return this.removeEntry(seq.items as Node[], index, false, dash, '[]');
  }

  private removeEntry(entries: (Node | Pair)[], index: number, flow: boolean, start: number, emptyText: string): TextEdit {
    const text = this.doc.text;
    const entry = entries[index];
    const end = endOfNode(entry);
    if (flow) {
      if (entries.length === 1) return this.keeping({ start, end, newText: '' });
      if (index > 0) return this.keeping({ start: endOfNode(entries[index - 1]), end, newText: '' });
      return this.keeping({ start, end: startOfNode(entries[1]), newText: '' });
    }
    const line = this.doc.lines.position(start).line;
    const lineStart = this.doc.lines.lineStart(line);
    const ownsLine = text.slice(lineStart, start).trim() === '';
    if (ownsLine && entries.length === 1) return this.emptyCollectionBelowKey(lineStart, end, emptyText);
    if (ownsLine) return this.keeping({ start: lineStart, end: afterLineBreak(text, end), newText: '' });
    if (index + 1 < entries.length) return this.keeping({ start, end: startOfNode(entries[index + 1]), newText: '' });
    return this.keeping({ start, end: trimmedEnd(text, end), newText: emptyText });
  }

  /**
   * Removes the last entry of a block collection written below its key, leaving `key: {}` / `key: []`
   * (comments between the key and the entry stay, and so do the entry's own, below the key);
   * without such a key line, just the entry's lines.
   */
  private emptyCollectionBelowKey(lineStart: number, end: number, emptyText: string): TextEdit {
    const text = this.doc.text;
    const removeEnd = afterLineBreak(text, end);
    const colon = parentKeyColon(this.doc.lines, this.doc.lines.position(lineStart).line);
    if (colon === undefined) return this.keeping({ start: lineStart, end: removeEnd, newText: '' });
    const kept = keptCommentLines(text, this.doc.lines, this.commentsIn(lineStart, removeEnd), lineStart, removeEnd);
    const between = text.slice(colon + 1, lineStart);
    // The removed entry ended the text without a line break: so does the result.
    const lastLine = removeEnd === text.length && !text.endsWith('\n');
    const tail = [between, ...kept.map((keptLine) => `${keptLine}${this.style.eol}`)].join('');
    return { start: colon + 1, end: removeEnd, newText: ` ${emptyText}${lastLine ? tail.replace(/\r?\n$/, '') : tail}` };
  }
}

/**
 * Joins the edits of one fix: insertions at the same offset become one edit, in the order given
 * (so lines that belong deeper in the tree can be listed before their parents' new siblings).
 * Edits are returned sorted by offset.
 */
export function mergeEdits(edits: TextEdit[]): TextEdit[] {
  const sorted = edits
    .map((edit, order) => ({ edit, order }))
    .sort((a, b) => a.edit.start - b.edit.start || deeperLinesFirst(a.edit, b.edit) || a.order - b.order);
  const merged: TextEdit[] = [];
  for (const { edit } of sorted) {
    const previous = merged[merged.length - 1];
    if (previous && previous.start === previous.end && edit.start === edit.end && previous.start === edit.start) {
      previous.newText += edit.newText;
    } else {
      merged.push({ ...edit });
    }
  }
  return merged;
}

/** Where an explicit tag written before the value at `valueStart` begins (skipping an anchor between them), else `valueStart`. */
function tagStartBefore(text: string, valueStart: number): number {
  let at = valueStart;
  for (let tokens = 0; tokens < 2; tokens++) {
    let tokenEnd = at;
    while (tokenEnd > 0 && (text[tokenEnd - 1] === ' ' || text[tokenEnd - 1] === '\t')) tokenEnd--;
    if (tokenEnd === at && at !== valueStart) break;
    let tokenStart = tokenEnd;
    while (tokenStart > 0 && !/[\s[{,]/.test(text[tokenStart - 1])) tokenStart--;
    const token = text.slice(tokenStart, tokenEnd);
    if (token.startsWith('!')) return tokenStart;
    if (!token.startsWith('&')) break;
    at = tokenStart;
  }
  return valueStart;
}

/**
 * Two blocks of lines inserted at one offset (the end of a sequence that is also the end of its
 * parent mapping): the more indented block continues the inner collection, so it goes first;
 * in the other order the sequence items would land inside the new sibling key.
 */
function deeperLinesFirst(a: TextEdit, b: TextEdit): number {
  if (a.start !== a.end || b.start !== b.end || !a.newText.endsWith('\n') || !b.newText.endsWith('\n')) return 0;
  return blockDepth(b.newText) - blockDepth(a.newText);
}

/** How deep a block of lines starts: its indentation, and a sequence item (`- `) below a key of the same indentation (an indentless sequence). */
function blockDepth(text: string): number {
  const [, spaces, dash] = /^( *)(- )?/.exec(text)!;
  return spaces.length * 2 + (dash ? 1 : 0);
}

function nest(path: string[], value: YamlValue): YamlValue {
  return path.reduceRight<YamlValue>((inner, key) => ({ [key]: inner }), value);
}

export type { Scalar };

import { isMap, isPair, isScalar, isSeq, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { ManifestDoc } from './parse.ts';
import { detectEol } from './text.ts';
import { pairOf } from './nodes.ts';

/** A replacement of [start, end) by newText, in offsets of the text it was computed for. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** A value a fix writes: rendered in the document's own style. */
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

interface DocStyle {
  indent: number;
  /** Columns between a parent key and the `-` of its block sequence: 0 for flush sequences. */
  sequenceIndent: number;
  eol: string;
}

const YAML11_SPECIAL = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;

/** A scalar as YAML source: plain when that reads back as the same string, double-quoted otherwise. */
export function renderScalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value !== 'string') return String(value);
  const plain = /^[A-Za-z_/][\w./@:-]*$/.test(value) && !YAML11_SPECIAL.test(value) && !/:$/.test(value);
  return plain ? value : JSON.stringify(value);
}

/** Flow-style YAML source of a value: `{a: b, c: [d]}`. */
export function renderFlow(value: YamlValue): string {
  if (Array.isArray(value)) return `[${value.map(renderFlow).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([key, item]) => `${renderScalar(key)}: ${renderFlow(item)}`).join(', ')}}`;
  }
  return renderScalar(value);
}

/**
 * Builds minimal text edits against one document, in its own indentation and line endings.
 * Offsets of the returned edits are document-relative.
 */
export class DocEditor {
  readonly style: DocStyle;

  constructor(private readonly doc: ManifestDoc) {
    this.style = detectStyle(doc);
  }

  private column(offset: number): number {
    return this.doc.lines.position(offset).column;
  }

  private pad(column: number): string {
    return ' '.repeat(column);
  }

  /** Block-style lines of `key: value` starting at a column, joined by the document's newline. */
  renderPair(key: string, value: YamlValue, column: number): string {
    const pad = this.pad(column);
    const head = `${pad}${renderScalar(key)}:`;
    if (Array.isArray(value)) {
      if (value.length === 0) return `${head} []`;
      const itemColumn = column + this.style.sequenceIndent;
      return [head, ...value.map((item) => this.renderItem(item, itemColumn))].join(this.style.eol);
    }
    if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      if (entries.length === 0) return `${head} {}`;
      return [head, ...entries.map(([k, v]) => this.renderPair(k, v, column + this.style.indent))].join(this.style.eol);
    }
    return `${head} ${renderScalar(value)}`;
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
    const [start, end] = node.range ?? [0, 0];
    return { start, end, newText: yamlText };
  }

  /**
   * Sets the value at a path of keys under a mapping, creating missing parents
   * (`securityContext:` and the like) in the mapping's own style.
   */
  setIn(map: YAMLMap, path: string[], value: YamlValue): TextEdit[] {
    const [key, ...rest] = path;
    const pair = pairOf(this.doc.yaml, map, key);
    if (!pair) return [this.insertPair(map, key, nest(rest, value))];
    const current = pair.value as Node | null;
    if (rest.length > 0 && isMap(current)) return this.setIn(current, rest, value);
    return [this.replaceValue(pair, nest(rest, value))];
  }

  /** Replaces the value of an existing pair, writing a block mapping or sequence below the key where needed. */
  replaceValue(pair: Pair, value: YamlValue): TextEdit {
    const key = pair.key as Node;
    const current = pair.value as Node | null;
    const isCollection = value !== null && typeof value === 'object';
    const isEmptyValue = !current || (isScalar(current) && current.source === '' && current.value === null);
    if (!isCollection) {
      if (isEmptyValue) return this.insertAfterKey(key, ` ${renderScalar(value as string)}`);
      return this.replace(current as Node, renderScalar(value as string));
    }
    const flowContext = isFlowContext(this.doc.text, key.range![0]);
    if (flowContext || (current && !isEmptyValue && !isBlockCollection(current))) {
      if (current && !isEmptyValue) return this.replace(current, renderFlow(value));
      return this.insertAfterKey(key, ` ${renderFlow(value)}`);
    }
    const keyColumn = this.column(key.range![0]);
    const rendered = this.renderPair('x', value, keyColumn).split(this.style.eol).slice(1).join(this.style.eol);
    const emptyFlow = Array.isArray(value) ? ' []' : ' {}';
    if (current && !isEmptyValue) {
      const [start, end] = trimmedRange(this.doc.text, current);
      const keyEnd = this.doc.text.indexOf(':', key.range![1]) + 1;
      return { start: keyEnd, end, newText: rendered ? `${this.style.eol}${rendered}` : emptyFlow };
    }
    return this.insertAfterKey(key, rendered ? `${this.style.eol}${rendered}` : emptyFlow);
  }

  private insertAfterKey(key: Node, text: string): TextEdit {
    const colon = this.doc.text.indexOf(':', key.range![1]);
    return { start: colon + 1, end: colon + 1, newText: text };
  }

  /** Adds `key: value` to a mapping: after its last pair for block mappings, before `}` for flow ones. */
  insertPair(map: YAMLMap, key: string, value: YamlValue): TextEdit {
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

  /** Appends an item to a sequence: a new `- item` line for block sequences, `, item` for flow ones. */
  appendItem(seq: YAMLSeq, value: YamlValue): TextEdit {
    if (seq.flow || seq.items.length === 0) {
      const closing = flowClosing(this.doc.text, seq, ']');
      const separator = seq.items.length > 0 ? ', ' : '';
      return { start: closing, end: closing, newText: `${separator}${renderFlow(value)}` };
    }
    const firstItem = seq.items[0] as Node;
    const dash = this.doc.text.lastIndexOf('-', firstItem.range![0]);
    const column = this.column(dash);
    const last = seq.items[seq.items.length - 1] as Node;
    return this.insertLinesAfter(last, this.renderItem(value, column));
  }

  private insertLinesAfter(node: Node | Pair, lines: string): TextEdit {
    const end = endOfNode(node);
    const text = this.doc.text;
    if (end > 0 && text[end - 1] === '\n') return { start: end, end, newText: `${lines}${this.style.eol}` };
    const lineEnd = this.doc.lines.lineEnd(this.doc.lines.position(end).line);
    return { start: lineEnd, end: lineEnd, newText: `${this.style.eol}${lines}` };
  }

  /** Removes a pair from a mapping, with its line when it stands on lines of its own. */
  removePair(map: YAMLMap, pair: Pair): TextEdit {
    const index = map.items.indexOf(pair);
    return this.removeEntry(map.items as Pair[], index, map.flow ?? false, (pair.key as Node).range![0], '{}');
  }

  /** Removes the item at an index from a sequence, with its line when it stands on a line of its own. */
  removeItem(seq: YAMLSeq, index: number): TextEdit {
    const item = seq.items[index] as Node;
    const text = this.doc.text;
    if (seq.flow) return this.removeEntry(seq.items as Node[], index, true, item.range![0], '[]');
    const dash = text.lastIndexOf('-', item.range![0]);
    return this.removeEntry(seq.items as Node[], index, false, dash, '[]');
  }

  private removeEntry(entries: (Node | Pair)[], index: number, flow: boolean, start: number, emptyText: string): TextEdit {
    const text = this.doc.text;
    const entry = entries[index];
    const end = endOfNode(entry);
    if (flow) {
      if (entries.length === 1) return { start, end, newText: '' };
      if (index > 0) return { start: endOfNode(entries[index - 1]), end, newText: '' };
      return { start, end: startOfNode(entries[1]), newText: '' };
    }
    const line = this.doc.lines.position(start).line;
    const lineStart = this.doc.lines.lineStart(line);
    const ownsLine = text.slice(lineStart, start).trim() === '';
    if (ownsLine) return { start: lineStart, end: afterLineBreak(text, end), newText: '' };
    if (index + 1 < entries.length) return { start, end: startOfNode(entries[index + 1]), newText: '' };
    return { start, end: trimmedEnd(text, end), newText: emptyText };
  }
}

function nest(path: string[], value: YamlValue): YamlValue {
  return path.reduceRight<YamlValue>((inner, key) => ({ [key]: inner }), value);
}

function startOfNode(node: Node | Pair): number {
  return isPair(node) ? (node.key as Node).range![0] : node.range![0];
}

/** End of a node's value, trailing comment excluded. */
function endOfNode(node: Node | Pair): number {
  if (isPair(node)) {
    const value = node.value as Node | null;
    return value?.range && value.range[1] > (node.key as Node).range![1] ? value.range[1] : (node.key as Node).range![1];
  }
  return node.range![1];
}

function afterLineBreak(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

function trimmedEnd(text: string, end: number): number {
  let result = end;
  while (result > 0 && /\s/.test(text[result - 1])) result--;
  return result;
}

function trimmedRange(text: string, node: Node): [number, number] {
  return [node.range![0], trimmedEnd(text, node.range![1])];
}

function flowClosing(text: string, node: Node, bracket: string): number {
  const end = trimmedEnd(text, node.range![1]);
  return text[end - 1] === bracket ? end - 1 : end;
}

function isBlockCollection(node: Node): boolean {
  return (isMap(node) || isSeq(node)) && !(node as YAMLMap | YAMLSeq).flow;
}

/** True when an offset lies inside `{...}` or `[...]` on its line (a rough but safe test for flow context). */
function isFlowContext(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  let depth = 0;
  for (const char of before) {
    if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') depth--;
  }
  return depth > 0;
}

function detectStyle(doc: ManifestDoc): DocStyle {
  const indents = new Map<number, number>();
  let sequenceIndent: number | undefined;
  const lines = doc.text.split(/\r?\n/);
  for (let i = 0; i + 1 < lines.length; i++) {
    const match = /^(\s*)(?:- )?[^\s#-][^:#]*:\s*$/.exec(lines[i]);
    if (!match) continue;
    const keyColumn = lines[i].search(/[^\s-]/);
    const next = lines.slice(i + 1).find((line) => line.trim() !== '' && !line.trim().startsWith('#'));
    if (!next) continue;
    const nextColumn = next.search(/\S/);
    if (next.trimStart().startsWith('- ')) {
      sequenceIndent ??= Math.max(0, nextColumn - keyColumn);
    } else if (nextColumn > keyColumn) {
      const delta = nextColumn - keyColumn;
      indents.set(delta, (indents.get(delta) ?? 0) + 1);
    }
  }
  const indent = [...indents.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 2;
  return { indent, sequenceIndent: sequenceIndent ?? indent, eol: detectEol(doc.text) };
}

export type { Scalar };

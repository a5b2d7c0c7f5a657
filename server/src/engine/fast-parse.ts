import { Document, isScalar, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';
import { blockScalarValue } from './fast-block-scalar.ts';

/**
 * A fast parser for the block-YAML subset Kubernetes manifests are written in (block maps and
 * sequences, single-line plain and quoted scalars, `|` and `>` block scalars, single-line flow
 * collections, comments). It builds the same `yaml` nodes the full parse builds: same classes,
 * ranges, scalar types and values (resolved by the same YAML 1.1 schema). Anything outside the
 * subset (anchors, aliases, tags, merge keys, directives, multi-line flow or plain scalars,
 * complex keys, tabs, CR line ends, anything the full parse would report) makes it give up:
 * `fastParseDocument` then returns undefined and the caller parses with `yaml`.
 * Comments are not attached to nodes (`comment`, `commentBefore`, `spaceBefore`): nothing reads them.
 */

export const PARSE_OPTIONS = { version: '1.1', uniqueKeys: false, prettyErrors: false, strict: false } as const;

class GiveUp extends Error {}
const GIVE_UP = new GiveUp('outside the fast subset');

const DEBUG = process.env.FAST_PARSE_DEBUG === '1';

function giveUp(): never {
  throw DEBUG ? new GiveUp('outside the fast subset') : GIVE_UP;
}

type Tag = { default?: boolean | 'key'; test?: RegExp; resolve(value: string, onError: (message: string) => void, options: unknown): unknown; format?: string };

/** Plain-scalar resolution by source: the tag the schema picks (tags are shared by every 1.1 schema). */
const plainTags = new Map<string, Tag>();
const MAX_PLAIN_TAGS = 50_000;

/** Parses one document's text (no `---` inside but its own leading marker), or undefined outside the subset. */
export function fastParseDocument(text: string): Document.Parsed | undefined {
  if (text.includes('\t') || text.includes('\r')) return undefined;
  try {
    return new FastParser(text).document();
  } catch (error) {
    if (error instanceof GiveUp || error instanceof RangeError) {
      if (DEBUG) console.error((error as Error).stack);
      return undefined;
    }
    throw error;
  }
}

interface Line {
  /** Offset of the line's first character. */
  start: number;
  /** Column of its first non-space character. */
  indent: number;
  /** Offset of its end (the newline or the end of text). */
  end: number;
}

/** Where a node's text ended and what follows it: the next content line (undefined at the end). */
interface Next {
  line?: Line;
  /** Offset where the run of blank and comment lines before `line` starts. */
  runStart: number;
  /** The comment lines of that run, by indent. */
  commentIndents: number[];
}

class FastParser {
  private readonly doc: Document.Parsed;
  private readonly tags: Tag[];
  private readonly stringTag: Tag;
  private readonly options: unknown;
  private lastLeafEmpty = false;

  constructor(private readonly text: string) {
    this.doc = new Document(undefined, PARSE_OPTIONS) as unknown as Document.Parsed;
    const schema = this.doc.schema as unknown as { tags: Tag[]; [key: symbol]: Tag };
    this.tags = schema.tags.filter((tag) => tag.default === true && tag.test);
    this.stringTag = schema[Symbol.for('yaml.scalar')] ?? giveUp();
    this.options = this.doc.options;
  }

  document(): Document.Parsed {
    const text = this.text;
    let marker: number | undefined;
    let next = this.nextContent(0);
    let line = next.line;
    if (line && line.indent === 0 && text.startsWith('---', line.start)) {
      marker = line.start;
      const after = line.start + 3;
      const rest = this.restOfLine(after, line.end);
      if (rest !== 'empty' && rest !== 'comment') giveUp();
      next = this.nextContent(this.lineAfter(line.end));
      line = next.line;
    }
    if (!line) giveUp();
    if (text.startsWith('...', line.start) || text.charCodeAt(line.start) === 0x25 /* % */) giveUp();
    const { node, next: after } = this.blockNode(line, line.start + line.indent, -1);
    if (after.line) giveUp();
    const contents = node;
    this.doc.contents = contents as never;
    if (marker !== undefined) this.doc.directives!.docStart = true;
    const contentEnd = contents.range![2];
    // After a final empty value, the blank lines left belong to that pair, not to the document's end.
    this.doc.range = [marker ?? line.start, contentEnd, this.lastLeafEmpty ? contentEnd : text.length];
    return this.doc;
  }

  /** A block node whose first character is at `at` on `line`; `parentIndent` is the enclosing collection's column. */
  private blockNode(line: Line, at: number, parentIndent: number): { node: Node; next: Next } {
    const column = at - line.start;
    const code = this.text.charCodeAt(at);
    if (code === 0x2d /* - */ && this.isSpaceOrEnd(at + 1, line.end)) return this.blockSeq(line, at);
    if (this.keyEnd(at, line.end) !== undefined) return this.blockMap(line, at);
    // A scalar or flow collection alone: only as the value of a key or item (handled by the caller).
    void column;
    void parentIndent;
    return giveUp();
  }

  private blockMap(firstLine: Line, firstAt: number): { node: Node; next: Next } {
    const map = new YAMLMap(this.doc.schema);
    const column = firstAt - firstLine.start;
    let line: Line | undefined = firstLine;
    let at = firstAt;
    let next: Next;
    for (;;) {
      const colon = this.keyEnd(at, line.end);
      if (colon === undefined) giveUp();
      const key = this.keyScalar(at, colon);
      const { value, next: afterValue } = this.valueAfter(line, colon + 1, column, true);
      map.items.push(new Pair(key, value));
      next = afterValue;
      line = next.line;
      if (!line || line.indent < column) break;
      if (line.indent > column) giveUp();
      at = line.start + line.indent;
      if (this.text.charCodeAt(at) === 0x2d && this.isSpaceOrEnd(at + 1, line.end)) giveUp();
    }
    const end = (map.items[map.items.length - 1].value as Node).range![2];
    const trailing = this.trailingEnd(next, column, end);
    map.range = [firstAt, end, trailing];
    return { node: map, next: trailing === end ? next : { ...next, commentIndents: [] } };
  }

  private blockSeq(firstLine: Line, firstAt: number): { node: Node; next: Next } {
    const seq = new YAMLSeq(this.doc.schema);
    const column = firstAt - firstLine.start;
    let line: Line | undefined = firstLine;
    let at = firstAt;
    let next: Next;
    for (;;) {
      const { value, next: afterValue } = this.valueAfter(line, at + 1, column, false);
      seq.items.push(value);
      next = afterValue;
      line = next.line;
      if (!line || line.indent < column) break;
      at = line.start + line.indent;
      const isItem = this.text.charCodeAt(at) === 0x2d && this.isSpaceOrEnd(at + 1, line.end);
      if (line.indent === column && isItem) continue;
      // A zero-indented sequence (the value of a key at its own column) ends at the next key.
      if (line.indent === column && this.keyEnd(at, line.end) !== undefined) break;
      giveUp();
    }
    const end = (seq.items[seq.items.length - 1] as Node).range![2];
    const trailing = this.trailingEnd(next, column, end);
    seq.range = [firstAt, end, trailing];
    return { node: seq, next: trailing === end ? next : { ...next, commentIndents: [] } };
  }

  /**
   * The end of a collection: the blank and comment lines after its last item stay in it when one
   * of the comments is indented at least as far as the collection (not at column 0); else they
   * move up to the enclosing collection.
   */
  private trailingEnd(next: Next, column: number, end: number): number {
    if (column === 0 || !next.commentIndents.some((indent) => indent >= column)) return end;
    return next.line ? next.line.start + next.line.indent : this.text.length;
  }

  /**
   * The value after an indicator (`:` of a key, `-` of an item) at `from` on `line`, in a
   * collection at `column`; with what follows it.
   */
  private valueAfter(line: Line, from: number, column: number, ofKey: boolean): { value: Node; next: Next } {
    const text = this.text;
    let at = from;
    while (at < line.end && text.charCodeAt(at) === 0x20) at++;
    if (at === line.end || text.charCodeAt(at) === 0x23 /* # */) {
      const comment = at < line.end;
      const next = this.nextContent(this.lineAfter(line.end));
      const below = next.line;
      if (below) {
        const first = below.start + below.indent;
        const isItem = text.charCodeAt(first) === 0x2d && this.isSpaceOrEnd(first + 1, below.end);
        if (below.indent > column || (ofKey && below.indent === column && isItem)) {
          return this.nodeOnLine(below, first, column);
        }
      }
      if (comment || next.commentIndents.length > 0) giveUp();
      return { value: this.emptyScalar(at), next };
    }
    if (!ofKey) {
      const code = text.charCodeAt(at);
      if ((code === 0x2d && this.isSpaceOrEnd(at + 1, line.end)) || this.keyEnd(at, line.end) !== undefined) {
        return this.blockNodeOrGiveUp(line, at, column);
      }
    }
    return this.inlineValue(line, at, column);
  }

  private blockNodeOrGiveUp(line: Line, at: number, parentIndent: number): { value: Node; next: Next } {
    const { node, next } = this.blockNode(line, at, parentIndent);
    return { value: node, next };
  }

  /** A node that starts a line of its own (below a key or item). */
  private nodeOnLine(line: Line, at: number, parentIndent: number): { value: Node; next: Next } {
    const code = this.text.charCodeAt(at);
    if ((code === 0x2d && this.isSpaceOrEnd(at + 1, line.end)) || this.keyEnd(at, line.end) !== undefined) {
      return this.blockNodeOrGiveUp(line, at, parentIndent);
    }
    return this.inlineValue(line, at, parentIndent);
  }

  /** A scalar, block scalar or flow collection starting at `at`, in a block collection at `column`. */
  private inlineValue(line: Line, at: number, column: number): { value: Node; next: Next } {
    const text = this.text;
    const code = text.charCodeAt(at);
    if (code === 0x7c /* | */ || code === 0x3e /* > */) return this.blockScalar(line, at, column);
    let node: Node;
    let end: number;
    if (code === 0x5b /* [ */ || code === 0x7b /* { */) {
      ({ node, end } = this.flowCollection(at, line.end));
    } else if (code === 0x22 || code === 0x27) {
      ({ node, end } = this.quoted(at, line.end));
    } else {
      ({ node, end } = this.plainInBlock(at, line.end));
    }
    this.lastLeafEmpty = false;
    const rest = this.restOfLine(end, line.end);
    if (rest === 'content') giveUp();
    const afterLine = this.lineAfter(line.end);
    // Continuation lines (a multi-line plain or quoted scalar) are outside the subset.
    const next = this.nextContent(afterLine, column);
    if (next.line && next.line.indent > column) giveUp();
    node.range = [node.range![0], node.range![1], next.absorbedEnd ?? afterLine];
    return { value: node, next };
  }

  private blockScalar(line: Line, at: number, column: number): { value: Node; next: Next } {
    const text = this.text;
    const header = text.slice(at, line.end);
    const match = /^([|>])([-]?)( +#.*| *)$/.exec(header);
    if (!match) giveUp();
    const bodyStart = this.lineAfter(line.end);
    const lines: string[] = [];
    let contentIndent = -1;
    let pos = bodyStart;
    let bodyEnd = bodyStart;
    while (pos < text.length) {
      let lineEnd = text.indexOf('\n', pos);
      if (lineEnd === -1) lineEnd = text.length;
      let indent = pos;
      while (indent < lineEnd && text.charCodeAt(indent) === 0x20) indent++;
      if (indent === lineEnd) {
        if (lineEnd > pos) giveUp();
        lines.push('');
        pos = this.lineAfter(lineEnd);
        continue;
      }
      const lineIndent = indent - pos;
      if (contentIndent === -1) {
        if (lines.length > 0 || lineIndent <= column) giveUp();
        contentIndent = lineIndent;
      }
      if (lineIndent < contentIndent) break;
      lines.push(text.slice(pos + contentIndent, lineEnd));
      pos = this.lineAfter(lineEnd);
      bodyEnd = pos;
    }
    if (contentIndent === -1) giveUp();
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    const value = blockScalarValue(lines, match[1] === '>', match[2] === '-');
    const scalar = new Scalar(value);
    this.lastLeafEmpty = false;
    scalar.range = [at, bodyEnd, bodyEnd];
    scalar.source = value;
    scalar.type = match[1] === '>' ? Scalar.BLOCK_FOLDED : Scalar.BLOCK_LITERAL;
    const next = this.nextContent(bodyEnd);
    return { value: scalar, next };
  }

  /** A plain scalar in block context, ending at ` #` or the end of the line. */
  private plainInBlock(at: number, lineEnd: number): { node: Node; end: number } {
    const text = this.text;
    this.checkPlainStart(at, lineEnd);
    let end = at;
    for (let pos = at; pos < lineEnd; pos++) {
      const code = text.charCodeAt(pos);
      if (code === 0x20) {
        if (text.charCodeAt(pos + 1) === 0x23) break;
        continue;
      }
      if (code === 0x3a /* : */ && this.isSpaceOrEnd(pos + 1, lineEnd)) giveUp();
      end = pos + 1;
    }
    return { node: this.plainScalar(at, end), end };
  }

  private checkPlainStart(at: number, lineEnd: number): void {
    const code = this.text.charCodeAt(at);
    // Indicators: ? : - need a non-space after them; the others cannot start a plain scalar here.
    if (code === 0x3f || code === 0x3a || code === 0x2d) {
      if (this.isSpaceOrEnd(at + 1, lineEnd) || code !== 0x2d) giveUp();
      return;
    }
    if ('&*!%@`,[]{}#|>\'"'.includes(this.text[at])) giveUp();
  }

  private plainScalar(start: number, end: number): Scalar {
    const source = this.text.slice(start, end);
    let tag = plainTags.get(source);
    if (!tag) {
      tag = this.tags.find((candidate) => candidate.test!.test(source)) ?? this.stringTag;
      if (plainTags.size >= MAX_PLAIN_TAGS) plainTags.clear();
      plainTags.set(source, tag);
    }
    const resolved = tag.resolve(source, giveUp, this.options);
    const scalar = isScalar(resolved) ? resolved : new Scalar(resolved);
    this.lastLeafEmpty = false;
    scalar.range = [start, end, end];
    scalar.source = source;
    scalar.type = Scalar.PLAIN;
    if (tag.format) scalar.format = tag.format;
    return scalar;
  }

  /** A single- or double-quoted scalar on one line. */
  private quoted(at: number, lineEnd: number): { node: Node; end: number } {
    const text = this.text;
    const double = text.charCodeAt(at) === 0x22;
    let value = '';
    let pos = at + 1;
    for (;;) {
      if (pos >= lineEnd) giveUp();
      const code = text.charCodeAt(pos);
      if (double) {
        if (code === 0x22) break;
        if (code === 0x5c /* \ */) {
          const [decoded, length] = escape(text, pos + 1, lineEnd);
          value += decoded;
          pos += 1 + length;
          continue;
        }
      } else if (code === 0x27) {
        if (text.charCodeAt(pos + 1) !== 0x27) break;
        value += "'";
        pos += 2;
        continue;
      }
      value += text[pos];
      pos++;
    }
    const end = pos + 1;
    this.lastLeafEmpty = false;
    const scalar = new Scalar(this.stringTag.resolve(value, giveUp, this.options));
    scalar.range = [at, end, end];
    scalar.source = value;
    scalar.type = double ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE;
    return { node: scalar, end };
  }

  /** The key scalar of `key:` (plain or quoted) ending at `colon`. */
  private keyScalar(at: number, colon: number): Scalar {
    const code = this.text.charCodeAt(at);
    if (code === 0x22 || code === 0x27) {
      const { node, end } = this.quoted(at, colon + 1);
      if (end !== colon) giveUp();
      return node as Scalar;
    }
    this.checkPlainStart(at, colon);
    if (this.text.charCodeAt(colon - 1) === 0x20) giveUp();
    const scalar = this.plainScalar(at, colon);
    if (scalar.source === '<<') giveUp();
    return scalar;
  }

  /**
   * The offset of the `:` that makes the text at `at` an implicit key (followed by a space or the
   * end of the line), or undefined when the line holds no key there.
   */
  private keyEnd(at: number, lineEnd: number): number | undefined {
    const text = this.text;
    const code = text.charCodeAt(at);
    if (code === 0x22 || code === 0x27) {
      let pos = at + 1;
      while (pos < lineEnd) {
        const c = text.charCodeAt(pos);
        if (c === 0x5c && code === 0x22) pos += 2;
        else if (c === code) {
          if (code === 0x27 && text.charCodeAt(pos + 1) === 0x27) pos += 2;
          else break;
        } else pos++;
      }
      if (pos >= lineEnd) return undefined;
      const colon = pos + 1;
      return text.charCodeAt(colon) === 0x3a && this.isSpaceOrEnd(colon + 1, lineEnd) ? colon : undefined;
    }
    if (code === 0x5b || code === 0x7b || code === 0x23) return undefined;
    for (let pos = at; pos < lineEnd; pos++) {
      const c = text.charCodeAt(pos);
      if (c === 0x3a && this.isSpaceOrEnd(pos + 1, lineEnd)) return pos;
      if (c === 0x20 && text.charCodeAt(pos + 1) === 0x23) return undefined;
    }
    return undefined;
  }

  /** A flow collection that closes on its line. */
  private flowCollection(at: number, lineEnd: number): { node: Node; end: number } {
    const text = this.text;
    const isMap = text.charCodeAt(at) === 0x7b;
    const close = isMap ? 0x7d : 0x5d;
    const collection = isMap ? new YAMLMap(this.doc.schema) : new YAMLSeq(this.doc.schema);
    collection.flow = true;
    let pos = this.skipSpaces(at + 1, lineEnd);
    if (text.charCodeAt(pos) === close) {
      collection.range = [at, pos + 1, pos + 1];
      return { node: collection, end: pos + 1 };
    }
    for (;;) {
      const { node: item, end } = this.flowItem(pos, lineEnd);
      pos = this.skipSpaces(end, lineEnd);
      if (isMap) {
        if (text.charCodeAt(pos) !== 0x3a) giveUp();
        if (!(item instanceof Scalar) || item.source === '<<') giveUp();
        pos = this.skipSpaces(pos + 1, lineEnd);
        const { node: value, end: valueEnd } = this.flowItem(pos, lineEnd);
        (collection as YAMLMap).items.push(new Pair(item, value));
        pos = this.skipSpaces(valueEnd, lineEnd);
        value.range![2] = pos;
      } else {
        (collection as YAMLSeq).items.push(item);
        item.range![2] = pos;
      }
      const code = text.charCodeAt(pos);
      if (code === close) break;
      if (code !== 0x2c /* , */) giveUp();
      pos = this.skipSpaces(pos + 1, lineEnd);
      if (pos >= lineEnd || text.charCodeAt(pos) === close || text.charCodeAt(pos) === 0x2c) giveUp();
    }
    collection.range = [at, pos + 1, pos + 1];
    return { node: collection, end: pos + 1 };
  }

  private flowItem(at: number, lineEnd: number): { node: Node; end: number } {
    const text = this.text;
    if (at >= lineEnd) giveUp();
    const code = text.charCodeAt(at);
    if (code === 0x5b || code === 0x7b) return this.flowCollection(at, lineEnd);
    if (code === 0x22 || code === 0x27) return this.quoted(at, lineEnd);
    this.checkPlainStart(at, lineEnd);
    let end = at;
    for (let pos = at; pos < lineEnd; pos++) {
      const c = text.charCodeAt(pos);
      if (c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) break;
      if (c === 0x3a) {
        const after = text.charCodeAt(pos + 1);
        if (pos + 1 >= lineEnd || after === 0x20 || after === 0x2c || after === 0x5d || after === 0x7d || after === 0x5b || after === 0x7b) break;
      }
      if (c === 0x20) {
        if (text.charCodeAt(pos + 1) === 0x23) giveUp();
        continue;
      }
      if (c === 0x23 && pos === at) giveUp();
      end = pos + 1;
    }
    if (end === at) giveUp();
    return { node: this.plainScalar(at, end), end };
  }

  private emptyScalar(at: number): Scalar {
    const tag = this.tags.find((candidate) => candidate.test!.test('')) ?? this.stringTag;
    const resolved = tag.resolve('', giveUp, this.options);
    const scalar = isScalar(resolved) ? resolved : new Scalar(resolved);
    this.lastLeafEmpty = true;
    scalar.range = [at, at, at];
    scalar.source = '';
    scalar.type = Scalar.PLAIN;
    if (tag.format) scalar.format = tag.format;
    return scalar;
  }

  private skipSpaces(pos: number, lineEnd: number): number {
    while (pos < lineEnd && this.text.charCodeAt(pos) === 0x20) pos++;
    return pos;
  }

  private isSpaceOrEnd(pos: number, lineEnd: number): boolean {
    return pos >= lineEnd || this.text.charCodeAt(pos) === 0x20;
  }

  /** What is left on a line from `pos`: nothing, a comment (after a space), or content. */
  private restOfLine(pos: number, lineEnd: number): 'empty' | 'comment' | 'content' {
    const after = this.skipSpaces(pos, lineEnd);
    if (after === lineEnd) return 'empty';
    if (this.text.charCodeAt(after) === 0x23 && after > pos) return 'comment';
    return 'content';
  }

  private lineAfter(lineEnd: number): number {
    return lineEnd < this.text.length ? lineEnd + 1 : lineEnd;
  }

  /**
   * The next content line from `pos` (a line start), skipping blank and comment lines. With
   * `absorbFrom` (the column of the collection holding a scalar or flow value that ended the line
   * before), comment lines indented deeper than that collection, and the blank lines before them,
   * belong to that value's end (as in `yaml`'s CST) until a comment at or left of it.
   */
  private nextContent(pos: number, absorbFrom?: number): Next & { absorbedEnd?: number } {
    const text = this.text;
    const commentIndents: number[] = [];
    let runStart = pos;
    let absorbedEnd: number | undefined;
    let absorbing = absorbFrom !== undefined;
    while (pos < text.length) {
      let lineEnd = text.indexOf('\n', pos);
      if (lineEnd === -1) lineEnd = text.length;
      let first = pos;
      while (first < lineEnd && text.charCodeAt(first) === 0x20) first++;
      if (first < lineEnd && text.charCodeAt(first) !== 0x23) {
        return { line: { start: pos, indent: first - pos, end: lineEnd }, runStart, commentIndents, absorbedEnd };
      }
      if (first < lineEnd) {
        const indent = first - pos;
        if (absorbing && indent > absorbFrom!) {
          absorbedEnd = this.lineAfter(lineEnd);
          runStart = absorbedEnd;
          commentIndents.length = 0;
        } else {
          absorbing = false;
          commentIndents.push(indent);
        }
      }
      pos = this.lineAfter(lineEnd);
    }
    return { runStart, commentIndents, absorbedEnd };
  }
}

/** Decodes the double-quoted escape at `at` (after the backslash): its text and how many characters it took. */
function escape(text: string, at: number, lineEnd: number): [string, number] {
  if (at >= lineEnd) giveUp();
  const code = text[at];
  const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f', ' ': ' ' };
  if (code in simple) return [simple[code], 1];
  const length = code === 'x' ? 2 : code === 'u' ? 4 : code === 'U' ? 8 : 0;
  if (length === 0) giveUp();
  const hex = text.slice(at + 1, at + 1 + length);
  if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) giveUp();
  return [String.fromCodePoint(parseInt(hex, 16)), 1 + length];
}

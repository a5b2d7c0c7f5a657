import { Document, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import { documentStarts } from '../../server/src/engine/parse.ts';
import { fastParseDocument, PARSE_OPTIONS } from '../../server/src/engine/fast-parse.ts';

/** The `---` documents of a file's text, as parseManifestFile splits them. */
export function documentTexts(text: string): string[] {
  const starts = documentStarts(text);
  return starts.map((start, index) => text.slice(start, index + 1 < starts.length ? starts[index + 1] : text.length)).filter((doc) => /^[ \t]*[^\s#]/m.test(doc));
}

/**
 * Compares the fast parse of a document with `yaml`'s full parse: undefined when they agree (or
 * the fast parser gave up), else where they differ first.
 */
export function fastParseDifference(text: string): { fast: boolean; difference?: string } {
  const fast = fastParseDocument(text);
  if (!fast) return { fast: false };
  const full = parseDocument(text, PARSE_OPTIONS);
  if (full.errors.length > 0 || full.warnings.length > 0) return { fast: true, difference: `full parse reports ${[...full.errors, ...full.warnings][0].message.split('\n')[0]}` };
  const difference = sameRange('document', fast.range, full.range) ?? nodeDifference('contents', fast.contents, full.contents);
  if (difference) return { fast: true, difference };
  return JSON.stringify(fast.toJS()) === JSON.stringify(full.toJS()) ? { fast: true } : { fast: true, difference: 'toJS differs' };
}

function sameRange(path: string, a: unknown, b: unknown): string | undefined {
  return JSON.stringify(a) === JSON.stringify(b) ? undefined : `${path}: range ${JSON.stringify(a)} != ${JSON.stringify(b)}`;
}

function nodeDifference(path: string, a: unknown, b: unknown): string | undefined {
  if ((a as object)?.constructor !== (b as object)?.constructor) return `${path}: ${(a as object)?.constructor?.name} != ${(b as object)?.constructor?.name}`;
  if (isPair(a) && isPair(b)) return nodeDifference(`${path}.key`, a.key, b.key) ?? nodeDifference(`${path}.value`, a.value, b.value);
  const range = sameRange(path, (a as { range?: unknown }).range, (b as { range?: unknown }).range);
  if (range) return range;
  if (isScalar(a) && isScalar(b)) {
    for (const property of ['value', 'type', 'source', 'format', 'tag', 'anchor'] as const) {
      const [x, y] = [a[property], b[property]];
      if (!(Object.is(x, y) || (x instanceof Date && y instanceof Date && x.getTime() === y.getTime()))) return `${path}: ${property} ${JSON.stringify(x)} != ${JSON.stringify(y)}`;
    }
    return undefined;
  }
  if ((isMap(a) && isMap(b)) || (isSeq(a) && isSeq(b))) {
    if (Boolean(a.flow) !== Boolean(b.flow)) return `${path}: flow ${a.flow} != ${b.flow}`;
    if (a.anchor !== b.anchor || a.tag !== b.tag) return `${path}: anchor or tag differs`;
    if (a.items.length !== b.items.length) return `${path}: ${a.items.length} items != ${b.items.length}`;
    for (let index = 0; index < a.items.length; index++) {
      const difference = nodeDifference(`${path}[${index}]`, a.items[index], b.items[index]);
      if (difference) return difference;
    }
    return undefined;
  }
  return `${path}: unexpected node`;
}

export type { Document };

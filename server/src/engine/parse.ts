import { createHash } from 'node:crypto';
import { Document, isAlias, Node, parseDocument } from 'yaml';
import { LineIndex } from './text.ts';
import { isKustomizePatchFile, isPatchDocument, KUSTOMIZE_PATCH } from './kustomize-patches.ts';
import { aliasTarget, checkExpansion } from './expansion.ts';
import { safeParseMessage } from './parse-messages.ts';
import { blamedRange } from './parse-blame.ts';
import { fastParseDocument, PARSE_OPTIONS } from './fast-parse.ts';
import { memo } from './memo.ts';
import { flat } from './intern.ts';

/** One `---`-separated YAML document of a file; its syntax tree's offsets are relative to `offset`. */
export interface ManifestDoc {
  index: number;
  /** Offset of the document's first character in the file. */
  offset: number;
  text: string;
  yaml: Document.Parsed;
  lines: LineIndex;
  /** A kustomize strategic-merge patch (it holds `$patch` or another directive): not an object. */
  kustomizePatch?: boolean;
}

export interface ParseProblem {
  message: string;
  start: number;
  end: number;
}

export interface ManifestFile {
  path: string;
  text: string;
  lines: LineIndex;
  docs: ManifestDoc[];
  /** Set when the file was not checked at all, with the reason shown to the user. */
  skipped?: string;
}

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
/** What the parse cache may hold, in estimated bytes of memory (syntax trees and the texts they point into). */
const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;
let cacheCapacity = DEFAULT_CACHE_BYTES;
let cachedBytes = 0;
/** Parses by a digest of their text: a key never keeps a whole file's text alive. */
const parseCache = new Map<string, { parsed: Document.Parsed; cost: number }>();
/**
 * Digests of texts parsed once: a parse enters the cache the second time its text is parsed. A
 * workspace index parses each file once (caching those trees took 80 MB of a 10,000-file
 * workspace's server); an editor parses the unchanged documents of a file again on every edit.
 */
const seenOnce = new Set<number>();
const MAX_SEEN = 200_000;

/** Why a text should not be linted as a Kubernetes manifest, or undefined when it should. */
export function reasonToSkip(text: string): string | undefined {
  if (text.trim() === '') return 'empty file';
  if (text.length > MAX_FILE_BYTES) {
    return `file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB; split it to check it`;
  }
  if (text.slice(0, 8192).includes('\u0000')) return 'binary file';
  // includes() first: the regex alone walks every line of a big file on every keystroke.
  if (text.includes('{{') && /^[ \t]*(-[ \t]+)?\{\{|:[ \t]+\{\{/m.test(text)) return 'Helm or Go template ({{ ... }}); render it (helm template) to check it';
  return undefined;
}

/** Start offsets of the documents of a YAML stream: a `---` or `...` line at column 0 always ends a document. */
export function documentStarts(text: string): number[] {
  const starts = [text.charCodeAt(0) === 0xfeff ? 1 : 0];
  const marker = /^(---|\.\.\.)(?=[ \t\r\n]|$)/gm;
  for (let match = marker.exec(text); match; match = marker.exec(text)) {
    if (match[1] === '---') {
      if (match.index > starts[starts.length - 1] && hasContent(text, starts[starts.length - 1], match.index)) {
        starts.push(match.index);
      } else {
        starts[starts.length - 1] = match.index;
      }
    } else {
      const afterLine = text.indexOf('\n', match.index);
      if (afterLine !== -1) starts.push(afterLine + 1);
    }
  }
  return starts;
}

function hasContent(text: string, start: number, end: number): boolean {
  return /^[ \t]*[^\s#]/m.test(text.slice(start, end));
}

/**
 * Lets the parse cache hold `bytes` (estimated) of parsed documents; no argument goes back to the
 * default. A batch scan sets 0: it parses each document once to index and once to lint, and
 * parsing again costs less than keeping every tree (memory, garbage collection, a digest per document).
 */
export function setParseCacheCapacity(bytes = DEFAULT_CACHE_BYTES): void {
  cacheCapacity = Math.max(0, bytes);
  evictBeyondCapacity();
}

/** The estimated memory of parsed documents: about 1 KB each plus 40 bytes per character of text. */
export function parseCost(textLength: number, documents = 1): number {
  return 1024 * documents + 40 * textLength;
}

/** What the parse cache holds now (for tests and benchmarks). */
export function parseCacheUsage(): { entries: number; bytes: number; capacity: number } {
  return { entries: parseCache.size, bytes: cachedBytes, capacity: cacheCapacity };
}

function evictBeyondCapacity(): void {
  for (const [key, entry] of parseCache) {
    if (cachedBytes <= cacheCapacity) break;
    parseCache.delete(key);
    cachedBytes -= entry.cost;
  }
}

let fastParse = true;

/**
 * Turns the fast parse path on or off (the equality test and benchmarks compare the two) and
 * empties the parse cache, which holds parses of either kind.
 */
export function setFastParse(enabled: boolean): void {
  fastParse = enabled;
  parseCache.clear();
  seenOnce.clear();
  cachedBytes = 0;
}

/**
 * Drops the parses of documents an editor no longer shows (the versions typing replaced): the cache
 * keeps what is open and indexed, not every keystroke's version. A text parsed again is parsed anew.
 */
export function releaseParses(docs: Iterable<Pick<ManifestDoc, 'text' | 'yaml'>>): void {
  for (const { text, yaml } of docs) {
    const key = cacheKey(text);
    const entry = parseCache.get(key);
    // Only that very parse: the cache may hold a newer one of the same text, which an open document uses.
    if (!entry || entry.parsed !== yaml) continue;
    parseCache.delete(key);
    cachedBytes -= entry.cost;
  }
}

/**
 * 30 bits of a digest, a small integer: what seenOnce keeps of each text (a 44-character string
 * each cost 0.9 MB on a 10,000-file workspace). Two texts sharing them only means that the first
 * parse of the second one is kept.
 */
function shortKey(key: string): number {
  return Buffer.from(key.slice(0, 8), 'base64').readInt32LE(0) >> 2;
}

function cacheKey(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}

/**
 * Parses one document's text, reusing an earlier parse of the same text. A parse is kept the second
 * time its text is parsed (a workspace index parses each file once and keeps no trees), or at once
 * with `keep` (an open document: the editor reuses each unchanged document's parse and results).
 */
export function parseDocumentText(text: string, keep = false): Document.Parsed {
  const key = cacheCapacity > 0 ? cacheKey(text) : '';
  const cached = cacheCapacity > 0 ? parseCache.get(key) : undefined;
  if (cached) {
    parseCache.delete(key);
    parseCache.set(key, cached);
    return cached.parsed;
  }
  // A copy: the tree's strings would otherwise be slices of (and keep alive) the whole file's text.
  const copy = flat(text);
  // The fast path builds the same nodes for the subset manifests are written in (no aliases to expand).
  let parsed = fastParse ? fastParseDocument(copy) : undefined;
  if (!parsed) {
    parsed = parseDocument(copy, PARSE_OPTIONS);
    checkExpansion(parsed);
  }
  sourceOf.set(parsed, copy);
  const cost = parseCost(text.length);
  if (cost <= cacheCapacity && !keep && !seenOnce.delete(shortKey(key))) {
    if (seenOnce.size >= MAX_SEEN) seenOnce.clear();
    seenOnce.add(shortKey(key));
  } else if (cost <= cacheCapacity) {
    parseCache.set(key, { parsed, cost });
    cachedBytes += cost;
    evictBeyondCapacity();
  }
  return parsed;
}

/**
 * Splits a file into documents and parses each; a file that should not be checked gets `skipped`.
 * `keep` keeps the parses at once (an editor's open document, see parseDocumentText).
 */
export function parseManifestFile(path: string, text: string, keep = false): ManifestFile {
  const lines = new LineIndex(text);
  const skipped = reasonToSkip(text) ?? (isKustomizePatchFile(path) ? KUSTOMIZE_PATCH : undefined);
  if (skipped) return { path, text, lines, docs: [], skipped };
  const starts = documentStarts(text);
  const docs: ManifestDoc[] = [];
  starts.forEach((start, index) => {
    const end = index + 1 < starts.length ? starts[index + 1] : text.length;
    const docText = text.slice(start, end);
    if (!hasContent(docText, 0, docText.length)) return;
    const yaml = parseDocumentText(docText, keep);
    const { lines, kustomizePatch } = textFactsOf(yaml, docText);
    const doc: ManifestDoc = { index: docs.length, offset: start, text: docText, yaml, lines };
    if (kustomizePatch) doc.kustomizePatch = true;
    docs.push(doc);
  });
  if (docs.length > 0 && docs.every((doc) => doc.kustomizePatch)) return { path, text, lines, docs: [], skipped: KUSTOMIZE_PATCH };
  return { path, text, lines, docs };
}

/** The flat copy of its text each parse was made from (the line index shares it rather than copying again). */
const sourceOf = memo<Document.Parsed, string>('sourceOf');

/** What a document's text alone decides, once per parsed document (the same text gets the same Document). */
const textFacts = memo<Document.Parsed, { lines: LineIndex; kustomizePatch: boolean }>('textFacts');

function textFactsOf(yaml: Document.Parsed, text: string): { lines: LineIndex; kustomizePatch: boolean } {
  let known = textFacts.get(yaml);
  if (!known) {
    known = { lines: new LineIndex(sourceOf.get(yaml) ?? flat(text)), kustomizePatch: isPatchDocument(text, yaml) };
    textFacts.set(yaml, known);
  }
  return known;
}

/** The syntax errors of a document, in file offsets. */
export function parseProblems(doc: ManifestDoc): ParseProblem[] {
  return doc.yaml.errors.map((error) => {
    const [start, end] = blamedRange(doc.text, error.message.split('\n')[0], error.pos);
    return { message: safeParseMessage(error), start: doc.offset + start, end: doc.offset + end };
  });
}

/** Follows an alias to the node it names. */
export function deref(doc: Document.Parsed, node: unknown): Node | undefined {
  if (isAlias(node)) return aliasTarget(doc, node);
  return (node ?? undefined) as Node | undefined;
}

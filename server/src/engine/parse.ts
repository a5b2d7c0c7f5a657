import { Document, isAlias, Node, parseDocument } from 'yaml';
import { LineIndex } from './text.ts';
import { isKustomizePatchFile, isPatchDocument, KUSTOMIZE_PATCH } from './kustomize-patches.ts';
import { blamedRange } from './parse-blame.ts';

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

export const MAX_FILE_BYTES = 4 * 1024 * 1024;
const DEFAULT_CACHED_DOCS = 2_000;
let maxCachedDocs = DEFAULT_CACHED_DOCS;
const parseCache = new Map<string, Document.Parsed>();

/** Why a text should not be linted as a Kubernetes manifest, or undefined when it should. */
export function reasonToSkip(text: string): string | undefined {
  if (text.trim() === '') return 'empty file';
  if (text.length > MAX_FILE_BYTES) {
    return `file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB; split it to check it`;
  }
  if (text.slice(0, 8192).includes('\u0000')) return 'binary file';
  if (/^\s*(-\s+)?\{\{|:[ \t]+\{\{/m.test(text)) return 'Helm or Go template ({{ ... }}); render it (helm template) to check it';
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
  return /^\s*[^\s#]/m.test(text.slice(start, end));
}

/**
 * Lets the parse cache hold at least `documents` parsed documents (a batch scan that reads every
 * file twice: once to index, once to lint), or back to the default with no argument.
 */
export function setParseCacheCapacity(documents = DEFAULT_CACHED_DOCS): void {
  maxCachedDocs = Math.max(DEFAULT_CACHED_DOCS, documents);
  while (parseCache.size > maxCachedDocs) parseCache.delete(parseCache.keys().next().value as string);
}

/** Parses one document's text, reusing an earlier parse of the same text. */
export function parseDocumentText(text: string): Document.Parsed {
  const cached = parseCache.get(text);
  if (cached) {
    parseCache.delete(text);
    parseCache.set(text, cached);
    return cached;
  }
  const parsed = parseDocument(text, {
    version: '1.1',
    uniqueKeys: false,
    prettyErrors: false,
    strict: false,
  });
  parseCache.set(text, parsed);
  if (parseCache.size > maxCachedDocs) parseCache.delete(parseCache.keys().next().value as string);
  return parsed;
}

/** Splits a file into documents and parses each; a file that should not be checked gets `skipped`. */
export function parseManifestFile(path: string, text: string): ManifestFile {
  const lines = new LineIndex(text);
  const skipped = reasonToSkip(text) ?? (isKustomizePatchFile(path) ? KUSTOMIZE_PATCH : undefined);
  if (skipped) return { path, text, lines, docs: [], skipped };
  const starts = documentStarts(text);
  const docs: ManifestDoc[] = [];
  starts.forEach((start, index) => {
    const end = index + 1 < starts.length ? starts[index + 1] : text.length;
    const docText = text.slice(start, end);
    if (!hasContent(docText, 0, docText.length)) return;
    const yaml = parseDocumentText(docText);
    const doc: ManifestDoc = { index: docs.length, offset: start, text: docText, yaml, lines: new LineIndex(docText) };
    if (isPatchDocument(docText, yaml)) doc.kustomizePatch = true;
    docs.push(doc);
  });
  if (docs.length > 0 && docs.every((doc) => doc.kustomizePatch)) return { path, text, lines, docs: [], skipped: KUSTOMIZE_PATCH };
  return { path, text, lines, docs };
}

/** The syntax errors of a document, in file offsets. */
export function parseProblems(doc: ManifestDoc): ParseProblem[] {
  return doc.yaml.errors.map((error) => {
    const message = error.message.split('\n')[0];
    const [start, end] = blamedRange(doc.text, message, error.pos);
    return { message, start: doc.offset + start, end: doc.offset + end };
  });
}

/** Follows an alias to the node it names. */
export function deref(doc: Document.Parsed, node: unknown): Node | undefined {
  if (isAlias(node)) {
    try {
      return node.resolve(doc) as Node | undefined;
    } catch {
      return undefined;
    }
  }
  return (node ?? undefined) as Node | undefined;
}

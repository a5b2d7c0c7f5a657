import type { ManifestDoc, ManifestFile } from './parse.ts';
import type { K8sObject } from './objects.ts';
import { mapPairs, nodeAt } from './nodes.ts';

/** A suppression written in a comment or an annotation. */
export interface Suppression {
  kind: 'next-line' | 'document' | 'annotation';
  ruleIds: string[];
  reason?: string;
  /** File offsets of the directive (for reports about the suppression itself). */
  start: number;
  end: number;
  /** next-line: the 0-based line it covers. */
  line?: number;
  /** document / annotation: the file offsets it covers. */
  scope?: [number, number];
  /** Rule IDs it actually silenced, filled in by the linter. */
  used: Set<string>;
}

export const ANNOTATION_PREFIX = 'ignore-check.kube-hardener.io/';
const DIRECTIVE = /#\s*kube-hardener-(disable-next-line|disable)\b([^\n\r]*)/g;

/** The comment suppressions of a file (or of some of its documents), each tied to the line or document it covers. */
export function commentSuppressions(file: ManifestFile, docs: readonly ManifestDoc[] = file.docs): Suppression[] {
  const result: Suppression[] = [];
  for (const doc of docs) {
    const firstContent = firstContentOffset(doc.text);
    for (const match of doc.text.matchAll(DIRECTIVE)) {
      const start = doc.offset + match.index!;
      if (!isComment(file.text, start)) continue;
      const { ruleIds, reason } = parseDirectiveBody(match[2]);
      const line = file.lines.position(start).line;
      const suppression: Suppression = { kind: 'next-line', ruleIds, reason, start, end: start + match[0].trimEnd().length, used: new Set() };
      if (match[1] === 'disable-next-line') {
        suppression.line = nextContentLine(file, line);
      } else {
        if (match.index! > firstContent) continue;
        suppression.kind = 'document';
        suppression.scope = [doc.offset, doc.offset + doc.text.length];
      }
      result.push(suppression);
    }
  }
  return result;
}

/** Suppressions from `ignore-check.kube-hardener.io/<id>` annotations, covering their object's document; reports about them point at the annotation's key. */
export function annotationSuppressions(object: K8sObject): Suppression[] {
  const result: Suppression[] = [];
  for (const pair of mapPairs(object.yaml, nodeAt(object.yaml, object.metadata, 'annotations'))) {
    const key = String(pair.key.value);
    if (!key.startsWith(ANNOTATION_PREFIX)) continue;
    const value = object.annotations[key] ?? '';
    const anchor = pair.key.range ?? object.nameNode?.range ?? object.kindNode.range!;
    result.push({
      kind: 'annotation',
      ruleIds: [key.slice(ANNOTATION_PREFIX.length)],
      reason: realReason(value),
      start: object.doc.offset + anchor[0],
      end: object.doc.offset + anchor[1],
      scope: [object.doc.offset, object.doc.offset + object.doc.text.length],
      used: new Set(),
    });
  }
  return result;
}

function parseDirectiveBody(body: string): { ruleIds: string[]; reason?: string } {
  const [idsPart, ...reasonParts] = body.split(/\s--\s?|\s--$/);
  const ruleIds = idsPart.split(/[\s,]+/).map((id) => id.trim()).filter(Boolean);
  return { ruleIds, reason: realReason(reasonParts.join(' -- ')) };
}

// What editors insert for the user to replace: `TODO`, `TODO: reason`, `<reason>`, `FIXME`, `reason`, `why`...
const PLACEHOLDER_REASON = /^[<[(]?\s*(?:(?:todo|fixme|tbd|xxx)\b[\s:.-]*(?:reason|why)?|reason|why|\.\.\.|…)\s*[>\])]?[.!]*$/i;

/** A suppression's reason, or undefined when it gives none or only a placeholder such as `TODO: reason`. */
export function realReason(text: string | undefined): string | undefined {
  const reason = text?.trim();
  return reason && !PLACEHOLDER_REASON.test(reason) ? reason : undefined;
}

function isComment(text: string, hashOffset: number): boolean {
  const lineStart = text.lastIndexOf('\n', hashOffset - 1) + 1;
  const before = text.slice(lineStart, hashOffset);
  return before.trim() === '' || /\s$/.test(before) && !/["']/.test(before);
}

function firstContentOffset(text: string): number {
  const match = /^[ \t]*(?!---(?:\s|$))[^\s#]/m.exec(text);
  return match ? match.index : text.length;
}

function nextContentLine(file: ManifestFile, line: number): number {
  for (let candidate = line + 1; candidate < file.lines.lineCount; candidate++) {
    const content = file.lines.lineText(candidate).trim();
    if (content !== '' && !content.startsWith('#')) return candidate;
  }
  return line + 1;
}

/** The suppression that silences a finding of a rule at a line and offset, if any. */
export function findSuppression(suppressions: Suppression[], ruleId: string, line: number, offset: number): Suppression | undefined {
  return suppressions.find(
    (suppression) =>
      suppression.ruleIds.includes(ruleId) &&
      (suppression.line === line || (suppression.scope !== undefined && offset >= suppression.scope[0] && offset < suppression.scope[1])),
  );
}

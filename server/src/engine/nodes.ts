import { Document, isMap, isPair, isScalar, isSeq, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { deref } from './parse.ts';
import { isMergeKey, mergesFollowed } from './expansion.ts';

/** Helpers that read the `yaml` syntax tree without losing the nodes (and so the ranges) behind values. */
export type Doc = Document.Parsed;

/**
 * The pair of a mapping whose key is `key`, aliases resolved. YAML 1.1 merge keys (`<<: *base`,
 * `<<: [*a, *b]`) are followed as Kubernetes' YAML reader does: the mapping's own keys win, then
 * the merged mappings in order.
 */
export function pairOf(doc: Doc, map: unknown, key: string, depth = 0): Pair<Scalar, Node | null> | undefined {
  const resolved = deref(doc, map);
  if (!isMap(resolved)) return undefined;
  const merges: Pair[] = [];
  for (const item of resolved.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    if (isMergeKey(item.key)) merges.push(item);
    else if (String(item.key.value) === key) return item as Pair<Scalar, Node | null>;
  }
  if (depth > 8 || !mergesFollowed(doc)) return undefined;
  for (const merge of merges) {
    for (const source of mergeSources(doc, merge.value)) {
      const found = pairOf(doc, source, key, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function mergeSources(doc: Doc, value: unknown): Node[] {
  const resolved = deref(doc, value);
  if (isSeq(resolved)) return resolved.items.map((item) => deref(doc, item)).filter((item): item is Node => isMap(item));
  return isMap(resolved) ? [resolved] : [];
}

/** The value node at a path of mapping keys, aliases resolved on the way. */
export function nodeAt(doc: Doc, node: unknown, ...path: string[]): Node | undefined {
  let current = deref(doc, node);
  for (const key of path) {
    const pair = pairOf(doc, current, key);
    if (!pair) return undefined;
    current = deref(doc, pair.value);
  }
  return current ?? undefined;
}

/** The mapping at a path, or undefined when absent or not a mapping. */
export function mapAt(doc: Doc, node: unknown, ...path: string[]): YAMLMap | undefined {
  const found = nodeAt(doc, node, ...path);
  return isMap(found) ? found : undefined;
}

/** The sequence at a path, or undefined when absent or not a sequence. */
export function seqAt(doc: Doc, node: unknown, ...path: string[]): YAMLSeq | undefined {
  const found = nodeAt(doc, node, ...path);
  return isSeq(found) ? found : undefined;
}

/** The scalar value at a path, or undefined when absent or not a scalar. */
export function scalarAt(doc: Doc, node: unknown, ...path: string[]): unknown {
  const found = nodeAt(doc, node, ...path);
  return isScalar(found) ? found.value : undefined;
}

/** The string value at a path, or undefined when absent or not a string. */
export function stringAt(doc: Doc, node: unknown, ...path: string[]): string | undefined {
  const value = scalarAt(doc, node, ...path);
  return typeof value === 'string' ? value : undefined;
}

/** The items of a sequence, aliases resolved. */
export function seqItems(doc: Doc, seq: unknown): Node[] {
  const resolved = deref(doc, seq);
  if (!isSeq(resolved)) return [];
  return resolved.items.map((item) => deref(doc, item)).filter((item): item is Node => item != null);
}

/** The pairs of a mapping whose keys are scalars. */
export function mapPairs(doc: Doc, map: unknown, depth = 0): Pair<Scalar, Node | null>[] {
  const resolved = deref(doc, map);
  if (!isMap(resolved)) return [];
  const own = resolved.items.filter((item) => isPair(item) && isScalar(item.key)) as Pair<Scalar, Node | null>[];
  const merges = own.filter((pair) => isMergeKey(pair.key));
  const result = own.filter((pair) => !isMergeKey(pair.key));
  if (merges.length === 0 || depth > 8 || !mergesFollowed(doc)) return result;
  const seen = new Set(result.map((pair) => String(pair.key.value)));
  for (const source of merges.flatMap((merge) => mergeSources(doc, merge.value))) {
    for (const pair of mapPairs(doc, source, depth + 1)) {
      if (seen.has(String(pair.key.value))) continue;
      seen.add(String(pair.key.value));
      result.push(pair);
    }
  }
  return result;
}

/** A plain JavaScript value of a node, or undefined when it cannot be built (alias bombs, cycles). */
export function plainValue(doc: Doc, node: unknown): unknown {
  const resolved = deref(doc, node);
  if (!resolved) return undefined;
  try {
    return resolved.toJS(doc, { maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}

/** A mapping of strings to strings (labels, annotations, selectors); non-string values are stringified. */
export function stringMap(doc: Doc, node: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of mapPairs(doc, node)) {
    const value = deref(doc, pair.value);
    result[String(pair.key.value)] = isScalar(value) && value.value != null ? String(value.value) : '';
  }
  return result;
}

/** [start, end) of a node or pair in document offsets. */
export function rangeOf(node: Node | Pair | null | undefined): [number, number] | undefined {
  if (!node) return undefined;
  if (isPair(node)) {
    const key = rangeOf(node.key as Node);
    const value = rangeOf(node.value as Node);
    if (!key) return value;
    return [key[0], value && value[1] > key[1] ? value[1] : key[1]];
  }
  const range = (node as Node).range;
  return range ? [range[0], range[1]] : undefined;
}

/** A YAML true, whatever its spelling: documents are parsed as YAML 1.1, so `yes` and `on` arrive as true. */
export function isTrue(value: unknown): boolean {
  return value === true;
}

import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, Node, Scalar, visit, YAMLMap, YAMLParseError } from 'yaml';
import { memo } from './memo.ts';

// The budget on alias and merge-key expansion that every reader of a parsed document shares.
// Aliases are resolved once per document (the `yaml` package walks the whole document on every
// Alias.resolve), and merge keys (`<<: *base`) are checked once, at parse time: a mapping that
// merges itself, or merges that expand to more than MAX_MERGED_KEYS keys (a "merge-key bomb"),
// give a parse problem and the document's merge keys are then not followed by any reader.

/** The most keys a mapping may hold once its merge keys are expanded. */
export const MAX_MERGED_KEYS = 10_000;

const SELF_MERGE = 'a merge key (<<) includes the mapping that contains it';
const TOO_MANY_KEYS = `merge keys (<<) expand to more than ${MAX_MERGED_KEYS} keys`;
const TOO_DEEP = 'merge keys (<<) are nested too deeply to follow';
/** The parse messages of this module: fixed text, safe to show. */
export const EXPANSION_MESSAGES = [SELF_MERGE, TOO_MANY_KEYS, TOO_DEEP];

interface Expansion {
  aliases: Map<Alias, Node | undefined>;
  followMerges: boolean;
}

const expansions = memo<Document, Expansion>('expansions');

/** Resolves the document's aliases and checks its merge keys; records a parse error when they cannot be followed. */
export function checkExpansion(doc: Document.Parsed): void {
  const { aliases, mergingMaps } = scan(doc);
  const expansion: Expansion = { aliases, followMerges: true };
  expansions.set(doc, expansion);
  if (mergingMaps.length === 0) return;
  const problem = mergeProblem(mergingMaps, expansion);
  if (!problem) return;
  expansion.followMerges = false;
  doc.errors.push(new YAMLParseError(problem.pos, 'RESOURCE_EXHAUSTION', problem.message));
}

/** The node an alias names (the last node before it with that anchor), or undefined. */
export function aliasTarget(doc: Document.Parsed, alias: Alias): Node | undefined {
  const expansion = expansions.get(doc);
  if (expansion) return expansion.aliases.get(alias);
  try {
    return alias.resolve(doc) as Node | undefined;
  } catch {
    return undefined;
  }
}

/** False when the document's merge keys expand without bound (they are then ignored by every reader). */
export function mergesFollowed(doc: Document.Parsed): boolean {
  return expansions.get(doc)?.followMerges ?? true;
}

/** A `<<` key of YAML 1.1 (parsed as a symbol or, unquoted, as the string `<<`). */
export function isMergeKey(key: Scalar): boolean {
  return typeof key.value === 'symbol' || (key.value === '<<' && key.source === '<<');
}

/** One walk over the document: what each alias names, and the mappings that hold merge keys. */
function scan(doc: Document.Parsed): { aliases: Map<Alias, Node | undefined>; mergingMaps: YAMLMap[] } {
  const anchors = new Map<string, Node>();
  const aliases = new Map<Alias, Node | undefined>();
  const mergingMaps: YAMLMap[] = [];
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) {
        aliases.set(node, anchors.get(node.source));
        return;
      }
      if (node.anchor) anchors.set(node.anchor, node);
      if (isMap(node) && node.items.some((item) => isScalar(item.key) && isMergeKey(item.key))) mergingMaps.push(node);
    },
  });
  return { aliases, mergingMaps };
}

class MergeLimit extends Error {
  constructor(readonly pos: [number, number], message: string) {
    super(message);
  }
}

/** Why the document's merge keys cannot be followed, with the position of the merge key to blame. */
function mergeProblem(mergingMaps: YAMLMap[], expansion: Expansion): { pos: [number, number]; message: string } | undefined {
  const sizes = new Map<YAMLMap, number>();
  const active = new Set<YAMLMap>();
  const deref = (node: unknown) => (isAlias(node) ? expansion.aliases.get(node) : (node as Node | undefined));
  const expandedSize = (map: YAMLMap): number => {
    const known = sizes.get(map);
    if (known !== undefined) return known;
    active.add(map);
    let total = 0;
    for (const item of map.items) {
      if (!isPair(item) || !isScalar(item.key) || !isMergeKey(item.key)) {
        total++;
        continue;
      }
      const pos = positionOf(item.key);
      const value = deref(item.value);
      const sources = isSeq(value) ? value.items.map(deref) : [value];
      for (const source of sources) {
        if (!isMap(source)) continue;
        if (active.has(source)) throw new MergeLimit(pos, SELF_MERGE);
        total += expandedSize(source);
        if (total > MAX_MERGED_KEYS) throw new MergeLimit(pos, TOO_MANY_KEYS);
      }
    }
    active.delete(map);
    sizes.set(map, total);
    return total;
  };
  try {
    for (const map of mergingMaps) expandedSize(map);
  } catch (error) {
    if (error instanceof MergeLimit) return { pos: error.pos, message: error.message };
    if (error instanceof RangeError) return { pos: [0, 1], message: TOO_DEEP };
    throw error;
  }
  return undefined;
}

function positionOf(node: Node): [number, number] {
  return node.range ? [node.range[0], node.range[1]] : [0, 1];
}

// Where an admission finding points: the field a validation's fieldPath names, else the field
// its expression reads first (object.spec.replicas -> spec.replicas), as far as the manifest has
// it; and where a problem inside a CEL expression string sits in the YAML source.
import { isMap, isPair, isScalar, isSeq, Node, Pair, Scalar } from 'yaml';
import type { Doc } from '../engine/nodes.ts';
import { pairOf } from '../engine/nodes.ts';
import { deref } from '../engine/parse.ts';
import { celEnvironment } from './cel.ts';
import { CelAstNode, firstInCelAst } from './cel-ast.ts';

type Segment = string | number;

/** Parses a fieldPath such as `spec.containers[0].image` or `metadata.labels['team']`. */
export function parseFieldPath(path: string): Segment[] {
  const segments: Segment[] = [];
  const pattern = /\.?([A-Za-z0-9_$-]+)|\[(\d+)\]|\[['"]([^'"]*)['"]\]/gy;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(path)) !== null) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(match[3]);
    if (pattern.lastIndex >= path.length) break;
  }
  return segments;
}

/**
 * The first `object.a.b...` path an expression reads, as segments after `object`; a read of
 * `variables.x` follows the expression of variable x (given in `variables`).
 */
export function firstObjectPath(expression: string, variables: Record<string, string> = {}, depth = 0): Segment[] {
  const key = `${expression}\u0000${JSON.stringify(variables)}`;
  let path = pathCache.get(key);
  if (!path) {
    path = uncachedFirstObjectPath(expression, variables, depth);
    if (pathCache.size > 2000) pathCache.clear();
    pathCache.set(key, path);
  }
  return path;
}

const pathCache = new Map<string, Segment[]>();

function uncachedFirstObjectPath(expression: string, variables: Record<string, string>, depth: number): Segment[] {
  let ast: unknown;
  try {
    ast = celEnvironment().parse(expression).ast;
  } catch {
    return [];
  }
  const resolveVariable = (name: string) => (depth < 5 && variables[name] !== undefined ? firstObjectPath(variables[name], variables, depth + 1) : []);
  return findPath(ast, resolveVariable) ?? [];
}

type VariableResolver = (name: string) => Segment[];


function findPath(node: unknown, resolveVariable: VariableResolver): Segment[] | undefined {
  return firstInCelAst(node, (ast) => {
    const chain = selectChain(ast, resolveVariable);
    return chain && chain.length > 0 ? chain : undefined;
  });
}

/** For `object.a.b` (also `.?` and constant `[...]` index), the segments [a, b]. */
function selectChain(ast: CelAstNode, resolveVariable: VariableResolver): Segment[] | undefined {
  const segments: Segment[] = [];
  let current: CelAstNode = ast;
  for (;;) {
    if ((current.op === '.' || current.op === '.?') && Array.isArray(current.args)) {
      segments.unshift(String(current.args[1]));
      current = current.args[0] as CelAstNode;
    } else if ((current.op === '[]' || current.op === '[?]') && Array.isArray(current.args)) {
      const index = current.args[1] as CelAstNode;
      if (index?.op !== 'value') return undefined;
      const value = index.args;
      segments.unshift(typeof value === 'bigint' ? Number(value) : String(value));
      current = current.args[0] as CelAstNode;
    } else break;
  }
  if (current.op === 'id' && current.args === 'variables' && typeof segments[0] === 'string') {
    const base = resolveVariable(segments[0]);
    return base.length > 0 ? [...base, ...segments.slice(1)] : undefined;
  }
  return current.op === 'id' && current.args === 'object' && segments.length > 0 ? segments : undefined;
}

/** The node at the longest existing prefix of a path, with the key pair of its last step. */
export function nodeForPath(doc: Doc, root: unknown, path: Segment[]): Node | Pair | undefined {
  let current: unknown = deref(doc, root);
  let found: Node | Pair | undefined;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!isSeq(current)) break;
      const item = current.items[segment];
      if (item === undefined) break;
      current = deref(doc, item);
      found = item as Node;
    } else {
      if (isSeq(current)) break;
      const pair = pairOf(doc, current, segment);
      if (!pair) break;
      found = isScalar(pair.value) || !pair.value ? pair : (pair.key as Node);
      current = deref(doc, pair.value);
    }
  }
  if (isPair(found) && found.value && (isMap(found.value) || isSeq(found.value))) return found.key as Node;
  return found;
}

/**
 * The source offset (relative to the document) of character `index` of a scalar's value: the
 * value is walked against its source, skipping what YAML folds away (quotes, escapes, indentation).
 */
export function sourceOffsetIn(docText: string, scalar: Scalar, index: number): number {
  const [start, end] = scalar.range ?? [0, 0];
  const source = docText.slice(start, end);
  const value = String(scalar.value);
  const direct = source.indexOf(value);
  if (direct !== -1) return start + direct + index;
  let at = 0;
  for (let i = 0; i < Math.min(index, value.length); i++) {
    const found = source.indexOf(value[i], at);
    if (found === -1) break;
    at = found + 1;
  }
  while (at < source.length && index < value.length && source[at] !== value[index] && /\s/.test(source[at])) at++;
  return start + at;
}

// Walks of @marcbachmann/cel-js's parse trees: a node is `{ op, args, start, end }`, and its
// children are in `args` (an array, or an object of nodes for maps and messages).

/** A node of a CEL parse tree, as far as our walks read it. */
export interface CelAstNode {
  op: string;
  args: unknown;
  start: number;
  end: number;
}

/** The first answer `visit` gives on the nodes of a parse tree, parents before their children. */
export function firstInCelAst<T>(node: unknown, visit: (ast: CelAstNode) => T | undefined): T | undefined {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = firstInCelAst(item, visit);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!node || typeof node !== 'object' || !('op' in node)) return undefined;
  const ast = node as CelAstNode;
  const found = visit(ast);
  if (found !== undefined) return found;
  if (Array.isArray(ast.args)) return firstInCelAst(ast.args, visit);
  if (ast.args && typeof ast.args === 'object') return firstInCelAst(Object.values(ast.args), visit);
  return undefined;
}

/** Visits every node of a parse tree, parents before their children. */
export function forEachCelNode(node: unknown, visit: (ast: CelAstNode) => void): void {
  firstInCelAst(node, (ast) => {
    visit(ast);
    return undefined;
  });
}

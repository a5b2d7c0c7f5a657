// Two-variable comprehensions (cel-go ext.TwoVarComprehensions, in Kubernetes since 1.33):
// all(k, v, p), exists(k, v, p), existsOne(k, v, p), transformList(i, v, [filter,] e),
// transformMap(k, v, [filter,] e). Lists bind (index, element), maps (key, value). Each is a
// macro: its arguments are checked and evaluated with the two variables bound.
import type { Environment } from '@marcbachmann/cel-js';

type Node = { op: string; args: unknown };
interface Checker {
  check(node: Node, ctx: Context): unknown;
  getType(name: string): unknown;
  createError(code: string, message: string, node: Node): Error;
}
interface Evaluator {
  run(node: Node, ctx: Context): unknown;
}
interface Context {
  forkWithVariable(name: string, type: unknown): Context & { iterValue?: unknown };
}

function identifier(node: Node, name: string): string {
  if (node.op !== 'id' || typeof node.args !== 'string') throw new Error(`${name}(): the iteration variables must be simple identifiers`);
  return node.args;
}

function pairsOf(value: unknown): [unknown, unknown][] {
  if (Array.isArray(value)) return value.map((item, i) => [BigInt(i), item]);
  if (value instanceof Map) return [...value.entries()];
  if (value && typeof value === 'object') return Object.entries(value);
  throw new Error('a two-variable comprehension needs a list or a map');
}

type Kind = 'all' | 'exists' | 'existsOne' | 'transformList' | 'transformMap';

function macro(kind: Kind, withFilter: boolean) {
  return ({ args, receiver }: { args: Node[]; receiver: Node }) => {
    const first = identifier(args[0], kind);
    const second = identifier(args[1], kind);
    const filter = withFilter ? args[2] : undefined;
    const body = withFilter ? args[3] : args[2];
    const bind = (ctx: Context, dyn: unknown, key?: unknown, value?: unknown) => {
      const outer = ctx.forkWithVariable(first, dyn);
      outer.iterValue = key;
      const inner = outer.forkWithVariable(second, dyn);
      inner.iterValue = value;
      return inner;
    };
    return {
      typeCheck(checker: Checker, _macro: unknown, ctx: Context) {
        checker.check(receiver, ctx);
        const dyn = checker.getType('dyn');
        const scope = bind(ctx, dyn);
        if (filter) checker.check(filter, scope);
        checker.check(body, scope);
        if (kind === 'transformList') return checker.getType('list');
        if (kind === 'transformMap') return checker.getType('map');
        return checker.getType('bool');
      },
      evaluate(evaluator: Evaluator, _macro: unknown, ctx: Context) {
        const dyn = undefined;
        const pairs = pairsOf(evaluator.run(receiver, ctx));
        const run = (node: Node, key: unknown, value: unknown) => evaluator.run(node, bind(ctx, dyn, key, value));
        const truth = (key: unknown, value: unknown) => {
          const result = run(body, key, value);
          if (typeof result !== 'boolean') throw new Error(`${kind}() predicate must return bool`);
          return result;
        };
        switch (kind) {
          case 'all':
            return pairs.every(([key, value]) => truth(key, value));
          case 'exists':
            return pairs.some(([key, value]) => truth(key, value));
          case 'existsOne':
            return pairs.filter(([key, value]) => truth(key, value)).length === 1;
          case 'transformList':
            return pairs.filter(([key, value]) => !filter || run(filter, key, value) === true).map(([key, value]) => run(body, key, value));
          case 'transformMap': {
            const result: Record<string, unknown> = {};
            for (const [key, value] of pairs) if (!filter || run(filter, key, value) === true) result[String(key)] = run(body, key, value);
            return result;
          }
        }
      },
    };
  };
}

/** Registers the two-variable comprehension macros. */
export function registerComprehensions(env: Environment): void {
  for (const kind of ['all', 'exists', 'existsOne', 'transformList', 'transformMap'] as const) {
    const returns = kind === 'transformList' ? 'list<dyn>' : kind === 'transformMap' ? 'map<dyn, dyn>' : 'bool';
    env.registerFunction(`dyn.${kind}(ast, ast, ast): ${returns}`, macro(kind, false) as never);
    if (kind.startsWith('transform')) env.registerFunction(`dyn.${kind}(ast, ast, ast, ast): ${returns}`, macro(kind, true) as never);
  }
}

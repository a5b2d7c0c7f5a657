// A cost budget for CEL evaluation. The CEL library has none, so every evaluation step (each AST
// node the evaluator runs, comprehension iterations included) is counted; an expression that
// passes the budget stops with CostLimitError. Kubernetes' own per-expression limit is 1,000,000
// cost units (roughly one per node and per iteration); we count node evaluations against the
// same number, so what Kubernetes refuses as too expensive stops here too, long before it hangs.
import type { Environment } from '@marcbachmann/cel-js';
import { celJs } from './cel-library.ts';

/** Evaluation steps one expression may take. */
export const COST_LIMIT = 1_000_000;

/** Thrown when an expression passes the cost budget. */
export class CostLimitError extends Error {
  constructor(limit: number) {
    super(`operation cancelled: actual cost limit exceeded (more than ${limit} evaluation steps)`);
  }
}

const budget = { used: 0, limit: Number.POSITIVE_INFINITY };
let installed = false;

/**
 * Wraps the evaluator's `run` (the one method every node evaluation goes through) with a step
 * counter. The Evaluator class is not exported, so a throwaway macro hands us an instance.
 */
export function installCostMeter(_env: Environment): void {
  if (installed) return;
  let prototype: { run: (ast: unknown, ctx: unknown) => unknown } | undefined;
  const probe = new (celJs().Environment)();
  probe.registerFunction('kubeHardenerProbe(ast): bool', () => ({
    typeCheck: (checker: { getType(name: string): unknown }) => checker.getType('bool'),
    evaluate: (evaluator: object) => {
      prototype = Object.getPrototypeOf(evaluator);
      return true;
    },
  }));
  probe.evaluate('kubeHardenerProbe(1)');
  if (!prototype) throw new Error('cannot install the CEL cost meter');
  const run = prototype.run;
  prototype.run = function meteredRun(this: unknown, ast: unknown, ctx: unknown) {
    if (++budget.used > budget.limit) throw new CostLimitError(budget.limit);
    return run.call(this, ast, ctx);
  };
  installed = true;
}

/** Runs an evaluation with a fresh budget of `limit` steps. */
export function withBudget<T>(evaluate: () => T, limit = COST_LIMIT): T {
  const saved = { ...budget };
  budget.used = 0;
  budget.limit = limit;
  try {
    return evaluate();
  } finally {
    budget.used = saved.used;
    budget.limit = saved.limit;
  }
}

/** Steps the current evaluation has used (for library functions that do work of their own). */
export function chargeCost(steps: number): void {
  budget.used += steps;
  if (budget.used > budget.limit) throw new CostLimitError(budget.limit);
}

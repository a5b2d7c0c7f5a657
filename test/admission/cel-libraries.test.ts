import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileExpression, evaluateExpression } from '../../server/src/admission/cel.ts';
import { CASES, OBJECT } from './k8s-cel-cases.ts';

/** Compiles and evaluates; a compile problem comes back as an error too. */
function run(expr: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const compiled = compileExpression(expr);
  if (compiled.problem) return { ok: false, error: compiled.problem.message };
  return evaluateExpression(compiled, { object: OBJECT });
}

describe("Kubernetes CEL libraries (Kubernetes' own test tables)", () => {
  for (const library of new Set(CASES.map((item) => item.library))) {
    test(library, () => {
      const failures: string[] = [];
      for (const item of CASES.filter((candidate) => candidate.library === library)) {
        const result = run(item.expr);
        if (item.error) {
          if (result.ok) failures.push(`${item.expr}: expected an error matching ${item.error}, got ${String(result.value)}`);
          else if (!item.error.test(result.error)) failures.push(`${item.expr}: error "${result.error}" does not match ${item.error}`);
        } else if (!result.ok) failures.push(`${item.expr}: ${result.error}`);
        else if (result.value !== item.value) failures.push(`${item.expr}: expected ${String(item.value)}, got ${String(result.value)}`);
      }
      assert.deepEqual(failures, []);
    });
  }
});

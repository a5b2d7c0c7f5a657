// The CEL environment ValidatingAdmissionPolicies and custom rules are evaluated in: the standard
// library of @marcbachmann/cel-js (with optional types and cel.bind) plus Kubernetes' libraries
// (./libraries/), a cost budget and a guard against regexes JavaScript would backtrack on.
import type { Environment } from '@marcbachmann/cel-js';
import { celJs } from './cel-library.ts';
import { CelAstNode, firstInCelAst, forEachCelNode } from './cel-ast.ts';
import { registerKubernetesLibraries } from './libraries/index.ts';
import { installCostMeter, withBudget } from './cost.ts';
import { safeRegExp } from './libraries/regex.ts';

/** The variables Kubernetes binds for a ValidatingAdmissionPolicy expression. */
export const ADMISSION_VARIABLES = ['object', 'oldObject', 'request', 'params', 'namespaceObject', 'variables', 'authorizer'] as const;

/** A CEL problem with its [start, end) inside the expression text. */
export interface CelProblem {
  message: string;
  start: number;
  end: number;
}

export interface CompiledExpression {
  text: string;
  program?: (context: Record<string, unknown>) => unknown;
  problem?: CelProblem;
}

let environment: Environment | undefined;

/** The shared environment (built once: building one is expensive). */
export function celEnvironment(): Environment {
  if (environment) return environment;
  const env = new (celJs().Environment)({ enableOptionalTypes: true, homogeneousAggregateLiterals: false, limits: { maxAstNodes: 10_000, maxDepth: 100 } });
  for (const name of ADMISSION_VARIABLES) env.registerVariable(name, 'dyn');
  registerKubernetesLibraries(env);
  installCostMeter(env);
  environment = env;
  return env;
}

const compiled = new Map<string, CompiledExpression>();

/** Parses and type-checks an expression (cached by text): a program, or the first problem with its range. */
export function compileExpression(text: string): CompiledExpression {
  let entry = compiled.get(text);
  if (entry) return entry;
  entry = compileUncached(text);
  if (compiled.size > 5000) compiled.clear();
  compiled.set(text, entry);
  return entry;
}

function compileUncached(text: string): CompiledExpression {
  const env = celEnvironment();
  try {
    const program = env.parse(text);
    guardRegexes(program.ast);
    const checked = program.check();
    if (!checked.valid) return { text, problem: problemOf(checked.error, text) };
    const literal = literalProblem(program.ast);
    if (literal) return { text, problem: literal };
    return { text, program };
  } catch (error) {
    return { text, problem: problemOf(error, text) };
  }
}

/** The outcome of evaluating one expression: a value, or an error message (never a throw). */
export type Evaluation = { ok: true; value: unknown } | { ok: false; error: string };

/** Evaluates a compiled expression within the cost budget. */
export function evaluateExpression(expression: CompiledExpression, context: Record<string, unknown>): Evaluation {
  if (!expression.program) return { ok: false, error: `compilation error: ${expression.problem?.message ?? 'unknown'}` };
  try {
    const value = withBudget(() => expression.program!(context));
    if (value instanceof Promise) return { ok: false, error: 'asynchronous result' };
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: summaryOf(error) };
  }
}


/**
 * Functions of the library we replace (their overloads cannot be re-registered): `matches` runs
 * JavaScript regexes unguarded (ours: libraries/regex.ts); lowerAscii/upperAscii change non-ASCII
 * letters and trim uses JavaScript's whitespace set, where cel-go's ext.Strings follows Go
 * (libraries/strings.ts). Calls are pointed at ours before the expression is checked.
 */
const REPLACED: Record<string, string> = {
  matches: 'kubeHardenerMatches',
  lowerAscii: 'kubeHardenerLowerAscii',
  upperAscii: 'kubeHardenerUpperAscii',
  trim: 'kubeHardenerTrim',
};

function guardRegexes(node: unknown): void {
  forEachCelNode(node, (ast) => {
    if ((ast.op === 'rcall' || ast.op === 'call') && Array.isArray(ast.args) && typeof ast.args[0] === 'string' && Object.hasOwn(REPLACED, ast.args[0])) ast.args[0] = REPLACED[ast.args[0]];
  });
}


/**
 * Kubernetes' compile-time checks of literals (cel.ValidateDurationLiterals,
 * ValidateTimestampLiterals, ValidateRegexLiterals): duration('1x'), timestamp('bad') and
 * matches('[') with a literal argument are compile errors, not evaluation errors.
 */
function literalProblem(node: unknown): CelProblem | undefined {
  return firstInCelAst(node, (ast) => {
    if ((ast.op !== 'call' && ast.op !== 'rcall') || !Array.isArray(ast.args)) return undefined;
    const name = ast.args[0];
    const callArgs = ast.args[ast.op === 'call' ? 1 : 2] as CelAstNode[] | undefined;
    const first = callArgs?.[ast.op === 'call' && name === 'kubeHardenerMatches' ? 1 : 0];
    if (!Array.isArray(callArgs) || first?.op !== 'value' || typeof first.args !== 'string') return undefined;
    const problem = literalError(String(name), first.args);
    return problem ? { message: problem, start: first.start, end: first.end } : undefined;
  });
}

function literalError(name: string, value: string): string | undefined {
  try {
    if (name === 'duration' || name === 'timestamp') celEnvironment().evaluate(`${name}(${JSON.stringify(value)})`);
    else if (name === 'kubeHardenerMatches') safeRegExp(value);
    return undefined;
  } catch (error) {
    const message = summaryOf(error);
    // A pattern we only refuse to run (backtracking) is valid RE2: not a compile error.
    if (/not evaluated offline/.test(message)) return undefined;
    return name === 'kubeHardenerMatches' ? message : `invalid ${name} literal: ${message}`;
  }
}

function problemOf(error: unknown, text: string): CelProblem {
  const range = (error as { range?: { start: number; end: number } }).range;
  const start = Math.max(0, Math.min(range?.start ?? 0, text.length));
  const end = Math.max(start, Math.min(range?.end ?? text.length, text.length));
  return { message: summaryOf(error), start, end: end === start ? Math.min(text.length, start + 1) : end };
}

/** The one-line message of a CEL error (the library appends a source excerpt on later lines). */
export function summaryOf(error: unknown): string {
  const summary = (error as { summary?: string }).summary;
  if (typeof summary === 'string' && summary) return summary;
  return String((error as Error)?.message ?? error).split('\n')[0];
}

/** Converts plain YAML data to CEL values: integers become BigInt (CEL int), the rest stays. */
export function toCel(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCel);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    const source = value as Record<string, unknown>;
    for (const key in source) {
      const item = source[key];
      if (item !== undefined) result[key] = typeof item === 'object' || typeof item === 'number' ? toCel(item) : item;
    }
    return result;
  }
  return value;
}

/** A CEL value as text for messages. */
export function celText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  try {
    return JSON.stringify(value, (_key, item) => (typeof item === 'bigint' ? Number(item) : item)) ?? String(value);
  } catch {
    return String(value);
  }
}

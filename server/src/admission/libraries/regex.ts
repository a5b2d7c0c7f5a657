// Regular expressions for CEL: Kubernetes' regex library (find, findAll) and the standard
// matches(), run with JavaScript's RegExp. Kubernetes uses RE2 (linear time); JavaScript backtracks,
// so patterns that could backtrack catastrophically (a quantified group that itself contains a
// quantifier or an alternation, backreferences, lookaround) are refused with an evaluation
// error instead of being run. RE2's leading inline flags (?i) (?s) (?m) are translated.
import type { Environment } from '@marcbachmann/cel-js';

const cache = new Map<string, RegExp>();

/** A RegExp for an RE2 pattern, or a thrown error when it is invalid or unsafe to run here. */
export function safeRegExp(pattern: string): RegExp {
  let regex = cache.get(pattern);
  if (regex) return regex;
  let source = pattern;
  let flags = 'u';
  const inline = /^\(\?([ims]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const flag of inline[1]) if (!flags.includes(flag)) flags += flag;
  }
  const unsafe = unsafeReason(source);
  if (unsafe) throw new Error(`regular expression ${JSON.stringify(pattern)} is not evaluated offline: ${unsafe}`);
  try {
    regex = new RegExp(source, flags);
  } catch (error) {
    throw new Error(`invalid regular expression ${JSON.stringify(pattern)}: ${(error as Error).message}`);
  }
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, regex);
  return regex;
}

/**
 * Why a pattern could make a backtracking engine run for exponential time, or undefined.
 * Conservative: nested quantifiers like (a+)+, (a|aa)*, (\w*x?)*, backreferences and lookaround.
 */
export function unsafeReason(source: string): string | undefined {
  if (/\\[1-9]|\\k</.test(source)) return 'backreferences are not RE2 syntax';
  if (/\(\?<?[=!]/.test(source)) return 'lookaround is not RE2 syntax';
  // Walk the groups: a quantified group whose body has a quantifier or an alternation can backtrack.
  const stack: { quantified: boolean; alternation: boolean }[] = [];
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') {
      i++;
      continue;
    }
    if (char === '[') {
      i = skipClass(source, i);
      continue;
    }
    if (char === '(') stack.push({ quantified: false, alternation: false });
    else if (char === '|' && stack.length > 0) stack[stack.length - 1].alternation = true;
    else if (char === ')') {
      const group = stack.pop();
      if (!group) continue;
      const next = source[i + 1];
      const quantifiedGroup = next === '*' || next === '+' || next === '{' || (next === '?' && false);
      if (quantifiedGroup && (group.quantified || group.alternation)) return 'a repeated group that repeats or alternates inside may backtrack exponentially';
      if (stack.length > 0 && (group.quantified || quantifiedGroup)) stack[stack.length - 1].quantified = true;
    } else if ((char === '*' || char === '+' || char === '{') && stack.length > 0) stack[stack.length - 1].quantified = true;
  }
  return undefined;
}

function skipClass(source: string, start: number): number {
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']' && i > start + 1) return i;
  }
  return source.length;
}

function findAll(text: string, pattern: string, limit: bigint): string[] {
  const regex = safeRegExp(pattern);
  const global = new RegExp(regex.source, regex.flags + 'g');
  const found: string[] = [];
  for (const match of text.matchAll(global)) {
    if (limit >= 0n && BigInt(found.length) >= limit) break;
    found.push(match[0]);
  }
  return found;
}

/** Registers find(), findAll() and a guarded matches(). */
export function registerRegex(env: Environment): void {
  env.registerFunction('string.find(string): string', (text: string, pattern: string) => safeRegExp(pattern).exec(text)?.[0] ?? '');
  env.registerFunction('string.findAll(string): list<string>', (text: string, pattern: string) => findAll(text, pattern, -1n));
  env.registerFunction('string.findAll(string, int): list<string>', findAll);
}

/** The standard `matches`, through the guard (registered over the library's own overloads). */
export function guardedMatches(text: string, pattern: string): boolean {
  return safeRegExp(pattern).test(text);
}

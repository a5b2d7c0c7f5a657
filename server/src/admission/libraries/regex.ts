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
  // RE2 spellings JavaScript writes differently: named groups (?P<name>...) and the end of text \z.
  source = source.replace(/\(\?P</g, '(?<');
  const unsafe = unsafeReason(source);
  if (unsafe) throw new Error(`regular expression ${JSON.stringify(pattern)} is not evaluated offline: ${unsafe}`);
  source = source.replace(/\\z/g, '(?![\\s\\S])');
  try {
    regex = new RegExp(source, flags);
  } catch (error) {
    throw new Error(`invalid regular expression ${JSON.stringify(pattern)}: ${(error as Error).message}`);
  }
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, regex);
  return regex;
}

/** One element of a group body: a literal, an escape, a class, `.` or a nested group. */
interface Atom {
  text: string;
  group: boolean;
  quantified: boolean;
}

interface Frame {
  atoms: Atom[];
  alternation: boolean;
  start: number;
}

/**
 * Why a pattern could make a backtracking engine run for exponential time, or undefined: a
 * repeated group that alternates inside, or that repeats inside without a separator (a literal
 * the inner repetitions cannot match), as in (a+)+, (a|aa)*, (\w+\s?)*; and backreferences and
 * lookaround, which RE2 does not have. ([a-z0-9]+\.)* and (-[a-z]+)* stay allowed.
 */
export function unsafeReason(source: string): string | undefined {
  if (/\\[1-9]|\\k</.test(source)) return 'backreferences are not RE2 syntax';
  if (/\(\?<?[=!]/.test(source)) return 'lookaround is not RE2 syntax';
  const stack: Frame[] = [{ atoms: [], alternation: false, start: 0 }];
  const top = () => stack[stack.length - 1];
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') {
      top().atoms.push({ text: source.slice(i, i + 2), group: false, quantified: false });
      i++;
    } else if (char === '[') {
      const end = skipClass(source, i);
      top().atoms.push({ text: source.slice(i, end + 1), group: false, quantified: false });
      i = end;
    } else if (char === '(') {
      stack.push({ atoms: [], alternation: false, start: i });
      const prefix = /^\(\?(:|<[A-Za-z_][A-Za-z0-9_]*>|[imsU-]+:)/.exec(source.slice(i));
      if (prefix) i += prefix[0].length - 1;
    } else if (char === ')' && stack.length > 1) {
      const frame = stack.pop()!;
      const repeated = source[i + 1] === '*' || source[i + 1] === '+' || (source[i + 1] === '{' && !/^\{\d+\}/.test(source.slice(i + 1)));
      if (repeated && (frame.alternation || (frame.atoms.some((atom) => atom.quantified || atom.group) && !hasSeparator(frame)))) {
        return 'a repeated group that repeats or alternates inside may backtrack exponentially';
      }
      const inner = frame.alternation || frame.atoms.some((atom) => atom.quantified || atom.group);
      top().atoms.push({ text: source.slice(frame.start, i + 1), group: inner, quantified: false });
    } else if (char === '|') top().alternation = true;
    else if (char === '*' || char === '+' || char === '?' || char === '{') {
      const last = top().atoms[top().atoms.length - 1];
      if (last && !(char === '?' && /[*+?}]/.test(source[i - 1]))) last.quantified = true;
      if (char === '{') i = Math.max(i, source.indexOf('}', i));
    } else if (char !== '^' && char !== '$') top().atoms.push({ text: char, group: false, quantified: false });
  }
  return undefined;
}

/** True when the group has a mandatory literal that none of its repeated parts can match. */
function hasSeparator(frame: Frame): boolean {
  const repeated = frame.atoms.filter((atom) => atom.quantified || atom.group);
  return frame.atoms.some((atom) => {
    if (atom.quantified || atom.group) return false;
    const literal = atom.text.length === 1 && atom.text !== '.' ? atom.text : /^\\[^A-Za-z0-9]$/.test(atom.text) ? atom.text[1] : undefined;
    if (literal === undefined) return false;
    return repeated.every((part) => {
      try {
        // A nested group must not contain the literal anywhere; a single atom must not match it.
        return !new RegExp(part.group ? part.text : `^(?:${part.text})$`, 'u').test(literal);
      } catch {
        return false;
      }
    });
  });
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

/**
 * A small glob matcher for `exclude` patterns, matched against forward-slash paths relative to the
 * config file's folder: `*` and `?` stay within one path segment, `**` spans any number of them
 * (`charts/**` also matches the folder `charts` itself, so the walk can skip it whole).
 *
 * Patterns come from configuration files, so matching must not backtrack: a pattern compiles to a
 * small automaton (Thompson's construction) that is run over the path once, in time linear in
 * the path's length times the pattern's (`**\/*a*a*a*...*b` against a long name stays fast).
 */

type Step =
  | { kind: 'char'; accepts: (char: string) => boolean; next: number }
  | { kind: 'split'; next: number; other: number }
  | { kind: 'match' };

type Token = 'star' | 'globstar' | 'dirs' | 'tail' | 'one' | { literal: string };

/** A predicate telling whether a relative path matches the glob. */
export function compileGlob(pattern: string): (path: string) => boolean {
  const steps = buildSteps(tokenize(pattern));
  return (path) => run(steps, path.replace(/\/$/, ''));
}

/** A predicate telling whether a relative path matches any of the patterns. */
export function globMatcher(patterns: readonly string[]): (relativePath: string) => boolean {
  const matchers = patterns.map(compileGlob);
  return (relativePath) => {
    const path = relativePath.replace(/\\/g, '/');
    return matchers.some((matches) => matches(path));
  };
}

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  const normalized = pattern.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/$/, '');
  for (let i = 0; i < normalized.length; i++) {
    const char = normalized[i];
    if (char === '*' && normalized[i + 1] === '*') {
      const atStart = i === 0 || normalized[i - 1] === '/';
      const slashAfter = normalized[i + 2] === '/';
      const atEnd = i + 2 === normalized.length;
      if (atStart && slashAfter) {
        tokens.push('dirs');
        i += 2;
      } else if (atStart && atEnd && i > 0 && isLiteral(tokens[tokens.length - 1], '/')) {
        tokens.pop(); // the '/' before it belongs to the optional tail
        tokens.push('tail');
        i += 1;
      } else {
        tokens.push('globstar');
        i += 1;
      }
    } else if (char === '*') {
      if (tokens[tokens.length - 1] !== 'star') tokens.push('star');
    } else if (char === '?') {
      tokens.push('one');
    } else {
      tokens.push({ literal: char });
    }
  }
  return tokens;
}

function isLiteral(token: Token | undefined, char: string): boolean {
  return typeof token === 'object' && token.literal === char;
}

const anyChar = () => true;
const notSlash = (char: string) => char !== '/';
const slash = (char: string) => char === '/';

/** The automaton's steps, built from the last token back; step 0 is the start. */
function buildSteps(tokens: Token[]): Step[] {
  const steps: Step[] = [{ kind: 'match' }];
  const add = (step: Step) => steps.push(step) - 1;
  const loop = (accepts: (char: string) => boolean, next: number) => {
    const split = add({ kind: 'split', next, other: -1 });
    const char = add({ kind: 'char', accepts, next: split });
    (steps[split] as { other: number }).other = char;
    return split;
  };
  let next = 0;
  for (const token of [...tokens].reverse()) {
    if (token === 'star') next = loop(notSlash, next);
    else if (token === 'globstar') next = loop(anyChar, next);
    else if (token === 'one') next = add({ kind: 'char', accepts: notSlash, next });
    else if (token === 'dirs') next = add({ kind: 'split', next, other: loop(anyChar, add({ kind: 'char', accepts: slash, next })) });
    else if (token === 'tail') next = add({ kind: 'split', next, other: add({ kind: 'char', accepts: slash, next: loop(anyChar, next) }) });
    else {
      const literal = token.literal;
      next = add({ kind: 'char', accepts: (char) => char === literal, next });
    }
  }
  // Step indexes are from the end; the start is the last step added.
  return [steps[next], ...steps].map((step) => relink(step, next));
}

/** Renumbers so the start step is 0 (every other index moves up by one). */
function relink(step: Step, start: number): Step {
  const index = (at: number) => (at === start ? 0 : at + 1);
  if (step.kind === 'char') return { ...step, next: index(step.next) };
  if (step.kind === 'split') return { ...step, next: index(step.next), other: index(step.other) };
  return step;
}

function run(steps: Step[], path: string): boolean {
  let current = closure(steps, [0]);
  for (const char of path) {
    const next: number[] = [];
    for (const at of current) {
      const step = steps[at];
      if (step.kind === 'char' && step.accepts(char)) next.push(step.next);
    }
    if (next.length === 0) return false;
    current = closure(steps, next);
  }
  return current.some((at) => steps[at].kind === 'match');
}

/** The steps reachable without reading a character, each once. */
function closure(steps: Step[], from: number[]): number[] {
  const seen = new Set<number>();
  const stack = [...from];
  while (stack.length > 0) {
    const at = stack.pop()!;
    if (seen.has(at)) continue;
    seen.add(at);
    const step = steps[at];
    if (step.kind === 'split') stack.push(step.next, step.other);
  }
  return [...seen];
}

/**
 * True when a pattern whose only wildcard is `*` (any run of characters, `/` included) matches the
 * whole text; greedy with one backtrack point, so linear-ish whatever the pattern.
 */
export function wildcardMatches(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] === '*') {
      starAt = p++;
      resumeAt = t;
    } else if (p < pattern.length && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (starAt !== -1) {
      p = starAt + 1;
      t = ++resumeAt;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

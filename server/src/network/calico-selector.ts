import { LabelRequirement, LabelSelector, MATCH_ALL } from './selectors.ts';

// Calico selector expressions (projectcalico.org/v3 `selector`, `namespaceSelector`), the simple
// forms only: `k == 'v'`, `k != 'v'`, `has(k)`, `!has(k)` and `all()`, joined by `&&`. Anything
// else (`||`, `in {...}`, parentheses, `starts with`, `global()`...) is read as unknown, and an
// unknown selector counts as selecting everything: kube-hardener never claims a pod is unprotected
// because it could not read a policy.

const KEY = String.raw`[A-Za-z0-9][A-Za-z0-9._/-]*`;
const VALUE = String.raw`'([^']*)'|"([^"]*)"`;
const TERMS: [RegExp, (match: RegExpExecArray) => LabelRequirement | undefined][] = [
  [new RegExp(String.raw`^all\(\s*\)`), () => undefined],
  [new RegExp(String.raw`^!\s*has\(\s*(${KEY})\s*\)`), (m) => ({ key: m[1], operator: 'DoesNotExist', values: [] })],
  [new RegExp(String.raw`^has\(\s*(${KEY})\s*\)`), (m) => ({ key: m[1], operator: 'Exists', values: [] })],
  [new RegExp(String.raw`^(${KEY})\s*==\s*(?:${VALUE})`), (m) => ({ key: m[1], operator: 'In', values: [m[2] ?? m[3]], fromMatchLabels: true })],
  [new RegExp(String.raw`^(${KEY})\s*!=\s*(?:${VALUE})`), (m) => ({ key: m[1], operator: 'NotIn', values: [m[2] ?? m[3]] })],
];

/** Parses a Calico selector expression; absent or blank means all(). */
export function parseCalicoSelector(expression: unknown): LabelSelector {
  if (expression === undefined || expression === null) return MATCH_ALL;
  if (typeof expression !== 'string') return { requirements: [], unknown: 'the selector is not a string' };
  const requirements: LabelRequirement[] = [];
  let rest = expression.trim();
  if (rest === '') return MATCH_ALL;
  for (;;) {
    const term = readTerm(rest);
    if (!term) return { requirements: [], unknown: `unsupported Calico selector "${expression}"` };
    if (term.requirement) requirements.push(term.requirement);
    rest = term.rest.trimStart();
    if (rest === '') return { requirements };
    if (!rest.startsWith('&&')) return { requirements: [], unknown: `unsupported Calico selector "${expression}"` };
    rest = rest.slice(2).trimStart();
  }
}

function readTerm(text: string): { requirement?: LabelRequirement; rest: string } | undefined {
  for (const [pattern, build] of TERMS) {
    const match = pattern.exec(text);
    if (match) return { requirement: build(match), rest: text.slice(match[0].length) };
  }
  return undefined;
}

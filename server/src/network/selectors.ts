// Label selectors as Kubernetes matches them (metav1.LabelSelector): matchLabels and
// matchExpressions, all requirements ANDed, the empty selector matching everything.

export type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
const OPERATORS = new Set<string>(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** One requirement of a selector; `matchLabels` entries become `In` with one value. */
export interface LabelRequirement {
  key: string;
  operator: Operator;
  values: string[];
  /** True when it came from matchLabels (an equality the user wrote as `key: value`). */
  fromMatchLabels?: boolean;
}

/** A parsed label selector. `unknown` says why it could not be read; such a selector is given the benefit of the doubt. */
export interface LabelSelector {
  requirements: LabelRequirement[];
  unknown?: string;
}

export const MATCH_ALL: LabelSelector = { requirements: [] };

/**
 * Reads a selector from plain data. Absent or null means "everything" (an empty podSelector);
 * anything Kubernetes would reject (a bad operator, `In` without values) makes it `unknown`.
 * `mapKey` rewrites keys (Cilium's `k8s:` prefixes).
 */
export function parseLabelSelector(value: unknown, mapKey: (key: string) => string = (key) => key): LabelSelector {
  if (value === undefined || value === null) return MATCH_ALL;
  if (!isRecord(value)) return { requirements: [], unknown: 'the selector is not a mapping' };
  const requirements: LabelRequirement[] = [];
  const { matchLabels, matchExpressions } = value;
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isRecord(matchLabels)) return { requirements: [], unknown: 'matchLabels is not a mapping' };
    for (const [key, labelValue] of Object.entries(matchLabels)) {
      requirements.push({ key: mapKey(key), operator: 'In', values: [labelText(labelValue)], fromMatchLabels: true });
    }
  }
  if (matchExpressions !== undefined && matchExpressions !== null) {
    if (!Array.isArray(matchExpressions)) return { requirements: [], unknown: 'matchExpressions is not a list' };
    for (const expression of matchExpressions) {
      const requirement = parseExpression(expression, mapKey);
      if (typeof requirement === 'string') return { requirements: [], unknown: requirement };
      requirements.push(requirement);
    }
  }
  return { requirements };
}

function parseExpression(expression: unknown, mapKey: (key: string) => string): LabelRequirement | string {
  if (!isRecord(expression) || typeof expression.key !== 'string') return 'a matchExpressions item has no key';
  const operator = String(expression.operator ?? '');
  if (!OPERATORS.has(operator)) return `unknown operator "${operator}"`;
  const values = Array.isArray(expression.values) ? expression.values.map(labelText) : [];
  const needsValues = operator === 'In' || operator === 'NotIn';
  if (needsValues && values.length === 0) return `operator ${operator} without values`;
  if (!needsValues && values.length > 0) return `operator ${operator} with values`;
  return { key: mapKey(expression.key), operator: operator as Operator, values };
}

/** True when a requirement holds for a label set (NotIn and DoesNotExist hold when the key is absent). */
export function requirementMatches(requirement: LabelRequirement, labels: Record<string, string>): boolean {
  const present = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  switch (requirement.operator) {
    case 'In':
      return present && requirement.values.includes(labels[requirement.key]);
    case 'NotIn':
      return !present || !requirement.values.includes(labels[requirement.key]);
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
  }
}

/** True when a selector selects a label set; an unknown selector counts as selecting it. */
export function selectorMatches(selector: LabelSelector, labels: Record<string, string>): boolean {
  if (selector.unknown) return true;
  // A loop, not every(): network rules match every policy of a namespace against every workload.
  for (const requirement of selector.requirements) if (!requirementMatches(requirement, labels)) return false;
  return true;
}

/** True for the selector that selects everything (`{}` or absent). */
export function isEmptySelector(selector: LabelSelector): boolean {
  return !selector.unknown && selector.requirements.length === 0;
}

/**
 * The one requirement that keeps a selector from selecting a label set, when it misses by exactly one
 * label ("almost matches"): the other requirements hold and one of them positively selects (In or
 * Exists), or the failing one asks for a value that looks like a typo of the label's value
 * (`payment` for `payments`). Undefined for a match or a wider miss.
 */
export function nearMiss(selector: LabelSelector, labels: Record<string, string>): LabelRequirement | undefined {
  if (selector.unknown || selector.requirements.length === 0) return undefined;
  const failing = selector.requirements.filter((requirement) => !requirementMatches(requirement, labels));
  if (failing.length !== 1) return undefined;
  const [miss] = failing;
  const sharesPositive = selector.requirements.some((requirement) => requirement !== miss && (requirement.operator === 'In' || requirement.operator === 'Exists'));
  if (sharesPositive) return miss;
  const value = labels[miss.key];
  const typo = miss.operator === 'In' && value !== undefined && miss.values.some((wanted) => looksLikeTypo(wanted, value));
  return typo ? miss : undefined;
}

/**
 * Verdicts of looksLikeTypo by pair: a namespace compares each policy with every workload, but label
 * values repeat, so the few distinct pairs are computed once (bounded, cleared when full).
 */
const typoVerdicts = new Map<string, boolean>();
const MAX_TYPO_VERDICTS = 10_000;

/** Two values an edit or two apart, short of rewriting half of the shorter one. */
function looksLikeTypo(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 2) return false;
  const key = `${a}\u0000${b}`;
  let verdict = typoVerdicts.get(key);
  if (verdict === undefined) {
    const distance = editDistance(a, b);
    verdict = distance > 0 && distance <= 2 && distance * 2 < Math.min(a.length, b.length);
    if (typoVerdicts.size >= MAX_TYPO_VERDICTS) typoVerdicts.clear();
    typoVerdicts.set(key, verdict);
  }
  return verdict;
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** A requirement as Kubernetes writes it: `app=web`, `tier in (a, b)`, `!canary`. */
export function describeRequirement(requirement: LabelRequirement): string {
  switch (requirement.operator) {
    case 'In':
      return requirement.values.length === 1 ? `${requirement.key}=${requirement.values[0]}` : `${requirement.key} in (${requirement.values.join(', ')})`;
    case 'NotIn':
      return `${requirement.key} notin (${requirement.values.join(', ')})`;
    case 'Exists':
      return requirement.key;
    case 'DoesNotExist':
      return `!${requirement.key}`;
  }
}

/** A label value as the API server stores it: YAML numbers and booleans written unquoted become their text. */
export function labelText(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/** True for a plain mapping (not null, not a list). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import type { LabelSelector } from './types.ts';

/**
 * True when labels satisfy a selector as Kubernetes' LabelSelectorAsSelector reads it: every
 * matchLabels pair and every matchExpression (In, NotIn, Exists, DoesNotExist). An empty
 * selector matches everything; an unknown operator matches nothing.
 */
export function selectorMatches(selector: LabelSelector, labels: Record<string, string>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== String(value)) return false;
  }
  return (selector.matchExpressions ?? []).every((expression) => expressionMatches(expression, labels));
}

function expressionMatches(expression: { key: string; operator: string; values?: string[] }, labels: Record<string, string>): boolean {
  const present = Object.prototype.hasOwnProperty.call(labels, expression.key);
  const values = (expression.values ?? []).map(String);
  switch (expression.operator) {
    case 'In':
      return present && values.includes(labels[expression.key]);
    case 'NotIn':
      return !present || !values.includes(labels[expression.key]);
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
    default:
      return false;
  }
}

/** The selectors of an aggregationRule from plain YAML data; undefined when there is no aggregationRule. */
export function aggregationSelectorsOf(aggregationRule: unknown): LabelSelector[] | undefined {
  if (!aggregationRule || typeof aggregationRule !== 'object') return undefined;
  const selectors = (aggregationRule as Record<string, unknown>).clusterRoleSelectors;
  if (!Array.isArray(selectors)) return [];
  return selectors.filter((selector) => selector && typeof selector === 'object').map((selector) => {
    const { matchLabels, matchExpressions } = selector as Record<string, unknown>;
    return {
      matchLabels: isRecord(matchLabels) ? (matchLabels as Record<string, string>) : undefined,
      matchExpressions: Array.isArray(matchExpressions) ? matchExpressions.filter(isRecord).map(toExpression) : undefined,
    };
  });
}

function toExpression(value: Record<string, unknown>): { key: string; operator: string; values?: string[] } {
  return {
    key: String(value.key ?? ''),
    operator: String(value.operator ?? ''),
    values: Array.isArray(value.values) ? value.values.map(String) : undefined,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

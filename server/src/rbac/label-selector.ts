import { isRecord, parseLabelSelector, requirementMatches } from '../network/selectors.ts';
import type { LabelSelector } from './types.ts';

/**
 * True when labels satisfy a selector as Kubernetes' LabelSelectorAsSelector reads it: every
 * matchLabels pair and every matchExpression (In, NotIn, Exists, DoesNotExist). An empty
 * selector matches everything; one Kubernetes would reject (an unknown operator, In without
 * values) matches nothing.
 */
export function selectorMatches(selector: LabelSelector, labels: Record<string, string>): boolean {
  const parsed = parseLabelSelector(selector);
  return !parsed.unknown && parsed.requirements.every((requirement) => requirementMatches(requirement, labels));
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

import { isNode, parseDocument } from 'yaml';
import type { ResolvedConfig } from '../engine/config.ts';
import type { Finding } from '../engine/lint.ts';
import { unmetExpectations, unmetMessage } from './expectations.ts';
import type { RbacModel } from './model.ts';

export const EXPECTATION_RULE_ID = 'rbac-expectation-violated';

/**
 * Findings of rbac-expectation-violated for the `can` expectations that no binding fulfils: there
 * is no binding to report them on, so they point at the expectation in the config file's text.
 * None when the rule is off.
 */
export function unmetExpectationFindings(model: RbacModel, config: ResolvedConfig, configText: string): Finding[] {
  const ruleConfig = config.rules.get(EXPECTATION_RULE_ID);
  if (ruleConfig && !ruleConfig.enabled) return [];
  const unmet = unmetExpectations(model, config.rbacExpectations);
  if (unmet.length === 0) return [];
  const ranges = expectationRanges(configText);
  return unmet.map((expectation) => {
    const [start, end] = ranges[expectation.index] ?? [0, 0];
    return { ruleId: EXPECTATION_RULE_ID, severity: ruleConfig?.severity ?? 'error', message: unmetMessage(expectation), start, end, fixes: [] };
  });
}

/** [start, end) of each item of `rbac.expectations` in a config file's text. */
function expectationRanges(configText: string): [number, number][] {
  try {
    const doc = parseDocument(configText, { version: '1.1' });
    const list = doc.getIn(['rbac', 'expectations'], true);
    if (!list || typeof list !== 'object' || !('items' in list)) return [];
    return (list.items as unknown[]).map((item) => (isNode(item) && item.range ? [item.range[0], item.range[1]] : [0, 0]));
  } catch {
    return [];
  }
}

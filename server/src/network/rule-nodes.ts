import { isMap, Node, YAMLMap } from 'yaml';
import { nodeAt, pairOf, seqItems } from '../engine/nodes.ts';
import type { RuleContext } from '../engine/rule.ts';
import { isKubernetesNetworkPolicy } from './policy-facts.ts';
import type { Direction } from './coverage.ts';

/** One ingress or egress rule of a Kubernetes NetworkPolicy, as syntax nodes. */
export interface PolicyRuleNode {
  direction: Direction;
  /** 0-based position in its list. */
  index: number;
  node: YAMLMap;
  /** `from` for ingress, `to` for egress. */
  peersKey: 'from' | 'to';
}

/** The ingress and egress rules of the linted object when it is a Kubernetes NetworkPolicy; [] otherwise. */
export function policyRuleNodes(ctx: RuleContext): PolicyRuleNode[] {
  const object = ctx.object;
  if (!isKubernetesNetworkPolicy(object.kind, object.apiVersion)) return [];
  const spec = nodeAt(object.yaml, object.root, 'spec');
  const rules: PolicyRuleNode[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    seqItems(object.yaml, nodeAt(object.yaml, spec, direction)).forEach((node, index) => {
      if (isMap(node)) rules.push({ direction, index, node, peersKey: direction === 'ingress' ? 'from' : 'to' });
    });
  }
  return rules;
}

/** Where a finding about a whole rule points: its first key, or the rule itself (`{}`). */
export function ruleAnchor(rule: PolicyRuleNode): Node {
  const first = rule.node.items[0];
  return (first?.key as Node | undefined) ?? rule.node;
}

/** `ingress rule 1` for messages (1-based, as people count). */
export function describeRule(rule: PolicyRuleNode): string {
  return `${rule.direction} rule ${rule.index + 1}`;
}

/** The key node of a pair in a mapping, if present. */
export function keyNode(ctx: RuleContext, map: unknown, key: string): Node | undefined {
  return pairOf(ctx.object.yaml, map, key)?.key as Node | undefined;
}

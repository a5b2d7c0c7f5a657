import type { ObjectFacts } from '../engine/workspace.ts';
import type { NetworkPolicyFacts } from './policy-facts.ts';
import { LabelRequirement, nearMiss, selectorMatches } from './selectors.ts';
import type { NetworkView } from './workspace-view.ts';

export type Direction = 'ingress' | 'egress';
export const DIRECTIONS: Direction[] = ['ingress', 'egress'];

/**
 * The labels a policy engine sees on a workload's pods: the pod template's, plus the namespace
 * labels Calico (`projectcalico.org/namespace`) and Cilium (`io.kubernetes.pod.namespace`) add.
 */
export function endpointLabels(policy: NetworkPolicyFacts, workload: ObjectFacts): Record<string, string> {
  const labels = workload.podLabels ?? {};
  if (policy.flavor === 'calico') return { ...labels, 'projectcalico.org/namespace': workload.namespace, 'projectcalico.org/orchestrator': 'k8s' };
  if (policy.flavor === 'cilium') return { ...labels, 'io.kubernetes.pod.namespace': workload.namespace };
  return labels;
}

/** True when a policy applies to a workload's pods in a direction (namespace, then selectors, as each engine matches). */
export function policySelects(view: NetworkView, policy: ObjectFacts, workload: ObjectFacts, direction: Direction): boolean {
  const facts = policy.networkPolicy;
  if (!facts) return false;
  if (!facts.clusterWide && policy.namespace !== workload.namespace) return false;
  if (facts.namespaceSelector && !selectorMatches(facts.namespaceSelector, view.namespaceLabels(workload.namespace))) return false;
  const labels = endpointLabels(facts, workload);
  for (const target of facts.targets) if (target[direction] && selectorMatches(target.podSelector, labels)) return true;
  return false;
}

/** True when a policy of its namespace or a cluster-wide one isolates a workload's pods in a direction. */
export function isCovered(view: NetworkView, workload: ObjectFacts, direction: Direction): boolean {
  for (const policy of view.policiesIn(workload.namespace)) if (policySelects(view, policy, workload, direction)) return true;
  for (const policy of view.clusterPolicies()) if (policySelects(view, policy, workload, direction)) return true;
  return false;
}

/** True when one of a policy's targets selects a label set (any direction). */
function anyTargetSelects(facts: NetworkPolicyFacts, labels: Record<string, string>): boolean {
  for (const target of facts.targets) if (selectorMatches(target.podSelector, labels)) return true;
  return false;
}

/** A policy of the same namespace that would select a workload's pods if one label differed. */
export interface NearMiss {
  policy: ObjectFacts;
  workload: ObjectFacts;
  requirement: LabelRequirement;
}

/** The near miss between a namespaced policy and a workload, if the policy misses it by exactly one label. */
export function nearMissOf(policy: ObjectFacts, workload: ObjectFacts): NearMiss | undefined {
  const facts = policy.networkPolicy;
  if (!facts || facts.clusterWide || policy.namespace !== workload.namespace) return undefined;
  const labels = endpointLabels(facts, workload);
  if (anyTargetSelects(facts, labels)) return undefined;
  for (const target of facts.targets) {
    const requirement = nearMiss(target.podSelector, labels);
    if (requirement) return { policy, workload, requirement };
  }
  return undefined;
}

/** The workloads of a policy's namespace that its selector picks (any direction). */
export function selectedWorkloads(view: NetworkView, policy: ObjectFacts): ObjectFacts[] {
  const facts = policy.networkPolicy!;
  const selected: ObjectFacts[] = [];
  for (const workload of view.workloadsIn(policy.namespace)) if (anyTargetSelects(facts, endpointLabels(facts, workload))) selected.push(workload);
  return selected;
}

/** `Deployment shop/web` for messages (`GlobalNetworkPolicy name` for cluster-wide objects). */
export function describeFacts(facts: ObjectFacts): string {
  const name = facts.name ?? '(unnamed)';
  return facts.networkPolicy?.clusterWide ? `${facts.kind} ${name}` : `${facts.kind} ${facts.namespace}/${name}`;
}

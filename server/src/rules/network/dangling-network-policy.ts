import type { Node } from 'yaml';
import { describeObject, objectAnchor } from '../../engine/objects.ts';
import { pairOf, mapAt } from '../../engine/nodes.ts';
import { defineRule, RelatedInfo } from '../../engine/rule.ts';
import type { ObjectFacts } from '../../engine/workspace.ts';
import { describeFacts, nearMissOf, selectedWorkloads } from '../../network/coverage.ts';
import { describeRequirement, isEmptySelector } from '../../network/selectors.ts';
import { NetworkView, networkView } from '../../network/workspace-view.ts';

export default defineRule({
  id: 'dangling-network-policy',
  title: 'NetworkPolicy that selects no workload',
  category: 'network',
  severity: 'info',
  scope: 'cross-file',
  kinds: ['NetworkPolicy'],
  fixable: false,
  docs: {
    description:
      'Flags a Kubernetes NetworkPolicy whose podSelector matches the pods of no workload of its namespace in the workspace. ' +
      'When a workload misses the selector by one label, the finding points to it (and its missing-network-policy finding points back).',
    rationale:
      'A policy that selects nothing protects nothing, yet reads as if it did: a typo in a label (`app: payment` for `app: payments`) ' +
      'or a renamed workload silently leaves the pods it was written for open to the whole cluster.',
    incorrect: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: payments
  namespace: shop
spec:
  selector:
    matchLabels: {app: payments}
  template:
    metadata:
      labels: {app: payments}
    spec:
      containers:
        - name: payments
          image: registry.example.com/payments:3.1.0
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: payments-ingress
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: payment}
  policyTypes: [Ingress]
`,
    correct: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: payments
  namespace: shop
spec:
  selector:
    matchLabels: {app: payments}
  template:
    metadata:
      labels: {app: payments}
    spec:
      containers:
        - name: payments
          image: registry.example.com/payments:3.1.0
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: payments-ingress
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: payments}
  policyTypes: [Ingress]
`,
    fix: 'None: correct the selector (or the workload\'s labels), or delete the policy if its workload is gone.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
      'https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
    ],
    notes:
      'Only checked when the workspace holds at least one workload (a folder of policies alone is not judged). An empty podSelector ' +
      '(every pod of the namespace) is never dangling: it also covers pods created later. Calico and Cilium policies are not checked.',
  },
  check(ctx) {
    const view = networkView(ctx);
    const self = view.self(ctx.object);
    const facts = self?.networkPolicy;
    if (!self || facts?.flavor !== 'kubernetes') return;
    if (facts.targets.every((target) => isEmptySelector(target.podSelector) || target.podSelector.unknown)) return;
    if (!view.hasWorkloads() || selectedWorkloads(view, self).length > 0) return;
    const wanted = facts.targets[0].podSelector.requirements.map(describeRequirement).join(', ');
    const selectorKey = pairOf(ctx.object.yaml, mapAt(ctx.object.yaml, ctx.object.root, 'spec'), 'podSelector')?.key as Node | undefined;
    ctx.report({
      node: selectorKey ?? objectAnchor(ctx.object),
      message: `${describeObject(ctx.object)} selects no pod: no workload in namespace "${self.namespace}" has pods matching ${wanted}`,
      related: almostSelected(view, self),
    });
  },
});

/** The workloads of the namespace that the policy misses by one label. */
function almostSelected(view: NetworkView, policy: ObjectFacts): RelatedInfo[] | undefined {
  const related = view.workloadsIn(policy.namespace).flatMap((workload) => {
    const miss = nearMissOf(policy, workload);
    if (!miss) return [];
    const have = workload.podLabels?.[miss.requirement.key];
    const pods = have === undefined ? `its pods have no label ${miss.requirement.key}` : `its pods have ${miss.requirement.key}=${have}`;
    return [{ message: `${describeFacts(workload)} almost matches: ${pods}, the policy wants ${describeRequirement(miss.requirement)}`, path: workload.path, start: workload.start, end: workload.end }];
  });
  return related.length > 0 ? related : undefined;
}

import { describeObject, objectAnchor } from '../../engine/objects.ts';
import { defineRule, RelatedInfo } from '../../engine/rule.ts';
import { WORKLOAD_KINDS } from '../../engine/workloads.ts';
import type { ObjectFacts } from '../../engine/workspace.ts';
import { describeFacts, Direction, DIRECTIONS, isCovered, nearMissOf } from '../../network/coverage.ts';
import { missingPolicyFixes } from '../../network/policy-fixes.ts';
import { describeRequirement } from '../../network/selectors.ts';
import { NetworkView, networkView } from '../../network/workspace-view.ts';

const OPEN: Record<Direction, string> = {
  ingress: 'any pod in the cluster can connect to them',
  egress: 'they can connect to any pod and any address',
};

export default defineRule({
  id: 'missing-network-policy',
  title: 'Workload that no NetworkPolicy protects',
  category: 'network',
  severity: 'warning',
  scope: 'cross-file',
  kinds: WORKLOAD_KINDS,
  fixable: true,
  docs: {
    description:
      'Flags a workload whose pods no network policy of the workspace selects, for ingress and for egress separately (one finding ' +
      'per open direction, naming the namespace). Kubernetes NetworkPolicy, Calico NetworkPolicy/GlobalNetworkPolicy and Cilium ' +
      'CiliumNetworkPolicy/CiliumClusterwideNetworkPolicy count. The namespace comes from `metadata.namespace`, a kustomization.yaml ' +
      '`namespace:` that includes the file, or the configured `defaultNamespace`; labels match as Kubernetes matches them ' +
      '(matchLabels and matchExpressions, an empty podSelector selects every pod of its namespace).',
    rationale:
      'A pod that no NetworkPolicy selects accepts connections from every pod of every namespace, and may connect anywhere. One ' +
      'compromised pod (a vulnerable web app, a malicious dependency) can then scan the cluster, reach databases and internal ' +
      'admin endpoints, and send data out. Isolating each namespace by default and allowing only the flows a workload needs ' +
      'contains such a breach.',
    incorrect: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.4.2
          ports:
            - containerPort: 8080
`,
    correct: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.4.2
          ports:
            - containerPort: 8080
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`,
    fix:
      'Two unsafe fixes (they add objects; the CLI applies them with `--fix --unsafe-fixes`). "Add a default-deny NetworkPolicy for ' +
      'namespace X" creates `networkpolicy-default-deny-X.yaml` next to the workload (`-2`, `-3`... when taken): a policy that denies ' +
      'all ingress and egress of every pod of the namespace, and one that allows egress to the cluster DNS (kube-dns in kube-system, ' +
      'UDP and TCP 53). "Add a NetworkPolicy for this workload" appends an allow-list policy to the workload\'s file: it selects the ' +
      'workload\'s pod labels, admits ingress from pods of the same namespace on the declared containerPorts only, and egress to the ' +
      'cluster DNS only. Review both before applying: traffic the workloads need must then be allowed explicitly.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies',
      'https://kubernetes.io/docs/concepts/security/security-checklist/#network-security',
      'CIS Kubernetes Benchmark 5.3.2: Ensure that all Namespaces have NetworkPolicies defined',
      'https://docs.tigera.io/calico/latest/reference/resources/networkpolicy',
      'https://docs.cilium.io/en/stable/security/policy/',
    ],
    notes:
      'Pods with `hostNetwork: true` are not flagged: NetworkPolicy does not apply to them (host-namespaces flags them). Calico ' +
      'selectors are read in their simple forms (`k == \'v\'`, `k != \'v\'`, `has(k)`, `!has(k)`, `all()`, joined by `&&`); any other ' +
      'Calico expression, and any selector Kubernetes would reject, counts as selecting the pods, so that an unread policy never ' +
      'produces a finding. A Cilium rule covers a direction when it has that section (`ingress`/`ingressDeny`, `egress`/`egressDeny`). ' +
      'The default-deny file written for a namespace that comes from a kustomization names the namespace explicitly; add the file ' +
      'to the kustomization\'s resources.',
  },
  check(ctx) {
    const workload = ctx.workload();
    if (!workload) return;
    const view = networkView(ctx);
    const self = view.self(ctx.object);
    if (!self || self.hostNetwork) return;
    const open = DIRECTIONS.filter((direction) => !isCovered(view, self, direction));
    if (open.length === 0) return;
    const fixes = missingPolicyFixes(ctx, view, self, workload);
    for (const direction of open) {
      ctx.report({
        node: ctx.object.nameNode ?? objectAnchor(ctx.object),
        message: `${describeObject(ctx.object)}: no NetworkPolicy in namespace "${self.namespace}" selects its pods for ${direction}, so ${OPEN[direction]}`,
        fixes,
        related: nearMisses(view, self, direction),
      });
    }
  },
});

/** The policies of the namespace that would select the workload for this direction if one label differed. */
function nearMisses(view: NetworkView, self: ObjectFacts, direction: Direction): RelatedInfo[] | undefined {
  const related = view
    .policiesIn(self.namespace)
    .filter((policy) => policy.networkPolicy!.targets.some((target) => target[direction]))
    .flatMap((policy) => {
      const miss = nearMissOf(policy, self);
      if (!miss) return [];
      const have = self.podLabels?.[miss.requirement.key];
      const pods = have === undefined ? `the pods have no label ${miss.requirement.key}` : `the pods have ${miss.requirement.key}=${have}`;
      return [{ message: `${describeFacts(policy)} almost selects these pods: it wants ${describeRequirement(miss.requirement)}, ${pods}`, path: policy.path, start: policy.start, end: policy.end }];
    });
  return related.length > 0 ? related : undefined;
}

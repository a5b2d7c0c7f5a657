import { describeObject, objectAnchor } from '../../engine/objects.ts';
import { defineRule } from '../../engine/rule.ts';
import { CNI_NAMES, detectCnis, ENFORCING_CNIS, nonEnforcingOnly } from '../../network/cni.ts';
import { describeFacts } from '../../network/coverage.ts';
import { networkView } from '../../network/workspace-view.ts';

const ENFORCING_LIST = [...ENFORCING_CNIS].map((cni) => CNI_NAMES[cni]).join(', ');

export default defineRule({
  id: 'network-policy-not-enforced',
  title: 'NetworkPolicy on a cluster whose CNI does not enforce it',
  category: 'network',
  severity: 'warning',
  scope: 'cross-file',
  kinds: ['NetworkPolicy'],
  fixable: false,
  docs: {
    description:
      'Flags each Kubernetes NetworkPolicy when the workspace deploys flannel and no CNI that enforces NetworkPolicy (Calico, ' +
      'canal, Cilium, Weave Net, kube-router, Antrea). CNIs are recognised from the DaemonSets of the workspace, by image and name.',
    rationale:
      'flannel only routes pod traffic; it ignores NetworkPolicy objects. The API server accepts them, `kubectl get networkpolicy` ' +
      'lists them, and every pod stays reachable from every other pod: the isolation the team relies on does not exist.',
    incorrect: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: kube-flannel-ds
  namespace: kube-flannel
spec:
  selector:
    matchLabels: {app: flannel}
  template:
    metadata:
      labels: {app: flannel}
    spec:
      containers:
        - name: kube-flannel
          image: docker.io/flannel/flannel:v0.25.1
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
    correct: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: canal
  namespace: kube-system
spec:
  selector:
    matchLabels: {k8s-app: canal}
  template:
    metadata:
      labels: {k8s-app: canal}
    spec:
      containers:
        - name: calico-node
          image: docker.io/calico/node:v3.28.0
        - name: kube-flannel
          image: docker.io/flannel/flannel:v0.25.1
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
    fix: 'None: deploy a CNI that enforces NetworkPolicy (for flannel clusters, canal adds Calico\'s policy engine), or stop relying on the policies.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#prerequisites',
      'https://github.com/flannel-io/flannel#networking-details',
      'https://docs.tigera.io/calico/latest/getting-started/kubernetes/flannel/install-for-flannel',
    ],
    notes:
      'Only CNIs deployed by DaemonSets in the workspace are known; with none found, nothing is reported (the cluster\'s CNI may ' +
      'be managed elsewhere).',
  },
  check(ctx) {
    const view = networkView(ctx);
    const self = view.self(ctx.object);
    if (self?.networkPolicy?.flavor !== 'kubernetes') return;
    const flannel = nonEnforcingOnly(detectCnis(view.daemonSets()));
    if (flannel.length === 0) return;
    const first = flannel[0].daemonSet;
    ctx.report({
      node: ctx.object.nameNode ?? objectAnchor(ctx.object),
      message:
        `${describeObject(ctx.object)} has no effect: the workspace deploys flannel (${describeFacts(first)}), which does not enforce ` +
        `NetworkPolicy, and no CNI that does (${ENFORCING_LIST})`,
      related: flannel.map(({ daemonSet }) => ({ message: `${describeFacts(daemonSet)} deploys flannel`, path: daemonSet.path, start: daemonSet.start, end: daemonSet.end })),
    });
  },
});

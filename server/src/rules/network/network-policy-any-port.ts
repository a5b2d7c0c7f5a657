import { isScalar, isSeq, Node } from 'yaml';
import { Doc, nodeAt } from '../../engine/nodes.ts';
import { describeObject } from '../../engine/objects.ts';
import { defineRule } from '../../engine/rule.ts';
import { describeRule, keyNode, policyRuleNodes, ruleAnchor } from '../../network/rule-nodes.ts';

/** A rule without `from`/`to` (or with an empty list): it admits every peer, which network-policy-allow-all reports. */
function hasNoPeers(yaml: Doc, rule: Node, peersKey: string): boolean {
  const peers = nodeAt(yaml, rule, peersKey);
  if (isSeq(peers)) return peers.items.length === 0;
  return !peers || (isScalar(peers) && peers.value === null);
}

export default defineRule({
  id: 'network-policy-any-port',
  title: 'NetworkPolicy rule open on every port',
  category: 'network',
  severity: 'info',
  kinds: ['NetworkPolicy'],
  fixable: false,
  docs: {
    description:
      'Flags ingress and egress rules of a Kubernetes NetworkPolicy without `ports` (or with an empty list): the rule admits its ' +
      'peers on every port and protocol.',
    rationale:
      'A rule meant to let the frontend reach the API on 8080 also lets it reach the debug port, the metrics endpoint and anything ' +
      'else the pod listens on; an attacker who controls an allowed peer gets the whole attack surface instead of one service.',
    incorrect: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-from-web
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: api}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector:
            matchLabels: {app: web}
`,
    correct: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-from-web
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: api}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector:
            matchLabels: {app: web}
      ports:
        - protocol: TCP
          port: 8080
`,
    fix: 'None: list the ports (and protocols) the peers need under `ports`.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource',
      'https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/',
    ],
    notes:
      'A rule with no peers either (`- {}`) admits everything: network-policy-allow-all owns it, so this rule does not ' +
      'report it again. Calico and Cilium policies are not checked.',
  },
  check(ctx) {
    for (const rule of policyRuleNodes(ctx)) {
      if (hasNoPeers(ctx.object.yaml, rule.node, rule.peersKey)) continue;
      const ports = nodeAt(ctx.object.yaml, rule.node, 'ports');
      if (isSeq(ports) && ports.items.length > 0) continue;
      if (ports && !isSeq(ports) && !(isScalar(ports) && ports.value === null)) continue;
      ctx.report({
        node: keyNode(ctx, rule.node, 'ports') ?? ruleAnchor(rule),
        message: `${describeRule(rule)} of ${describeObject(ctx.object)} lists no ports: it is open on every port and protocol`,
      });
    }
  },
});

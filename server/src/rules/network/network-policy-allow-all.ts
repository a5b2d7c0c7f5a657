import { isMap, isScalar, isSeq, Node, YAMLMap } from 'yaml';
import { nodeAt, plainValue, seqItems } from '../../engine/nodes.ts';
import { describeObject } from '../../engine/objects.ts';
import { defineRule, RuleContext } from '../../engine/rule.ts';
import { describeRule, keyNode, PolicyRuleNode, policyRuleNodes, ruleAnchor } from '../../network/rule-nodes.ts';
import { isEmptySelector, parseLabelSelector } from '../../network/selectors.ts';

const EVERYTHING = ['0.0.0.0/0', '::/0'];

export default defineRule({
  id: 'network-policy-allow-all',
  title: 'NetworkPolicy rule that admits everything',
  category: 'network',
  severity: 'warning',
  kinds: ['NetworkPolicy'],
  fixable: false,
  docs: {
    description:
      'Flags ingress and egress rules of a Kubernetes NetworkPolicy that admit every peer: a rule without `from`/`to` (or with an ' +
      'empty list), an empty peer `{}`, an empty `namespaceSelector` with no podSelector (or an empty one), which is every pod of ' +
      'every namespace, and an `ipBlock` of `0.0.0.0/0` or `::/0`.',
    rationale:
      'Such a rule turns the policy back into "allow all" for the pods it selects: any compromised pod of the cluster (or, for ' +
      'ipBlock 0.0.0.0/0, any address on the internet that reaches the node) can connect, and egress to everywhere lets an attacker ' +
      'exfiltrate data or reach cloud metadata endpoints. It usually hides behind a policy that looks restrictive at first sight.',
    incorrect: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: api}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - namespaceSelector: {}
      ports:
        - port: 8080
  egress:
    - to:
        - ipBlock:
            cidr: 0.0.0.0/0
      ports:
        - port: 443
`,
    correct: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: api}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - podSelector:
            matchLabels: {app: web}
      ports:
        - port: 8080
  egress:
    - to:
        - ipBlock:
            cidr: 203.0.113.0/24
      ports:
        - port: 443
`,
    fix: 'None: name the peers the pods need (podSelector, namespaceSelector with labels, or a narrow ipBlock).',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors',
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#allow-all-ingress-traffic',
    ],
    notes:
      'An ipBlock of 0.0.0.0/0 is flagged even with an `except` list: it still admits nearly every address. An empty peer `{}` ' +
      'is rejected by the API server ("must specify a peer"); it is flagged because it reads as "everything". Calico and Cilium ' +
      'policies are not checked.',
  },
  check(ctx) {
    for (const rule of policyRuleNodes(ctx)) checkRule(ctx, rule);
  },
});

function checkRule(ctx: RuleContext, rule: PolicyRuleNode): void {
  const yaml = ctx.object.yaml;
  const peers = nodeAt(yaml, rule.node, rule.peersKey);
  const where = `${describeRule(rule)} of ${describeObject(ctx.object)}`;
  const everyone = rule.direction === 'ingress' ? 'from every source, inside and outside the cluster' : 'to every destination';
  if (!isSeq(peers) || peers.items.length === 0) {
    if (peers && !isSeq(peers) && !(isScalar(peers) && peers.value === null)) return;
    ctx.report({ node: keyNode(ctx, rule.node, rule.peersKey) ?? ruleAnchor(rule), message: `${where} has no "${rule.peersKey}" peers: it admits traffic ${everyone}` });
    return;
  }
  for (const peer of seqItems(yaml, peers)) {
    if (!isMap(peer)) continue;
    if (peer.items.length === 0) {
      ctx.report({ node: peer, message: `${where} has an empty peer {}, which reads as traffic ${everyone} (the API server rejects it: "must specify a peer")` });
      continue;
    }
    checkPeer(ctx, peer, where);
  }
}

function checkPeer(ctx: RuleContext, peer: YAMLMap, where: string): void {
  const yaml = ctx.object.yaml;
  const namespaceSelector = nodeAt(yaml, peer, 'namespaceSelector');
  const podSelector = nodeAt(yaml, peer, 'podSelector');
  if (isMap(namespaceSelector) && isEmptySelector(parseLabelSelector(plainValue(yaml, namespaceSelector)))) {
    const podsAll = !isMap(podSelector) || isEmptySelector(parseLabelSelector(plainValue(yaml, podSelector)));
    if (podsAll) {
      ctx.report({ node: keyNode(ctx, peer, 'namespaceSelector'), message: `${where} has an empty namespaceSelector and no podSelector narrowing it: it admits every pod of every namespace` });
    }
  }
  const cidr = nodeAt(yaml, peer, 'ipBlock', 'cidr');
  if (isScalar(cidr) && EVERYTHING.includes(String(cidr.value).trim())) {
    const family = String(cidr.value).includes(':') ? 'IPv6' : 'IPv4';
    ctx.report({ node: cidr as Node, message: `${where} has ipBlock ${String(cidr.value)}: it admits every ${family} address` });
  }
}

import { isScalar, Node } from 'yaml';
import { nodeAt, seqItems } from '../../engine/nodes.ts';
import { describeObject } from '../../engine/objects.ts';
import { defineRule } from '../../engine/rule.ts';

/** The annotation Kubernetes reads as loadBalancerSourceRanges when the field is empty. */
const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';

export default defineRule({
  id: 'service-exposed',
  title: 'Service reachable from outside the cluster',
  category: 'network',
  severity: 'info',
  kinds: ['Service'],
  fixable: false,
  docs: {
    description:
      'Flags Services of type NodePort, and of type LoadBalancer without `loadBalancerSourceRanges` (or the ' +
      '`service.beta.kubernetes.io/load-balancer-source-ranges` annotation) restricting who may connect, or with `0.0.0.0/0` or ' +
      '`::/0` (any range of prefix length 0) among them.',
    rationale:
      'A NodePort opens the port on every node, to anyone who can reach a node address; a LoadBalancer without source ranges ' +
      'puts the Service on the internet. Both bypass the Ingress (TLS, authentication, WAF) and often expose internal services ' +
      '(databases, dashboards) that were never meant to be public.',
    incorrect: `apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: shop
spec:
  type: LoadBalancer
  selector: {app: db}
  ports:
    - port: 5432
`,
    correct: `apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: shop
spec:
  type: LoadBalancer
  loadBalancerSourceRanges: [203.0.113.0/24]
  selector: {app: db}
  ports:
    - port: 5432
`,
    fix: 'None: use type ClusterIP behind an Ingress, or restrict a LoadBalancer with `loadBalancerSourceRanges`.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types',
      'https://kubernetes.io/docs/tasks/access-application-cluster/configure-cloud-provider-firewall/',
    ],
    notes:
      'A restricted LoadBalancer still allocates node ports unless `allocateLoadBalancerNodePorts: false`; that is not flagged. ' +
      'Cloud "internal load balancer" annotations are not read. Any range of prefix length 0 (`10.0.0.0/0` too) admits every ' +
      'address of its family, like 0.0.0.0/0 and ::/0; the annotation is read only when the field is empty, as Kubernetes does.',
  },
  check(ctx) {
    const type = nodeAt(ctx.object.yaml, ctx.object.root, 'spec', 'type');
    if (!isScalar(type)) return;
    const value = String(type.value);
    if (value === 'NodePort') {
      ctx.report({ node: type, message: `${describeObject(ctx.object)} is of type NodePort: every node opens its port to anyone who can reach a node` });
      return;
    }
    if (value !== 'LoadBalancer') return;
    const ranges = sourceRanges(ctx.object);
    const open = ranges.find((range) => isEverything(range.value));
    if (ranges.length === 0) {
      ctx.report({ node: type, message: `${describeObject(ctx.object)} is a LoadBalancer without loadBalancerSourceRanges: any address can connect` });
    } else if (open) {
      ctx.report({
        node: open.node ?? type,
        message: `${describeObject(ctx.object)} is a LoadBalancer whose ${open.node ? 'loadBalancerSourceRanges' : `${SOURCE_RANGES_ANNOTATION} annotation`} includes ${open.value}: any address can connect`,
      });
    }
  },
});

/** A source range, and the node that holds it when it is an item of the field (the annotation's are in one string). */
interface SourceRange {
  value: string;
  node?: Node;
}

/** The effective source ranges: the field's items, else (when the field is empty) the annotation's comma-separated list. */
function sourceRanges(object: Parameters<typeof describeObject>[0]): SourceRange[] {
  const field = seqItems(object.yaml, nodeAt(object.yaml, object.root, 'spec', 'loadBalancerSourceRanges'));
  const fromField = field.flatMap((node) => (isScalar(node) && node.value != null && String(node.value).trim() !== '' ? [{ value: String(node.value).trim(), node }] : []));
  if (fromField.length > 0) return fromField;
  return (object.annotations[SOURCE_RANGES_ANNOTATION] ?? '').split(',').map((range) => range.trim()).filter((range) => range !== '').map((value) => ({ value }));
}

/** A CIDR with prefix length 0 (0.0.0.0/0, ::/0, or any address /0) admits every address of its family. */
function isEverything(range: string): boolean {
  return /\/0+$/.test(range);
}

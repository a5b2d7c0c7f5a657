import { isScalar, isSeq } from 'yaml';
import { nodeAt } from '../../engine/nodes.ts';
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
      '`service.beta.kubernetes.io/load-balancer-source-ranges` annotation) restricting who may connect.',
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
      'Cloud "internal load balancer" annotations are not read.',
  },
  check(ctx) {
    const type = nodeAt(ctx.object.yaml, ctx.object.root, 'spec', 'type');
    if (!isScalar(type)) return;
    const value = String(type.value);
    if (value === 'NodePort') {
      ctx.report({ node: type, message: `${describeObject(ctx.object)} is of type NodePort: every node opens its port to anyone who can reach a node` });
    } else if (value === 'LoadBalancer' && !hasSourceRanges(ctx.object)) {
      ctx.report({ node: type, message: `${describeObject(ctx.object)} is a LoadBalancer without loadBalancerSourceRanges: any address can connect` });
    }
  },
});

function hasSourceRanges(object: Parameters<typeof describeObject>[0]): boolean {
  const ranges = nodeAt(object.yaml, object.root, 'spec', 'loadBalancerSourceRanges');
  if (isSeq(ranges) && ranges.items.length > 0) return true;
  return (object.annotations[SOURCE_RANGES_ANNOTATION] ?? '').trim() !== '';
}

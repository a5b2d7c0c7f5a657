import { isSeq, Node } from 'yaml';
import { nodeAt, pairOf, mapAt } from '../../engine/nodes.ts';
import { describeObject } from '../../engine/objects.ts';
import { defineRule } from '../../engine/rule.ts';

export default defineRule({
  id: 'service-external-ips',
  title: 'Service with externalIPs',
  category: 'network',
  severity: 'warning',
  kinds: ['Service'],
  fixable: false,
  docs: {
    description: 'Flags Services that set `spec.externalIPs`.',
    rationale:
      'CVE-2020-8554: whoever can create or edit a Service can claim any IP address in `externalIPs`, and kube-proxy then sends ' +
      'the cluster\'s traffic for that address (another tenant\'s service, an external API) to the attacker\'s pods: a ' +
      'man-in-the-middle on traffic that never meant to reach them. Kubernetes cannot fix it; clusters block the field with an ' +
      'admission policy (the DenyServiceExternalIPs admission plugin).',
    incorrect: `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports:
    - port: 80
  externalIPs:
    - 203.0.113.10
`,
    correct: `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports:
    - port: 80
`,
    fix: 'None: remove externalIPs and expose the Service through an Ingress or a LoadBalancer.',
    references: [
      'https://github.com/kubernetes/kubernetes/issues/97076',
      'https://kubernetes.io/docs/concepts/services-networking/service/#external-ips',
      'https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#denyserviceexternalips',
    ],
  },
  check(ctx) {
    const ips = nodeAt(ctx.object.yaml, ctx.object.root, 'spec', 'externalIPs');
    if (!isSeq(ips) || ips.items.length === 0) return;
    const key = pairOf(ctx.object.yaml, mapAt(ctx.object.yaml, ctx.object.root, 'spec'), 'externalIPs')?.key as Node | undefined;
    ctx.report({
      node: key ?? ips,
      message: `${describeObject(ctx.object)} sets externalIPs: traffic for those addresses is sent to its pods (CVE-2020-8554)`,
    });
  },
});

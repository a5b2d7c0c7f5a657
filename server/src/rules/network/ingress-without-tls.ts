import { isSeq, Node } from 'yaml';
import { mapAt, nodeAt, pairOf } from '../../engine/nodes.ts';
import { describeObject, objectAnchor } from '../../engine/objects.ts';
import { defineRule } from '../../engine/rule.ts';

export default defineRule({
  id: 'ingress-without-tls',
  title: 'Ingress without TLS',
  category: 'network',
  severity: 'info',
  kinds: ['Ingress'],
  fixable: false,
  docs: {
    description: 'Flags an Ingress with no `spec.tls` section (or an empty one): its hosts are served over plain HTTP.',
    rationale:
      'Without TLS, passwords, session cookies and API tokens cross the network in clear text: anyone on the path (public Wi-Fi, a ' +
      'compromised router, another tenant of the load balancer) can read and alter them.',
    incorrect: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port: {number: 80}
`,
    correct: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
  tls:
    - hosts: [shop.example.com]
      secretName: shop-example-com-tls
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port: {number: 80}
`,
    fix: 'None: add a `tls` entry for the hosts with a certificate Secret (for instance issued by cert-manager).',
    references: ['https://kubernetes.io/docs/concepts/services-networking/ingress/#tls'],
  },
  check(ctx) {
    const spec = mapAt(ctx.object.yaml, ctx.object.root, 'spec');
    const tls = nodeAt(ctx.object.yaml, spec, 'tls');
    if (isSeq(tls) && tls.items.length > 0) return;
    const tlsKey = pairOf(ctx.object.yaml, spec, 'tls')?.key as Node | undefined;
    ctx.report({
      node: tlsKey ?? ctx.object.nameNode ?? objectAnchor(ctx.object),
      message: `${describeObject(ctx.object)} has no TLS section: its hosts are served over plain HTTP`,
    });
  },
});

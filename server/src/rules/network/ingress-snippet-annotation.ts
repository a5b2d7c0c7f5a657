import type { Node } from 'yaml';
import { mapAt, mapPairs } from '../../engine/nodes.ts';
import { describeObject } from '../../engine/objects.ts';
import { defineRule } from '../../engine/rule.ts';

/**
 * ingress-nginx snippet annotations (configuration-, server-, stream-, auth-, modsecurity-snippet, under any
 * `--annotations-prefix`) and NGINX Inc.'s `nginx.org/server-snippets` / `location-snippets`.
 */
const SNIPPET = /^([a-z0-9.-]+\/)?(configuration|server|stream|auth|modsecurity)-snippet$|^nginx\.org\/(server|location)-snippets$/;

export default defineRule({
  id: 'ingress-snippet-annotation',
  title: 'Ingress with an nginx configuration snippet',
  category: 'network',
  severity: 'warning',
  kinds: ['Ingress'],
  fixable: false,
  docs: {
    description:
      'Flags Ingress annotations that inject raw nginx configuration: ingress-nginx\'s `configuration-snippet`, `server-snippet`, ' +
      '`stream-snippet`, `auth-snippet` and `modsecurity-snippet` (`nginx.ingress.kubernetes.io/...`), and NGINX Inc.\'s ' +
      '`nginx.org/server-snippets` and `nginx.org/location-snippets`.',
    rationale:
      'Snippets run inside the ingress controller, which can read every Secret of the cluster: whoever may create an Ingress can ' +
      'make nginx serve the controller\'s service account token or any TLS key (CVE-2021-25742), bypass authentication, or proxy ' +
      'to internal addresses. ingress-nginx disables snippet annotations by default since v1.9 for that reason.',
    incorrect: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/configuration-snippet: |
      more_set_headers "X-Frame-Options: DENY";
spec:
  tls:
    - hosts: [shop.example.com]
      secretName: shop-example-com-tls
  rules:
    - host: shop.example.com
`,
    correct: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/custom-headers: shop/security-headers
spec:
  tls:
    - hosts: [shop.example.com]
      secretName: shop-example-com-tls
  rules:
    - host: shop.example.com
`,
    fix: 'None: use the dedicated annotations (custom-headers, auth-url, rewrite-target...) or the controller\'s ConfigMap, and keep `allow-snippet-annotations` off.',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#configuration-snippet',
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#allow-snippet-annotations',
      'https://github.com/kubernetes/ingress-nginx/issues/7837',
      'https://docs.nginx.com/nginx-ingress-controller/configuration/ingress-resources/advanced-configuration-with-snippets/',
    ],
  },
  check(ctx) {
    const annotations = mapAt(ctx.object.yaml, ctx.object.metadata, 'annotations');
    for (const pair of mapPairs(ctx.object.yaml, annotations)) {
      const key = String(pair.key.value);
      if (!SNIPPET.test(key)) continue;
      ctx.report({ node: pair.key as Node, message: `${describeObject(ctx.object)} has annotation ${key}: it injects raw nginx configuration into the ingress controller` });
    }
  },
});

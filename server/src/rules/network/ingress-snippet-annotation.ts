import { isScalar, Node } from 'yaml';
import { mapAt, mapPairs } from '../../engine/nodes.ts';
import { describeObject } from '../../engine/objects.ts';
import { defineRule } from '../../engine/rule.ts';

/**
 * ingress-nginx snippet annotations (configuration-, server-, stream-, auth-, modsecurity-snippet, under any
 * `--annotations-prefix`) and NGINX Inc.'s `nginx.org/server-snippets` / `location-snippets`.
 */
const SNIPPET = /^([a-z0-9.-]+\/)?(configuration|server|stream|auth|modsecurity)-snippet$|^nginx\.org\/(server|location)-snippets$/;

/**
 * ingress-nginx annotations whose values were written into nginx.conf unsanitised (IngressNightmare:
 * CVE-2025-24514 auth-url, CVE-2025-1097 auth-tls-match-cn, CVE-2025-1098 mirror-target/mirror-host),
 * and their neighbours of the same kind.
 */
const INJECTABLE = /^([a-z0-9.-]+\/)?(auth-url|auth-signin|auth-tls-match-cn|mirror-[a-z-]+)$/;

/** Characters that end an nginx directive or block, quote, escape or comment out the rest of the line. */
const BREAKOUT: [RegExp, string][] = [
  [/[\n\r]/, 'a line break'],
  [/;/, '";"'],
  [/[{}]/, 'a brace'],
  [/["'`]/, 'a quote'],
  [/\\/, 'a backslash'],
  [/#/, '"#"'],
  [/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/, 'a control character'],
];

/** The breakout characters a value contains, named (never the value itself). */
function breakouts(value: string): string[] {
  return BREAKOUT.filter(([pattern]) => pattern.test(value)).map(([, name]) => name);
}

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
      '`nginx.org/server-snippets` and `nginx.org/location-snippets`. Also flags the values of `auth-url`, `auth-signin`, ' +
      '`auth-tls-match-cn` and `mirror-*` annotations that contain a line break, `;`, a brace, a quote, a backslash or `#`: ' +
      'characters that close the nginx directive they are written into and start new configuration (IngressNightmare).',
    rationale:
      'Snippets run inside the ingress controller, which can read every Secret of the cluster: whoever may create an Ingress can ' +
      'make nginx serve the controller\'s service account token or any TLS key (CVE-2021-25742), bypass authentication, or proxy ' +
      'to internal addresses. ingress-nginx disables snippet annotations by default since v1.9 for that reason. The IngressNightmare ' +
      'vulnerabilities (CVE-2025-1097, CVE-2025-1098, CVE-2025-24514; with CVE-2025-1974 unauthenticated remote code execution) ' +
      'did the same through annotations that are not snippets: their values were copied into nginx.conf unsanitised.',
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
      'https://kubernetes.io/blog/2025/03/24/ingress-nginx-cve-2025-1974/',
    ],
    notes:
      'Injection is judged by characters, not by parsing nginx: `$` stays allowed (mirror-target documents `$request_uri`), and a ' +
      'fixed controller (v1.11.5, v1.12.1) rejects these values itself, but the annotation still shows an attempt or a mistake. ' +
      'The annotation prefix is not checked, as the controller\'s `--annotations-prefix` may change it.',
  },
  check(ctx) {
    const annotations = mapAt(ctx.object.yaml, ctx.object.metadata, 'annotations');
    for (const pair of mapPairs(ctx.object.yaml, annotations)) {
      const key = String(pair.key.value);
      if (SNIPPET.test(key)) {
        ctx.report({ node: pair.key as Node, message: `${describeObject(ctx.object)} has annotation ${key}: it injects raw nginx configuration into the ingress controller` });
        continue;
      }
      if (!INJECTABLE.test(key) || !isScalar(pair.value) || typeof pair.value.value !== 'string') continue;
      const found = breakouts(pair.value.value);
      if (found.length === 0) continue;
      ctx.report({
        node: pair.value as Node,
        message: `${describeObject(ctx.object)}: the value of ${key} contains ${found.join(', ')}, which end the nginx directive it is written into and inject configuration (IngressNightmare)`,
      });
    }
  },
});

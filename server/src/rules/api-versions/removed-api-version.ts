import { defineRule } from '../../engine/rule.ts';
import { apiVerdict, verdictFixes, verdictMessage } from './verdict.ts';

export default defineRule({
  id: 'removed-api-version',
  title: 'apiVersion no longer served',
  category: 'api-versions',
  severity: 'error',
  kinds: '*',
  fixable: true,
  docs: {
    description:
      'Flags an apiVersion/kind pair that the configured Kubernetes version (`kubernetesVersion`, `--kubernetes-version`; ' +
      'default the newest release kube-hardener knows) no longer serves, such as an `extensions/v1beta1` Deployment ' +
      '(removed in 1.16) or a `policy/v1beta1` PodSecurityPolicy (removed in 1.25). The message names the release and the ' +
      'replacement.',
    rationale:
      'A manifest the API server refuses is not applied: the deployment pipeline fails on upgrade day, or worse, keeps ' +
      'running a stale object nobody can update. Teams then postpone the upgrade, and "regularly update Kubernetes" is how ' +
      'clusters get the security fixes that matter. A removed PodSecurityPolicy also means a control that silently stopped ' +
      'protecting anything.',
    incorrect: `apiVersion: extensions/v1beta1
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
            backend:
              serviceName: web
              servicePort: 80
`,
    correct: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - pathType: ImplementationSpecific
            path: /
            backend:
              service:
                name: web
                port:
                  number: 80
`,
    fix:
      'Where the replacement has the same schema (the deprecation guide lists "no notable changes"), a safe fix replaces ' +
      'the apiVersion. Where it does not, an unsafe fix converts the fields as kubectl-convert does: Deployment, ' +
      'DaemonSet, ReplicaSet and StatefulSet from extensions/v1beta1, apps/v1beta1 or apps/v1beta2 to apps/v1 gain ' +
      '`spec.selector.matchLabels` from the template labels (and lose `rollbackTo` / `templateGeneration`); Ingress from ' +
      'extensions/v1beta1 or networking.k8s.io/v1beta1 to networking.k8s.io/v1 gets `service.name` / `service.port.number|name` ' +
      'backends, `spec.defaultBackend` and `pathType: ImplementationSpecific`. It is unsafe because defaults changed between ' +
      'the versions (rollout and update strategies): review the result. Other incompatible pairs have no fix.',
    references: [
      'https://kubernetes.io/docs/reference/using-api/deprecation-guide/',
      'https://kubernetes.io/docs/reference/using-api/deprecation-policy/',
      'https://kubernetes.io/docs/tasks/tools/included/kubectl-convert-overview/',
    ],
    notes:
      'Releases come from kubernetes/api\'s generated prerelease-lifecycle data (the releases the API server uses to stop ' +
      'serving a version) and the deprecation guide; the table and its sources are in ' +
      '`server/src/rules/api-versions/api-lifecycle.ts`. When the replacement was itself removed later, the finding names ' +
      'the version served at the configured release (extensions/v1beta1 NetworkPolicy -> networking.k8s.io/v1).',
  },
  check(ctx) {
    const { object } = ctx;
    const verdict = apiVerdict(object.apiVersion, object.kind, ctx.config.kubernetesVersion);
    if (verdict?.status !== 'removed') return;
    ctx.report({ node: object.apiVersionNode, message: verdictMessage(ctx, verdict), fixes: verdictFixes(ctx, verdict) });
  },
});

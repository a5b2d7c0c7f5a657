import { defineRule } from '../../engine/rule.ts';
import { apiVerdict, verdictFixes, verdictMessage } from './verdict.ts';

export default defineRule({
  id: 'deprecated-api-version',
  title: 'Deprecated apiVersion',
  category: 'api-versions',
  severity: 'warning',
  kinds: '*',
  fixable: true,
  docs: {
    description:
      'Flags an apiVersion/kind pair that is deprecated at the configured Kubernetes version but still served. The ' +
      'message names the release that removes it and the replacement.',
    rationale:
      'A deprecated version works today and breaks the manifest on the upgrade that removes it. Migrating while both ' +
      'versions are served keeps upgrades routine, so the cluster keeps receiving security fixes.',
    incorrect: `apiVersion: resource.k8s.io/v1beta2
kind: DeviceClass
metadata:
  name: gpu
spec:
  selectors:
    - cel:
        expression: device.driver == "gpu.example.com"
`,
    correct: `apiVersion: resource.k8s.io/v1
kind: DeviceClass
metadata:
  name: gpu
spec:
  selectors:
    - cel:
        expression: device.driver == "gpu.example.com"
`,
    fix:
      'As for removed-api-version: a safe apiVersion swap where the schema is unchanged, an unsafe kubectl-convert-style ' +
      'conversion for old workload and Ingress versions, no fix where the fields changed otherwise or the replacement is ' +
      'not served yet at the configured version.',
    references: [
      'https://kubernetes.io/docs/reference/using-api/deprecation-guide/',
      'https://kubernetes.io/docs/reference/using-api/deprecation-policy/',
    ],
    notes:
      'GA versions that are deprecated but can never be removed (core v1 Endpoints since 1.33, ComponentStatus since ' +
      '1.19) are reported as "not yet scheduled for removal". Set `kubernetesVersion` to the release you run: before a ' +
      'deprecation nothing is reported, after the removal removed-api-version takes over.',
  },
  check(ctx) {
    const { object } = ctx;
    const verdict = apiVerdict(object.apiVersion, object.kind, ctx.config.kubernetesVersion);
    if (verdict?.status !== 'deprecated') return;
    ctx.report({ node: object.apiVersionNode, message: verdictMessage(ctx, verdict), fixes: verdictFixes(ctx, verdict) });
  },
});

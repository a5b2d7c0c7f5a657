import { apiGroupOf, describeObject } from '../../engine/objects.ts';
import { defineRule, type FixSpec, type RuleContext } from '../../engine/rule.ts';
import { apiVerdict } from './verdict.ts';
import { neverServed, servedApiVersions } from './served-versions.ts';

/** GA before beta before alpha; higher numbers first. */
function stabilityRank(apiVersion: string): number {
  const match = /v(\d+)(?:(alpha|beta)(\d+))?$/.exec(apiVersion);
  if (!match) return 0;
  const level = match[2] === undefined ? 3 : match[2] === 'beta' ? 2 : 1;
  return level * 1_000_000 + Number(match[1]) * 1_000 + Number(match[3] ?? 999);
}

/** The apiVersions to suggest for a kind at a version: the best current one per API group that served it. */
export function suggestedApiVersions(apiVersion: string, kind: string, version: string): string[] {
  const current = (servedApiVersions(kind) ?? []).filter((candidate) => !apiVerdict(candidate, kind, version));
  const sameGroup = current.filter((candidate) => apiGroupOf(candidate) === apiGroupOf(apiVersion));
  const pool = sameGroup.length > 0 ? sameGroup : current;
  const best = new Map<string, string>();
  for (const candidate of pool) {
    const group = apiGroupOf(candidate);
    const known = best.get(group);
    if (!known || stabilityRank(candidate) > stabilityRank(known)) best.set(group, candidate);
  }
  return [...best.values()].sort();
}

function fixes(ctx: RuleContext, suggestions: string[]): FixSpec[] {
  const editor = ctx.editor();
  return suggestions.map((suggestion) => ({
    title: `Change apiVersion to ${suggestion}`,
    safe: suggestions.length === 1,
    edits: [editor.replaceScalar(ctx.object.apiVersionNode, suggestion)],
  }));
}

export default defineRule({
  id: 'invalid-api-version',
  title: 'apiVersion that never served the kind',
  category: 'api-versions',
  severity: 'error',
  kinds: '*',
  fixable: true,
  docs: {
    description:
      'Flags a built-in kind written with an apiVersion of a built-in API group that never served it: a NetworkPolicy ' +
      'under `v1`, a CronJob under `apps/v1`, a Deployment under `apps/v1beta3`.',
    rationale:
      'The API server refuses the object ("no matches for kind"), so the control it carries (a NetworkPolicy, a ' +
      'PodDisruptionBudget) is never applied, while the manifest in git looks like it protects the workload.',
    incorrect: `apiVersion: v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress]
`,
    correct: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress]
`,
    fix:
      'Replaces the apiVersion with the current one of that kind at the configured Kubernetes version (GA first). The fix ' +
      'is safe when there is exactly one candidate; for kinds defined in two groups (Event in v1 and events.k8s.io/v1) ' +
      'each candidate is offered as an unsafe fix.',
    references: [
      'https://kubernetes.io/docs/reference/kubernetes-api/',
      'https://kubernetes.io/docs/reference/using-api/#api-groups',
    ],
    notes:
      'Only built-in kinds in built-in API groups are judged: custom resources that reuse a built-in kind name in their own ' +
      'group (a Knative `serving.knative.dev/v1` Service) are left alone, as are alpha versions of a group that did serve ' +
      'the kind (alpha versions come and go between releases). Pairs that were served once and then removed are ' +
      'removed-api-version findings instead. The table of served versions is in ' +
      '`server/src/rules/api-versions/served-versions.ts`, with its source.',
  },
  check(ctx) {
    const { object } = ctx;
    if (!neverServed(object.apiVersion, object.kind)) return;
    const suggestions = suggestedApiVersions(object.apiVersion, object.kind, ctx.config.kubernetesVersion);
    const advice = suggestions.length > 0 ? `: use ${suggestions.join(' or ')}` : '';
    ctx.report({
      node: object.apiVersionNode,
      message: `${describeObject(object)} uses ${object.apiVersion}, which never served ${object.kind}${advice}`,
      fixes: fixes(ctx, suggestions),
    });
  },
});

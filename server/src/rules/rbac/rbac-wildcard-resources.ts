import { defineRule } from '../../engine/rule.ts';
import { describeRole } from '../../rbac/describe.ts';
import { boundPhrase, roleContext } from '../../rbac/rule-support.ts';
import { yamlRulesOf } from '../../rbac/yaml-rbac.ts';
import { ruleAllows } from '../../rbac/rule-match.ts';
import type { PolicyRule } from '../../rbac/types.ts';

export default defineRule({
  id: 'rbac-wildcard-resources',
  title: 'RBAC rule grants every resource or API group',
  category: 'rbac',
  severity: 'error',
  kinds: ['Role', 'ClusterRole'],
  fixable: false,
  docs: {
    description:
      'Flags `*` in the `resources` or `apiGroups` of a Role or ClusterRole rule, and `*/SUBRESOURCE` (that subresource of every resource).',
    rationale:
      'A wildcard covers Secrets, pods/exec, roles and bindings, and every custom resource installed later (some of which hold credentials ' +
      'or run code). Read access to `*` reads every Secret; write access to `*` rewrites RBAC itself. Nobody reviewing the role sees what it ' +
      'really grants.',
    incorrect: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: dashboard-reader
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: [get, list, watch]
`,
    correct: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: dashboard-reader
rules:
  - apiGroups: ["", apps]
    resources: [pods, services, deployments]
    verbs: [get, list, watch]
`,
    fix: 'No automatic fix: list the API groups and resources the subject needs.',
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources',
      'CIS Kubernetes Benchmark 5.1.3: minimize wildcard use in Roles and ClusterRoles',
    ],
    notes:
      'One cause, one finding: a `*` resource is reported here only, with what it covers (reading Secrets of the core group, creating ' +
      'pods); rbac-secrets-access, rbac-implicit-pod-creation and rbac-privileged-subresources report only the resources a rule names. ' +
      'As in Kubernetes\' RBAC authorizer, only `*` and `*/SUBRESOURCE` are wildcards; `pods/*` is not a pattern (it matches only a ' +
      'subresource literally named `*`) and is not flagged. A rule with both `apiGroups: ["*"]` and a wildcard resource is one ' +
      'finding, on the resource, whose message says "of every API group".',
  },
  check(ctx) {
    const { model, role } = roleContext(ctx);
    const bound = boundPhrase(model, role);
    for (const yamlRule of yamlRulesOf(ctx.object)) {
      const where = `${describeRole(role)}, rule ${yamlRule.index + 1}`;
      // A wildcard resource's message already says "of every API group": the group wildcard is reported only without one.
      const wildcardResource = yamlRule.field('resources').items.some((item) => item.value === '*' || item.value.startsWith('*/'));
      for (const item of yamlRule.field('apiGroups').items) {
        if (item.value === '*' && !wildcardResource) ctx.report({ node: item.node, message: `${where} applies to every API group ("*"), custom resources included${bound}` });
      }
      for (const item of yamlRule.field('resources').items) {
        if (item.value === '*') {
          const message = `${where} grants ${yamlRule.rule.verbs.join(', ')} on every resource ("*") ${groupsPhrase(yamlRule.rule)}${coveredPhrase(yamlRule.rule)}${bound}`;
          ctx.report({ node: item.node, message });
        } else if (item.value.startsWith('*/')) {
          const subresource = item.value.slice(2);
          ctx.report({ node: item.node, message: `${where} grants ${yamlRule.rule.verbs.join(', ')} on the ${subresource} subresource of every resource ("${item.value}") ${groupsPhrase(yamlRule.rule)}${bound}` });
        }
      }
    }
  },
});

/** "of every API group", "of API group crd.projectcalico.org", "of the core API group". */
function groupsPhrase(rule: PolicyRule): string {
  if (rule.apiGroups.includes('*')) return 'of every API group';
  const groups = rule.apiGroups.map((group) => (group === '' ? 'the core group' : group));
  return `of API group${groups.length === 1 ? '' : 's'} ${groups.join(', ')}`;
}

/** ", which covers reading Secrets and creating pods" for what the rule really allows, or ''. */
function coveredPhrase(rule: PolicyRule): string {
  const name = rule.resourceNames[0];
  const allows = (verb: string, resource: string) => ruleAllows(rule, { verb, apiGroup: '', resource, name, namespace: '' });
  const covered = [
    ...(['get', 'list', 'watch'].some((verb) => allows(verb, 'secrets')) ? ['reading Secrets'] : []),
    ...(allows('create', 'pods') ? ['creating pods'] : []),
  ];
  return covered.length > 0 ? `, which covers ${covered.join(' and ')}` : '';
}

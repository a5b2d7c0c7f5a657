import { defineRule } from '../../engine/rule.ts';
import { describeRole } from '../../rbac/describe.ts';
import { boundPhrase, roleContext } from '../../rbac/rule-support.ts';
import { yamlRulesOf } from '../../rbac/yaml-rbac.ts';

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
      'As in Kubernetes\' RBAC authorizer, only `*` and `*/SUBRESOURCE` are wildcards; `pods/*` is not a pattern (it matches only a ' +
      'subresource literally named `*`) and is not flagged.',
  },
  check(ctx) {
    const { model, role } = roleContext(ctx);
    const bound = boundPhrase(model, role);
    for (const yamlRule of yamlRulesOf(ctx.object)) {
      const where = `${describeRole(role)}, rule ${yamlRule.index + 1}`;
      for (const item of yamlRule.field('apiGroups').items) {
        if (item.value === '*') ctx.report({ node: item.node, message: `${where} applies to every API group ("*"), custom resources included${bound}` });
      }
      for (const item of yamlRule.field('resources').items) {
        if (item.value === '*') {
          ctx.report({ node: item.node, message: `${where} grants ${yamlRule.rule.verbs.join(', ')} on every resource ("*"), Secrets included${bound}` });
        } else if (item.value.startsWith('*/')) {
          const subresource = item.value.slice(2);
          ctx.report({ node: item.node, message: `${where} grants ${yamlRule.rule.verbs.join(', ')} on the ${subresource} subresource of every resource ("${item.value}")${bound}` });
        }
      }
    }
  },
});

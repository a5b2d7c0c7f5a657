import { defineRule } from '../../engine/rule.ts';
import { objectAnchor } from '../../engine/objects.ts';
import { describeBinding, describeRole } from '../../rbac/describe.ts';
import { isAllWildcardRule } from '../../rbac/rule-match.ts';
import { bindingContext, bindingSubjects, describeRoleRef } from '../../rbac/rule-support.ts';

export default defineRule({
  id: 'rbac-cluster-admin-binding',
  title: 'Binding to cluster-admin',
  category: 'rbac',
  severity: 'error',
  scope: 'cross-file',
  kinds: ['RoleBinding', 'ClusterRoleBinding'],
  fixable: false,
  docs: {
    description:
      'Flags RoleBindings and ClusterRoleBindings to `cluster-admin`, or to any role of the workspace with a rule granting `*` verbs on ' +
      '`*` resources in `*` API groups (aggregated ClusterRoles resolved).',
    rationale:
      'cluster-admin is every permission on every object. A ServiceAccount bound to it turns any compromise of its pods (or of anyone ' +
      'who can run pods in its namespace) into control of the whole cluster. Even bound by a RoleBinding, it hands over the namespace ' +
      'and every ServiceAccount in it.',
    incorrect: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ci-admin
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
  - kind: ServiceAccount
    name: deployer
    namespace: ci
`,
    correct: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ci-deployer
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: edit
subjects:
  - kind: ServiceAccount
    name: deployer
    namespace: ci
`,
    fix: 'No automatic fix: bind a role that holds what the subject needs (the built-in `edit` or `view`, or your own), in its namespace.',
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles',
      'CIS Kubernetes Benchmark 5.1.1: ensure that the cluster-admin role is only used where required',
    ],
  },
  check(ctx) {
    const { model, binding, yaml } = bindingContext(ctx);
    const role = model.roleOf(binding);
    if (!role) return;
    const isClusterAdmin = role.kind === 'ClusterRole' && role.name === 'cluster-admin';
    const wildcard = model.rulesOf(role).find(({ rule }) => isAllWildcardRule(rule));
    if (!isClusterAdmin && !wildcard) return;
    const via = wildcard && wildcard.origin !== role ? ` through ${describeRole(wildcard.origin)}` : '';
    const what = isClusterAdmin ? 'cluster-admin' : `${describeRoleRef(binding)}, which grants every verb on every resource${via},`;
    const scope = binding.kind === 'RoleBinding' ? `every permission in namespace ${binding.namespace}, its roles and bindings included` : 'every permission in the whole cluster';
    ctx.report({
      node: yaml.roleRefNameNode ?? objectAnchor(ctx.object),
      message: `${describeBinding(binding)} binds ${what} to ${bindingSubjects(binding)}: ${scope}`,
    });
  },
});

import { defineRule } from '../../engine/rule.ts';
import { objectAnchor } from '../../engine/objects.ts';
import { describeBinding } from '../../rbac/describe.ts';
import { bindingContext, describeRoleRef } from '../../rbac/rule-support.ts';

export default defineRule({
  id: 'rbac-unknown-role',
  title: 'Binding to an undefined role',
  category: 'rbac',
  severity: 'info',
  scope: 'cross-file',
  kinds: ['RoleBinding', 'ClusterRoleBinding'],
  fixable: false,
  docs: {
    description:
      "Flags bindings whose roleRef names a Role or ClusterRole that neither the workspace nor Kubernetes' built-in roles define. " +
      'Only checked when the workspace defines at least one Role or ClusterRole (otherwise the roles likely live elsewhere).',
    rationale:
      'A binding to a missing role grants nothing today, which usually hides a typo, but it grants whatever a role created later ' +
      'under that name holds: whoever can create that role decides what the subjects get.',
    incorrect: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: deployer
  namespace: ci
rules:
  - apiGroups: [apps]
    resources: [deployments]
    verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: deploy
  namespace: ci
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: deployr
subjects:
  - kind: ServiceAccount
    name: deployer
    namespace: ci
`,
    correct: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: deployer
  namespace: ci
rules:
  - apiGroups: [apps]
    resources: [deployments]
    verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: deploy
  namespace: ci
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: deployer
subjects:
  - kind: ServiceAccount
    name: deployer
    namespace: ci
`,
    fix: 'No automatic fix: correct the roleRef, or add the role to the workspace.',
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#default-roles-and-role-bindings',
    ],
    notes:
      "A ClusterRoleBinding whose roleRef is a Role is flagged too: Kubernetes rejects it, since a ClusterRoleBinding can only refer to a ClusterRole. Built-in roles are Kubernetes' bootstrap policy (cluster roles, system:controller:* roles and the kube-system Roles).",
  },
  check(ctx) {
    const { model, binding, yaml } = bindingContext(ctx);
    if (!model.hasWorkspaceRoles || !binding.roleRef.name || model.roleOf(binding)) return;
    const node = yaml.roleRefNameNode ?? objectAnchor(ctx.object);
    const { kind } = binding.roleRef;
    if (binding.kind === 'ClusterRoleBinding' && kind === 'Role') {
      ctx.report({ node, message: `${describeBinding(binding)} refers to Role ${binding.roleRef.name}, but a ClusterRoleBinding can only refer to a ClusterRole` });
      return;
    }
    if (kind !== 'Role' && kind !== 'ClusterRole') {
      ctx.report({ node, message: `${describeBinding(binding)} has roleRef kind "${kind}": it must be Role or ClusterRole` });
      return;
    }
    ctx.report({
      node,
      message: `${describeBinding(binding)} refers to ${describeRoleRef(binding)}, which neither the workspace nor Kubernetes' built-in roles define: it grants nothing now, and whatever a role created later under that name holds`,
    });
  },
});

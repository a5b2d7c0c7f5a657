import { defineRule } from '../../engine/rule.ts';
import { describeBinding } from '../../rbac/describe.ts';
import { bindingContext, describeRoleRef } from '../../rbac/rule-support.ts';

export default defineRule({
  id: 'rbac-default-service-account-binding',
  title: "Binding grants a namespace's default ServiceAccount",
  category: 'rbac',
  severity: 'warning',
  kinds: ['RoleBinding', 'ClusterRoleBinding'],
  fixable: false,
  docs: {
    description: 'Flags RoleBindings and ClusterRoleBindings whose subjects include a ServiceAccount named `default`.',
    rationale:
      'Every pod that names no ServiceAccount runs as its namespace\'s `default` one, with its token mounted unless automounting is ' +
      'off. Permissions bound to it go to every such pod, and to anyone who can create a pod in that namespace.',
    incorrect: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: reader
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
  - kind: ServiceAccount
    name: default
    namespace: shop
`,
    correct: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: reader
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
  - kind: ServiceAccount
    name: inventory-reader
    namespace: shop
`,
    fix: 'No automatic fix: create a dedicated ServiceAccount for the workload that needs the role, bind it, and set serviceAccountName.',
    references: [
      'https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege',
      'CIS Kubernetes Benchmark 5.1.5: ensure that default service accounts are not actively used',
    ],
  },
  check(ctx) {
    const { binding, yaml } = bindingContext(ctx);
    for (const subject of yaml.subjects) {
      if (subject.kind !== 'ServiceAccount' || subject.name !== 'default') continue;
      const namespace = subject.namespace ?? binding.namespace ?? '?';
      ctx.report({
        node: subject.nameNode ?? subject.map,
        message:
          `${describeBinding(binding)} grants ${describeRoleRef(binding)} to ServiceAccount ${namespace}/default, ` +
          `which every pod in ${namespace} without a serviceAccountName runs as`,
      });
    }
  },
});

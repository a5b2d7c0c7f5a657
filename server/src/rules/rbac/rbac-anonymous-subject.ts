import { defineRule } from '../../engine/rule.ts';
import { describeBinding } from '../../rbac/describe.ts';
import { bindingContext, describeRoleRef } from '../../rbac/rule-support.ts';

/** Subjects that stand for everyone: kind and name as RBAC matches them, and who that is. */
const EVERYONE: { kind: string; name: string; who: string }[] = [
  { kind: 'User', name: 'system:anonymous', who: 'every request that carries no credentials' },
  { kind: 'Group', name: 'system:unauthenticated', who: 'every request that carries no credentials' },
  { kind: 'Group', name: 'system:authenticated', who: 'everyone with any valid credential, every ServiceAccount of every namespace included' },
];

export default defineRule({
  id: 'rbac-anonymous-subject',
  title: 'Binding grants anonymous or all authenticated users',
  category: 'rbac',
  severity: 'error',
  kinds: ['RoleBinding', 'ClusterRoleBinding'],
  fixable: false,
  docs: {
    description:
      'Flags RoleBindings and ClusterRoleBindings whose subjects include the user `system:anonymous`, or the groups ' +
      '`system:unauthenticated` or `system:authenticated`.',
    rationale:
      'system:anonymous and system:unauthenticated are whoever reaches the API server without credentials: with anonymous ' +
      'authentication on (the default), a role bound to them is open to the network. system:authenticated is every user and every ' +
      'ServiceAccount of every namespace, so a role bound to it is held by any compromised pod.',
    incorrect: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: public-view
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: Group
    name: system:unauthenticated
`,
    correct: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: team-view
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: Group
    name: team-observability
`,
    fix: 'No automatic fix: bind the role to the users, groups or ServiceAccounts that need it.',
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege',
      'CIS Kubernetes Benchmark 5.1: RBAC and service accounts',
    ],
  },
  check(ctx) {
    const { binding, yaml } = bindingContext(ctx);
    for (const subject of yaml.subjects) {
      const match = EVERYONE.find((candidate) => candidate.kind === subject.kind && candidate.name === subject.name);
      if (!match) continue;
      ctx.report({
        node: subject.nameNode ?? subject.map,
        message: `${describeBinding(binding)} grants ${describeRoleRef(binding)} to ${subject.kind} ${subject.name}: ${match.who}`,
      });
    }
  },
});

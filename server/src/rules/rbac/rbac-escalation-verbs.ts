import { defineRule } from '../../engine/rule.ts';
import { derivedGrantOf, DerivedGrant } from '../../rbac/derived-grants.ts';
import { describeRole, describeRule } from '../../rbac/describe.ts';
import { formatResource } from '../../rbac/resources.ts';
import { boundPhrase, grantPhrase, roleContext } from '../../rbac/rule-support.ts';
import { ALL_NAMESPACES, PolicyRule } from '../../rbac/types.ts';
import { requirementsMet } from '../../rbac/permissions.ts';
import { yamlRulesOf } from '../../rbac/yaml-rbac.ts';

const ESCALATION_VERBS = ['escalate', 'bind', 'impersonate'];

const GENERIC: Record<string, string> = {
  escalate: 'lifts the check that a role may only hold what its author already has',
  bind: 'lifts the check that a binding may only grant what its author already has',
  impersonate: 'lets requests run as another identity',
};

export default defineRule({
  id: 'rbac-escalation-verbs',
  title: 'RBAC rule grants escalate, bind or impersonate',
  category: 'rbac',
  severity: 'error',
  kinds: ['Role', 'ClusterRole'],
  fixable: false,
  docs: {
    description: 'Flags the verbs `escalate`, `bind` and `impersonate` in Role and ClusterRole rules.',
    rationale:
      "Kubernetes stops a user from granting permissions they do not hold, unless they have `escalate` (write any rule into a role) or " +
      '`bind` (bind any role). `impersonate` lets every request run as another user, group or ServiceAccount, system:masters included. ' +
      'Each is a direct path to cluster-admin.',
    incorrect: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: rbac-manager
rules:
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [clusterroles, clusterrolebindings]
    verbs: [get, list, create, update, bind, escalate]
`,
    correct: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: rbac-manager
rules:
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [clusterroles, clusterrolebindings]
    verbs: [get, list, create, update]
`,
    fix: 'No automatic fix: drop the verb, or limit it with `resourceNames` to the roles (or identities) that are needed.',
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#escalate-verb',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#bind-verb',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#impersonate-verb',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping',
    ],
  },
  check(ctx) {
    const { model, role } = roleContext(ctx);
    const yamlRules = yamlRulesOf(ctx.object);
    const allOfRole = yamlRules.map((yamlRule) => ({ rule: yamlRule.rule, namespace: ALL_NAMESPACES }));
    for (const yamlRule of yamlRules) {
      const { rule } = yamlRule;
      for (const item of yamlRule.field('verbs').items) {
        if (!ESCALATION_VERBS.includes(item.value)) continue;
        const found = rule.resourceNames.length === 0 ? derivedGrantFor(item.value, rule) : undefined;
        const message = found
          ? `${describeRole(role)}: ${grantPhrase(model, role, found.action, found.entry)}${missingRequirement(found.entry, allOfRole)}`
          : `${describeRole(role)} grants ${describeRule({ ...rule, verbs: [item.value] })}, which ${GENERIC[item.value]}${boundPhrase(model, role)}`;
        ctx.report({ node: item.node, message });
      }
    }
  },
});

/** "; it also takes create, update or patch on rolebindings..., which this role does not grant", when so. */
function missingRequirement(entry: DerivedGrant, allOfRole: { rule: PolicyRule; namespace: string }[]): string {
  if (!entry.requires || requirementsMet(entry, allOfRole, ALL_NAMESPACES)) return '';
  const needed = entry.requires.map((alternatives) => `${alternatives[0].verbs.join(', ')} on ${alternatives.map((pattern) => pattern.spec.resource).join(' or ')}`);
  return ` (once they may also ${needed.join(' and ')}, which this role does not grant)`;
}

/** The derived-grant row for a verb on one of the rule's resources (the most powerful first). */
function derivedGrantFor(verb: string, rule: PolicyRule): { entry: DerivedGrant; action: string } | undefined {
  for (const group of rule.apiGroups) {
    for (const resource of rule.resources) {
      const candidates = resource === '*' ? ['users', 'clusterroles', 'roles', 'serviceaccounts'] : [resource];
      for (const candidate of candidates) {
        const groups = group === '*' ? ['', 'rbac.authorization.k8s.io', 'authentication.k8s.io'] : [group];
        for (const apiGroup of groups) {
          const entry = derivedGrantOf(verb, apiGroup, candidate);
          if (entry) return { entry, action: `${verb} ${formatResource(apiGroup, resource === '*' ? '*' : candidate)}` };
        }
      }
    }
  }
  return undefined;
}

import { defineRule, type RuleContext } from '../../engine/rule.ts';
import { alsoPhrase, BuiltInBinding, builtInBindingOf, builtInGrantMessage, enoughTo } from '../../rbac/builtin-bindings.ts';
import { derivedGrantOf, DerivedGrant } from '../../rbac/derived-grants.ts';
import { describeRole, describeRule } from '../../rbac/describe.ts';
import { formatResource } from '../../rbac/resources.ts';
import { boundPhrase, grantPhrase, roleContext } from '../../rbac/rule-support.ts';
import { ALL_NAMESPACES, PolicyRule } from '../../rbac/types.ts';
import { matchedTrigger, requirementsMet } from '../../rbac/permissions.ts';
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
  kinds: ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'],
  fixable: false,
  docs: {
    description:
      'Flags the verbs `escalate`, `bind` and `impersonate` in Role and ClusterRole rules; and, on the roleRef name, RoleBindings ' +
      'and ClusterRoleBindings to a Kubernetes built-in role that grants one of them (`edit` and `admin` impersonate ServiceAccounts, ' +
      '`system:controller:clusterrole-aggregation-controller` escalates ClusterRoles), naming the subjects and what the verb leads to.',
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
    notes:
      'Beyond the catalog, bindings to built-in roles are flagged too (one finding per binding): those roles are not in the workspace, ' +
      'so the binding is the only place to report them. A role the workspace defines itself (even under a built-in name) is reported ' +
      'on its rule instead, and cluster-admin is left to rbac-cluster-admin-binding.',
  },
  check(ctx) {
    const builtIn = builtInBindingOf(ctx);
    if (builtIn) {
      checkBuiltInBinding(ctx, builtIn);
      return;
    }
    if (ctx.object.kind !== 'Role' && ctx.object.kind !== 'ClusterRole') return;
    const { model, role } = roleContext(ctx);
    const yamlRules = yamlRulesOf(ctx.object);
    const allOfRole = yamlRules.map((yamlRule) => ({ rule: yamlRule.rule, namespace: ALL_NAMESPACES }));
    for (const yamlRule of yamlRules) {
      const { rule } = yamlRule;
      for (const item of yamlRule.field('verbs').items) {
        if (!ESCALATION_VERBS.includes(item.value)) continue;
        const found = rule.resourceNames.length === 0 ? derivedGrantFor(item.value, rule) : undefined;
        const message = found
          ? `${describeRole(role)}: ${grantPhrase(model, role, found.action, found.entry)}${missingRequirement(found.entry, allOfRole, ALL_NAMESPACES)}`
          : `${describeRole(role)} grants ${describeRule({ ...rule, verbs: [item.value] })}, which ${GENERIC[item.value]}${boundPhrase(model, role)}`;
        ctx.report({ node: item.node, message });
      }
    }
  },
});

/** "; it also takes create, update or patch on rolebindings..., which this role does not grant", when so. */
function missingRequirement(entry: DerivedGrant, allOfRole: { rule: PolicyRule; namespace: string }[], namespace: string): string {
  if (!entry.requires || requirementsMet(entry, allOfRole, namespace)) return '';
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

/** One finding on a binding to a built-in role that grants an escalation verb: the first in full, the others named. */
function checkBuiltInBinding(ctx: RuleContext, target: BuiltInBinding): void {
  const found: { action: string; consequence: string }[] = [];
  for (const rule of target.builtInRules) {
    for (const verb of rule.verbs.filter((candidate) => ESCALATION_VERBS.includes(candidate))) {
      const derived = rule.resourceNames.length === 0 ? derivedGrantFor(verb, rule) : undefined;
      if (!derived) {
        found.push({ action: describeRule({ ...rule, verbs: [verb] }), consequence: `it ${GENERIC[verb]}` });
        continue;
      }
      // A RoleBinding cannot grant the verb on a cluster-scoped resource.
      if (!matchedTrigger(derived.entry, { rule, namespace: target.scope })) continue;
      const missing = missingRequirement(derived.entry, target.scopedRules, target.scope);
      found.push({ action: derived.action, consequence: `${enoughTo(derived.entry, target)}${missing}` });
    }
  }
  if (found.length === 0) return;
  const [first, ...others] = found;
  ctx.report({ node: target.node, message: builtInGrantMessage(target, first.action, first.consequence) + alsoPhrase(others.map((other) => other.action)) });
}

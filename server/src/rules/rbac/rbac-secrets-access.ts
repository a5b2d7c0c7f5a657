import { defineRule, type RuleContext } from '../../engine/rule.ts';
import { BuiltInBinding, builtInBindingOf, builtInGrantMessage, enoughTo } from '../../rbac/builtin-bindings.ts';
import { DERIVED_GRANTS } from '../../rbac/derived-grants.ts';
import { describeRole } from '../../rbac/describe.ts';
import { ruleAllows } from '../../rbac/rule-match.ts';
import { grantPhrase, roleContext } from '../../rbac/rule-support.ts';
import type { PolicyRule } from '../../rbac/types.ts';
import { yamlRulesOf } from '../../rbac/yaml-rbac.ts';

const READ_VERBS = ['get', 'list', 'watch'];
const READ_SECRETS = DERIVED_GRANTS.find((entry) => entry.id === 'read-secrets')!;

export default defineRule({
  id: 'rbac-secrets-access',
  title: 'RBAC rule reads Secrets',
  category: 'rbac',
  severity: 'warning',
  kinds: ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'],
  fixable: false,
  docs: {
    description:
      'Flags Role and ClusterRole rules that allow `get`, `list` or `watch` (or `*`) on `secrets` of the core API group (`""`); and ' +
      "RoleBindings and ClusterRoleBindings to a Kubernetes built-in role that reads Secrets (`edit`, `admin`, some `system:` roles), " +
      'on the roleRef name, naming the subjects and where they can read.',
    rationale:
      'Secrets hold the credentials of applications (database passwords, API keys, TLS keys), and legacy ServiceAccount token ' +
      'Secrets (created by hand, or left from clusters before 1.24) hold tokens that act as those ServiceAccounts. `list` and ' +
      '`watch` return every Secret with its data: there is no "just the names".',
    incorrect: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: app-reader
  namespace: shop
rules:
  - apiGroups: [""]
    resources: [configmaps, secrets]
    verbs: [get, list]
`,
    correct: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: app-reader
  namespace: shop
rules:
  - apiGroups: [""]
    resources: [configmaps]
    verbs: [get, list]
`,
    fix: 'No automatic fix: mount the Secret into the pod that needs it, or limit the rule to `get` with `resourceNames`.',
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets',
      'https://kubernetes.io/docs/concepts/configuration/secret/#information-security-for-secrets',
      'CIS Kubernetes Benchmark 5.1.2: minimize access to secrets',
    ],
    notes:
      'A rule limited by `resourceNames` is not flagged: it reads only the named Secrets. Only the core group serves Secrets: ' +
      '`secrets` under another API group (a custom resource of that name) is not flagged. A `*` resource is left to ' +
      'rbac-wildcard-resources (one cause, one finding), whose message says when it covers reading Secrets. Since Kubernetes 1.24 ' +
      'no token Secret is generated for ServiceAccounts, so the message claims only what is true: the Secrets that exist, legacy ' +
      'token Secrets included. ' +
      'Beyond the catalog, bindings to built-in roles are flagged too: those roles are not in the workspace, so the binding is the only ' +
      'place to report them. A role the workspace defines itself (even under a built-in name) is reported on its rule instead, and ' +
      'cluster-admin is left to rbac-cluster-admin-binding.',
  },
  check(ctx) {
    const builtIn = builtInBindingOf(ctx);
    if (builtIn) {
      checkBuiltInBinding(ctx, builtIn);
      return;
    }
    if (ctx.object.kind !== 'Role' && ctx.object.kind !== 'ClusterRole') return;
    const { model, role } = roleContext(ctx);
    for (const yamlRule of yamlRulesOf(ctx.object)) {
      const verbs = secretVerbs(yamlRule.rule);
      if (verbs.length === 0) continue;
      // `*` is left to rbac-wildcard-resources, whose message says it covers Secrets.
      const item = yamlRule.field('resources').items.find((candidate) => candidate.value === 'secrets');
      if (!item) continue;
      const action = `${verbs.join(', ')} secrets`;
      ctx.report({ node: item.node, message: `${describeRole(role)}: ${grantPhrase(model, role, action, READ_SECRETS)}` });
    }
  },
});

/** The read verbs a rule allows on every Secret (a rule limited to resourceNames allows none of that). */
function secretVerbs(rule: PolicyRule): string[] {
  if (rule.resourceNames.length > 0) return [];
  return READ_VERBS.filter((verb) => ruleAllows(rule, { verb, apiGroup: '', resource: 'secrets', namespace: '' }));
}

/** One finding on a binding to a built-in role that reads Secrets. */
function checkBuiltInBinding(ctx: RuleContext, target: BuiltInBinding): void {
  const allowed = new Set(target.builtInRules.flatMap((rule) => secretVerbs(rule)));
  const verbs = READ_VERBS.filter((verb) => allowed.has(verb));
  if (verbs.length === 0) return;
  ctx.report({ node: target.node, message: builtInGrantMessage(target, `${verbs.join(', ')} secrets`, enoughTo(READ_SECRETS, target)) });
}

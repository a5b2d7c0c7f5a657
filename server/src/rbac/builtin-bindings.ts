import type { Node } from 'yaml';
import { objectAnchor } from '../engine/objects.ts';
import type { RuleContext } from '../engine/rule.ts';
import { capabilityIn, DerivedGrant } from './derived-grants.ts';
import { describeBinding, describeRole, scopePhrase } from './describe.ts';
import { isAllWildcardRule } from './rule-match.ts';
import { bindingContext, bindingScope, bindingSubjects } from './rule-support.ts';
import type { BindingDef, PolicyRule, RoleDef } from './types.ts';

/**
 * A RoleBinding or ClusterRoleBinding to one of Kubernetes' built-in roles, as the rules that judge
 * role rules see it: the rules the built-in role grants, scoped to the binding's namespace.
 */
export interface BuiltInBinding {
  binding: BindingDef;
  role: RoleDef;
  /** The binding's namespace, or ALL_NAMESPACES for a ClusterRoleBinding. */
  scope: string;
  /**
   * The rules written in built-in roles. Rules a workspace ClusterRole adds through aggregation
   * are left out: the rules report them on that role, with the bindings that grant it.
   */
  builtInRules: PolicyRule[];
  /** Every rule of the role, scoped to the binding: where a derived grant's requirements are looked for. */
  scopedRules: { rule: PolicyRule; namespace: string }[];
  /** Where the finding goes: the roleRef's name. */
  node: Node;
}

/**
 * The binding a RoleBinding/ClusterRoleBinding rule looks at, when its roleRef names a built-in
 * role that the workspace does not define itself. Undefined otherwise, for a binding without
 * subjects (it grants nothing), and for roles with an all-wildcard rule (cluster-admin:
 * rbac-cluster-admin-binding reports those).
 */
export function builtInBindingOf(ctx: RuleContext): BuiltInBinding | undefined {
  if (ctx.object.kind !== 'RoleBinding' && ctx.object.kind !== 'ClusterRoleBinding') return undefined;
  const { model, binding, yaml } = bindingContext(ctx);
  const role = model.roleOf(binding);
  if (!role?.builtIn || binding.subjects.length === 0) return undefined;
  const sourced = model.rulesOf(role);
  if (sourced.some(({ rule }) => isAllWildcardRule(rule))) return undefined;
  const scope = bindingScope(binding);
  return {
    binding,
    role,
    scope,
    builtInRules: sourced.filter(({ origin }) => origin.builtIn).map(({ rule }) => rule),
    scopedRules: sourced.map(({ rule }) => ({ rule, namespace: scope })),
    node: yaml.roleRefNameNode ?? objectAnchor(ctx.object),
  };
}

/**
 * "RoleBinding ci/edit-ci gives ServiceAccount ci/deployer the built-in ClusterRole edit, which can
 * get, list, watch secrets in namespace ci: enough to read every existing Secret in ci, ...".
 */
export function builtInGrantMessage(target: BuiltInBinding, action: string, consequence: string): string {
  const { binding, role, scope } = target;
  return `${describeBinding(binding)} gives ${bindingSubjects(binding)} the built-in ${describeRole(role)}, which can ${action} ${scopePhrase(scope)}: ${consequence}`;
}

/** "enough to run any pod, so act as any ServiceAccount in ci": a derived grant's capability in the binding's scope. */
export function enoughTo(entry: DerivedGrant, target: BuiltInBinding): string {
  return `enough to ${capabilityIn(entry, target.scope)}`;
}

/** " (it can also create pods/portforward and create serviceaccounts/token)", or '' when there is nothing more. */
export function alsoPhrase(actions: string[]): string {
  const unique = [...new Set(actions)];
  if (unique.length === 0) return '';
  const list = unique.length === 1 ? unique[0] : `${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`;
  return ` (it can also ${list})`;
}

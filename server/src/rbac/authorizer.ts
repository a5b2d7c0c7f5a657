import type { RbacModel } from './model.ts';
import { isClusterScoped } from './resources.ts';
import { ruleAllows, ruleAllowsNonResource } from './rule-match.ts';
import { bindingAppliesTo, Identity } from './subjects.ts';
import { ALL_NAMESPACES, BindingDef, Grant, NonResourceRequest, PolicyRule, ResourceRequest } from './types.ts';

/** The rules one binding grants, each scoped to the binding's namespace or to every namespace. */
export function grantsOfBinding(model: RbacModel, binding: BindingDef): Grant[] {
  const role = model.roleOf(binding);
  if (!role) return [];
  const namespace = binding.kind === 'RoleBinding' ? (binding.namespace ?? '') : ALL_NAMESPACES;
  return model.rulesOf(role).map(({ rule, origin }) => ({ binding, role, origin, rule, namespace }));
}

/** Every rule granted to an identity: the union over the bindings that name it (or its groups). */
export function grantsOf(model: RbacModel, identity: Identity): Grant[] {
  return model.bindings.filter((binding) => bindingAppliesTo(binding, identity)).flatMap((binding) => grantsOfBinding(model, binding));
}

/**
 * True when a rule granted in `grantNamespace` applies to a request in `namespace`: a
 * ClusterRoleBinding's everywhere, a RoleBinding's only to namespaced requests in its namespace.
 */
export function scopeCovers(grantNamespace: string, namespace: string): boolean {
  return grantNamespace === ALL_NAMESPACES || (namespace !== '' && grantNamespace === namespace);
}

/** The namespace a request for a resource has: '' when Kubernetes serves the resource cluster-scoped. */
export function requestNamespace(apiGroup: string, resource: string, namespace: string | undefined): string {
  return isClusterScoped(apiGroup, resource) ? '' : (namespace ?? '');
}

/** True when one scoped rule allows a resource request. */
export function scopedRuleAllows(rule: PolicyRule, grantNamespace: string, request: ResourceRequest): boolean {
  return scopeCovers(grantNamespace, request.namespace) && ruleAllows(rule, request);
}

/** The grants of an identity that allow a resource request: empty means RBAC denies it. */
export function authorize(model: RbacModel, identity: Identity, request: ResourceRequest): Grant[] {
  return grantsOf(model, identity).filter((grant) => scopedRuleAllows(grant.rule, grant.namespace, request));
}

/** The grants of an identity that allow a non-resource request (only ClusterRoleBindings can). */
export function authorizeNonResource(model: RbacModel, identity: Identity, request: NonResourceRequest): Grant[] {
  return grantsOf(model, identity).filter((grant) => grant.namespace === ALL_NAMESPACES && ruleAllowsNonResource(grant.rule, request));
}

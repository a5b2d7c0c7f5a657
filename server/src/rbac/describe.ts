import type { Link, Permission } from './permissions.ts';
import { formatResource } from './resources.ts';
import { formatIdentity } from './subjects.ts';
import { ALL_NAMESPACES, BindingDef, PolicyRule, RoleDef } from './types.ts';

/** Readable names of RBAC objects, rules and permission paths, shared by messages and reports. */

/** `RoleBinding ci/deploy`, `ClusterRoleBinding ops`. */
export function describeBinding(binding: BindingDef): string {
  return binding.namespace ? `${binding.kind} ${binding.namespace}/${binding.name}` : `${binding.kind} ${binding.name}`;
}

/** `Role ci/deployer`, `ClusterRole edit`. */
export function describeRole(role: Pick<RoleDef, 'kind' | 'name' | 'namespace'>): string {
  return role.kind === 'Role' ? `Role ${role.namespace}/${role.name}` : `ClusterRole ${role.name}`;
}

/** "in namespace ci" or "cluster-wide". */
export function scopePhrase(namespace: string): string {
  return namespace === ALL_NAMESPACES ? 'cluster-wide' : `in namespace ${namespace}`;
}

const MAX_TARGETS = 8;

/** `get, list, watch secrets, configmaps`, `create deployments.apps`, `get /metrics`. */
export function describeRule(rule: PolicyRule): string {
  const verbs = rule.verbs.includes('*') ? 'every verb on' : rule.verbs.join(', ') || '(no verbs)';
  if (rule.resources.length === 0) {
    return `${verbs} ${rule.nonResourceURLs.map((url) => (url === '*' ? 'every non-resource URL' : url)).join(', ') || '(nothing)'}`;
  }
  const targets = rule.resources.flatMap((resource) => rule.apiGroups.map((group) => describeTarget(group, resource)));
  const shown = targets.length > MAX_TARGETS ? [...targets.slice(0, MAX_TARGETS), `and ${targets.length - MAX_TARGETS} more`] : targets;
  const names = rule.resourceNames.length > 0 ? ` named ${rule.resourceNames.join(', ')}` : '';
  return `${verbs} ${shown.join(', ') || '(no API group)'}${names}`;
}

function describeTarget(group: string, resource: string): string {
  const [name, subresource] = resource.split('/');
  const what = name === '*' ? (subresource ? `*/${subresource}` : 'every resource') : formatResource(group === '*' ? '' : group, name, subresource);
  return group === '*' ? `${what} (any API group)` : what;
}

/** `RoleBinding ci/deploy -> Role ci/deployer`, with the aggregated role the rule comes from. */
export function describeGrantSource(link: Extract<Link, { type: 'grant' }>): string {
  const { binding, role, origin } = link.grant;
  const via = origin !== role ? ` (which aggregates ${describeRole(origin)})` : '';
  return `${describeBinding(binding)} -> ${describeRole(role)}${via}`;
}

const IMPLIED_PHRASES: Record<string, string> = { '*': 'do anything', 'impersonate serviceaccounts': 'act as ServiceAccounts' };

/**
 * The path that gives a permission, e.g. "RoleBinding ci/deploy -> Role ci/deployer grants create
 * cronjobs.batch, which lets it create pods". `action` names what the last grant is used for.
 */
export function describeChain(permission: Permission, action?: string): string {
  const parts: string[] = [];
  permission.chain.forEach((link, index) => {
    const next = permission.chain[index + 1];
    if (link.type === 'grant') {
      const names = link.grant.rule.resourceNames;
      const trigger = next?.type === 'derived' && names.length > 0 ? `${next.trigger} named ${names.join(', ')}` : next?.type === 'derived' ? next.trigger : undefined;
      const what = trigger ?? (next?.type === 'act-as' ? 'impersonate serviceaccounts' : (action ?? describeRule(link.grant.rule)));
      parts.push(`${index > 0 ? '; ' : ''}${describeGrantSource(link)} grants ${what}`);
    } else if (link.type === 'derived') {
      parts.push(`, which lets it ${IMPLIED_PHRASES[link.implied] ?? link.implied}${link.namespace === ALL_NAMESPACES ? ' in every namespace' : ''}`);
    } else {
      parts.push(`, so it can act as ${formatIdentity(link.identity)}`);
    }
  });
  return parts.join('');
}

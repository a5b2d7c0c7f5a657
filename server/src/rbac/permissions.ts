import { grantsOf, requestNamespace, scopeCovers } from './authorizer.ts';
import { ActionPattern, DERIVED_GRANTS, DerivedGrant } from './derived-grants.ts';
import type { RbacModel } from './model.ts';
import { formatResourceSpec, parseResource } from './resources.ts';
import { isAllWildcardRule, ruleAllows } from './rule-match.ts';
import { Identity, identityKey, identityOf } from './subjects.ts';
import { ALL_NAMESPACES, Grant, PolicyRule, ResourceRequest } from './types.ts';

/** One step of the path that gives a subject a permission. */
export type Link =
  | { type: 'grant'; grant: Grant }
  | { type: 'derived'; entry: DerivedGrant; trigger: string; implied: string; namespace: string }
  | { type: 'act-as'; identity: Identity };

/** A permission a subject holds, directly (a one-link chain) or derived, with the path that gives it. */
export interface Permission {
  rule: PolicyRule;
  /** A namespace, or ALL_NAMESPACES. */
  namespace: string;
  /** chain[0] is always the grant of a binding that names the subject. */
  chain: Link[];
}

/** A namespace no request uses: stands for "any namespace" when a scope is ALL_NAMESPACES. */
const ANY_NAMESPACE = '\u0000any';

/** The root grant of a permission: the binding that gives it to the subject. */
export function rootGrant(permission: Permission): Grant {
  return (permission.chain[0] as { type: 'grant'; grant: Grant }).grant;
}

/** True when the permission was derived (or obtained by acting as someone else), not granted as written. */
export function isDerived(permission: Permission): boolean {
  return permission.chain.length > 1;
}

/**
 * Every permission of an identity: its grants, what the derived-grant table makes of them
 * (repeated until nothing new appears), and the permissions of the ServiceAccounts it can act as.
 */
export function permissionsOf(model: RbacModel, identity: Identity, seen = new Set<string>([identityKey(identity)])): Permission[] {
  const result: Permission[] = grantsOf(model, identity).map((grant) => ({ rule: grant.rule, namespace: grant.namespace, chain: [{ type: 'grant', grant }] }));
  deriveUntilStable(result);
  for (const permission of [...result]) {
    for (const target of assumableServiceAccounts(model, permission)) {
      const key = identityKey(target);
      if (seen.has(key)) continue;
      seen.add(key);
      for (const inherited of permissionsOf(model, target, seen)) {
        result.push({ ...inherited, chain: [...permission.chain, { type: 'act-as', identity: target }, ...inherited.chain] });
      }
    }
  }
  return result;
}

function deriveUntilStable(permissions: Permission[]): void {
  const done = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const entry of DERIVED_GRANTS) {
      for (const permission of [...permissions]) {
        if (permission.namespace === ALL_NAMESPACES && isAllWildcardRule(permission.rule)) continue;
        const trigger = matchedTrigger(entry, permission);
        if (!trigger || !requirementsMet(entry, permissions, permission.namespace)) continue;
        const namespace = entry.clusterWide ? ALL_NAMESPACES : permission.namespace;
        for (const implied of entry.implies) {
          const key = `${entry.id}|${implied}|${namespace}|${entry.inheritNames ? permission.rule.resourceNames.join(',') : ''}`;
          if (done.has(key)) continue;
          done.add(key);
          const rule = impliedRule(implied, entry.inheritNames ? permission.rule.resourceNames : []);
          if (alreadyHeld(permissions, rule, namespace)) continue;
          permissions.push({ rule, namespace, chain: [...permission.chain, { type: 'derived', entry, trigger, implied, namespace }] });
          changed = true;
        }
      }
    }
  }
}

/** The trigger of a derived grant that a permission satisfies, as "verb resource", if any. */
export function matchedTrigger(entry: DerivedGrant, permission: Pick<Permission, 'rule' | 'namespace'>): string | undefined {
  for (const trigger of entry.triggers) {
    for (const verb of trigger.verbs) {
      const request = requestFor(verb, trigger, permission.namespace, nameFor(entry, verb, trigger, permission.rule), entry.checkedInNamespace);
      if (allows(permission, request)) return `${verb} ${formatResourceSpec(trigger.spec)}`;
    }
  }
  return undefined;
}

/**
 * The object name a trigger is tried with: a rule limited to resourceNames still counts where one
 * named object is enough, or where the implied permission keeps the names. A create has no
 * name, except on a subresource (a token is requested for a named ServiceAccount).
 */
function nameFor(entry: DerivedGrant, verb: string, trigger: ActionPattern, rule: PolicyRule): string | undefined {
  if (!entry.namedSuffices && !entry.inheritNames) return undefined;
  if (verb === 'create' && !trigger.spec.subresource) return undefined;
  return rule.resourceNames[0];
}

/** True when the permissions meet every `requires` of a derived grant in a namespace. */
export function requirementsMet(entry: DerivedGrant, permissions: readonly Pick<Permission, 'rule' | 'namespace'>[], namespace: string): boolean {
  return (entry.requires ?? []).every((alternatives) =>
    alternatives.some((pattern) =>
      pattern.verbs.some((verb) =>
        (pattern.names ?? [undefined]).some((name) => permissions.some((held) => allows(held, requestFor(verb, pattern, namespace, name)))),
      ),
    ),
  );
}

function requestFor(verb: string, pattern: ActionPattern, namespace: string, name: string | undefined, checkedInNamespace = false): ResourceRequest {
  const inNamespace = namespace === ALL_NAMESPACES ? ANY_NAMESPACE : namespace;
  return { verb, ...pattern.spec, name, namespace: checkedInNamespace ? inNamespace : requestNamespace(pattern.spec.apiGroup, pattern.spec.resource, inNamespace) };
}

/** True when a scoped permission allows a resource request. */
export function allows(permission: Pick<Permission, 'rule' | 'namespace'>, request: ResourceRequest): boolean {
  return scopeCovers(permission.namespace, request.namespace) && ruleAllows(permission.rule, request);
}

function impliedRule(implied: string, resourceNames: string[]): PolicyRule {
  if (implied === '*') return { verbs: ['*'], apiGroups: ['*'], resources: ['*'], resourceNames: [], nonResourceURLs: ['*'] };
  const [verb, resource] = implied.split(' ');
  const spec = parseResource(resource);
  const combined = spec.subresource ? `${spec.resource}/${spec.subresource}` : spec.resource;
  return { verbs: [verb], apiGroups: [spec.apiGroup], resources: [combined], resourceNames, nonResourceURLs: [] };
}

function alreadyHeld(permissions: Permission[], rule: PolicyRule, namespace: string): boolean {
  return permissions.some((held) => (held.namespace === ALL_NAMESPACES || held.namespace === namespace) && covers(held.rule, rule));
}

/** True when every request `inner` allows, `outer` allows too (for the one-verb rules derivation writes). */
function covers(outer: PolicyRule, inner: PolicyRule): boolean {
  if (isAllWildcardRule(inner)) return isAllWildcardRule(outer) && outer.nonResourceURLs.includes('*');
  const [resource, subresource] = inner.resources[0].split('/');
  const request: ResourceRequest = { verb: inner.verbs[0], apiGroup: inner.apiGroups[0], resource, subresource, namespace: '' };
  if (inner.resourceNames.length > 0) return inner.resourceNames.every((name) => ruleAllows(outer, { ...request, name }));
  return ruleAllows(outer, request);
}

/** The ServiceAccounts of the workspace a permission lets its holder act as (impersonate serviceaccounts). */
function assumableServiceAccounts(model: RbacModel, permission: Permission): Identity[] {
  const targets: Identity[] = [];
  // Most permissions do not impersonate ServiceAccounts at all, whatever the name: then no need to try each one.
  const anyName: ResourceRequest = { verb: 'impersonate', apiGroup: '', resource: 'serviceaccounts', namespace: '' };
  if (!ruleAllows({ ...permission.rule, resourceNames: [] }, anyName)) return targets;
  for (const key of model.serviceAccounts) {
    const [namespace, name] = key.split('/');
    const request: ResourceRequest = { verb: 'impersonate', apiGroup: '', resource: 'serviceaccounts', name, namespace };
    if (allows(permission, request)) targets.push(identityOf('ServiceAccount', name, namespace));
  }
  return targets;
}

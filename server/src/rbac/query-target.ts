import { requestNamespace } from './authorizer.ts';
import { allows, Permission } from './permissions.ts';
import { formatResourceSpec, parseResource, ResourceSpec } from './resources.ts';
import { ruleAllowsNonResource } from './rule-match.ts';
import { ALL_NAMESPACES } from './types.ts';

/**
 * What a who-can query or an expectation asks about: a resource as users write it (`pods/exec`,
 * `deployments.apps`) or, when the text starts with `/`, a non-resource URL (`/metrics`).
 */
export type QueryTarget = { type: 'resource'; spec: ResourceSpec } | { type: 'url'; path: string };

/** A namespace no request uses: stands for "some namespace" when a query names none. */
const SOME_NAMESPACE = '\u0000some';

/** Reads a RESOURCE argument: a path starting with `/` is a non-resource URL, kept as written (no subresource split). */
export function parseQueryTarget(text: string): QueryTarget {
  const trimmed = text.trim();
  return trimmed.startsWith('/') ? { type: 'url', path: trimmed } : { type: 'resource', spec: parseResource(trimmed) };
}

/** `pods/exec`, `deployments.apps`, `/metrics`. */
export function formatQueryTarget(target: QueryTarget): string {
  return target.type === 'url' ? target.path : formatResourceSpec(target.spec);
}

/**
 * The permissions (direct or derived) that allow `verb` on a resource: in one namespace, or when
 * `namespace` is undefined, in any namespace at all. Like `kubectl auth can-i` without a name, a
 * rule limited to resourceNames does not count.
 */
export function permissionsAllowing(permissions: readonly Permission[], verb: string, spec: ResourceSpec, namespace?: string): Permission[] {
  return permissions.filter((permission) => {
    const inNamespace = namespace ?? (permission.namespace === ALL_NAMESPACES ? SOME_NAMESPACE : permission.namespace);
    return allows(permission, { verb, ...spec, namespace: requestNamespace(spec.apiGroup, spec.resource, inNamespace) });
  });
}

/**
 * The permissions that allow `verb` on a query target. Non-resource URLs have no namespace (it is
 * ignored) and, as in Kubernetes, only rules bound cluster-wide (a ClusterRole by a
 * ClusterRoleBinding) grant them.
 */
export function permissionsAllowingTarget(permissions: readonly Permission[], verb: string, target: QueryTarget, namespace?: string): Permission[] {
  if (target.type === 'resource') return permissionsAllowing(permissions, verb, target.spec, namespace);
  return permissions.filter((permission) => permission.namespace === ALL_NAMESPACES && ruleAllowsNonResource(permission.rule, { verb, path: target.path }));
}

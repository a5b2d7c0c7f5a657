import type { PolicyRule, RoleKind } from './types.ts';

/** A built-in role of Kubernetes' bootstrap policy, as data. */
export interface BootstrapRole {
  kind: RoleKind;
  name: string;
  /** Only for the few built-in namespaced Roles (kube-system, kube-public). */
  namespace?: string;
  /** Labels other than `kubernetes.io/bootstrapping: rbac-defaults`, which every built-in role has. */
  labels?: Record<string, string>;
  /** For aggregated roles: the label (with value "true") whose ClusterRoles it gathers. */
  aggregates?: string;
  rules: PolicyRule[];
}

const list = (text: string): string[] => (text === '' ? [] : text.split(' '));

/**
 * A resource rule from space-separated lists; the core API group is written `core` here
 * (it is "" in Kubernetes).
 */
export function rule(verbs: string, apiGroups: string, resources: string, resourceNames = ''): PolicyRule {
  return {
    verbs: list(verbs),
    apiGroups: list(apiGroups).map((group) => (group === 'core' ? '' : group)),
    resources: list(resources),
    resourceNames: list(resourceNames),
    nonResourceURLs: [],
  };
}

/** A non-resource URL rule from space-separated lists. */
export function urls(verbs: string, paths: string): PolicyRule {
  return { verbs: list(verbs), apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: list(paths) };
}

export const READ = 'get list watch';
export const WRITE = 'create delete deletecollection patch update';
/** Events written by nearly every controller. */
export const EVENTS = rule('create patch update', 'core events.k8s.io', 'events');

export const AGGREGATE_TO_ADMIN = 'rbac.authorization.k8s.io/aggregate-to-admin';
export const AGGREGATE_TO_EDIT = 'rbac.authorization.k8s.io/aggregate-to-edit';
export const AGGREGATE_TO_VIEW = 'rbac.authorization.k8s.io/aggregate-to-view';

/** A built-in ClusterRole with its rules; `extra` adds labels, aggregation selectors and the like. */
export function clusterRole(name: string, rules: PolicyRule[], extra: Partial<BootstrapRole> = {}): BootstrapRole {
  return { kind: 'ClusterRole', name, rules, ...extra };
}

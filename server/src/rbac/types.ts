/** The RBAC objects of a workspace (and Kubernetes' built-in roles) as the permission model reads them. */

/** One rule of a Role or ClusterRole, lists defaulted to empty. */
export interface PolicyRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

/** Where an object of the workspace is: its file and the offsets of its name. */
export interface SourceRef {
  path: string;
  start: number;
  end: number;
}

/** A label selector as aggregationRule.clusterRoleSelectors writes it. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** A rule of a role together with the role that defines it (an aggregated ClusterRole holds others' rules). */
export interface SourcedRule {
  rule: PolicyRule;
  origin: RoleDef;
}

export type RoleKind = 'Role' | 'ClusterRole';

export interface RoleDef {
  kind: RoleKind;
  name: string;
  /** Only for Roles. */
  namespace?: string;
  labels: Record<string, string>;
  /** The rules written in the role itself. */
  ownRules: PolicyRule[];
  aggregationSelectors?: LabelSelector[];
  /** Kubernetes' bootstrap policy defines it (and the workspace does not override it). */
  builtIn: boolean;
  source?: SourceRef;
}

export type SubjectKind = 'User' | 'Group' | 'ServiceAccount';

/** A subject of a binding, as written. */
export interface SubjectRef {
  kind: string;
  name: string;
  namespace?: string;
}

export type BindingKind = 'RoleBinding' | 'ClusterRoleBinding';

export interface BindingDef {
  kind: BindingKind;
  name: string;
  /** Only for RoleBindings: the namespace its grants are limited to. */
  namespace?: string;
  roleRef: { kind: string; name: string };
  subjects: SubjectRef[];
  source: SourceRef;
}

/** Every namespace and the cluster-scoped resources: the scope of a ClusterRoleBinding's grants. */
export const ALL_NAMESPACES = '*';

/** One rule a binding grants to its subjects, with the namespace it applies in. */
export interface Grant {
  binding: BindingDef;
  role: RoleDef;
  /** The role the rule is written in: `role` itself, or a role it aggregates. */
  origin: RoleDef;
  rule: PolicyRule;
  /** The binding's namespace, or ALL_NAMESPACES for a ClusterRoleBinding. */
  namespace: string;
}

/** A request as the RBAC authorizer sees it. */
export interface ResourceRequest {
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string;
  /** The object's name; undefined for create, list, watch and deletecollection. */
  name?: string;
  /** The namespace of the request; '' for cluster-scoped resources. */
  namespace: string;
}

export interface NonResourceRequest {
  verb: string;
  path: string;
}

import type { ObjectFacts, WorkspaceIndex } from '../engine/workspace.ts';
import { BOOTSTRAP_ROLES } from './bootstrap-roles.ts';
import type { BootstrapRole } from './bootstrap-data.ts';
import { aggregationSelectorsOf, selectorMatches } from './label-selector.ts';
import { policyRuleOf } from './rule-match.ts';
import type { BindingDef, RoleDef, RoleKind, SourcedRule, SubjectRef } from './types.ts';

const RBAC_KINDS = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];

/**
 * The RBAC objects of a workspace over Kubernetes' built-in roles: roles by key, bindings, the
 * ServiceAccounts known by name, and every role's rules with aggregation resolved.
 */
export class RbacModel {
  readonly roles = new Map<string, RoleDef>();
  readonly bindings: BindingDef[] = [];
  /** `namespace/name` of every ServiceAccount the workspace defines or binds. */
  readonly serviceAccounts = new Set<string>();
  /** True when the workspace itself defines at least one Role or ClusterRole. */
  hasWorkspaceRoles = false;
  private readonly resolved = new Map<string, SourcedRule[]>();
  private readonly members = new Map<RoleDef, RoleDef[]>();
  private aggregators: Map<RoleDef, RoleDef[]> | undefined;
  private bindingsByRole: Map<RoleDef, BindingDef[]> | undefined;

  /** The role a binding's roleRef (or a kind/name/namespace) names, if anyone defines it. */
  role(kind: string, name: string, namespace?: string): RoleDef | undefined {
    return this.roles.get(roleKey(kind, name, namespace));
  }

  /** The role a binding refers to: a Role in the binding's namespace, or a ClusterRole. */
  roleOf(binding: BindingDef): RoleDef | undefined {
    if (binding.roleRef.kind === 'ClusterRole') return this.role('ClusterRole', binding.roleRef.name);
    if (binding.roleRef.kind === 'Role' && binding.kind === 'RoleBinding') return this.role('Role', binding.roleRef.name, binding.namespace);
    return undefined;
  }

  /** A role's rules with aggregation resolved (ClusterRoles gathered by label, transitively). */
  rulesOf(role: RoleDef): SourcedRule[] {
    const key = roleKey(role.kind, role.name, role.namespace);
    let rules = this.resolved.get(key);
    if (!rules) {
      rules = this.collectRules(role, new Set());
      this.resolved.set(key, rules);
    }
    return rules;
  }

  /** The ClusterRoles an aggregated ClusterRole gathers (directly). */
  aggregatedRoles(role: RoleDef): RoleDef[] {
    if (role.kind !== 'ClusterRole' || !role.aggregationSelectors) return [];
    let members = this.members.get(role);
    if (!members) {
      const selectors = role.aggregationSelectors.filter(nonEmpty);
      members = [...this.roles.values()].filter(
        (candidate) => candidate.kind === 'ClusterRole' && candidate !== role && selectors.some((selector) => selectorMatches(selector, candidate.labels)),
      );
      this.members.set(role, members);
    }
    return members;
  }

  /** The ClusterRoles that aggregate this one, directly or through others. */
  aggregatorsOf(role: RoleDef): RoleDef[] {
    const found: RoleDef[] = [];
    const pending = [role];
    while (pending.length > 0) {
      for (const aggregator of this.directAggregators().get(pending.pop()!) ?? []) {
        if (aggregator === role || found.includes(aggregator)) continue;
        found.push(aggregator);
        pending.push(aggregator);
      }
    }
    return found;
  }

  /** The bindings that grant a role's rules: those naming it, and those naming a role that aggregates it. */
  bindingsOf(role: RoleDef): BindingDef[] {
    if (!this.bindingsByRole) {
      this.bindingsByRole = new Map();
      for (const binding of this.bindings) {
        const bound = this.roleOf(binding);
        if (bound) this.bindingsByRole.set(bound, [...(this.bindingsByRole.get(bound) ?? []), binding]);
      }
    }
    return [role, ...this.aggregatorsOf(role)].flatMap((candidate) => this.bindingsByRole!.get(candidate) ?? []);
  }

  private directAggregators(): Map<RoleDef, RoleDef[]> {
    if (!this.aggregators) {
      this.aggregators = new Map();
      for (const aggregator of this.roles.values()) {
        for (const member of this.aggregatedRoles(aggregator)) this.aggregators.set(member, [...(this.aggregators.get(member) ?? []), aggregator]);
      }
    }
    return this.aggregators;
  }

  private collectRules(role: RoleDef, visiting: Set<RoleDef>): SourcedRule[] {
    if (visiting.has(role)) return [];
    visiting.add(role);
    const own = role.ownRules.map((rule) => ({ rule, origin: role }));
    if (!role.aggregationSelectors) return own;
    // An aggregated ClusterRole's rules are replaced by the union of what it selects.
    return this.aggregatedRoles(role).flatMap((member) => this.collectRules(member, visiting));
  }
}

/** An empty selector would match every ClusterRole; the aggregation controller ignores it. */
function nonEmpty(selector: { matchLabels?: object; matchExpressions?: unknown[] }): boolean {
  return Object.keys(selector.matchLabels ?? {}).length > 0 || (selector.matchExpressions?.length ?? 0) > 0;
}

/** The key roles are stored under: Roles by namespace and name, ClusterRoles by name. */
function roleKey(kind: string, name: string, namespace?: string): string {
  return kind === 'Role' ? `Role ${namespace}/${name}` : `${kind} ${name}`;
}

/** Builds the model from the workspace's RBAC objects (index facts) over the built-in roles. */
export function buildModel(facts: readonly ObjectFacts[]): RbacModel {
  const model = new RbacModel();
  for (const role of BOOTSTRAP_ROLES) addRole(model, bootstrapRoleDef(role));
  for (const object of facts) {
    const body = asRecord(object.body);
    if (!body || !object.name) continue;
    if (object.kind === 'Role' || object.kind === 'ClusterRole') {
      addRole(model, workspaceRoleDef(object, body));
      model.hasWorkspaceRoles = true;
    } else if (object.kind === 'RoleBinding' || object.kind === 'ClusterRoleBinding') {
      const binding = bindingDef(object, body);
      if (binding) model.bindings.push(binding);
    } else if (object.kind === 'ServiceAccount') {
      model.serviceAccounts.add(`${object.namespace}/${object.name}`);
    }
  }
  for (const binding of model.bindings) {
    for (const subject of binding.subjects) {
      const namespace = subject.namespace || binding.namespace;
      if (subject.kind === 'ServiceAccount' && namespace) model.serviceAccounts.add(`${namespace}/${subject.name}`);
    }
  }
  return model;
}

function addRole(model: RbacModel, role: RoleDef): void {
  model.roles.set(roleKey(role.kind, role.name, role.namespace), role);
}

function bootstrapRoleDef(role: BootstrapRole): RoleDef {
  return {
    kind: role.kind,
    name: role.name,
    namespace: role.namespace,
    labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', ...role.labels },
    ownRules: role.rules,
    aggregationSelectors: role.aggregates ? [{ matchLabels: { [role.aggregates]: 'true' } }] : undefined,
    builtIn: true,
  };
}

function workspaceRoleDef(object: ObjectFacts, body: Record<string, unknown>): RoleDef {
  const rules = Array.isArray(body.rules) ? body.rules.map(policyRuleOf) : [];
  const kind = object.kind as RoleKind;
  return {
    kind,
    name: object.name!,
    namespace: kind === 'Role' ? object.namespace : undefined,
    labels: object.labels,
    ownRules: rules,
    aggregationSelectors: kind === 'ClusterRole' ? aggregationSelectorsOf(body.aggregationRule) : undefined,
    builtIn: false,
    source: { path: object.path, start: object.start, end: object.end },
  };
}

function bindingDef(object: ObjectFacts, body: Record<string, unknown>): BindingDef | undefined {
  const roleRef = asRecord(body.roleRef);
  if (!roleRef || typeof roleRef.name !== 'string') return undefined;
  const kind = object.kind as BindingDef['kind'];
  const subjects = Array.isArray(body.subjects) ? body.subjects.map(asRecord).filter((s): s is Record<string, unknown> => !!s).map(subjectRef) : [];
  return {
    kind,
    name: object.name!,
    namespace: kind === 'RoleBinding' ? object.namespace : undefined,
    roleRef: { kind: String(roleRef.kind ?? ''), name: roleRef.name },
    subjects,
    source: { path: object.path, start: object.start, end: object.end },
  };
}

function subjectRef(value: Record<string, unknown>): SubjectRef {
  return {
    kind: String(value.kind ?? ''),
    name: String(value.name ?? ''),
    namespace: typeof value.namespace === 'string' && value.namespace !== '' ? value.namespace : undefined,
  };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

const cache = new WeakMap<WorkspaceIndex, { version: number; model: RbacModel }>();

/** The model of a workspace index, rebuilt only when the index changed. */
export function modelOf(index: WorkspaceIndex): RbacModel {
  const cached = cache.get(index);
  if (cached && cached.version === index.version) return cached.model;
  const model = buildModel(index.ofKind(...RBAC_KINDS, 'ServiceAccount'));
  cache.set(index, { version: index.version, model });
  return model;
}

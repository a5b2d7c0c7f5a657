import { capabilityIn, DERIVED_GRANTS } from './derived-grants.ts';
import { describeBinding, describeChain, describeRole, describeRule } from './describe.ts';
import type { RbacModel } from './model.ts';
import { isDerived, matchedTrigger, Permission, requirementsMet, rootGrant } from './permissions.ts';
import { isAllWildcardRule } from './rule-match.ts';
import { boundIdentities, permissionsOfCached } from './query.ts';
import { formatQueryTarget, parseQueryTarget, permissionsAllowingTarget } from './query-target.ts';
import { formatIdentity, Identity } from './subjects.ts';

/** One effective permission of a subject, with where it comes from (the `can` report). */
export interface PermissionEntry {
  /** A namespace, or `*` for every namespace and the cluster-scoped resources. */
  namespace: string;
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
  binding: string;
  role: string;
  derived: boolean;
  /** The whole path: binding, role, and for derived permissions the steps that lead to it. */
  path: string;
}

/** What a permission lets a subject do beyond its letter (a row of the derived-grant table that applies). */
export interface CapabilityEntry {
  id: string;
  namespace: string;
  capability: string;
  explanation: string;
  trigger: string;
  binding: string;
  role: string;
  path: string;
}

export interface CanReport {
  subject: string;
  permissions: PermissionEntry[];
  capabilities: CapabilityEntry[];
}

/** Every effective permission of a subject, direct and derived, and the capabilities they amount to. */
export function canReport(model: RbacModel, identity: Identity): CanReport {
  const permissions = permissionsOfCached(model, identity);
  return { subject: formatIdentity(identity), permissions: permissions.map(permissionEntry), capabilities: capabilitiesOf(permissions) };
}

function permissionEntry(permission: Permission): PermissionEntry {
  const grant = rootGrant(permission);
  const { verbs, apiGroups, resources, resourceNames, nonResourceURLs } = permission.rule;
  return {
    namespace: permission.namespace,
    verbs,
    apiGroups,
    resources,
    resourceNames,
    nonResourceURLs,
    binding: describeBinding(grant.binding),
    role: describeRole(grant.role),
    derived: isDerived(permission),
    path: describeChain(permission, describeRule(permission.rule)),
  };
}

const EVERYTHING = 'do anything';

function capabilitiesOf(permissions: Permission[]): CapabilityEntry[] {
  const found = new Map<string, CapabilityEntry>();
  const add = (id: string, namespace: string, permission: Permission, fields: Pick<CapabilityEntry, 'capability' | 'explanation' | 'trigger'>) => {
    const key = `${id}|${namespace}`;
    if (found.has(key)) return;
    const grant = rootGrant(permission);
    found.set(key, { id, namespace, ...fields, binding: describeBinding(grant.binding), role: describeRole(grant.role), path: describeChain(permission, fields.trigger) });
  };
  const everything = new Set<string>();
  const byPathLength = [...permissions].sort((a, b) => a.chain.length - b.chain.length);
  for (const permission of byPathLength) {
    if (everything.has('*') || everything.has(permission.namespace)) continue;
    if (isAllWildcardRule(permission.rule)) {
      everything.add(permission.namespace);
      const capability = `${EVERYTHING} ${permission.namespace === '*' ? 'in the whole cluster' : `in namespace ${permission.namespace}`}`;
      add('everything', permission.namespace, permission, { capability, explanation: 'every verb on every resource', trigger: 'every verb on every resource' });
      continue;
    }
    for (const entry of DERIVED_GRANTS) {
      const trigger = matchedTrigger(entry, permission);
      if (!trigger || !requirementsMet(entry, permissions, permission.namespace)) continue;
      const namespace = entry.clusterWide ? '*' : permission.namespace;
      add(entry.id, namespace, permission, { capability: capabilityIn(entry, namespace), explanation: entry.explanation, trigger });
    }
  }
  return [...found.values()];
}

/** A subject that may do what `who-can` asks, with each path that lets it. */
export interface WhoCanSubject {
  subject: string;
  /** True when some binding grants it as written (not only through a derived grant). */
  direct: boolean;
  via: { binding: string; role: string; derived: boolean; path: string }[];
}

export interface WhoCanReport {
  verb: string;
  /** A resource (`pods/exec`) or, when nonResourceURL is true, a path such as `/metrics`. */
  resource: string;
  nonResourceURL: boolean;
  /** The namespace asked about; absent means any namespace (and always for non-resource URLs). */
  namespace?: string;
  subjects: WhoCanSubject[];
}

/**
 * Every subject named by a binding of the workspace that may do `verb` on a resource (or a
 * non-resource URL, written with a leading `/`), directly or derived.
 */
export function whoCanReport(model: RbacModel, verb: string, resourceText: string, namespace?: string): WhoCanReport {
  const target = parseQueryTarget(resourceText);
  const scope = target.type === 'url' ? undefined : namespace;
  const action = `${verb} ${formatQueryTarget(target)}`;
  const subjects: WhoCanSubject[] = [];
  for (const identity of boundIdentities(model)) {
    const found = shortestPaths(permissionsAllowingTarget(permissionsOfCached(model, identity), verb, target, scope));
    if (found.length === 0) continue;
    const via = found.map((permission) => {
      const grant = rootGrant(permission);
      return { binding: describeBinding(grant.binding), role: describeRole(grant.role), derived: isDerived(permission), path: describeChain(permission, action) };
    });
    subjects.push({ subject: formatIdentity(identity), direct: via.some((path) => !path.derived), via: uniqueBy(via, (path) => path.path) });
  }
  return { verb, resource: formatQueryTarget(target), nonResourceURL: target.type === 'url', namespace: scope, subjects };
}

const MAX_DERIVED_PATHS = 3;

/** Every direct grant, or else the shortest derived paths (a few): what answers "why" without noise. */
function shortestPaths(permissions: Permission[]): Permission[] {
  const direct = permissions.filter((permission) => !isDerived(permission));
  if (direct.length > 0) return direct;
  const shortest = Math.min(...permissions.map((permission) => permission.chain.length));
  return permissions.filter((permission) => permission.chain.length === shortest).slice(0, MAX_DERIVED_PATHS);
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(key(item)) && !!seen.add(key(item)));
}

function where(namespace: string): string {
  return namespace === '*' ? 'every namespace' : `namespace ${namespace}`;
}

/** The `can` report as plain text for a terminal. */
export function renderCanText(report: CanReport): string {
  const lines = [`${report.subject}:`];
  if (report.permissions.length === 0) lines.push('  no permissions: no binding of the workspace grants this subject a role it can resolve');
  for (const permission of report.permissions) {
    lines.push(`  ${permission.derived ? '(derived) ' : ''}${describeRule(permission)} in ${where(permission.namespace)}`, `      ${permission.path}`);
  }
  if (report.capabilities.length > 0) lines.push('', '  what these permissions amount to:');
  for (const capability of report.capabilities) {
    lines.push(`  - ${capability.capability}`, `      ${capability.path}`);
  }
  return lines.join('\n') + '\n';
}

/** The `who-can` report as plain text for a terminal. */
export function renderWhoCanText(report: WhoCanReport): string {
  const scope = report.nonResourceURL ? '' : ` in ${report.namespace ? `namespace ${report.namespace}` : 'any namespace'}`;
  const lines = [`who can ${report.verb} ${report.resource}${scope}:`];
  if (report.subjects.length === 0) lines.push('  nobody the workspace binds');
  for (const subject of report.subjects) {
    lines.push(`  ${subject.subject}${subject.direct ? '' : ' (derived only)'}`);
    for (const path of subject.via) lines.push(`      ${path.path}`);
  }
  return lines.join('\n') + '\n';
}

/** The `can` report as Markdown, for editor hovers and the "Explain RBAC Permissions" command. */
export function renderCanMarkdown(report: CanReport): string {
  const lines = [`**${report.subject}**`, ''];
  if (report.permissions.length === 0) lines.push('No permissions: no binding of the workspace grants this subject a role it can resolve.');
  const direct = report.permissions.filter((permission) => !permission.derived);
  const derived = report.permissions.filter((permission) => permission.derived);
  if (direct.length > 0) lines.push('Granted:', '');
  for (const permission of direct) lines.push(`- \`${describeRule(permission)}\` in ${where(permission.namespace)} (${permission.binding} -> ${permission.role})`);
  if (derived.length > 0) lines.push('', 'Derived:', '');
  for (const permission of derived) lines.push(`- \`${describeRule(permission)}\` in ${where(permission.namespace)}: ${permission.path}`);
  if (report.capabilities.length > 0) lines.push('', 'What this amounts to:', '');
  for (const capability of report.capabilities) lines.push(`- ${capability.capability} (\`${capability.trigger}\`, ${capability.binding}): ${capability.explanation}`);
  return lines.join('\n') + '\n';
}

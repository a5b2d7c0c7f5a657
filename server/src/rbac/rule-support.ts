import { factsOfFile } from '../engine/facts.ts';
import type { ManifestFile } from '../engine/parse.ts';
import { rangeOf } from '../engine/nodes.ts';
import type { K8sObject } from '../engine/objects.ts';
import type { RuleContext } from '../engine/rule.ts';
import { capabilityIn, DerivedGrant } from './derived-grants.ts';
import { describeBinding, scopePhrase } from './describe.ts';
import { buildModel, modelOf, RbacModel } from './model.ts';
import { formatSubject } from './subjects.ts';
import { ALL_NAMESPACES, BindingDef, RoleDef } from './types.ts';
import { yamlBindingOf, YamlBinding } from './yaml-rbac.ts';
import { memo } from '../engine/memo.ts';

/** What the RBAC rules share: the model of the workspace, and the role or binding a rule is looking at. */

const RBAC_FACT_KINDS = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ServiceAccount'];
const unindexed = memo<ManifestFile, RbacModel>('unindexed');

/** The permission model for a rule: the workspace index's, plus the current file when the index lacks it. */
export function modelFor(ctx: RuleContext): RbacModel {
  const file = ctx.object.file;
  if (ctx.index.hasFile(file.path)) return modelOf(ctx.index);
  let model = unindexed.get(file);
  if (!model) {
    const own = factsOfFile(file, (_path, object) => object.namespace ?? ctx.config.defaultNamespace);
    model = buildModel([...ctx.index.ofKind(...RBAC_FACT_KINDS), ...own.filter((facts) => RBAC_FACT_KINDS.includes(facts.kind))]);
    unindexed.set(file, model);
  }
  return model;
}

/** The file offset the index records for an object (its name, else its kind). */
function objectStart(object: K8sObject): number {
  return object.doc.offset + (rangeOf(object.nameNode ?? object.kindNode)?.[0] ?? 0);
}

function isSource(source: { path: string; start: number } | undefined, object: K8sObject): boolean {
  return !!source && source.path === object.file.path && source.start === objectStart(object);
}

/** The model's role for a Role or ClusterRole object. */
export function roleOfObject(model: RbacModel, object: K8sObject): RoleDef | undefined {
  for (const role of model.roles.values()) if (isSource(role.source, object)) return role;
  return undefined;
}

/** The model's binding for a RoleBinding or ClusterRoleBinding object. */
export function bindingOfObject(model: RbacModel, object: K8sObject): BindingDef | undefined {
  return model.bindings.find((binding) => isSource(binding.source, object));
}

/** The namespace a binding's grants apply in: its own, or ALL_NAMESPACES. */
export function bindingScope(binding: BindingDef): string {
  return binding.kind === 'RoleBinding' ? (binding.namespace ?? '') : ALL_NAMESPACES;
}

const MAX_SUBJECTS = 3;

/** `ServiceAccount ci/a, Group dev and 2 more`. */
export function listSubjects(subjects: string[]): string {
  const unique = [...new Set(subjects)];
  if (unique.length === 0) return 'no subject';
  const shown = unique.slice(0, MAX_SUBJECTS);
  const rest = unique.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  return shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** The subjects of the bindings, grouped by the namespace the bindings grant in. */
function subjectsByScope(bindings: BindingDef[]): Map<string, string[]> {
  const byScope = new Map<string, string[]>();
  for (const binding of bindings) {
    const scope = bindingScope(binding);
    const list = byScope.get(scope) ?? [];
    list.push(...binding.subjects.map((subject) => formatSubject(subject, binding)));
    byScope.set(scope, list);
  }
  return byScope;
}

/**
 * What a role's permission lets the subjects bound to it do, e.g. "create deployments.apps in
 * namespace ci lets ServiceAccount ci/deployer run any pod, so act as any ServiceAccount in ci";
 * `names` are the rule's resourceNames, which narrow both the action and (where it says so) the capability.
 */
export function grantPhrase(model: RbacModel, role: RoleDef, action: string, entry: DerivedGrant, names: readonly string[] = []): string {
  const byScope = subjectsByScope(model.bindingsOf(role));
  const what = names.length > 0 ? `${action} named ${names.join(', ')}` : action;
  if (byScope.size === 0) {
    if (role.kind === 'Role') return `${what} ${scopePhrase(role.namespace ?? '')} lets whoever is bound to it ${capabilityIn(entry, role.namespace, names)}`;
    return `${what} lets whoever is bound to it ${capabilityIn(entry, undefined, names)}`;
  }
  return [...byScope]
    .map(([scope, subjects]) => `${what} ${scopePhrase(scope)} lets ${listSubjects(subjects)} ${capabilityIn(entry, scope, names)}`)
    .join('; ');
}

/** "; bound to ServiceAccount ci/deployer by RoleBinding ci/deploy", or '' when nothing binds the role. */
export function boundPhrase(model: RbacModel, role: RoleDef): string {
  const bindings = model.bindingsOf(role);
  if (bindings.length === 0) return '';
  const subjects = bindings.flatMap((binding) => binding.subjects.map((subject) => formatSubject(subject, binding)));
  const via = bindings.length === 1 ? ` by ${describeBinding(bindings[0])}` : ` by ${bindings.length} bindings`;
  return `; bound to ${listSubjects(subjects)}${via}`;
}

/**
 * The model and the role a Role/ClusterRole rule looks at. A role the model does not hold (a
 * duplicate name, an unnamed role) is described from the object alone, bound to nobody.
 */
export function roleContext(ctx: RuleContext): { model: RbacModel; role: RoleDef } {
  const model = modelFor(ctx);
  const object = ctx.object;
  const role = roleOfObject(model, object) ?? {
    kind: object.kind === 'Role' ? 'Role' : 'ClusterRole',
    name: object.name ?? '(unnamed)',
    namespace: object.kind === 'Role' ? (object.namespace ?? ctx.config.defaultNamespace) : undefined,
    labels: object.labels,
    ownRules: [],
    builtIn: false,
  };
  return { model, role };
}

/**
 * The model, the binding a RoleBinding/ClusterRoleBinding rule looks at, and its nodes. A binding
 * the model does not hold (unnamed, or no roleRef name) is described from the object alone.
 */
export function bindingContext(ctx: RuleContext): { model: RbacModel; binding: BindingDef; yaml: YamlBinding } {
  const model = modelFor(ctx);
  const object = ctx.object;
  const yaml = yamlBindingOf(object);
  const kind = object.kind === 'RoleBinding' ? 'RoleBinding' : 'ClusterRoleBinding';
  const binding = bindingOfObject(model, object) ?? {
    kind,
    name: object.name ?? '(unnamed)',
    namespace: kind === 'RoleBinding' ? (object.namespace ?? ctx.config.defaultNamespace) : undefined,
    roleRef: { kind: yaml.roleRefKind ?? '', name: yaml.roleRefName ?? '' },
    subjects: yaml.subjects.map(({ kind: subjectKind, name, namespace }) => ({ kind: subjectKind, name, namespace })),
    source: { path: object.file.path, start: objectStart(object), end: objectStart(object) },
  };
  return { model, binding, yaml };
}

/** `Role ci/deployer` or `ClusterRole edit`: what a binding's roleRef names. */
export function describeRoleRef(binding: BindingDef): string {
  const { kind, name } = binding.roleRef;
  return kind === 'Role' ? `Role ${binding.namespace ?? '?'}/${name}` : `${kind || 'role'} ${name}`;
}

/** The subjects of a binding as users write them. */
export function bindingSubjects(binding: BindingDef): string {
  return listSubjects(binding.subjects.map((subject) => formatSubject(subject, binding)));
}

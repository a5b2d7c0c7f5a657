import type { Severity } from './rule.ts';
import type { NetworkPolicyFacts } from '../network/policy-facts.ts';
import { isShapedWorkloadFact, SHAPED_WORKLOAD, WORKLOAD_INDEX_KINDS } from './workloads.ts';
import { identityOf, sameOrigin } from './facts.ts';
import { flat } from './intern.ts';

/** A port a container declares (`ports[].containerPort`), as the index keeps it. */
export interface ContainerPortFacts {
  port: number;
  protocol: string;
  name?: string;
}

/**
 * Compact facts about one Kubernetes object, kept in the workspace index for cross-file rules.
 * Never a syntax tree: a workspace of 10,000 manifests must fit in memory.
 */
export interface ObjectFacts {
  path: string;
  kind: string;
  apiVersion: string;
  name?: string;
  /** The namespace the object lands in (metadata, kustomization, or the configured default). */
  namespace: string;
  labels: Record<string, string>;
  /** Labels of the pods a workload creates. */
  podLabels?: Record<string, string>;
  /** Ports the containers of a workload declare. */
  containerPorts?: ContainerPortFacts[];
  /** True for workloads whose pods use the node's network (NetworkPolicy does not apply to them). */
  hostNetwork?: boolean;
  /** Container images of DaemonSets (to tell which CNI the workspace deploys). */
  images?: string[];
  /** What a network policy (Kubernetes, Calico or Cilium) selects and which directions it isolates. */
  networkPolicy?: NetworkPolicyFacts;
  /** File offsets of what findings about this object point at (its name). */
  start: number;
  end: number;
  /** The plain body of objects that cross-file rules read whole (roles, bindings, ServiceAccounts). */
  body?: unknown;
  /** For CustomResourceDefinitions: the resource they serve and its scope. */
  crd?: CrdFacts;
}

/** The resource a CustomResourceDefinition serves; `unknown` scope when it does not say (or says something else). */
export interface CrdFacts {
  group: string;
  plural: string;
  /** spec.names.kind (admission policies match custom objects by the resource their CRD names). */
  kind?: string;
  scope: 'Namespaced' | 'Cluster' | 'unknown';
}

/**
 * All objects of the workspace, by file; updated file by file as files change. Secondary maps by
 * namespace and by kind let cross-file rules and `affectedFiles` look at one namespace or a few
 * kinds without walking the whole workspace.
 */
export class WorkspaceIndex {
  private readonly files = new Map<string, ObjectFacts[]>();
  private readonly byNamespace = new Map<string, Set<string>>();
  private readonly byKind = new Map<string, Set<string>>();
  /**
   * identity (engine/variants.ts) -> the file defining it, or the files when more than one does
   * (almost every identity has one file: a Set each cost 1.5 MB on 10,000 files); and the
   * identities defined in more than one file.
   */
  private readonly byIdentity = new Map<string, string | Set<string>>();
  private readonly duplicated = new Set<string>();
  /** Insertion rank of each path, so results come in a stable order. */
  private readonly rank = new Map<string, number>();
  private nextRank = 0;
  private cachedObjects: ObjectFacts[] | undefined;
  /** ofKind answers of the current version: cluster-wide kinds are asked for once per linted file. */
  private readonly kindQueries = new Map<string, ObjectFacts[]>();
  /** inNamespace answers of the current version: every linted file of a namespace asks the same question. */
  private readonly namespaceQueries = new Map<string, ObjectFacts[]>();
  /** Bumped on every change, so callers can cache what they derive from the index. */
  version = 0;
  /**
   * Bumped on changes other than moved offsets (a file added or removed, facts that differ apart from
   * `start`/`end`): what cross-file findings without locations depend on.
   */
  semanticVersion = 0;

  /** Replaces the facts of one file; false when only their offsets changed. */
  setFile(path: string, facts: ObjectFacts[]): boolean {
    const before = this.files.get(path);
    const changed = before === undefined || !sameFactsIgnoringOffsets(before, facts);
    if (changed) this.semanticVersion++;
    this.unlink(path);
    this.files.set(path, facts);
    if (!this.rank.has(path)) this.rank.set(path, this.nextRank++);
    for (const fact of facts) {
      addTo(this.byNamespace, fact.namespace, path);
      for (const kind of kindsOf(fact)) addTo(this.byKind, kind, path);
      const identity = identityOf(fact);
      if (identity && addIdentity(this.byIdentity, identity, path) > 1) this.duplicated.add(identity);
    }
    this.changed();
    return changed;
  }

  removeFile(path: string): void {
    if (!this.files.has(path)) return;
    this.semanticVersion++;
    this.unlink(path);
    this.files.delete(path);
    this.rank.delete(path);
    this.changed();
  }

  hasFile(path: string): boolean {
    return this.files.has(path);
  }

  filePaths(): string[] {
    return [...this.files.keys()];
  }

  factsOf(path: string): ObjectFacts[] {
    return this.files.get(path) ?? [];
  }

  objects(): ObjectFacts[] {
    this.cachedObjects ??= [...this.files.values()].flat();
    return this.cachedObjects;
  }

  /** The objects of some kinds, in the order their files were first indexed (shared: do not mutate). */
  ofKind(...kinds: string[]): ObjectFacts[] {
    const key = kinds.join('\u0000');
    let answer = this.kindQueries.get(key);
    if (!answer) {
      const wanted = new Set(kinds);
      answer = this.sorted(this.pathsOfKinds(kinds)).flatMap((path) => this.factsOf(path).filter((facts) => hasKind(facts, wanted)));
      this.kindQueries.set(key, answer);
    }
    return answer;
  }

  /** The objects of one namespace (optionally only some kinds), in the order their files were first indexed (shared: do not mutate). */
  inNamespace(namespace: string, kinds?: readonly string[]): ObjectFacts[] {
    const key = kinds ? `${namespace}\u0000${kinds.join('\u0000')}` : namespace;
    let answer = this.namespaceQueries.get(key);
    if (!answer) {
      const paths = this.byNamespace.get(namespace);
      const wanted = kinds && new Set(kinds);
      answer = !paths
        ? []
        : this.sorted(paths).flatMap((path) =>
            this.factsOf(path).filter((facts) => facts.namespace === namespace && (!wanted || hasKind(facts, wanted))),
          );
      this.namespaceQueries.set(key, answer);
    }
    return answer;
  }

  /** The files holding at least one object of the given kinds. */
  pathsOfKinds(kinds: readonly string[]): Set<string> {
    const result = new Set<string>();
    for (const kind of kinds) for (const path of this.byKind.get(kind) ?? []) result.add(path);
    return result;
  }

  /** True when a file other than `path` holds an object of one of the kinds. */
  hasKindOutside(kinds: readonly string[], path: string): boolean {
    return kinds.some((kind) => {
      const paths = this.byKind.get(kind);
      return paths !== undefined && (paths.size > 1 || (paths.size === 1 && !paths.has(path)));
    });
  }

  /** The files holding at least one object of the given kinds in a namespace. */
  pathsOfKindsIn(namespace: string, kinds: readonly string[]): Set<string> {
    const wanted = new Set(kinds);
    const result = new Set<string>();
    for (const path of this.byNamespace.get(namespace) ?? []) {
      if (this.factsOf(path).some((facts) => facts.namespace === namespace && hasKind(facts, wanted))) result.add(path);
    }
    return result;
  }

  private sorted(paths: Iterable<string>): string[] {
    return [...paths].sort((a, b) => (this.rank.get(a) ?? 0) - (this.rank.get(b) ?? 0));
  }

  /** The identities more than one file defines, each with those files (kept up to date on every change). */
  duplicatedIdentities(): Map<string, ReadonlySet<string>> {
    return new Map([...this.duplicated].map((identity) => [identity, this.byIdentity.get(identity) as Set<string>]));
  }

  private unlink(path: string): void {
    for (const fact of this.files.get(path) ?? []) {
      removeFrom(this.byNamespace, fact.namespace, path);
      for (const kind of kindsOf(fact)) removeFrom(this.byKind, kind, path);
      const identity = identityOf(fact);
      if (identity && removeIdentity(this.byIdentity, identity, path) < 2) this.duplicated.delete(identity);
    }
  }

  private changed(): void {
    this.version++;
    this.cachedObjects = undefined;
    this.kindQueries.clear();
    this.namespaceQueries.clear();
  }
}

/** The kinds an object is found under: its own, and SHAPED_WORKLOAD for workloads recognised by shape. */
function kindsOf(fact: ObjectFacts): string[] {
  return isShapedWorkloadFact(fact) ? [fact.kind, SHAPED_WORKLOAD] : [fact.kind];
}

function hasKind(fact: ObjectFacts, wanted: Set<string>): boolean {
  return kindsOf(fact).some((kind) => wanted.has(kind));
}

/** True when two fact lists say the same apart from offsets. */
export function sameFactsIgnoringOffsets(before: ObjectFacts[], after: ObjectFacts[]): boolean {
  if (before.length !== after.length) return false;
  // Facts made from the same parsed document (an editor's unchanged documents) are equal without a look.
  const strip = ({ start: _start, end: _end, ...rest }: ObjectFacts) => JSON.stringify(rest);
  return before.every((facts, index) => sameOrigin(facts, after[index]) || strip(facts) === strip(after[index]));
}

/** Adds a path under a key; returns how many paths the key has now. */
function addTo(map: Map<string, Set<string>>, key: string, path: string): number {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(path);
  return set.size;
}

/** Adds a path under an identity; returns how many paths define it now. */
function addIdentity(map: Map<string, string | Set<string>>, identity: string, path: string): number {
  const known = map.get(identity);
  if (known === undefined) {
    // A flat key: `${kind} ${namespace}/${name}` is a rope of three concatenations otherwise.
    map.set(flat(identity), path);
    return 1;
  }
  if (known === path) return 1;
  if (typeof known === 'string') {
    map.set(identity, new Set([known, path]));
    return 2;
  }
  known.add(path);
  return known.size;
}

/** Removes a path from an identity; returns how many paths define it still. */
function removeIdentity(map: Map<string, string | Set<string>>, identity: string, path: string): number {
  const known = map.get(identity);
  if (known === undefined) return 0;
  if (typeof known === 'string') {
    if (known !== path) return 1;
    map.delete(identity);
    return 0;
  }
  known.delete(path);
  if (known.size > 1) return known.size;
  const [last] = known;
  map.set(identity, last);
  return 1;
}

/** Removes a path from a key; returns how many paths the key has left. */
function removeFrom(map: Map<string, Set<string>>, key: string, path: string): number {
  const set = map.get(key);
  if (!set) return 0;
  set.delete(path);
  if (set.size === 0) map.delete(key);
  return set.size;
}

export type { Severity };

/** Which files read an object of some kind: those holding `kinds` in its namespace, or anywhere (`cluster`). */
interface Readers {
  scope: 'namespace' | 'cluster';
  kinds: readonly string[];
}

const NAMESPACED_POLICY_KINDS = ['NetworkPolicy', 'CiliumNetworkPolicy'];
const RBAC_FACT_KINDS = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ServiceAccount'];
const POLICY_READERS: Readers[] = [{ scope: 'namespace', kinds: [...WORKLOAD_INDEX_KINDS, ...NAMESPACED_POLICY_KINDS] }];
const CLUSTER_POLICY_READERS: Readers[] = [{ scope: 'cluster', kinds: WORKLOAD_INDEX_KINDS }];
const WORKLOAD_READERS: Readers[] = [{ scope: 'namespace', kinds: NAMESPACED_POLICY_KINDS }];
// workload-powerful-service-account reads the RBAC model for every workload's ServiceAccount.
const RBAC_READERS: Readers[] = [{ scope: 'cluster', kinds: [...RBAC_FACT_KINDS, ...WORKLOAD_INDEX_KINDS] }];

/**
 * What the cross-file rules read, as "a change to an object of this kind can change the findings of
 * these files". The one table to extend when a cross-file rule starts reading another kind; kinds
 * missing here are read by no cross-file rule, so their changes re-check no other file.
 * - network: workloads and namespaced policies of a namespace read each other (missing-network-policy,
 *   dangling-network-policy, related information); cluster-wide policies and Namespace labels
 *   (Calico namespaceSelector) reach every workload; DaemonSets decide network-policy-not-enforced.
 * - RuntimeClass: unknown-runtime-class on every workload.
 * - RBAC: roles, bindings and ServiceAccounts read each other across namespaces (a RoleBinding may
 *   name a ClusterRole), so any RBAC change re-checks every RBAC file.
 * - ServiceAccount: also service-account-token-automount on workloads (covered by the RBAC readers, which include workloads).
 */
const READERS_OF: Record<string, Readers[]> = {
  NetworkPolicy: POLICY_READERS,
  CiliumNetworkPolicy: POLICY_READERS,
  GlobalNetworkPolicy: CLUSTER_POLICY_READERS,
  CiliumClusterwideNetworkPolicy: CLUSTER_POLICY_READERS,
  Namespace: CLUSTER_POLICY_READERS,
  RuntimeClass: [{ scope: 'cluster', kinds: WORKLOAD_INDEX_KINDS }],
  ...Object.fromEntries(WORKLOAD_INDEX_KINDS.map((kind) => [kind, WORKLOAD_READERS])),
  DaemonSet: [...WORKLOAD_READERS, { scope: 'cluster', kinds: NAMESPACED_POLICY_KINDS }],
  ...Object.fromEntries(RBAC_FACT_KINDS.map((kind) => [kind, RBAC_READERS])),
  // rbac-cluster-wide-binding reads the scope of the custom resources a role names.
  CustomResourceDefinition: [{ scope: 'cluster', kinds: ['ClusterRoleBinding'] }],
};

/** The files defining an object one of `facts` also defines: their view of the workspace depends on it (engine/variants.ts). */
function variantPaths(index: WorkspaceIndex, facts: ObjectFacts[]): Set<string> {
  const paths = new Set<string>();
  for (const fact of facts) {
    const identity = identityOf(fact);
    if (!identity) continue;
    for (const other of index.ofKind(fact.kind)) if (other.path !== fact.path && identityOf(other) === identity) paths.add(other.path);
  }
  return paths;
}

/**
 * The files whose cross-file findings may change when one file's objects change from `before` to
 * `after` (see READERS_OF): e.g. editing a NetworkPolicy of namespace X names the workloads and
 * policies of X, nothing else. Looks only at the namespaces and kinds concerned, never at the whole
 * workspace. The changed file itself is not included.
 */
export function affectedFiles(index: WorkspaceIndex, changedPath: string, before: ObjectFacts[], after: ObjectFacts[]): string[] {
  const admission = admissionAffected(index, [...before, ...after]);
  if (admission === 'all') return index.filePaths().filter((path) => path !== changedPath);
  const result = new Set<string>(admission);
  const done = new Set<string>();
  for (const facts of [...before, ...after]) {
    for (const readers of READERS_OF[facts.kind] ?? READERS_OF[isShapedWorkloadFact(facts) ? SHAPED_WORKLOAD : ''] ?? []) {
      const key = `${readers.scope === 'cluster' ? '' : facts.namespace}\u0000${readers.kinds.join(',')}`;
      if (done.has(key)) continue;
      done.add(key);
      const paths = readers.scope === 'cluster' ? index.pathsOfKinds(readers.kinds) : index.pathsOfKindsIn(facts.namespace, readers.kinds);
      for (const path of paths) result.add(path);
    }
  }
  for (const path of variantPaths(index, [...before, ...after])) result.add(path);
  result.delete(changedPath);
  return [...result];
}

const ADMISSION_KINDS = ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'];

/** The files a policy or binding change may touch, or 'all' (set by the admission module). */
export type AdmissionScope = (index: WorkspaceIndex, changed: ObjectFacts[]) => ReadonlySet<string> | 'all';
let admissionScope: AdmissionScope | undefined;

/** Installs the admission scope (once, by the registry: the engine imports no domain module). */
export function setAdmissionScope(scope: AdmissionScope): void {
  admissionScope = scope;
}

/**
 * Admission policies (admission-policy-violation) may match any object of the workspace. A change
 * to a policy or binding re-checks the files of the kinds the policy's resourceRules can match
 * (admissionScope), every file when that is unknown; a change to a Namespace, a CRD or an object
 * of a kind some policy takes as params re-checks every file, once the workspace has a policy.
 */
function admissionAffected(index: WorkspaceIndex, changed: ObjectFacts[]): ReadonlySet<string> | 'all' | undefined {
  const admission = changed.filter((facts) => ADMISSION_KINDS.includes(facts.kind));
  const policies = index.ofKind('ValidatingAdmissionPolicy');
  if (policies.length > 0) {
    const paramKinds = new Set(policies.map((policy) => paramKindOf(policy.body)));
    if (changed.some((facts) => facts.kind === 'Namespace' || facts.kind === 'CustomResourceDefinition' || paramKinds.has(facts.kind))) return 'all';
  }
  if (admission.length === 0) return undefined;
  return admissionScope ? admissionScope(index, admission) : 'all';
}

function paramKindOf(body: unknown): string | undefined {
  const spec = (body as { spec?: { paramKind?: { kind?: unknown } } } | undefined)?.spec;
  return typeof spec?.paramKind?.kind === 'string' ? spec.paramKind.kind : undefined;
}

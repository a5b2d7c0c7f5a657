import { factsOfFile, factsStart } from '../engine/facts.ts';
import { resolveNamespace } from '../engine/namespaces.ts';
import type { ManifestFile } from '../engine/parse.ts';
import type { RuleContext } from '../engine/rule.ts';
import { WORKLOAD_INDEX_KINDS } from '../engine/workloads.ts';
import type { ObjectFacts, WorkspaceIndex } from '../engine/workspace.ts';
import { namespaceLabelsOf } from './peers.ts';
import { memo } from '../engine/memo.ts';

const NAMESPACED_POLICY_KINDS = ['NetworkPolicy', 'CiliumNetworkPolicy'];
const CLUSTER_POLICY_KINDS = ['GlobalNetworkPolicy', 'CiliumClusterwideNetworkPolicy'];

/**
 * What the network rules see of the workspace while linting one file: the index, with that file's
 * own objects taken from its current text (the index may hold an older version of it, e.g. between
 * the passes of fix-all). Queries look at one namespace or a few kinds, never the whole workspace.
 */
export interface NetworkView {
  /** The facts of the object being linted. */
  self(object: RuleContext['object']): ObjectFacts | undefined;
  workloadsIn(namespace: string): ObjectFacts[];
  /** Kubernetes, Calico and Cilium policies of a namespace. */
  policiesIn(namespace: string): ObjectFacts[];
  /** GlobalNetworkPolicy and CiliumClusterwideNetworkPolicy objects. */
  clusterPolicies(): ObjectFacts[];
  daemonSets(): ObjectFacts[];
  /** The labels of a namespace: its Namespace object's, plus the ones Kubernetes, Calico and Cilium set. */
  namespaceLabels(namespace: string): Record<string, string>;
  /** True when the workspace holds any workload at all. */
  hasWorkloads(): boolean;
  /** True when the workspace (index or this file) has a file at a path. */
  hasFile(path: string): boolean;
}

const views = memo<ManifestFile, { index: WorkspaceIndex; version: number; view: NetworkView }>('views');

/** The network view for a rule's current file, built once per file and index version. */
export function networkView(ctx: RuleContext): NetworkView {
  const file = ctx.object.file;
  const cached = views.get(file);
  if (cached && cached.index === ctx.index && cached.version === ctx.index.version) return cached.view;
  const own = factsOfFile(file, (path, object) => resolveNamespace(path, object, ctx.config));
  const view = createView(ctx.index, file.path, own);
  views.set(file, { index: ctx.index, version: ctx.index.version, view });
  return view;
}

function createView(index: WorkspaceIndex, path: string, own: ObjectFacts[]): NetworkView {
  const merged = (fromIndex: ObjectFacts[], keep: (fact: ObjectFacts) => boolean) => withOwn(fromIndex, path, own.filter(keep));
  const ofKinds = (kinds: string[]) => once(() => merged(index.ofKind(...kinds), (fact) => kinds.includes(fact.kind)));
  const lists = namespaceListsOf(index);
  const clusterPolicies = ofKinds(CLUSTER_POLICY_KINDS);
  const namespaces = ofKinds(['Namespace']);
  const daemonSets = ofKinds(['DaemonSet']);
  const ownByStart = once(() => new Map([...own].reverse().map((fact) => [fact.start, fact])));
  return {
    self: (object) => ownByStart().get(factsStart(object)),
    workloadsIn: perNamespace((namespace) => merged(lists.of(namespace).workloads, (fact) => isWorkload(fact) && fact.namespace === namespace)),
    policiesIn: perNamespace((namespace) => merged(lists.of(namespace).policies, (fact) => isNamespacedPolicy(fact) && fact.namespace === namespace)),
    clusterPolicies,
    daemonSets,
    namespaceLabels: (namespace) => namespaceLabels(namespaces().filter((fact) => fact.name === namespace), namespace),
    hasWorkloads: () => own.some(isWorkload) || index.hasKindOutside(WORKLOAD_INDEX_KINDS, path),
    hasFile: (candidate) => candidate === path || index.hasFile(candidate),
  };
}

/** The index's objects without the linted file's (at `path`), then the file's own: the shared list itself when nothing differs. */
function withOwn(fromIndex: ObjectFacts[], path: string, own: ObjectFacts[]): ObjectFacts[] {
  const first = fromIndex.findIndex((fact) => fact.path === path);
  if (first === -1 && own.length === 0) return fromIndex;
  const result = first === -1 ? [...fromIndex] : fromIndex.slice(0, first);
  if (first !== -1) for (let i = first + 1; i < fromIndex.length; i++) if (fromIndex[i].path !== path) result.push(fromIndex[i]);
  for (const fact of own) result.push(fact);
  return result;
}

/** The workloads and namespaced policies of each namespace in the index, shared by the views of every file (shared: do not mutate). */
interface NamespaceLists {
  version: number;
  of(namespace: string): { workloads: ObjectFacts[]; policies: ObjectFacts[] };
}

const namespaceLists = new WeakMap<WorkspaceIndex, NamespaceLists>();

/** Per index version: each file of a namespace would otherwise sort out the same workloads and policies again. */
function namespaceListsOf(index: WorkspaceIndex): NamespaceLists {
  const cached = namespaceLists.get(index);
  if (cached && cached.version === index.version) return cached;
  const lists: NamespaceLists = {
    version: index.version,
    of: perNamespace((namespace) => {
      const objects = index.inNamespace(namespace);
      return { workloads: objects.filter(isWorkload), policies: objects.filter(isNamespacedPolicy) };
    }),
  };
  namespaceLists.set(index, lists);
  return lists;
}

/** A function of a string computed once per argument. */
function perNamespace<T>(compute: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, compute(key));
    return cache.get(key)!;
  };
}

/** A value computed on first use. */
function once<T>(compute: () => T): () => T {
  let value: { result: T } | undefined;
  return () => (value ??= { result: compute() }).result;
}

/** Workloads of every kind, those recognised by shape included: the index gives every workload pod labels. */
function isWorkload(fact: ObjectFacts): boolean {
  return fact.podLabels !== undefined;
}

function isNamespacedPolicy(fact: ObjectFacts): boolean {
  return NAMESPACED_POLICY_KINDS.includes(fact.kind) && fact.networkPolicy !== undefined && !fact.networkPolicy.clusterWide;
}

function namespaceLabels(objects: ObjectFacts[], namespace: string): Record<string, string> {
  const declared: Record<string, string> = Object.assign({}, ...objects.map((fact) => fact.labels));
  return { ...namespaceLabelsOf(namespace, declared), 'projectcalico.org/name': namespace };
}

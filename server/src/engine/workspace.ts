import type { Severity } from './rule.ts';

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
  /** File offsets of what findings about this object point at (its name). */
  start: number;
  end: number;
  /** The plain body of objects that cross-file rules read (policies, roles, bindings, RuntimeClasses). */
  body?: unknown;
}

/** All objects of the workspace, by file; updated file by file as files change. */
export class WorkspaceIndex {
  private readonly files = new Map<string, ObjectFacts[]>();
  private cachedObjects: ObjectFacts[] | undefined;
  /** Bumped on every change, so callers can cache what they derive from the index. */
  version = 0;

  /** Replaces the facts of one file. */
  setFile(path: string, facts: ObjectFacts[]): void {
    this.files.set(path, facts);
    this.changed();
  }

  removeFile(path: string): void {
    if (this.files.delete(path)) this.changed();
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

  ofKind(...kinds: string[]): ObjectFacts[] {
    return this.objects().filter((facts) => kinds.includes(facts.kind));
  }

  private changed(): void {
    this.version++;
    this.cachedObjects = undefined;
  }
}

export type { Severity };

/** Kinds whose changes can alter cross-file findings in every namespace. */
const CLUSTER_WIDE_KINDS = new Set([
  'ClusterRole',
  'ClusterRoleBinding',
  'RuntimeClass',
  'GlobalNetworkPolicy',
  'CiliumClusterwideNetworkPolicy',
  'Namespace',
  'DaemonSet',
]);

/**
 * The files whose cross-file findings may change when one file's objects change from `before` to
 * `after`: files sharing a namespace with a changed object, or every file when a cluster-wide kind
 * changed. The changed file itself is not included.
 */
export function affectedFiles(index: WorkspaceIndex, changedPath: string, before: ObjectFacts[], after: ObjectFacts[]): string[] {
  const changed = [...before, ...after];
  const clusterWide = changed.some((facts) => CLUSTER_WIDE_KINDS.has(facts.kind));
  const namespaces = new Set(changed.map((facts) => facts.namespace));
  return index.filePaths().filter(
    (path) => path !== changedPath && (clusterWide || index.factsOf(path).some((facts) => namespaces.has(facts.namespace))),
  );
}

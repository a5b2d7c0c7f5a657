import { dirname } from 'node:path';
import { kustomizationsIncluding } from './namespaces.ts';
import { identityOf } from './facts.ts';
import { ObjectFacts, WorkspaceIndex } from './workspace.ts';
import { compareCodeUnits } from './text.ts';

/**
 * Variants: the same object (kind, namespace, name) defined in more than one file. Projects ship
 * alternatives side by side (argo-cd install.yaml / ha/install.yaml / namespace-install.yaml,
 * ingress-nginx's deploy.yaml per provider, calico.yaml / canal.yaml / calico-etcd.yaml, kustomize
 * overlays): files meant to be applied instead of each other, never together. A file is linted
 * against the workspace as it would be deployed with it:
 * - files that define an object the linted file also defines are its alternatives and are left out
 *   entirely, so a file's findings are the same whether it is scanned alone or with its variants;
 * - an object several other files define resolves to the copy nearest the linted file: a file of
 *   a kustomization that includes the linted file too, then the longest common folder, then the
 *   first path in sort order (never the scan order).
 * Namespace objects are left out of the relation: files that share a namespace declare it each.
 */

/** identity -> the files defining it, for identities defined in more than one file; per index version. */
interface Duplicates {
  version: number;
  byIdentity: Map<string, string[]>;
  /** path -> the files sharing at least one identity with it. */
  variants: Map<string, Set<string>>;
  views: Map<string, WorkspaceIndex>;
  byPath: Map<string, WorkspaceIndex>;
}

const duplicatesCache = new WeakMap<WorkspaceIndex, Duplicates>();

function duplicatesOf(index: WorkspaceIndex): Duplicates {
  const cached = duplicatesCache.get(index);
  if (cached && cached.version === index.version) return cached;
  const byIdentity = new Map<string, string[]>();
  const variants = new Map<string, Set<string>>();
  for (const [identity, paths] of index.duplicatedIdentities()) {
    const list = [...paths].sort(compareCodeUnits);
    byIdentity.set(identity, list);
    for (const path of list) {
      let set = variants.get(path);
      if (!set) variants.set(path, (set = new Set()));
      for (const other of list) if (other !== path) set.add(other);
    }
  }
  const result: Duplicates = { version: index.version, byIdentity, variants, views: new Map(), byPath: new Map() };
  duplicatesCache.set(index, result);
  return result;
}

/** The files that define an object `path` also defines (its alternatives). */
export function variantsOf(index: WorkspaceIndex, path: string): string[] {
  return [...(duplicatesOf(index).variants.get(path) ?? [])].sort(compareCodeUnits);
}

/**
 * The workspace as the file at `path` sees it: without its alternatives, and with each object other
 * files define more than once resolved to the nearest copy. The index itself when nothing differs.
 */
export function viewFrom(index: WorkspaceIndex, path: string): WorkspaceIndex {
  if (index instanceof VariantView) return index;
  const duplicates = duplicatesOf(index);
  if (duplicates.byIdentity.size === 0) return index;
  const known = duplicates.byPath.get(path);
  if (known) return known;
  const hidden = duplicates.variants.get(path) ?? new Set<string>();
  const dropped = new Set<string>();
  for (const [identity, paths] of duplicates.byIdentity) {
    const candidates = paths.filter((candidate) => candidate !== path && !hidden.has(candidate));
    if (candidates.length < 2) continue;
    const chosen = nearest(path, candidates);
    for (const candidate of candidates) if (candidate !== chosen) dropped.add(copyKey(candidate, identity));
  }
  let view: WorkspaceIndex = index;
  if (hidden.size > 0 || dropped.size > 0) {
    const key = `${[...hidden].sort().join('\n')}\u0001${[...dropped].sort().join('\n')}`;
    view = duplicates.views.get(key) ?? new VariantView(index, hidden, dropped);
    duplicates.views.set(key, view);
  }
  duplicates.byPath.set(path, view);
  return view;
}

function copyKey(path: string, identity: string): string {
  return `${path}\u0000${identity}`;
}

/** The candidate nearest `from`: same kustomization, then the longest common folder, then path order. */
function nearest(from: string, candidates: string[]): string {
  const including = new Set(kustomizationsIncluding(from));
  const score = (candidate: string): [number, number] => [
    kustomizationsIncluding(candidate).some((kustomization) => including.has(kustomization)) ? 1 : 0,
    commonFolderDepth(from, candidate),
  ];
  let best = candidates[0];
  let bestScore = score(best);
  for (const candidate of candidates.slice(1)) {
    const candidateScore = score(candidate);
    if (candidateScore[0] > bestScore[0] || (candidateScore[0] === bestScore[0] && candidateScore[1] > bestScore[1])) {
      best = candidate;
      bestScore = candidateScore;
    }
  }
  return best;
}

function commonFolderDepth(a: string, b: string): number {
  const left = dirname(a).split(/[\\/]/);
  const right = dirname(b).split(/[\\/]/);
  let depth = 0;
  while (depth < left.length && depth < right.length && left[depth] === right[depth]) depth++;
  return depth;
}

/** The index seen from one file: some files hidden, some copies dropped. Read-only. */
class VariantView extends WorkspaceIndex {
  private readonly kindAnswers = new Map<string, ObjectFacts[]>();
  private allObjects: ObjectFacts[] | undefined;

  constructor(
    private readonly base: WorkspaceIndex,
    private readonly hidden: ReadonlySet<string>,
    private readonly dropped: ReadonlySet<string>,
  ) {
    super();
    this.version = base.version;
    this.semanticVersion = base.semanticVersion;
  }

  private readonly keep = (facts: ObjectFacts): boolean => {
    if (this.hidden.has(facts.path)) return false;
    if (this.dropped.size === 0) return true;
    const identity = identityOf(facts);
    return !identity || !this.dropped.has(copyKey(facts.path, identity));
  };

  override setFile(): boolean {
    throw new Error('a variant view is read-only');
  }

  override removeFile(): void {
    throw new Error('a variant view is read-only');
  }

  override hasFile(path: string): boolean {
    return !this.hidden.has(path) && this.base.hasFile(path);
  }

  override filePaths(): string[] {
    return this.base.filePaths().filter((path) => !this.hidden.has(path));
  }

  override factsOf(path: string): ObjectFacts[] {
    return this.hidden.has(path) ? [] : this.base.factsOf(path).filter(this.keep);
  }

  override objects(): ObjectFacts[] {
    this.allObjects ??= this.base.objects().filter(this.keep);
    return this.allObjects;
  }

  override ofKind(...kinds: string[]): ObjectFacts[] {
    const key = kinds.join('\u0000');
    let answer = this.kindAnswers.get(key);
    if (!answer) this.kindAnswers.set(key, (answer = this.base.ofKind(...kinds).filter(this.keep)));
    return answer;
  }

  override inNamespace(namespace: string, kinds?: readonly string[]): ObjectFacts[] {
    return this.base.inNamespace(namespace, kinds).filter(this.keep);
  }

  override pathsOfKinds(kinds: readonly string[]): Set<string> {
    return new Set([...this.base.pathsOfKinds(kinds)].filter((path) => !this.hidden.has(path)));
  }

  override hasKindOutside(kinds: readonly string[], path: string): boolean {
    return this.ofKind(...kinds).some((facts) => facts.path !== path);
  }

  override pathsOfKindsIn(namespace: string, kinds: readonly string[]): Set<string> {
    return new Set([...this.base.pathsOfKindsIn(namespace, kinds)].filter((path) => !this.hidden.has(path)));
  }
}

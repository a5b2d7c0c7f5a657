import { readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import type { ResolvedConfig } from './config.ts';
import type { K8sObject } from './objects.ts';

/** The file names kustomize reads in a folder, in its order. */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** What a kustomization says about namespaces: its `namespace:` and its resources as absolute paths. */
interface Kustomization {
  path: string;
  dir: string;
  namespace?: string;
  resources: string[];
  /** Files named in `patches`, `patchesStrategicMerge` or `patchesJson6902`, as absolute paths. */
  patches: string[];
}

/** folder -> its kustomization, or null when it has none; read from the disk once, until invalidated. */
const byFolder = new Map<string, Kustomization | null>();
/** resource path -> the kustomizations listing it; rebuilt when a kustomization is read or dropped. */
let includers: Map<string, Kustomization[]> | undefined;

/**
 * The namespace an object lands in: its `metadata.namespace`, else the `namespace:` of a
 * kustomization that includes its file, else the configured default. The single place that decides
 * it for the CLI, the server and the rules.
 */
export function resolveNamespace(path: string, object: K8sObject, config: ResolvedConfig): string {
  return object.namespace ?? kustomizationNamespace(path) ?? config.defaultNamespace;
}

/** True for a file kustomize reads as a kustomization. */
export function isKustomizationFile(path: string): boolean {
  return KUSTOMIZATION_FILE_NAMES.includes(basename(path));
}

/**
 * The namespace a kustomization gives a file: the kustomizations whose `resources` (or `bases`) list
 * the file, or a folder holding it that has no kustomization of its own, are followed outwards
 * through the kustomizations that include their folder; the outermost `namespace:` wins, as in
 * `kustomize build` of the top-level one. Kustomizations are found in the file's ancestor folders and
 * among those made known by `noteKustomizations` (overlays in sibling folders). When several
 * include the same file, the first by path wins. Only absolute paths are resolved.
 */
export function kustomizationNamespace(path: string): string | undefined {
  if (!isAbsolute(path)) return undefined;
  return namespaceOf(resolve(path), new Set());
}

function namespaceOf(target: string, visiting: Set<string>): string | undefined {
  if (visiting.has(target)) return undefined;
  visiting.add(target);
  for (const kustomization of includersOf(target)) {
    const namespace = namespaceOf(kustomization.dir, visiting) ?? kustomization.namespace;
    if (namespace) return namespace;
  }
  return undefined;
}

/**
 * The kustomization files that include a file directly (by `resources`, or through a folder of it
 * without a kustomization of its own); only absolute paths are resolved.
 */
export function kustomizationsIncluding(path: string): string[] {
  if (!isAbsolute(path)) return [];
  return includersOf(resolve(path)).map((kustomization) => kustomization.path);
}

/** The kustomizations that include a file or a kustomization folder, sorted by path. */
function includersOf(target: string): Kustomization[] {
  const ancestors = ancestorFolders(target);
  for (const folder of ancestors) kustomizationIn(folder);
  const map = includerMap();
  const found = new Set<Kustomization>(map.get(target) ?? []);
  for (const folder of ancestors) {
    if (kustomizationIn(folder)) continue;
    for (const kustomization of map.get(folder) ?? []) found.add(kustomization);
  }
  return [...found].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The folder of a path and every folder above it. */
function ancestorFolders(path: string): string[] {
  const folders: string[] = [];
  for (let folder = dirname(path); ; folder = dirname(folder)) {
    folders.push(folder);
    if (dirname(folder) === folder) return folders;
  }
}

function includerMap(): Map<string, Kustomization[]> {
  if (includers) return includers;
  includers = new Map();
  for (const kustomization of byFolder.values()) {
    if (!kustomization) continue;
    for (const resource of kustomization.resources) {
      const list = includers.get(resource) ?? [];
      list.push(kustomization);
      includers.set(resource, list);
    }
  }
  return includers;
}

/** The kustomization of a folder, read once. */
function kustomizationIn(folder: string): Kustomization | null {
  const cached = byFolder.get(folder);
  if (cached !== undefined) return cached;
  let found: Kustomization | null = null;
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    const text = readIfFile(join(folder, name));
    if (text === undefined) continue;
    found = parseKustomization(join(folder, name), text);
    break;
  }
  byFolder.set(folder, found);
  if (found) includers = undefined;
  return found;
}

function readIfFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function parseKustomization(path: string, text: string): Kustomization {
  const dir = dirname(path);
  let raw: unknown;
  try {
    raw = parse(text, { version: '1.1' });
  } catch {
    raw = undefined;
  }
  const body = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const entries = [body.resources, body.bases].flatMap((list) => (Array.isArray(list) ? list : []));
  const resources = entries
    .filter((entry): entry is string => typeof entry === 'string' && isLocalPath(entry))
    .map((entry) => stripTrailingSeparator(resolve(dir, entry)));
  const namespace = typeof body.namespace === 'string' && body.namespace !== '' ? body.namespace : undefined;
  return { path, dir, namespace, resources, patches: patchFiles(body).map((entry) => resolve(dir, entry)) };
}

/**
 * The patch files a kustomization (or Component) names: `path` of `patches` and `patchesJson6902`
 * entries, and the entries of `patchesStrategicMerge` that are file names rather than inline YAML.
 */
function patchFiles(body: Record<string, unknown>): string[] {
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  const pathOf = (entry: unknown): unknown => (entry && typeof entry === 'object' ? (entry as Record<string, unknown>).path : entry);
  const entries = [...list(body.patches).map(pathOf), ...list(body.patchesJson6902).map(pathOf), ...list(body.patchesStrategicMerge)];
  return entries.filter((entry): entry is string => typeof entry === 'string' && entry !== '' && !/[\n{}]|:\s/.test(entry) && isLocalPath(entry));
}

/**
 * True when a kustomization names the file as a patch. Kustomize loads patches only from within
 * the kustomization's folder, so only the kustomizations of the file's ancestor folders are read.
 */
export function isNamedKustomizePatch(path: string): boolean {
  if (!isAbsolute(path)) return false;
  const target = resolve(path);
  return ancestorFolders(target).some((folder) => kustomizationIn(folder)?.patches.includes(target) ?? false);
}

/** Remote resources (git URLs, `github.com/...`) are not files of the workspace. */
function isLocalPath(entry: string): boolean {
  return entry !== '' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(entry) && !/^(git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)/.test(entry) && !entry.includes('?ref=');
}

function stripTrailingSeparator(path: string): string {
  return path.length > 1 && path.endsWith(sep) ? path.slice(0, -1) : path;
}

/**
 * Reads the kustomizations among some paths (the scanned files, the workspace's YAML files), so that
 * overlays in folders that are no ancestors of a base (`resources: [../../base]`) are known too.
 */
export function noteKustomizations(paths: Iterable<string>): void {
  for (const path of paths) if (isAbsolute(path) && isKustomizationFile(path)) kustomizationIn(dirname(resolve(path)));
}

/**
 * Forgets what was read about kustomizations: all of it, or the folder of one changed path (a
 * kustomization file created, changed or deleted). The server calls it on file-watch events.
 */
export function invalidateKustomizations(path?: string): void {
  includers = undefined;
  if (path === undefined) {
    byFolder.clear();
    return;
  }
  const folder = dirname(resolve(path));
  byFolder.delete(folder);
  if (isKustomizationFile(path)) kustomizationIn(folder);
}

import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { collectFiles, STDIN_PATH } from './files.ts';

/** More YAML files than this under the project root and the scan keeps to the named paths. */
export const MAX_CONTEXT_FILES = 20_000;

/** What marks a project's root: a git checkout, or the folder of a `.kube-hardener.yaml`. */
const ROOT_MARKERS = ['.git', '.kube-hardener.yaml'];

/**
 * The project that files named on the command line belong to: the nearest folder above the first
 * one that holds `.git` or `.kube-hardener.yaml`. None when a folder or standard input is named: a
 * named folder is the workspace itself, as it always was.
 */
export function projectRoot(paths: readonly string[], cwd: string): string | undefined {
  const named = paths.map((path) => resolve(cwd, path));
  if (paths.includes('-') || paths.includes(STDIN_PATH) || !named.every(isFile)) return undefined;
  let folder = dirname(named[0]);
  for (;;) {
    if (ROOT_MARKERS.some((marker) => existsSync(resolve(folder, marker)))) return folder;
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

/**
 * The project's other YAML files, which a scan of some of its files indexes but does not check:
 * cross-file rules (bindings, NetworkPolicies, kustomizations) then see what the editor sees, so a
 * file scanned alone gets the same findings and messages as inside its repository.
 */
export function projectContextFiles(
  paths: readonly string[],
  cwd: string,
  scanned: readonly string[],
  exclude: { patterns: readonly string[]; baseDir: string },
  warn: (line: string) => void,
): string[] {
  const root = projectRoot(paths, cwd);
  if (root === undefined) return [];
  let files: string[];
  try {
    files = collectFiles([root], root, { patterns: [...exclude.patterns], baseDir: exclude.baseDir }).files;
  } catch {
    return [];
  }
  const named = new Set(scanned);
  const context = files.filter((path) => !named.has(path));
  if (context.length > MAX_CONTEXT_FILES) {
    warn(`the project at ${root} has ${context.length} more YAML files than the scan names; they are not read as context (use --no-context to silence this)`);
    return [];
  }
  return context;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { CancellationToken, Connection } from './protocol.ts';
import { globMatcher } from '../engine/glob.ts';
import type { ClientSupport } from './capabilities.ts';
import type { Folder } from './folders.ts';
import type { ResourceSettings } from './settings.ts';

const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);
/** A *.yaml or *.yml file name or path. */
export const YAML_FILE = /\.ya?ml$/i;

/** Tells whether an absolute path is excluded from the workspace's checks. */
export type ExcludeTest = (path: string) => boolean;

/**
 * The exclusions of a workspace folder: the config's `exclude` globs (relative to the config file's
 * folder) and the editor's `files.exclude` (relative to the workspace folder).
 */
export async function excludeTestFor(folder: Folder, settings: ResourceSettings, connection: Connection, support: ClientSupport): Promise<ExcludeTest> {
  const tests: ExcludeTest[] = [];
  if (settings.config.exclude.length > 0) tests.push(relativeMatcher(settings.baseDir ?? folder.path, settings.config.exclude));
  const filesExclude = support.configuration ? await editorExcludes(folder, connection) : [];
  if (filesExclude.length > 0) tests.push(relativeMatcher(folder.path, filesExclude));
  return (path) => tests.some((test) => test(path));
}

async function editorExcludes(folder: Folder, connection: Connection): Promise<string[]> {
  try {
    const value: unknown = await connection.workspace.getConfiguration({ scopeUri: folder.uri, section: 'files.exclude' });
    if (typeof value !== 'object' || value === null) return [];
    return Object.entries(value).filter(([, enabled]) => enabled === true).map(([pattern]) => pattern);
  } catch {
    return [];
  }
}

function relativeMatcher(baseDir: string, patterns: string[]): ExcludeTest {
  const matches = globMatcher(patterns);
  return (path) => {
    const relativePath = relative(baseDir, path).split('\\').join('/');
    return relativePath !== '' && !relativePath.startsWith('../') && matches(relativePath);
  };
}

/** Every *.yaml / *.yml file under a folder, sorted, skipping .git, node_modules and excluded paths. */
export async function listYamlFiles(root: string, excluded: ExcludeTest, token?: CancellationToken): Promise<string[]> {
  const found: string[] = [];
  const pending = [root];
  while (pending.length > 0 && !token?.isCancellationRequested) {
    const dir = pending.pop()!;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (excluded(path)) continue;
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) pending.push(path);
      } else if (YAML_FILE.test(entry.name) && (entry.isFile() || entry.isSymbolicLink())) {
        found.push(path);
      }
    }
  }
  return found.sort();
}

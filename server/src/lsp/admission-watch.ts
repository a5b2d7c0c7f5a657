// Watches the files and folders of `admissionPolicies.paths` (policies kept outside the workspace,
// e.g. a platform repository checked out next to it): the client's own watcher covers only the
// workspace. Their change events arrive as workspace/didChangeWatchedFiles like any YAML file's,
// update the index, and re-check the open documents the changed policies can match.
import { basename, dirname, resolve } from 'node:path';
import { Disposable, DidChangeWatchedFilesNotification, FileSystemWatcher } from './protocol.ts';
import type { ServerContext } from './context.ts';
import { YAML_FILE } from './workspace-files.ts';
import { pathToUri } from './uris.ts';

const current = new WeakMap<ServerContext, { key: string; registration: Promise<Disposable | undefined> }>();

/** The watchers for files (by name in their folder) and folders (their YAML files, recursively). */
export function admissionWatchers(paths: readonly string[]): FileSystemWatcher[] {
  return paths.map((path) =>
    YAML_FILE.test(path)
      ? { globPattern: { baseUri: pathToUri(dirname(path)), pattern: basename(path) } }
      : { globPattern: { baseUri: pathToUri(path), pattern: '**/*.{yaml,yml}' } },
  );
}

/** The absolute `admissionPolicies.paths` of every workspace folder. */
async function admissionPolicyPaths(ctx: ServerContext): Promise<string[]> {
  const paths = new Set<string>();
  for (const folder of ctx.folders.all()) {
    const settings = await ctx.settings.forResource(folder.uri);
    if (!settings.enabled) continue;
    for (const path of settings.config.admissionPolicies.paths) paths.add(resolve(settings.baseDir ?? folder.path, path));
  }
  return [...paths];
}

/** Watches the `admissionPolicies.paths` of every folder, replacing the previous watchers when they changed. */
export async function watchAdmissionPolicyPaths(ctx: ServerContext): Promise<void> {
  if (!ctx.support.watchedFilesRegistration) return;
  const paths = await admissionPolicyPaths(ctx);
  const key = JSON.stringify([...paths].sort());
  const previous = current.get(ctx);
  if (previous?.key === key) return;
  const registration =
    paths.length === 0
      ? Promise.resolve(undefined)
      : ctx.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: admissionWatchers(paths) }).catch((error: unknown) => {
          ctx.connection.console.warn(`kube-hardener: cannot watch admissionPolicies.paths: ${String(error)}`);
          return undefined;
        });
  current.set(ctx, { key, registration });
  (await previous?.registration)?.dispose();
  await registration;
}

const indexedOnlyForAdmission = new WeakMap<ServerContext, Set<string>>();

/**
 * After a full index run: files read only for `admissionPolicies.paths` last time that no longer
 * belong to the workspace (a path was removed from the setting) leave the index.
 */
export function dropStaleAdmissionFiles(ctx: ServerContext, readNow: readonly string[], indexedNow: ReadonlySet<string>): void {
  const before = indexedOnlyForAdmission.get(ctx) ?? new Set<string>();
  for (const path of before) if (!indexedNow.has(path) && !ctx.tracker.isOpen(path)) ctx.tracker.remove(path);
  indexedOnlyForAdmission.set(ctx, new Set(readNow));
}

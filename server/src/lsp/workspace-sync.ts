import { resolve } from 'node:path';
import { CancellationToken, DidChangeWatchedFilesNotification, FileChangeType, FileEvent } from './protocol.ts';
import type { ServerContext } from './context.ts';
import { isConfigFile } from './config-file.ts';
import type { Folder } from './folders.ts';
import { startProgress, yieldToEventLoop } from './progress.ts';
import type { ResourceSettings } from './settings.ts';
import { excludeTestFor, listYamlFiles, YAML_FILE } from './workspace-files.ts';
import { pathToUri, uriToPath } from './uris.ts';
import { relintUnopened } from './unopened-files.ts';
import { dropStaleAdmissionFiles, watchAdmissionPolicyPaths } from './admission-watch.ts';
import { readManifestText } from './index-tracker.ts';
import { invalidateKustomizations, isKustomizationFile, noteKustomizations } from '../engine/namespaces.ts';

/** A YAML file of the workspace with the settings of its folder. */
export interface WorkspaceFile {
  path: string;
  folder: Folder;
  settings: ResourceSettings;
}

/** Every YAML file of the given folders (each once), minus excluded ones, with its folder's settings. */
export async function workspaceFiles(ctx: ServerContext, folders: readonly Folder[], token: CancellationToken): Promise<WorkspaceFile[]> {
  const result: WorkspaceFile[] = [];
  const seen = new Set<string>();
  for (const folder of folders) {
    const settings = await ctx.settings.forResource(folder.uri);
    if (!settings.enabled) continue;
    const excluded = await excludeTestFor(folder, settings, ctx.connection, ctx.support);
    for (const path of await listYamlFiles(folder.path, excluded, token)) {
      if (seen.has(path) || ctx.folders.folderOf(path) !== folder) continue;
      seen.add(path);
      result.push({ path, folder, settings });
    }
  }
  return result;
}

const READ_AHEAD = 16;
const DONE = Promise.resolve(undefined);

/**
 * Builds the workspace index from the disk (open documents keep their editor text), with progress,
 * then checks the open documents again since cross-file facts are now known (during the initial
 * build, buildInitialIndex does that once at its end).
 */
export async function indexFolders(ctx: ServerContext, folders: readonly Folder[], showProgress: boolean): Promise<void> {
  const progress = showProgress ? await startProgress(ctx, 'kube-hardener: indexing the workspace', false) : undefined;
  let count = 0;
  try {
    const files = await workspaceFiles(ctx, folders, CancellationToken.None);
    noteKustomizations(files.map((file) => file.path));
    // Reads run READ_AHEAD files ahead of parsing, so the disk and the CPU work at the same time.
    const texts = files.slice(0, READ_AHEAD).map((file) => readManifestText(file.path));
    for (const [index, file] of files.entries()) {
      if (index + READ_AHEAD < files.length) texts.push(readManifestText(files[index + READ_AHEAD].path));
      const text = await texts[index];
      texts[index] = DONE;
      // A full run checks every open document at its end: which files a change affects is not needed.
      ctx.tracker.updateFromText(file.path, text, file.settings.config, false);
      progress?.report(index + 1, files.length, `${index + 1}/${files.length} files`);
      if (index % 20 === 19) await yieldToEventLoop();
      count++;
    }
    count += await indexAdmissionPolicyPaths(ctx, folders, new Set(files.map((file) => file.path)));
  } finally {
    progress?.done();
  }
  ctx.connection.console.info(`kube-hardener: indexed ${count} YAML files`);
  if (ctx.tracker.built) ctx.diagnostics.refreshAll();
}

/**
 * Indexes (never lints) the files of each folder's `admissionPolicies.paths`: policies, bindings and
 * params kept elsewhere, such as a platform repository checked out next to the application. They
 * are read when the workspace is indexed (also after a config change) and watched (admission-watch.ts).
 */
async function indexAdmissionPolicyPaths(ctx: ServerContext, folders: readonly Folder[], done: Set<string>): Promise<number> {
  let count = 0;
  const read: string[] = [];
  for (const folder of folders) {
    const settings = await ctx.settings.forResource(folder.uri);
    if (!settings.enabled) continue;
    for (const path of settings.config.admissionPolicies.paths) {
      const absolute = resolve(settings.baseDir ?? folder.path, path);
      const files = YAML_FILE.test(absolute) ? [absolute] : await listYamlFiles(absolute, () => false);
      for (const file of files) {
        if (done.has(file)) continue;
        done.add(file);
        read.push(file);
        await ctx.tracker.updateFromDisk(file, settings.config);
        count++;
      }
    }
  }
  if (folders.length === ctx.folders.all().length) dropStaleAdmissionFiles(ctx, read, done);
  await watchAdmissionPolicyPaths(ctx);
  return count;
}

/**
 * The first index of the workspace, at startup. Analyses of open documents do not wait for it
 * (unless INITIAL_INDEX_WAIT_MS sets a wait): they run the single-file rules and are checked again
 * (pull clients are asked to pull again) once it is complete.
 */
export async function buildInitialIndex(ctx: ServerContext): Promise<void> {
  try {
    await indexWorkspace(ctx);
  } finally {
    ctx.tracker.markBuilt();
    ctx.diagnostics.recheck(ctx.analyzer.analysedBeforeIndex());
  }
}

const fullIndexRuns = new WeakMap<ServerContext, { done: Promise<void>; again: boolean }>();

/** Indexes every workspace folder; a request while a run is going makes that run go once more instead. */
function indexWorkspace(ctx: ServerContext, showProgress = true): Promise<void> {
  const running = fullIndexRuns.get(ctx);
  if (running) {
    running.again = true;
    return running.done;
  }
  const run = { done: Promise.resolve(), again: true };
  fullIndexRuns.set(ctx, run);
  // Known from the start, so that a settings change during the run can tell whether the run is current.
  let signature: Promise<string> | undefined = indexSignature(ctx);
  indexedSignatures.set(ctx, signature);
  run.done = (async () => {
    await yieldToEventLoop();
    try {
      while (run.again) {
        run.again = false;
        signature ??= indexSignature(ctx);
        indexedSignatures.set(ctx, signature);
        await signature;
        signature = undefined;
        await indexFolders(ctx, ctx.folders.all(), showProgress);
      }
    } finally {
      fullIndexRuns.delete(ctx);
    }
  })();
  return run.done;
}

/** Watches the YAML files of the workspace, for clients that let servers register watchers. */
export async function watchYamlFiles(ctx: ServerContext): Promise<void> {
  if (!ctx.support.watchedFilesRegistration) return;
  try {
    await ctx.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml}' }] });
  } catch (error) {
    ctx.connection.console.warn(`kube-hardener: cannot watch files: ${String(error)}`);
  }
}

/**
 * Settings or a config file changed: forget cached settings and refresh every diagnostic. The index
 * is built again only when what it is made of changed (`reindex`, e.g. a kustomization, or the
 * settings that decide which files are indexed and their namespaces): a severity or profile change,
 * or the didChangeConfiguration a client sends at startup, re-checks open documents only.
 */
export async function reloadConfiguration(ctx: ServerContext, pushedSettings?: unknown, reindex = false): Promise<void> {
  ctx.settings.invalidate(pushedSettings);
  ctx.diagnostics.refreshAll();
  const signature = await indexSignature(ctx);
  if (reindex || signature !== (await indexedSignatures.get(ctx))) await indexWorkspace(ctx, false);
  for (const uri of ctx.scanned) await relintUnopened(ctx, uri);
}

/** The settings of the last (or running) full index run, as indexSignature gives them. */
const indexedSignatures = new WeakMap<ServerContext, Promise<string>>();

/** What the index depends on besides the files: per folder, enabled, the exclude globs and their base, the default namespace, admissionPolicies.paths. */
async function indexSignature(ctx: ServerContext): Promise<string> {
  const parts = await Promise.all(
    ctx.folders.all().map(async (folder) => {
      const settings = await ctx.settings.forResource(folder.uri);
      return [folder.uri, settings.enabled, settings.baseDir, settings.config.exclude, settings.config.defaultNamespace, settings.config.admissionPolicies.paths];
    }),
  );
  return JSON.stringify(parts);
}

/** Applies file-watch events: config files reload the configuration, YAML files update the index. */
export async function applyFileEvents(ctx: ServerContext, changes: FileEvent[]): Promise<void> {
  if (changes.some((change) => isConfigFile(uriToPath(change.uri)))) {
    await reloadConfiguration(ctx);
    return;
  }
  const kustomizations = changes.map((change) => uriToPath(change.uri)).filter(isKustomizationFile);
  if (kustomizations.length > 0) {
    // A kustomization's `namespace:` or resources decide the namespace of many files: index again.
    for (const path of kustomizations) invalidateKustomizations(path);
    await reloadConfiguration(ctx, undefined, true);
    return;
  }
  const affected = new Set<string>();
  for (const change of changes) {
    const path = uriToPath(change.uri);
    if (!YAML_FILE.test(path) || ctx.tracker.isOpen(path)) continue;
    const paths =
      change.type === FileChangeType.Deleted
        ? ctx.tracker.remove(path)
        : await ctx.tracker.updateFromDisk(path, (await ctx.settings.forPath(path)).config);
    for (const other of paths) affected.add(other);
    const uri = pathToUri(path);
    if (ctx.scanned.has(uri)) await relintUnopened(ctx, uri);
  }
  ctx.diagnostics.recheck(ctx.openUris(affected));
}

import { readFile, stat } from 'node:fs/promises';
import type { ResolvedConfig } from '../engine/config.ts';
import { factsOfFile } from '../engine/facts.ts';
import { resolveNamespace } from '../engine/namespaces.ts';
import { ManifestFile, MAX_FILE_BYTES, parseManifestFile } from '../engine/parse.ts';
import { LineIndex } from '../engine/text.ts';
import { affectedFiles, ObjectFacts, WorkspaceIndex } from '../engine/workspace.ts';
import { isConfigFile } from './config-file.ts';

/** Kinds whose facts decide RBAC expectations, which `.kube-hardener.yaml` reports on when `can` ones are unmet. */
const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ServiceAccount']);

/**
 * Keeps the workspace index (compact facts of every object) current from the disk and from the
 * open documents, whose text wins over the disk.
 */
export class IndexTracker {
  readonly index = new WorkspaceIndex();
  private readonly openPaths = new Set<string>();
  private readonly initialBuild = deferred();
  private waitLimit: Promise<void> | undefined;
  /** True once the first index of the whole workspace is complete. */
  built = false;

  /** Records that the first index of the whole workspace is complete: the analyses waiting for it go on. */
  markBuilt(): void {
    this.built = true;
    this.initialBuild.resolve();
  }

  /**
   * Resolves when the first index of the workspace is complete, or at the latest `limitMs` after the
   * first call that gave a limit: cross-file findings need the whole workspace, but a huge one must
   * not hold single-file diagnostics back for ever.
   */
  whenBuilt(limitMs?: number): Promise<void> {
    if (this.built || limitMs === undefined) return this.initialBuild.promise;
    this.waitLimit ??= new Promise((resolve) => setTimeout(resolve, limitMs).unref());
    return Promise.race([this.initialBuild.promise, this.waitLimit]);
  }

  /** Marks a path as owned by the editor: disk events no longer touch its facts. */
  setOpen(path: string, open: boolean): void {
    if (open) this.openPaths.add(path);
    else this.openPaths.delete(path);
  }

  /** True while the editor owns a path (see setOpen). */
  isOpen(path: string): boolean {
    return this.openPaths.has(path);
  }

  /**
   * Stores the facts of a parsed file. Returns the other files whose cross-file findings may change,
   * or [] when the facts did not change apart from offsets, or when `affected` is false (a full
   * index run, which checks every open document again at its end anyway).
   */
  update(file: ManifestFile, config: ResolvedConfig, affected = true): string[] {
    const before = this.index.factsOf(file.path);
    const known = this.index.hasFile(file.path);
    const after = file.skipped ? [] : factsOfFile(file, (path, object) => resolveNamespace(path, object, config));
    const changed = this.index.setFile(file.path, after);
    if (!affected || (known && !changed)) return [];
    return this.withConfigFiles(affectedFiles(this.index, file.path, before, after), before, after);
  }

  /** Drops a deleted file; returns the files it may have affected. */
  remove(path: string): string[] {
    if (!this.index.hasFile(path)) return [];
    const before = this.index.factsOf(path);
    this.index.removeFile(path);
    return this.withConfigFiles(affectedFiles(this.index, path, before, []), before, []);
  }

  /** Reads a file from the disk into the index, unless the editor owns it; returns the affected files. */
  async updateFromDisk(path: string, config: ResolvedConfig): Promise<string[]> {
    if (this.openPaths.has(path)) return [];
    return this.updateFromText(path, await readManifestText(path), config);
  }

  /** Like updateFromDisk with the file's text already read (undefined: unreadable or gone); `affected` as in update. */
  updateFromText(path: string, text: string | ManifestFile | undefined, config: ResolvedConfig, affected = true): string[] {
    if (this.openPaths.has(path)) return [];
    if (text === undefined) {
      const gone = this.remove(path);
      return affected ? gone : [];
    }
    return this.update(typeof text === 'string' ? parseManifestFile(path, text) : text, config, affected);
  }

  /** Adds the open config files to the affected files when RBAC facts changed (their unmet `can` expectations). */
  private withConfigFiles(affected: string[], before: ObjectFacts[], after: ObjectFacts[]): string[] {
    if (![...before, ...after].some((facts) => RBAC_KINDS.has(facts.kind))) return affected;
    const configFiles = [...this.openPaths].filter((path) => isConfigFile(path) && !affected.includes(path));
    return [...affected, ...configFiles];
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/**
 * A YAML file on disk, parsed; undefined when it cannot be read. Files far above the engine's size
 * limit are not read at all: they come back skipped, with the reason.
 */
export async function readManifest(path: string): Promise<ManifestFile | undefined> {
  const text = await readManifestText(path);
  return typeof text === 'string' ? parseManifestFile(path, text) : text;
}

/** The text of a YAML file on disk (not parsed), a skipped file when it is far too large, undefined when unreadable. */
export async function readManifestText(path: string): Promise<string | ManifestFile | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return undefined;
    if (info.size > MAX_FILE_BYTES * 3) {
      return { path, text: '', lines: new LineIndex(''), docs: [], skipped: `file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB; split it to check it` };
    }
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

import { readFile, stat } from 'node:fs/promises';
import type { ResolvedConfig } from '../engine/config.ts';
import { factsOfFile } from '../engine/facts.ts';
import { resolveNamespace } from '../engine/namespaces.ts';
import { ManifestFile, MAX_FILE_BYTES, parseManifestFile } from '../engine/parse.ts';
import { LineIndex } from '../engine/text.ts';
import { affectedFiles, ObjectFacts, WorkspaceIndex } from '../engine/workspace.ts';

/**
 * Keeps the workspace index (compact facts of every object) current from the disk and from the
 * open documents, whose text wins over the disk.
 */
export class IndexTracker {
  readonly index = new WorkspaceIndex();
  private readonly openPaths = new Set<string>();

  /** Marks a path as owned by the editor: disk events no longer touch its facts. */
  setOpen(path: string, open: boolean): void {
    if (open) this.openPaths.add(path);
    else this.openPaths.delete(path);
  }

  isOpen(path: string): boolean {
    return this.openPaths.has(path);
  }

  /**
   * Stores the facts of a parsed file. Returns the other files whose cross-file findings may change,
   * or [] when the facts did not change apart from offsets.
   */
  update(file: ManifestFile, config: ResolvedConfig): string[] {
    const before = this.index.factsOf(file.path);
    const known = this.index.hasFile(file.path);
    const after = file.skipped ? [] : factsOfFile(file, (path, object) => resolveNamespace(path, object, config));
    this.index.setFile(file.path, after);
    if (known && sameFactsIgnoringOffsets(before, after)) return [];
    return affectedFiles(this.index, file.path, before, after);
  }

  /** Drops a deleted file; returns the files it may have affected. */
  remove(path: string): string[] {
    if (!this.index.hasFile(path)) return [];
    const before = this.index.factsOf(path);
    this.index.removeFile(path);
    return affectedFiles(this.index, path, before, []);
  }

  /** Reads a file from the disk into the index, unless the editor owns it; returns the affected files. */
  async updateFromDisk(path: string, config: ResolvedConfig): Promise<string[]> {
    if (this.openPaths.has(path)) return [];
    const file = await readManifest(path);
    if (this.openPaths.has(path)) return [];
    if (!file) return this.remove(path);
    return this.update(file, config);
  }
}

/**
 * A YAML file on disk, parsed; undefined when it cannot be read. Files far above the engine's size
 * limit are not read at all: they come back skipped, with the reason.
 */
export async function readManifest(path: string): Promise<ManifestFile | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return undefined;
    if (info.size > MAX_FILE_BYTES * 3) {
      return { path, text: '', lines: new LineIndex(''), docs: [], skipped: `file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB; split it to check it` };
    }
    return parseManifestFile(path, await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function sameFactsIgnoringOffsets(before: ObjectFacts[], after: ObjectFacts[]): boolean {
  if (before.length !== after.length) return false;
  const strip = (facts: ObjectFacts[]) => JSON.stringify(facts.map(({ start: _start, end: _end, ...rest }) => rest));
  return strip(before) === strip(after);
}

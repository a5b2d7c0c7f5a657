import { chmodSync, chownSync, closeSync, fsyncSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { readFileText } from './files.ts';

/** A fix that was not written, with the reason (the file changed, it lies outside the scanned paths...). */
export class WriteRefused extends Error {}

/** What a write must hold to: the digest of the bytes the fix was computed from, and the real paths it may write under. */
export interface WriteGuard {
  digest?: string;
  roots?: readonly string[];
}

/**
 * Replaces a file's content atomically: writes a temporary file in the same folder with the
 * original's permissions and owner, then renames it over the original, so a crash never leaves
 * half a file. A symbolic link is followed: its target gets the new content and the link stays a
 * link. Refuses (WriteRefused) a target outside `roots`, a file with other hard links (a rewrite
 * would split them), an owner it cannot keep, and a file whose bytes changed since they were read.
 */
export function writeFileAtomic(path: string, content: string, guard: WriteGuard = {}): void {
  const target = realpathSync(path);
  if (guard.roots && !guard.roots.some((root) => isInside(target, root))) {
    throw new WriteRefused(`its real path ${target} is outside the scanned paths`);
  }
  const stats = statSync(target);
  if (!stats.isFile()) throw new WriteRefused('it is not a regular file');
  if (stats.nlink > 1) throw new WriteRefused(`it has ${stats.nlink} hard links, which rewriting it would split`);
  const mode = stats.mode & 0o7777;
  const temporary = join(dirname(target), temporaryName());
  try {
    writeDurably(temporary, content, mode);
    keepOwner(temporary, stats);
    chmodSync(temporary, mode);
    if (guard.digest !== undefined && readFileText(target).digest !== guard.digest) {
      throw new WriteRefused('it changed since it was read; run the fix again');
    }
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** A short hidden name for a temporary file (short, so that a long target name cannot make it too long). */
export function temporaryName(): string {
  return `.kube-hardener-${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
}

/** True when a path is a root or lies under it. */
export function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
}

function writeDurably(path: string, content: string, mode: number): void {
  const fd = openSync(path, 'wx', mode);
  try {
    const bytes = Buffer.from(content, 'utf8');
    for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Gives the new file the original's owner and group; refuses when that is not allowed (another user's file). */
function keepOwner(path: string, original: Stats): void {
  if (typeof process.getuid !== 'function') return;
  const ours = statSync(path);
  if (ours.uid === original.uid && ours.gid === original.gid) return;
  try {
    chownSync(path, original.uid, original.gid);
  } catch {
    throw new WriteRefused(`it belongs to another user or group (${original.uid}:${original.gid}) that the fixed file could not keep`);
  }
}

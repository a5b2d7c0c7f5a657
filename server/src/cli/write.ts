import { chmodSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Replaces a file's content atomically: writes a temporary file in the same folder with the
 * original's permissions, then renames it over the original, so a crash never leaves half a file.
 * A symbolic link is followed: its target gets the new content and the link stays a link.
 */
export function writeFileAtomic(path: string, content: string): void {
  const target = realpathSync(path);
  const mode = statSync(target).mode & 0o7777;
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.kube-hardener.tmp`);
  try {
    writeFileSync(temporary, content, { mode, flag: 'wx' });
    chmodSync(temporary, mode);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

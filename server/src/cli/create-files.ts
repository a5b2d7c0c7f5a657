import { linkSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { temporaryName } from './write.ts';
import type { Finding, Fix } from '../engine/lint.ts';

/** A file a fix created: its absolute path and content. */
export interface CreatedFile {
  path: string;
  text: string;
}

/**
 * Writes the files that findings' preferred fixes create (a fix whose first allowed fix creates files
 * and edits nothing, such as missing-network-policy's default-deny file), each path once. Paths are
 * relative to the linted file's folder. Never overwrites: a path that exists is skipped with a warning.
 * Returns the files written and how many findings they fix.
 */
export function writeCreatedFiles(
  path: string,
  findings: Finding[],
  unsafe: boolean,
  warn: (line: string) => void,
): { created: CreatedFile[]; fixed: number } {
  const created: CreatedFile[] = [];
  const attempted = new Map<string, boolean>();
  let fixed = 0;
  for (const finding of findings) {
    const fix = creatingFix(finding, unsafe);
    if (!fix) continue;
    const unsafeName = fix.createFiles!.find((file) => !isPlainFileName(file.path));
    if (unsafeName) {
      warn(`did not create a file for ${basename(path)}: its name is not a plain file name of at most ${MAX_NAME_BYTES} bytes`);
      continue;
    }
    const files = fix.createFiles!.map((file) => ({ path: join(dirname(path), file.path), text: file.text }));
    const written = files.map((file) => {
      if (!attempted.has(file.path)) {
        const ok = createFileAtomic(file.path, file.text, warn);
        attempted.set(file.path, ok);
        if (ok) created.push(file);
      }
      return attempted.get(file.path)!;
    });
    if (written.every(Boolean)) fixed++;
  }
  return { created, fixed };
}

/** The longest file name most file systems allow, in bytes. */
export const MAX_NAME_BYTES = 255;

/** A name for a new file in the workload's own folder: no folder part, not `.` or `..`, not too long. */
export function isPlainFileName(name: string): boolean {
  return name !== '.' && name !== '..' && !/[/\\\0\n\r]/.test(name) && Buffer.byteLength(name, 'utf8') <= MAX_NAME_BYTES;
}

/** The first fix the options allow, when it only creates files (what `--fix` applies by writing files). */
export function creatingFix(finding: Finding, unsafe: boolean): Fix | undefined {
  const fix = finding.fixes.find((candidate) => candidate.safe || unsafe);
  return fix?.createFiles?.length && fix.edits.length === 0 ? fix : undefined;
}

/**
 * Creates a file with its full content or not at all, and never replaces an existing one: writes a
 * temporary file in the same folder, then hard-links it to the target (which fails if the target exists).
 */
export function createFileAtomic(path: string, content: string, warn: (line: string) => void): boolean {
  const temporary = join(dirname(path), temporaryName());
  try {
    writeFileSync(temporary, content, { flag: 'wx' });
    linkSync(temporary, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    warn(code === 'EEXIST' ? `did not create ${path}: the file exists` : `could not create ${path}: ${(error as Error).message.split('\n')[0]}`);
    return false;
  } finally {
    rmSync(temporary, { force: true });
  }
}

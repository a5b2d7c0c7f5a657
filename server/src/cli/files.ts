import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, relative, resolve } from 'node:path';
import { CONFIG_FILE_NAME } from '../engine/config.ts';
import { MAX_FILE_BYTES, reasonToSkip } from '../engine/parse.ts';
import { compileGlob } from '../engine/glob.ts';

/** The path the CLI shows for standard input. */
export const STDIN_PATH = '<stdin>';

const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);
const YAML_FILE = /\.ya?ml$/i;

/** An I/O problem that ends the run with exit code 2. */
export class InputError extends Error {}

/** Where to look for files: the config file's folder anchors the `exclude` patterns. */
export interface ExcludeRules {
  patterns: readonly string[];
  baseDir: string;
}

/**
 * The files a run checks; why some of them are skipped (absolute path -> reason: excluded by the
 * config, a folder or link that cannot be read, a FIFO or device); and the real paths of what the
 * command line named, outside which `--fix` never writes.
 */
export interface CollectedFiles {
  files: string[];
  excluded: Map<string, string>;
  roots: string[];
}

/**
 * The files to check for the given command-line paths: files as named, folders walked for
 * *.yaml/*.yml (skipping .git, node_modules, excluded paths and config files). `-` stands for standard input.
 * `exclude` applies to files named on the command line too, so a pre-commit hook skips them as well;
 * those stay in `files` (in the order given) with their reason in `excluded`, while excluded files
 * found by walking a folder are left out silently.
 */
export function collectFiles(paths: readonly string[], cwd: string, exclude: ExcludeRules): CollectedFiles {
  const excludedBy = excludingPattern(exclude);
  const excluded = (absolute: string) => excludedBy(absolute) !== undefined;
  const found: string[] = [];
  const skipped = new Map<string, string>();
  const roots: string[] = [];
  for (const path of paths) {
    if (path === '-') {
      found.push(STDIN_PATH);
      continue;
    }
    const absolute = resolve(cwd, path);
    const stats = statNamed(absolute, path);
    if (stats?.isDirectory()) {
      roots.push(realPath(absolute));
      walk(absolute, excluded, found, skipped);
      continue;
    }
    if (stats?.isFile()) roots.push(realPath(absolute));
    const pattern = excludedBy(absolute);
    if (pattern !== undefined) skipped.set(absolute, `excluded by the config's exclude pattern ${pattern}`);
    found.push(absolute);
  }
  return { files: [...new Set(found)], excluded: skipped, roots };
}

/** A named path's status; a path that does not exist is a usage error, any other problem is reported when it is read. */
function statNamed(absolute: string, shown: string): Stats | undefined {
  try {
    return statSync(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new InputError(`cannot read ${shown}: ${describeIoError(error)}`);
    return undefined;
  }
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** The first `exclude` pattern that matches a path (relative to the config folder), if any. */
function excludingPattern({ patterns, baseDir }: ExcludeRules): (absolute: string) => string | undefined {
  if (patterns.length === 0) return () => undefined;
  const matchers = patterns.map((pattern) => ({ pattern, matches: compileGlob(pattern) }));
  return (absolute) => {
    const path = relative(baseDir, absolute).split('\\').join('/');
    if (path === '' || path === '..' || path.startsWith('../')) return undefined;
    return matchers.find(({ matches }) => matches(path))?.pattern;
  };
}

/**
 * Walks a folder for YAML files. Symbolic links to files are followed; links to folders are not
 * (they could loop). What cannot be checked (an unreadable folder, a link loop, a FIFO named
 * x.yaml) is listed in `skipped` with its reason, and the walk goes on.
 */
function walk(dir: string, excluded: (absolute: string) => boolean, found: string[], skipped: Map<string, string>): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    found.push(dir);
    skipped.set(dir, `cannot read the folder: ${describeIoError(error)}`);
    return;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (excluded(path)) continue;
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) walk(path, excluded, found, skipped);
      continue;
    }
    if (!YAML_FILE.test(entry.name) || entry.name === CONFIG_FILE_NAME) continue;
    const reason = entry.isFile() ? undefined : entry.isSymbolicLink() ? linkProblem(path) : notRegularFile(entry);
    if (reason === null) continue;
    found.push(path);
    if (reason !== undefined) skipped.set(path, reason);
  }
}

/** Why a link found by the walk is not read (undefined: it is a file; null: a folder link, left out). */
function linkProblem(path: string): string | undefined | null {
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) return null;
    return stats.isFile() ? undefined : notRegularFile(stats);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return 'symbolic link loop';
    if (code === 'ENOENT') return 'broken symbolic link (its target does not exist)';
    return `cannot read: ${describeIoError(error)}`;
  }
}

/** The reason a FIFO, socket or device is not read (reading could block or never end). */
function notRegularFile(stats: Pick<Stats, 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'>): string {
  const kind = stats.isFIFO() ? 'a FIFO (named pipe)' : stats.isSocket() ? 'a socket' : stats.isCharacterDevice() || stats.isBlockDevice() ? 'a device' : 'not a file';
  return `not a regular file (${kind}); pipe its content to standard input (-) to check it`;
}

/** A file's text, or the reason it is not checked (binary, not UTF-8, too large, empty, template, unreadable). */
export interface FileText {
  text?: string;
  /** The file started with a byte order mark, which the text leaves out and a fix puts back. */
  bom: boolean;
  skipped?: string;
  /** A digest of the bytes read, so `--fix` can refuse to overwrite a file that changed since. */
  digest?: string;
}

/**
 * Reads a regular file, at most MAX_FILE_BYTES of it, and decodes it. Never blocks on a FIFO
 * (opened non-blocking, then refused) and never reads without end (a device, a growing file);
 * a file that cannot be read gets a skip reason, so the rest of the scan goes on.
 */
export function readFileText(absolute: string, options: { digest?: boolean } = {}): FileText {
  let fd: number;
  try {
    fd = openSync(absolute, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { bom: false, skipped: `cannot read: ${describeIoError(error)}` };
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) return { bom: false, skipped: 'is a folder' };
    if (!stats.isFile()) return { bom: false, skipped: notRegularFile(stats) };
    if (stats.size > MAX_FILE_BYTES) return { bom: false, skipped: tooLarge() };
    const bytes = readAtMost(fd, MAX_FILE_BYTES + 1, stats.size);
    // Only `--fix` compares digests: hashing every file of a scan costs more than a tenth of reading it.
    return options.digest === false ? decodeBytes(bytes) : { ...decodeBytes(bytes), digest: digestOf(bytes) };
  } catch (error) {
    return { bom: false, skipped: `cannot read: ${describeIoError(error)}` };
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads up to `limit` bytes. The first read is sized by the file's status (plus one byte, to see
 * the end), so a file that does not change while read takes one allocation of its own size; a file
 * that grows meanwhile is read on in chunks.
 */
function readAtMost(fd: number, limit: number, expected: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  let size = Math.min(expected + 1, limit);
  while (total < limit) {
    const chunk = Buffer.allocUnsafe(size);
    const read = readSync(fd, chunk, 0, chunk.length, null);
    if (read === 0) break;
    chunks.push(chunk.subarray(0, read));
    total += read;
    if (read < chunk.length) {
      // A short read is usually the end: one more small read confirms it without a large buffer.
      size = Math.min(4095, limit - total);
    } else {
      size = Math.min(1024 * 1024, limit - total);
    }
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}

/** A digest of a file's bytes. */
export function digestOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Reads standard input up to one byte past the size limit, then stops (endless input is cut, not buffered). */
export async function readBoundedStream(stream: AsyncIterable<Uint8Array | string>): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
    chunks.push(bytes);
    total += bytes.length;
    if (total > MAX_FILE_BYTES) break;
  }
  return Buffer.concat(chunks, total);
}

/** Decodes a file's bytes as UTF-8, or says why they are not checked. */
export function decodeBytes(bytes: Uint8Array): FileText {
  if (bytes.length > MAX_FILE_BYTES) return { bom: false, skipped: tooLarge() };
  if (bytes.subarray(0, 8192).includes(0)) return { bom: false, skipped: 'binary file' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { bom: false, skipped: 'not UTF-8 text; save it as UTF-8 to check it' };
  }
  const bom = text.charCodeAt(0) === 0xfeff;
  if (bom) text = text.slice(1);
  const skipped = reasonToSkip(text);
  return skipped ? { bom, skipped } : { text, bom };
}

function tooLarge(): string {
  return `file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB; split it to check it`;
}

/** A short reason for a file-system error, such as "no such file or directory". */
export function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  if (code === 'ELOOP') return 'symbolic link loop';
  if (code === 'ENAMETOOLONG') return 'name too long';
  if (code === 'EROFS') return 'read-only file system';
  if (code === 'ENOSPC') return 'no space left on the device';
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
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

/** The files a run checks, and why named files that the config excludes are skipped (absolute path -> reason). */
export interface CollectedFiles {
  files: string[];
  excluded: Map<string, string>;
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
  for (const path of paths) {
    if (path === '-') {
      found.push(STDIN_PATH);
      continue;
    }
    const absolute = resolve(cwd, path);
    const stats = statOrThrow(absolute, path);
    if (stats.isDirectory()) {
      walk(absolute, excluded, found);
      continue;
    }
    const pattern = excludedBy(absolute);
    if (pattern !== undefined) skipped.set(absolute, `excluded by the config's exclude pattern ${pattern}`);
    found.push(absolute);
  }
  return { files: [...new Set(found)], excluded: skipped };
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

function statOrThrow(absolute: string, shown: string) {
  try {
    return statSync(absolute);
  } catch (error) {
    throw new InputError(`cannot read ${shown}: ${describeIoError(error)}`);
  }
}

function walk(dir: string, excluded: (absolute: string) => boolean, found: string[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw new InputError(`cannot read folder ${dir}: ${describeIoError(error)}`);
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (excluded(path)) continue;
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) walk(path, excluded, found);
    } else if (YAML_FILE.test(entry.name) && entry.name !== CONFIG_FILE_NAME && (entry.isFile() || isFileLink(path))) {
      found.push(path);
    }
  }
}

/** Symbolic links to files are followed; links to folders are not (they could loop). */
function isFileLink(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** A file's text, or the reason it is not checked (binary, not UTF-8, too large, empty, template). */
export interface FileText {
  text?: string;
  /** The file started with a byte order mark, which the text leaves out and a fix puts back. */
  bom: boolean;
  skipped?: string;
}

/** Reads a file as bytes and decodes it; throws InputError when it cannot be read. */
export function readFileText(absolute: string, shown: string): FileText {
  const size = statOrThrow(absolute, shown).size;
  if (size > MAX_FILE_BYTES) return { bom: false, skipped: tooLarge() };
  try {
    return decodeBytes(readFileSync(absolute));
  } catch (error) {
    throw new InputError(`cannot read ${shown}: ${describeIoError(error)}`);
  }
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
  return (error as Error).message.split('\n')[0];
}

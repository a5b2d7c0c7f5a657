// The fuzzer's seed inputs: every YAML fixture of test/ and examples/, in a stable order.
import { readFileSync } from 'node:fs';
import { yamlFilesUnder } from '../helpers/files.ts';

/** Path and text of every fixture under `roots` (relative to the repository root), sorted by path. */
export function loadCorpus(roots: readonly string[] = ['test', 'examples']): { path: string; text: string }[] {
  return roots
    .flatMap((root) => yamlFilesUnder(root))
    .sort()
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

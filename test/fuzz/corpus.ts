// The fuzzer's seed inputs: every YAML fixture of test/ and examples/, in a stable order.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : yamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

/** Path and text of every fixture under `roots` (relative to the repository root), sorted by path. */
export function loadCorpus(roots: readonly string[] = ['test', 'examples']): { path: string; text: string }[] {
  return roots
    .flatMap((root) => yamlFiles(root))
    .sort()
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every .yaml and .yml file under a folder, recursively and sorted; node_modules (and, with `skipHidden`, dot-names) left out. */
export function yamlFilesUnder(dir: string, { skipHidden = false } = {}): string[] {
  const found: string[] = [];
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || (skipHidden && entry.name.startsWith('.'))) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (/\.ya?ml$/i.test(entry.name)) found.push(path);
    }
  };
  visit(dir);
  return found.sort();
}

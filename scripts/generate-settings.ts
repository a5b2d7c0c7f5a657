// Regenerates contributes.configuration in package.json from the rule metadata.
// Usage: node --import tsx scripts/generate-settings.ts [--check]   (--check: exit 1 when stale)
import { readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { ALL_RULES } from '../server/src/engine/registry.ts';
import { buildConfiguration } from './settings-schema.ts';

const PACKAGE_JSON = new URL('../package.json', import.meta.url);

function main(): void {
  const check = process.argv.includes('--check');
  const manifest = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8'));
  const configuration = buildConfiguration(ALL_RULES);
  if (isDeepStrictEqual(manifest.contributes?.configuration, configuration)) {
    console.log(`contributes.configuration is up to date (${ALL_RULES.length} rules).`);
    return;
  }
  if (check) {
    console.error('contributes.configuration in package.json is stale: run `npm run settings`.');
    process.exit(1);
  }
  manifest.contributes = { ...manifest.contributes, configuration };
  writeFileSync(PACKAGE_JSON, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`contributes.configuration written (${ALL_RULES.length} rules).`);
}

main();

#!/usr/bin/env node
// The same extension suites (suite/index.js) under @vscode/test-electron, for machines that can
// download VS Code (or have one: set VSCODE_EXECUTABLE). Not run in CI here: these machines reach
// neither update.code.visualstudio.com nor GitHub, so CI uses run-exthost.mjs instead.
// Usage: npm run build && node test/e2e/run-test-electron.mjs   (Linux without a display: xvfb-run -a ...)
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { ROOT, freshRunDir } from './lib/env.mjs';

async function main() {
  const runDir = freshRunDir('test-electron');
  const workspace = join(runDir, 'workspace');
  cpSync(join(ROOT, 'test/e2e/fixtures/workspace'), workspace, { recursive: true });
  await runTests({
    version: process.env.KH_VSCODE_VERSION || 'stable',
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(ROOT, 'test/e2e/suite/index.js'),
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      `--user-data-dir=${join(runDir, 'user-data')}`,
      `--extensions-dir=${join(runDir, 'extensions')}`,
    ],
  });
}

main().catch((error) => {
  console.error(`[test-electron] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});

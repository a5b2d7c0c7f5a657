#!/usr/bin/env node
// Extension tests under the @vscode/test-electron contract (extensionDevelopmentPath = this
// project, extensionTestsPath = suite/index.js exporting run()), run in the Node extension host of
// the VS Code server bundled in code-server, with headless Chromium as the workbench. The exit
// code comes back through window.codeAutomationExit, which the smoke-test driver calls.
// Usage: node test/e2e/run-exthost.mjs   (after npm run build and test/e2e/setup.sh)
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { ROOT, RESULTS_DIR, freshRunDir, requireTools, seconds } from './lib/env.mjs';
import { startTestServer } from './lib/vscode-server.mjs';
import { launchBrowser } from './lib/browser.mjs';

const TIMEOUT_MS = Number(process.env.KH_EXTHOST_TIMEOUT_MS || 180_000);
// Workbench log lines that say nothing about our tests.
const NOISE = new RegExp([
  'Ignoring fetching additional builtin', 'AccountPolicyGate', 'Service Worker', 'reconnection-grace', 'Creating a socket',
  'connection token', 'manifest\\.json', '\\[Extension Host\\] *$', 'Creation of workbench contribution', '\\[AgentHost',
  'authentication provider', '^\\s+at .*workbench\\.js', 'Updating additional builtin extensions', 'onWillSaveTextDocument',
].join('|'));

async function main() {
  requireTools();
  if (!existsSync(join(ROOT, 'dist/extension.js'))) throw new Error('dist/extension.js is missing: run npm run build');
  const start = Date.now();
  const runDir = freshRunDir('exthost');
  const workspace = join(runDir, 'workspace');
  cpSync(join(ROOT, 'test/e2e/fixtures/workspace'), workspace, { recursive: true });
  const server = await startTestServer(runDir);
  console.log(`[exthost] VS Code server ready at ${server.origin} after ${seconds(start)} s (log ${server.log})`);
  let browser;
  let code = 'not run';
  try {
    browser = await launchBrowser(runDir);
    code = await runTests(browser.page, server.origin, workspace);
    mkdirSync(RESULTS_DIR, { recursive: true });
    await browser.page.screenshot({ path: join(RESULTS_DIR, 'exthost-tests.png') }).catch(() => {});
  } finally {
    await browser?.context.close().catch(() => {});
    await server.stop();
  }
  console.log(`[exthost] extension host exit code ${code}; ${seconds(start)} s in all`);
  return code === 0 ? 0 : 1;
}

async function runTests(page, origin, workspace) {
  const remote = (path) => `vscode-remote://${new URL(origin).host}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(ROOT)],
    ['extensionTestsPath', remote(join(ROOT, 'test/e2e/suite/index.js'))],
    ['skipWelcome', 'true'],
  ];
  let reportExit;
  const exited = new Promise((resolve) => (reportExit = resolve));
  await page.exposeFunction('codeAutomationExit', (exitCode) => reportExit(exitCode));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = format(...(args ?? []).map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))));
    if (process.env.VERBOSE || !NOISE.test(line)) console.log(line);
  });
  const url = `${origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: TIMEOUT_MS });
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve(`timeout after ${TIMEOUT_MS} ms`), TIMEOUT_MS)));
  const code = await Promise.race([exited, timeout]);
  clearTimeout(timer);
  return code;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[exthost] ${error.stack ?? error}`);
    process.exit(1);
  },
);

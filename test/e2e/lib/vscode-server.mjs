// Starting VS Code servers for the editor tests: code-server (the UI test, with a packaged .vsix)
// and the VS Code server bundled inside it (extension-host tests, which need
// --enable-smoke-test-driver, an option code-server's own CLI rejects). Both run on Node 24.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_SERVER, NODE24, freePort } from './env.mjs';
import { killTree } from './processes.mjs';

const QUIET_USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'redhat.telemetry.enabled': false,
  'editor.stickyScroll.enabled': false,
};

/** The folders of one server: profile, extensions, temp files (VS Code's ipc sockets), log. */
function prepareDirs(runDir, userSettings) {
  const dirs = {
    userData: join(runDir, 'user-data'),
    extensions: join(runDir, 'extensions'),
    tmp: join(runDir, 'tmp'),
    xdg: join(runDir, 'xdg'),
    log: join(runDir, 'server.log'),
  };
  for (const dir of [join(dirs.userData, 'User'), dirs.extensions, dirs.tmp, dirs.xdg]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(dirs.userData, 'User/settings.json'), JSON.stringify({ ...QUIET_USER_SETTINGS, ...userSettings }, null, 2));
  return dirs;
}

/** Environment that keeps code-server's config, caches and sockets inside the run folder. */
function serverEnv(dirs) {
  return {
    ...process.env,
    PATH: `${join(NODE24, '..')}:${process.env.PATH}`,
    TMPDIR: dirs.tmp,
    XDG_CONFIG_HOME: join(dirs.xdg, 'config'),
    XDG_DATA_HOME: join(dirs.xdg, 'data'),
    XDG_CACHE_HOME: join(dirs.xdg, 'cache'),
    EXTENSIONS_GALLERY: '{}', // no marketplace traffic
  };
}

/** Installs a .vsix into the run's extensions folder with code-server's CLI. */
export function installVsix(runDir, vsix) {
  const dirs = prepareDirs(runDir, {});
  const common = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  const entry = join(CODE_SERVER, 'out/node/entry.js');
  const result = spawnSync(NODE24, [entry, ...common, '--install-extension', vsix], { env: serverEnv(dirs), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`--install-extension failed:\n${result.stdout}${result.stderr}`);
  return result.stdout.trim();
}

async function waitUntilReady(child, url, log) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${readFileSync(log, 'utf8').slice(-3000)}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`the server did not answer ${url} within 60 s`);
}

function extensionHostLogs(userData) {
  const logs = join(userData, 'logs');
  if (!existsSync(logs)) return [];
  return readdirSync(logs, { recursive: true })
    .filter((path) => String(path).endsWith('remoteexthost.log'))
    .map((path) => join(logs, String(path)));
}

async function waitForActivation(userData, extensionId, timeoutMs) {
  const line = `_doActivateExtension ${extensionId},`;
  const deadline = Date.now() + timeoutMs;
  while (!extensionHostLogs(userData).some((log) => readFileSync(log, 'utf8').includes(line))) {
    if (Date.now() > deadline) throw new Error(`${extensionId} was not activated within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function startProcess(args, dirs) {
  const log = createWriteStream(dirs.log);
  const child = spawn(NODE24, args, { env: serverEnv(dirs), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  return child;
}

function handle(child, origin, dirs) {
  return {
    origin,
    log: dirs.log,
    /** Resolves once the extension host log says the extension was activated. */
    waitForActivation: (extensionId, timeoutMs = 60_000) => waitForActivation(dirs.userData, extensionId, timeoutMs),
    /** Stops the server and every process under it (extension host, language server, watchers). */
    stop: () => killTree(child.pid),
  };
}

/** Starts code-server on a free port, serving the folders' extensions without authentication. */
export async function startCodeServer(runDir, userSettings = {}) {
  const dirs = prepareDirs(runDir, userSettings);
  const port = await freePort();
  const args = [
    join(CODE_SERVER, 'out/node/entry.js'),
    '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions,
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', '--config', join(runDir, 'code-server.yaml'),
  ];
  const child = startProcess(args, dirs);
  const origin = `http://127.0.0.1:${port}`;
  await waitUntilReady(child, `${origin}/healthz`, dirs.log);
  return handle(child, origin, dirs);
}

/** Starts the VS Code server bundled in code-server with the smoke-test driver (extension tests). */
export async function startTestServer(runDir, userSettings = {}) {
  const dirs = prepareDirs(runDir, userSettings);
  const port = await freePort();
  const args = [
    join(CODE_SERVER, 'lib/vscode/out/server-main.js'),
    '--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms',
    '--enable-smoke-test-driver', '--telemetry-level', 'off', '--disable-workspace-trust',
    '--server-data-dir', join(runDir, 'server-data'), '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions,
  ];
  const child = startProcess(args, dirs);
  const origin = `http://127.0.0.1:${port}`;
  await waitUntilReady(child, `${origin}/version`, dirs.log);
  return handle(child, origin, dirs);
}

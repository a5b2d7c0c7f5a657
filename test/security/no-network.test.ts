// No network, no code from the workspace (issue #9, item 5): the CLI and the language server run
// with a preload that makes every socket, listen and DNS call throw (and records it), with code
// generation from strings disallowed, on a workspace full of bait (config-like JS files, a plugin in
// node_modules, YAML tags that other tools execute). They must succeed, record nothing, run nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HoverRequest } from 'vscode-languageserver-protocol/node';
import { TestClient } from '../lsp/harness.ts';
import { tempWorkspace, TempWorkspace } from '../lsp/workspace-fixture.ts';

const CLI = resolve('dist', 'cli.js');
const PRELOAD = resolve('test', 'security', 'sandbox-preload.cjs');
const NODE_FLAGS = ['--require', PRELOAD, '--disallow-code-generation-from-strings'];

/** JavaScript that proves it ran by writing the marker file. */
const BAIT_JS = "require('node:fs').writeFileSync(process.env.KH_MARKER, 'ran: ' + __filename);\nmodule.exports = {};\n";

const BAIT: Record<string, string> = {
  '.kube-hardener.yaml': 'profile: baseline\nexclude:\n  - "vendor/**"\n',
  'kube-hardener.config.js': BAIT_JS,
  '.kube-hardener.js': BAIT_JS,
  '.kube-hardener.cjs': BAIT_JS,
  'kube-hardener.config.cjs': BAIT_JS,
  'evil.js': BAIT_JS,
  'package.json': JSON.stringify({ name: 'bait', main: 'evil.js', kubeHardener: { plugins: ['./evil.js'] } }),
  'node_modules/kube-hardener-plugin/package.json': JSON.stringify({ name: 'kube-hardener-plugin', main: 'index.js' }),
  'node_modules/kube-hardener-plugin/index.js': BAIT_JS,
  'node_modules/yaml/index.js': BAIT_JS,
  'kustomization.yaml': 'resources:\n  - pod.yaml\ngenerators:\n  - ./evil.js\ntransformers:\n  - ./evil.js\n',
  'pod.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: web
  annotations:
    run: $(node evil.js) \`node evil.js\`
spec:
  hostNetwork: true
  containers:
    - name: app
      image: registry.example.com/app:1.0
      securityContext:
        privileged: true
`,
  'tags.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: tags
data:
  a: !!js/function "function () { require('fs').writeFileSync(process.env.KH_MARKER, 'ran') }"
  b: !!js/eval "require('fs').writeFileSync(process.env.KH_MARKER, 'ran')"
  c: !!python/object/apply:os.system ["node evil.js"]
  d: !<tag:yaml.org,2002:js/undefined> x
`,
};

interface Sandbox {
  workspace: TempWorkspace;
  log: string;
  marker: string;
  /** How many processes ran with the sandbox preloaded. */
  activeProcesses(): number;
  env: Record<string, string>;
  /** What the preload recorded, and whether bait code ran. */
  problems(): string[];
  cleanup(): void;
}

function sandbox(): Sandbox {
  const workspace = tempWorkspace(BAIT);
  const outside = mkdtempSync(join(tmpdir(), 'kube-hardener-sandbox-'));
  const log = join(outside, 'sandbox.log');
  const marker = join(outside, 'marker');
  return {
    workspace,
    log,
    marker,
    env: { KH_SANDBOX_LOG: log, KH_SANDBOX_WORKSPACE: realpathSync(workspace.dir), KH_MARKER: marker, KH_SANDBOX_ACTIVE: join(outside, 'active') },
    activeProcesses: () => (existsSync(join(outside, 'active')) ? readFileSync(join(outside, 'active'), 'utf8').trim().split('\n').length : 0),
    problems: () => [...(existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []), ...(existsSync(marker) ? [`bait ran: ${readFileSync(marker, 'utf8')}`] : [])],
    cleanup: () => {
      workspace.cleanup();
      rmSync(outside, { recursive: true, force: true });
    },
  };
}

function runCli(box: Sandbox, args: string[], command: string[] = [process.execPath]) {
  const result = spawnSync(command[0], [...command.slice(1), ...NODE_FLAGS, CLI, ...args], {
    cwd: box.workspace.dir,
    env: { PATH: process.env.PATH, ...box.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('no network, no workspace code: the CLI scans, fixes and explains RBAC with sockets and DNS denied', () => {
  const box = sandbox();
  try {
    const scan = runCli(box, ['scan', '--format', 'json', '.']);
    assert.equal(scan.code, 1, scan.stderr);
    const report = JSON.parse(scan.stdout);
    const rules = report.files.flatMap((file: { findings: { rule: string }[] }) => file.findings.map((finding) => finding.rule));
    assert.ok(rules.includes('privileged-container') && rules.includes('host-namespaces'), rules.join(', '));
    for (const format of ['sarif', 'stylish']) assert.equal(runCli(box, ['scan', '--format', format, '.']).code, 1);
    const fix = runCli(box, ['scan', '--fix', '--unsafe-fixes', '--fail-on', 'never', '.']);
    assert.equal(fix.code, 0, fix.stderr);
    assert.match(readFileSync(box.workspace.path('pod.yaml'), 'utf8'), /privileged: false/);
    assert.equal(runCli(box, ['rbac', 'who-can', 'get', 'secrets', '.']).code, 0);
    assert.equal(box.activeProcesses(), 5, 'every CLI run had the sandbox');
    assert.deepEqual(box.problems(), []);
  } finally {
    box.cleanup();
  }
});

test('the sandbox itself: a socket, a DNS lookup and a require from the workspace are caught', () => {
  const box = sandbox();
  try {
    const script = [
      "try { require('node:net').connect(80, '192.0.2.1') } catch {}",
      "try { require('node:dns').lookup('example.com', () => {}) } catch {}",
      "try { fetch('http://192.0.2.1/') } catch {}",
      `require(${JSON.stringify(box.workspace.path('evil.js'))})`,
    ].join(';');
    spawnSync(process.execPath, [...NODE_FLAGS, '-e', script], { cwd: box.workspace.dir, env: { PATH: process.env.PATH, ...box.env } });
    const problems = box.problems().join('\n');
    for (const expected of ['network: net.connect', 'network: dns.lookup', 'network: fetch', 'code: ', 'bait ran']) assert.ok(problems.includes(expected), `${expected} in:\n${problems}`);
  } finally {
    box.cleanup();
  }
});

test('no network: the CLI succeeds in a network namespace without interfaces (unshare -rn, where allowed)', (t) => {
  if (spawnSync('unshare', ['-rn', 'true']).status !== 0) {
    // Containers often forbid user namespaces; the preload test above still denies every socket.
    t.diagnostic('unshare -rn is not permitted here: checked with the preload only');
    return;
  }
  const box = sandbox();
  try {
    const scan = runCli(box, ['scan', '--format', 'json', '.'], ['unshare', '-rn', process.execPath]);
    assert.equal(scan.code, 1, scan.stderr);
    assert.ok(JSON.parse(scan.stdout).files.length >= 3);
    assert.deepEqual(box.problems(), []);
  } finally {
    box.cleanup();
  }
});

test('no network, no workspace code: the language server indexes, checks, hovers and fixes with sockets and DNS denied', async () => {
  const box = sandbox();
  try {
    const client = await TestClient.start({ workspace: box.workspace.dir, env: { ...box.env, NODE_OPTIONS: NODE_FLAGS.join(' ') } });
    let exitCode: number | null = null;
    try {
      const summary = await client.command('kubeHardener.scanWorkspace');
      assert.ok(summary, 'the workspace scan answers');
      const uri = box.workspace.uri('pod.yaml');
      await client.open(uri, readFileSync(box.workspace.path('pod.yaml'), 'utf8'));
      const diagnostics = await client.waitForDiagnostics(uri, (found) => found.some((d) => d.code === 'privileged-container'), 1);
      const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: diagnostics[0].range.start });
      assert.ok(hover, 'hover answers');
      const actions = await client.codeActions(uri, diagnostics[0].range, diagnostics);
      assert.ok(actions.length > 0, 'code actions answer');
      await client.open(box.workspace.uri('tags.yaml'), BAIT['tags.yaml']);
      await client.waitForDiagnostics(box.workspace.uri('tags.yaml'), () => true, 1);
    } finally {
      const exited = new Promise<number | null>((done) => client.child.once('exit', (code) => done(code)));
      await client.stop();
      exitCode = await exited.catch(() => client.child.exitCode);
    }
    assert.equal(exitCode ?? client.child.exitCode, 0, `the server exits cleanly:\n${client.log()}`);
    assert.equal(box.activeProcesses(), 1, 'the server had the sandbox');
    assert.deepEqual(box.problems(), []);
  } finally {
    box.cleanup();
  }
});

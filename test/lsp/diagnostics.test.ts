// Diagnostics of the bundled language server (dist/server.js) for push and pull clients.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, ShowMessageNotification } from 'vscode-languageserver-protocol/node';
import { TestClient, withServer } from './harness.ts';
import { HELM_TEMPLATE, messageOf, ofRule, PRIVILEGED_POD, tempWorkspace, TempWorkspace } from './workspace-fixture.ts';

const DOCS = 'https://github.com/kube-hardener/kube-hardener/blob/main/docs/rules/';

describe('push diagnostics (a client without pull support)', () => {
  let workspace: TempWorkspace;
  let client: TestClient;
  before(async () => {
    workspace = tempWorkspace();
    client = await TestClient.start({ workspace: workspace.dir });
  });
  after(async () => {
    await client.stop();
    workspace.cleanup();
  });

  test('didOpen of an insecure manifest publishes the finding with code, source, docs link and range', async () => {
    const uri = workspace.uri('pod.yaml');
    await client.open(uri, PRIVILEGED_POD);
    const diagnostics = await client.waitForDiagnostics(uri, (items) => ofRule(items, 'privileged-container').length > 0, 1);
    const [privileged] = ofRule(diagnostics, 'privileged-container');
    assert.equal(privileged.source, 'kube-hardener');
    assert.equal(privileged.severity, DiagnosticSeverity.Error);
    assert.equal(privileged.codeDescription?.href, `${DOCS}privileged-container.md`);
    assert.deepEqual(privileged.range, { start: { line: 10, character: 20 }, end: { line: 10, character: 24 } });
    assert.equal(privileged.code, 'privileged-container');
    assert.deepEqual(Object.keys(privileged.data as object).sort(), ['index', 'version'], 'the rule ID is the code, not sent twice');
    assert.ok(diagnostics.every((diagnostic) => diagnostic.source === 'kube-hardener' && typeof diagnostic.code === 'string'));
  });

  test('an incremental change publishes diagnostics of the new version', async () => {
    const uri = workspace.uri('pod.yaml');
    const range = { start: { line: 10, character: 20 }, end: { line: 10, character: 24 } };
    const version = await client.change(uri, [{ range, text: 'false' }]);
    const diagnostics = await client.waitForDiagnostics(uri, () => true, version);
    assert.deepEqual(ofRule(diagnostics, 'privileged-container'), []);
    assert.match(client.text(uri), /privileged: false # keep this comment/);
  });

  test('a YAML syntax error is a diagnostic, not a crash', async () => {
    const uri = workspace.uri('broken.yaml');
    await client.open(uri, 'apiVersion: v1\nkind: Pod\nmetadata: {name: [unclosed\n');
    const diagnostics = await client.waitForDiagnostics(uri, (items) => items.length > 0, 1);
    assert.ok(ofRule(diagnostics, 'parse-error').length > 0);
  });

  test('a Helm template gets one information diagnostic saying it was skipped and why', async () => {
    const uri = workspace.uri('templates/pod.yaml');
    await client.open(uri, HELM_TEMPLATE);
    const diagnostics = await client.waitForDiagnostics(uri, () => true, 1);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].severity, DiagnosticSeverity.Information);
    assert.equal(diagnostics[0].range.start.line, 0);
    assert.match(messageOf(diagnostics[0]), /did not check this file: .*Helm/);
  });

  test('a binary-ish garbage document and random text do not crash the server', async () => {
    const binary = workspace.uri('binary.yaml');
    await client.open(binary, 'PK\u0003\u0004\u0000\u0000\u0008garbage\u0000\uFFFD\uFFFD');
    const binaryDiagnostics = await client.waitForDiagnostics(binary, () => true, 1);
    assert.match(messageOf(binaryDiagnostics[0]), /binary/);
    const random = workspace.uri('random.yaml');
    await client.open(random, '}{][ :: - - ?\n\t\t- &a *b !!int "\n%YAML 9\n--- |\n ...: {{\n\u0085\u2028 ]]');
    await client.waitForDiagnostics(random, () => true, 1);
    const alive = workspace.uri('alive.yaml');
    await client.open(alive, PRIVILEGED_POD);
    await client.waitForDiagnostics(alive, (items) => ofRule(items, 'privileged-container').length > 0, 1);
  });

  test('a half-typed document, typed one character at a time, never crashes and ends with the right findings', async () => {
    const uri = workspace.uri('typed.yaml');
    await client.open(uri, '');
    let version = 1;
    for (const char of PRIVILEGED_POD) {
      const end = client.documents.get(uri)!.positionAt(client.text(uri).length);
      version = await client.change(uri, [{ range: { start: end, end }, text: char }]);
    }
    assert.equal(client.text(uri), PRIVILEGED_POD);
    const diagnostics = await client.waitForDiagnostics(uri, () => true, version);
    assert.equal(ofRule(diagnostics, 'privileged-container').length, 1);
  });
});

describe('pull diagnostics (LSP 3.17 client)', () => {
  let workspace: TempWorkspace;
  let client: TestClient;
  before(async () => {
    workspace = tempWorkspace();
    // First analyses wait for the complete workspace index here, so that "unchanged" is not
    // undone by the re-check that follows an index finished after a slow start (a loaded CI machine).
    client = await TestClient.start({ workspace: workspace.dir, pull: true, env: { KUBE_HARDENER_INDEX_WAIT_MS: '20000' } });
  });
  after(async () => {
    await client.stop();
    workspace.cleanup();
  });

  test('textDocument/diagnostic answers the findings; an unchanged document answers "unchanged"', async () => {
    const uri = workspace.uri('pod.yaml');
    await client.open(uri, PRIVILEGED_POD);
    const report = await client.pull(uri);
    assert.equal(report.kind, 'full');
    const [privileged] = ofRule(report.kind === 'full' ? report.items : [], 'privileged-container');
    assert.equal(privileged.codeDescription?.href, `${DOCS}privileged-container.md`);
    assert.equal(privileged.range.start.line, 10);
    const again = await client.pull(uri, report.resultId);
    assert.equal(again.kind, 'unchanged');
    assert.equal(client.events.filter((event) => event.method === 'textDocument/publishDiagnostics' && event.params.uri === uri).length, 0);
  });

  test('after an incremental change the pull reflects the new text', async () => {
    const uri = workspace.uri('pod.yaml');
    await client.change(uri, [{ range: { start: { line: 10, character: 20 }, end: { line: 10, character: 24 } }, text: 'false' }]);
    const report = await client.pull(uri);
    assert.equal(report.kind, 'full');
    assert.deepEqual(ofRule(report.kind === 'full' ? report.items : [], 'privileged-container'), []);
  });
});

describe('settings and .kube-hardener.yaml', () => {
  test('turning a rule off in the settings refreshes the diagnostics (push)', async () => {
    const workspace = tempWorkspace();
    await withServer(workspace, { settings: {} }, async (client) => {
      const uri = workspace.uri('pod.yaml');
      await client.open(uri, PRIVILEGED_POD);
      await client.waitForDiagnostics(uri, (items) => ofRule(items, 'privileged-container').length > 0);
      const from = client.events.length;
      await client.changeSettings({ rules: { 'privileged-container': 'off' }, profile: null, exclude: [] });
      await client.waitFor((event) => event.method === 'textDocument/publishDiagnostics' && event.params.uri === uri && ofRule(event.params.diagnostics, 'privileged-container').length === 0, 'diagnostics without the rule', from);
    });
  });

  test('a settings change asks pull clients to refresh, and the next pull honours it', async () => {
    const workspace = tempWorkspace();
    await withServer(workspace, { pull: true }, async (client) => {
      const uri = workspace.uri('pod.yaml');
      await client.open(uri, PRIVILEGED_POD);
      const first = await client.pull(uri);
      const from = client.events.length;
      await client.changeSettings({ rules: { 'privileged-container': 'warning' } });
      await client.waitFor((event) => event.method === 'workspace/diagnostic/refresh', 'a diagnostic refresh', from);
      const report = await client.pull(uri, first.resultId);
      assert.equal(report.kind, 'full');
      const [privileged] = ofRule(report.kind === 'full' ? report.items : [], 'privileged-container');
      assert.equal(privileged.severity, DiagnosticSeverity.Warning);
    });
  });

  test('.kube-hardener.yaml at the workspace root is honoured, and settings win over it', async () => {
    const workspace = tempWorkspace({ '.kube-hardener.yaml': 'rules:\n  privileged-container: off\n  run-as-root: off\n' });
    await withServer(workspace, { pull: true, settings: { rules: { 'run-as-root': 'hint' } } }, async (client) => {
      const uri = workspace.uri('pod.yaml');
      await client.open(uri, PRIVILEGED_POD);
      const report = await client.pull(uri);
      const items = report.kind === 'full' ? report.items : [];
      assert.deepEqual(ofRule(items, 'privileged-container'), []);
      const runAsRoot = ofRule(items, 'run-as-root');
      assert.ok(runAsRoot.length > 0, 'the setting turns run-as-root back on');
      assert.ok(runAsRoot.every((item) => item.severity === DiagnosticSeverity.Hint));
    });
  });

  test('an invalid key is reported by name (showMessage and a diagnostic on the open config file); defaults apply', async () => {
    const config = 'profile: baseline\nrules:\n  no-such-rule: error\n';
    const workspace = tempWorkspace({ '.kube-hardener.yaml': config });
    await withServer(workspace, { pull: true, settings: { profile: 'strictest' } }, async (client) => {
      const uri = workspace.uri('pod.yaml');
      await client.open(uri, PRIVILEGED_POD);
      const report = await client.pull(uri);
      assert.ok(ofRule(report.kind === 'full' ? report.items : [], 'privileged-container').length > 0);
      await client.waitFor((event) => event.method === ShowMessageNotification.method && /rules\.no-such-rule/.test(event.params.message), 'the config file error');
      await client.waitFor((event) => event.method === ShowMessageNotification.method && /kubeHardener\.profile/.test(event.params.message), 'the settings error');
      const configUri = workspace.uri('.kube-hardener.yaml');
      await client.open(configUri, config);
      const configReport = await client.pull(configUri);
      const [problem] = configReport.kind === 'full' ? configReport.items : [];
      assert.match(messageOf(problem), /no-such-rule/);
      assert.deepEqual(problem.range.start, { line: 2, character: 2 });
    });
  });
});

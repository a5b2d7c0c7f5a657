// Workspace features of the bundled language server: scan command, cancellation, file summary,
// cross-file re-checks and file-watch events.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FileChangeType, MessageType, WorkDoneProgressCancelNotification } from 'vscode-languageserver-protocol/node';
import { ServerEvent, TestClient, withServer } from './harness.ts';
import { HELM_TEMPLATE, messageOf, ofRule, PRIVILEGED_POD, tempWorkspace, TWO_PRIVILEGED } from './workspace-fixture.ts';

const RUNTIME_CLASS = (name: string) => `apiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata:\n  name: ${name}\nhandler: runsc\n`;
const SANDBOXED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: sandboxed
spec:
  runtimeClassName: gvisor-runsc
  containers:
    - name: app
      image: registry.example.com/app:1.0
`;

function isProgress(kind: string, title?: RegExp) {
  return (event: ServerEvent) => event.method === '$/progress' && event.params.value.kind === kind && (!title || title.test(event.params.value.title));
}

function publishedFor(client: TestClient, uri: string): ServerEvent[] {
  return client.events.filter((event) => event.method === 'textDocument/publishDiagnostics' && event.params.uri === uri);
}

describe('kubeHardener.scanWorkspace', () => {
  test('checks every YAML file with progress, pushes diagnostics of unopened files, and returns a summary', async () => {
    const workspace = tempWorkspace({
      '.kube-hardener.yaml': 'exclude:\n  - ignored/**\n',
      'apps/pod.yaml': PRIVILEGED_POD,
      'apps/deploy.yml': TWO_PRIVILEGED,
      'charts/templates/pod.yaml': HELM_TEMPLATE,
      'notes.txt': PRIVILEGED_POD,
      'node_modules/pkg/pod.yaml': PRIVILEGED_POD,
      '.git/pod.yaml': PRIVILEGED_POD,
      'ignored/pod.yaml': PRIVILEGED_POD,
    });
    await withServer(workspace, { pull: true }, async (client) => {
      const openUri = workspace.uri('apps/pod.yaml');
      await client.open(openUri, PRIVILEGED_POD.replace('privileged: true', 'privileged: false'));
      const from = client.events.length;
      const summary = await client.command('kubeHardener.scanWorkspace');
      assert.equal(summary.files, 4, 'pod.yaml, deploy.yml, the Helm template and .kube-hardener.yaml');
      assert.equal(summary.skipped, 1);
      assert.equal(summary.cancelled, false);
      assert.ok(summary.findings.error >= 2);
      assert.deepEqual(Object.keys(summary.findings).sort(), ['error', 'hint', 'info', 'warning']);
      const counts = summary.topRules.map((entry: { count: number }) => entry.count);
      assert.ok(summary.topRules.length > 0 && summary.topRules.length <= 5);
      assert.deepEqual(counts, [...counts].sort((a: number, b: number) => b - a), 'top rules come most frequent first');

      assert.ok(client.events.slice(from).some((event) => event.method === 'window/workDoneProgress/create'));
      const begin = await client.waitFor(isProgress('begin', /scanning/), 'scan progress begin', from);
      assert.equal(begin.params.value.cancellable, true);
      await client.waitFor((event) => isProgress('end')(event) && event.params.token === begin.params.token, 'scan progress end', from);
      const message = await client.waitFor((event) => event.method === 'window/showMessage' && /scanned 4 files/.test(event.params.message), 'the summary message', from);
      assert.equal(message.params.type, MessageType.Info);

      const deploy = await client.waitForDiagnostics(workspace.uri('apps/deploy.yml'));
      assert.equal(ofRule(deploy, 'privileged-container').length, 2);
      const helm = await client.waitForDiagnostics(workspace.uri('charts/templates/pod.yaml'));
      assert.match(messageOf(helm[0]), /Helm/);
      for (const name of ['node_modules/pkg/pod.yaml', '.git/pod.yaml', 'ignored/pod.yaml', 'notes.txt']) {
        assert.deepEqual(publishedFor(client, workspace.uri(name)), [], `${name} must not be checked`);
      }
      assert.deepEqual(publishedFor(client, openUri), [], 'an open document of a pull client is pulled, not pushed');
    });
  });

  test('cancelling the progress stops the scan early; the summary says so', async () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 300; index++) files[`many/pod-${String(index).padStart(3, '0')}.yaml`] = PRIVILEGED_POD;
    const workspace = tempWorkspace(files);
    await withServer(workspace, {}, async (client) => {
      client.onProgress = (token, value) => {
        if (value.kind === 'begin' && /scanning/.test(value.title)) void client.connection.sendNotification(WorkDoneProgressCancelNotification.type, { token });
      };
      const from = client.events.length;
      const summary = await client.command('kubeHardener.scanWorkspace');
      assert.equal(summary.cancelled, true);
      assert.ok(summary.files < 300, `scanned ${summary.files} files`);
      const begin = await client.waitFor(isProgress('begin', /scanning/), 'scan progress begin', from);
      await client.waitFor((event) => isProgress('end')(event) && event.params.token === begin.params.token, 'scan progress end', from);
      await client.waitFor((event) => event.method === 'window/showMessage' && /scan cancelled/.test(event.params.message), 'the cancelled message', from);
    });
  });
});

describe('workspace state', () => {
  test('kubeHardener.fileSummary returns the profile and the counts for the language status item', async () => {
    const workspace = tempWorkspace();
    await withServer(workspace, { pull: true }, async (client) => {
      const uri = workspace.uri('pod.yaml');
      await client.open(uri, PRIVILEGED_POD);
      const summary = await client.command('kubeHardener.fileSummary', uri);
      assert.equal(summary.profile, 'restricted');
      assert.equal(summary.enabled, true);
      assert.ok(summary.counts.error >= 1);
    });
  });

  test('cross-file facts: a change on disk or in another open document re-checks the open files it affects', async () => {
    const workspace = tempWorkspace({ 'runtime.yaml': RUNTIME_CLASS('gvisor'), 'pod.yaml': SANDBOXED_POD });
    await withServer(workspace, {}, async (client) => {
      const podUri = workspace.uri('pod.yaml');
      await client.open(podUri, SANDBOXED_POD);
      await client.waitForDiagnostics(podUri, (items) => ofRule(items, 'unknown-runtime-class').length === 1);

      let from = client.events.length;
      workspace.write('runtime.yaml', RUNTIME_CLASS('gvisor-runsc'));
      await client.filesChanged([{ uri: workspace.uri('runtime.yaml'), type: FileChangeType.Changed }]);
      await client.waitFor((event) => event.method === 'textDocument/publishDiagnostics' && event.params.uri === podUri && ofRule(event.params.diagnostics, 'unknown-runtime-class').length === 0, 'the pod re-checked after the disk change', from);

      from = client.events.length;
      const runtimeUri = workspace.uri('runtime.yaml');
      await client.open(runtimeUri, RUNTIME_CLASS('gvisor-runsc'));
      await client.change(runtimeUri, [{ range: { start: { line: 3, character: 8 }, end: { line: 3, character: 20 } }, text: 'kata' }]);
      await client.waitFor((event) => event.method === 'textDocument/publishDiagnostics' && event.params.uri === podUri && ofRule(event.params.diagnostics, 'unknown-runtime-class').length === 1, 'the pod re-checked after the editor change', from);
    });
  });

  test('a .kube-hardener.yaml created on disk (file-watch event) refreshes all diagnostics', async () => {
    const workspace = tempWorkspace();
    await withServer(workspace, {}, async (client) => {
      const uri = workspace.uri('pod.yaml');
      await client.open(uri, PRIVILEGED_POD);
      await client.waitForDiagnostics(uri, (items) => ofRule(items, 'privileged-container').length === 1);
      const from = client.events.length;
      workspace.write('.kube-hardener.yaml', 'rules:\n  privileged-container: off\n');
      await client.filesChanged([{ uri: workspace.uri('.kube-hardener.yaml'), type: FileChangeType.Created }]);
      await client.waitFor((event) => event.method === 'textDocument/publishDiagnostics' && event.params.uri === uri && ofRule(event.params.diagnostics, 'privileged-container').length === 0, 'diagnostics without the rule', from);
    });
  });
});

// Startup correctness: the first answers about open documents already know the unopened files of
// the workspace (cross-file rules and RBAC hover wait for the initial index).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticRefreshRequest, DocumentDiagnosticReport, HoverRequest, MarkupContent, PublishDiagnosticsNotification } from 'vscode-languageserver-protocol/node';
import { withServer } from './harness.ts';
import { ofRule, tempWorkspace } from './workspace-fixture.ts';

const BINDING_ONLY = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: deploy, namespace: ci}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: deployer}
subjects:
  - kind: ServiceAccount
    name: deployer
`;

const ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: deployer, namespace: ci}
rules:
  - {apiGroups: [batch], resources: [cronjobs], verbs: [create]}
`;

/**
 * The opened file: another Role (so the workspace defines roles and rbac-unknown-role speaks up
 * about roles it lacks) and the binding, whose subject name is on line 12.
 */
const BINDING = `${ROLE.replace('name: deployer', 'name: reader').replace('[create]', '[get]')}---\n${BINDING_ONLY}`;
const SUBJECT_NAME = { line: 12, character: 11 };

/** Filler manifests indexed before the role (files are indexed in sorted order), so the index takes a while. */
function fillerFiles(count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    files[`filler/cm-${String(i).padStart(3, '0')}.yaml`] = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${i}, namespace: ci}\ndata: {key: value}\n`;
  }
  return files;
}

/** The binding opened right after start; the role lives in an unopened file indexed last. */
function startupWorkspace() {
  return tempWorkspace({ ...fillerFiles(150), 'binding.yaml': BINDING, 'zz/role.yaml': ROLE });
}

describe('startup: open documents are checked against the whole workspace', () => {
  test('push client: the first diagnostics of an open binding know the role of an unopened file', async () => {
    const workspace = startupWorkspace();
    await withServer(workspace, {}, async (client) => {
      const uri = workspace.uri('binding.yaml');
      await client.open(uri, BINDING);
      const first = await client.waitForDiagnostics(uri);
      assert.deepEqual(ofRule(first, 'rbac-unknown-role'), [], 'the first diagnostics were computed before the index was built');
      const pushes = client.events.filter((event) => event.method === PublishDiagnosticsNotification.method && event.params.uri === uri);
      for (const push of pushes) assert.deepEqual(ofRule(push.params.diagnostics, 'rbac-unknown-role'), []);
    });
  });

  test('pull client: the first pull and the first hover of an open binding know the role of an unopened file', async () => {
    const workspace = startupWorkspace();
    await withServer(workspace, { pull: true }, async (client) => {
      const uri = workspace.uri('binding.yaml');
      await client.open(uri, BINDING);
      const [report, hover] = await Promise.all([
        client.pull(uri),
        client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: SUBJECT_NAME }),
      ]);
      assert.equal(report.kind, 'full');
      assert.deepEqual(ofRule(report.kind === 'full' ? report.items : [], 'rbac-unknown-role'), []);
      const value = (hover?.contents as MarkupContent | undefined)?.value ?? '';
      assert.match(value, /\*\*ServiceAccount ci\/deployer\*\*/);
      assert.match(value, /RoleBinding ci\/deploy -> Role ci\/deployer grants create cronjobs\.batch/);
    });
  });

  // With no wait at all (as in a workspace too large to wait for), what was checked on a partial index is checked again.
  const NO_WAIT = { KUBE_HARDENER_INDEX_WAIT_MS: '0' };

  test('push client that could not wait: the binding is checked again once the index is built', async () => {
    const workspace = startupWorkspace();
    await withServer(workspace, { env: NO_WAIT }, async (client) => {
      const uri = workspace.uri('binding.yaml');
      await client.open(uri, BINDING);
      await client.waitFor((event) => event.method === 'window/logMessage' && /indexed \d+ YAML files/.test(event.params.message), 'the index built');
      const last = await client.waitForDiagnostics(uri, (items) => ofRule(items, 'rbac-unknown-role').length === 0);
      assert.deepEqual(ofRule(last, 'rbac-unknown-role'), []);
    });
  });

  test('pull client that could not wait: asked to pull again when its answer came from a partial index', async () => {
    const workspace = startupWorkspace();
    await withServer(workspace, { pull: true, env: NO_WAIT }, async (client) => {
      const uri = workspace.uri('binding.yaml');
      await client.open(uri, BINDING);
      const from = client.events.length;
      let report: DocumentDiagnosticReport = await client.pull(uri);
      if (report.kind === 'full' && ofRule(report.items, 'rbac-unknown-role').length > 0) {
        await client.waitFor((event) => event.method === DiagnosticRefreshRequest.method, 'workspace/diagnostic/refresh', from);
        report = await client.pull(uri, report.resultId);
      }
      assert.equal(report.kind, 'full');
      assert.deepEqual(ofRule(report.kind === 'full' ? report.items : [], 'rbac-unknown-role'), []);
    });
  });
});

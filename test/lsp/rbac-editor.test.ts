// RBAC in the editor: unmet `can` expectations reported on .kube-hardener.yaml, and the conversion of a
// ClusterRoleBinding to a RoleBinding in a namespace the client asks the user for.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostic, FileChangeType, Range } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { withServer } from './harness.ts';
import { messageOf, ofRule, parsesCleanly, tempWorkspace } from './workspace-fixture.ts';

const EXPECTATION = 'rbac-expectation-violated';
const CLUSTER_WIDE = 'rbac-cluster-wide-binding';

const CONFIG = `rbac:
  expectations:
    - ServiceAccount ci/deployer can create cronjobs.batch in namespace ci
    - Group dev can get pods in namespace dev
    - {subject: "User alice", can: ["list secrets"]}
`;

const ROLE_AND_BINDING = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: deployer, namespace: ci}
rules:
  - {apiGroups: [batch], resources: [cronjobs], verbs: [create]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: deploy, namespace: ci}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: deployer}
subjects:
  - {kind: ServiceAccount, name: deployer, namespace: ci}
`;

const DEV_VIEW = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: dev-view, namespace: dev}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
  - {kind: Group, name: dev, apiGroup: rbac.authorization.k8s.io}
`;

const CLUSTER_BINDING = `# a deployer role for the CI ServiceAccount
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ci-edit # keep this comment
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: deployer
subjects:
  - kind: ServiceAccount
    name: deployer
    namespace: ci
---
# writes by name only, no list or watch: a RoleBinding would do (the built-in edit watches every namespace)
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: deployer
rules:
  - {apiGroups: [apps], resources: [deployments], verbs: [get, update]}
`;

/** The range of the first occurrence of a text in a document. */
function rangeOf(text: string, part: string): Range {
  const document = TextDocument.create('file:///x.yaml', 'yaml', 1, text);
  const start = text.indexOf(part);
  assert.ok(start >= 0, part);
  return { start: document.positionAt(start), end: document.positionAt(start + part.length) };
}

function expectationDiagnostics(diagnostics: Diagnostic[]): { range: Range; message: string }[] {
  return ofRule(diagnostics, EXPECTATION).map((diagnostic) => ({ range: diagnostic.range, message: messageOf(diagnostic) }));
}

describe('unmet can expectations on .kube-hardener.yaml', () => {
  test('an open config file shows them on the expectation; a binding created on disk clears one', async () => {
    const workspace = tempWorkspace({ '.kube-hardener.yaml': CONFIG, 'rbac.yaml': ROLE_AND_BINDING });
    await withServer(workspace, {}, async (client) => {
      const uri = workspace.uri('.kube-hardener.yaml');
      await client.open(uri, CONFIG);
      // Expectations are judged once the workspace index is complete; until then none is shown.
      const diagnostics = await client.waitForDiagnostics(uri, (items) => expectationDiagnostics(items).length > 0);
      const found = expectationDiagnostics(diagnostics);
      assert.equal(found.length, 2, JSON.stringify(diagnostics));
      assert.deepEqual(found[0].range, rangeOf(CONFIG, 'Group dev can get pods in namespace dev'));
      assert.match(found[0].message, /"Group dev can get pods in namespace dev" is not met: no binding lets Group dev get pods in namespace dev/);
      assert.deepEqual(found[1].range, rangeOf(CONFIG, '{subject: "User alice", can: ["list secrets"]}'));

      const actions = await client.codeActions(uri, found[0].range, ofRule(diagnostics, EXPECTATION).slice(0, 1));
      assert.deepEqual(actions.map((action) => action.title), [`Show documentation for ${EXPECTATION}`], 'no suppression comments in the config file');

      const from = client.events.length;
      workspace.write('dev-view.yaml', DEV_VIEW);
      await client.filesChanged([{ uri: workspace.uri('dev-view.yaml'), type: FileChangeType.Created }]);
      const event = await client.waitFor(
        (candidate) => candidate.method === 'textDocument/publishDiagnostics' && candidate.params.uri === uri && ofRule(candidate.params.diagnostics, EXPECTATION).length === 1,
        'the config file re-checked after the new binding',
        from,
      );
      assert.match(messageOf(ofRule(event.params.diagnostics as Diagnostic[], EXPECTATION)[0]), /User alice/);
    });
  });

  test('a pull client gets them for the open config file, following its unsaved text', async () => {
    const workspace = tempWorkspace({ '.kube-hardener.yaml': CONFIG, 'rbac.yaml': ROLE_AND_BINDING });
    // The first pull waits for the complete index, so it already judges the expectations.
    await withServer(workspace, { pull: true, env: { KUBE_HARDENER_INDEX_WAIT_MS: '20000' } }, async (client) => {
      const uri = workspace.uri('.kube-hardener.yaml');
      await client.open(uri, CONFIG);
      const report = await client.pull(uri);
      assert.equal(report.kind, 'full');
      assert.equal(ofRule(report.kind === 'full' ? report.items : [], EXPECTATION).length, 2);
      const range = rangeOf(CONFIG, '    - Group dev can get pods in namespace dev\n');
      await client.change(uri, [{ range, text: '' }]);
      const edited = await client.pull(uri);
      assert.deepEqual(expectationDiagnostics(edited.kind === 'full' ? edited.items : []).map((item) => item.range), [
        rangeOf(client.text(uri), '{subject: "User alice", can: ["list secrets"]}'),
      ]);
    });
  });

  test('a workspace scan reports them on the unopened config file', async () => {
    const workspace = tempWorkspace({ '.kube-hardener.yaml': CONFIG, 'rbac.yaml': ROLE_AND_BINDING });
    await withServer(workspace, {}, async (client) => {
      const uri = workspace.uri('.kube-hardener.yaml');
      const summary = await client.command('kubeHardener.scanWorkspace');
      assert.ok(summary.topRules.some((entry: { rule: string }) => entry.rule === EXPECTATION), JSON.stringify(summary));
      const diagnostics = await client.waitForDiagnostics(uri, (items) => ofRule(items, EXPECTATION).length > 0);
      assert.deepEqual(expectationDiagnostics(diagnostics)[0].range, rangeOf(CONFIG, 'Group dev can get pods in namespace dev'));
      assert.equal(ofRule(diagnostics, EXPECTATION).length, 2);
    });
  });
});

describe('rbac-cluster-wide-binding: convert to a RoleBinding in a chosen namespace', () => {
  const VS_CODE = { clientCommands: ['kubeHardener.convertToRoleBinding'] };

  test('a client with the command gets a command action; kubeHardener.applyRoleBindingConversion applies the chosen namespace', async () => {
    const workspace = tempWorkspace({ 'crb.yaml': CLUSTER_BINDING });
    await withServer(workspace, { initializationOptions: VS_CODE }, async (client) => {
      const uri = workspace.uri('crb.yaml');
      await client.open(uri, CLUSTER_BINDING);
      const diagnostics = await client.waitForDiagnostics(uri, (items) => ofRule(items, CLUSTER_WIDE).length === 1);
      const [diagnostic] = ofRule(diagnostics, CLUSTER_WIDE);
      const actions = await client.codeActions(uri, diagnostic.range, [diagnostic]);
      const convert = actions.filter((action) => /^Convert to a RoleBinding/.test(action.title));
      assert.equal(convert.length, 1, JSON.stringify(actions.map((action) => action.title)));
      assert.equal(convert[0].edit, undefined);
      assert.equal(convert[0].command?.command, 'kubeHardener.convertToRoleBinding');
      const [conversion] = convert[0].command!.arguments!;
      assert.deepEqual(conversion, { uri, version: 1, range: diagnostic.range, namespace: 'ci' });

      await assert.rejects(client.command('kubeHardener.applyRoleBindingConversion', { ...conversion, namespace: 'Team A' }), /not a namespace name/);
      await assert.rejects(client.command('kubeHardener.applyRoleBindingConversion', { ...conversion, version: 7 }), /document changed/);

      const from = client.events.length;
      const result = await client.command('kubeHardener.applyRoleBindingConversion', { ...conversion, namespace: 'team-a' });
      assert.deepEqual(result, { applied: true });
      const text = client.text(uri);
      assert.equal(text, CLUSTER_BINDING.replace('kind: ClusterRoleBinding', 'kind: RoleBinding').replace('  name: ci-edit # keep this comment\n', '  name: ci-edit # keep this comment\n  namespace: team-a\n'));
      assert.ok(parsesCleanly(text));
      const version = client.documents.get(uri)!.version;
      await client.waitFor(
        (event) => event.method === 'textDocument/publishDiagnostics' && event.params.uri === uri && event.params.version === version && ofRule(event.params.diagnostics, CLUSTER_WIDE).length === 0,
        'the converted binding re-checked',
        from,
      );
    });
  });

  test('a client without the command keeps the engine fix (suggested namespace) as a plain unsafe quick fix', async () => {
    const workspace = tempWorkspace({ 'crb.yaml': CLUSTER_BINDING });
    await withServer(workspace, {}, async (client) => {
      const uri = workspace.uri('crb.yaml');
      await client.open(uri, CLUSTER_BINDING);
      const diagnostics = await client.waitForDiagnostics(uri, (items) => ofRule(items, CLUSTER_WIDE).length === 1);
      const [diagnostic] = ofRule(diagnostics, CLUSTER_WIDE);
      const actions = await client.codeActions(uri, diagnostic.range, [diagnostic]);
      const convert = actions.filter((action) => /^Convert to a RoleBinding/.test(action.title));
      assert.deepEqual(convert.map((action) => action.title), ['Convert to a RoleBinding in namespace ci (unsafe)']);
      assert.equal(convert[0].command, undefined);
      assert.equal(convert[0].isPreferred, false);
      await client.applyEdit(convert[0].edit!);
      assert.match(client.text(uri), /^kind: RoleBinding\nmetadata:\n  name: ci-edit # keep this comment\n  namespace: ci\n/m);
    });
  });
});

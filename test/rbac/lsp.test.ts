import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HoverRequest, MarkupContent } from 'vscode-languageserver-protocol';
import { TestClient } from '../lsp/harness.ts';
import { tempWorkspace } from '../lsp/workspace-fixture.ts';

const ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: deployer, namespace: ci}
rules:
  - {apiGroups: [batch], resources: [cronjobs], verbs: [create]}
`;

const BINDING = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: deploy, namespace: ci}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: deployer}
subjects:
  - kind: ServiceAccount
    name: deployer
`;

describe('rbac in the language server (dist/server.js)', () => {
  test('hover on a binding subject and the kubeHardener.explainRbac command', async () => {
    const workspace = tempWorkspace({ 'role.yaml': ROLE, 'binding.yaml': BINDING });
    const client = await TestClient.start({ workspace: workspace.dir });
    try {
      const uri = workspace.uri('binding.yaml');
      await client.open(workspace.uri('role.yaml'), ROLE);
      await client.waitForDiagnostics(workspace.uri('role.yaml'));
      await client.open(uri, BINDING);
      await client.waitForDiagnostics(uri);
      const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 6, character: 11 } });
      const value = (hover?.contents as MarkupContent).value;
      assert.match(value, /\*\*ServiceAccount ci\/deployer\*\*/);
      assert.match(value, /create pods` in namespace ci: RoleBinding ci\/deploy -> Role ci\/deployer grants create cronjobs\.batch, which lets it create pods/);

      const report = await client.command('kubeHardener.explainRbac', 'ci/deployer');
      assert.equal(report, value);
    } finally {
      await client.stop();
      workspace.cleanup();
    }
  });
});

import { test } from 'node:test';
import { TestClient } from '/work/main/test/lsp/harness.ts';
import { tempWorkspace } from '/work/main/test/lsp/workspace-fixture.ts';
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
test('dbg', async () => {
  const files: Record<string,string> = {'a/other.yaml': ROLE.replace('name: deployer','name: reader'), 'binding.yaml': BINDING, 'zz/role.yaml': ROLE};
  for (let i = 0; i < 150; i++) files[`filler/cm-${String(i).padStart(3,'0')}.yaml`] = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${i}, namespace: ci}\n`;
  const w = tempWorkspace(files);
  const c = await TestClient.start({ workspace: w.dir });
  await c.open(w.uri('binding.yaml'), BINDING);
  await c.waitFor((e) => e.method === 'window/logMessage' && /indexed/.test(e.params.message));
  await new Promise((r) => setTimeout(r, 500));
  for (const e of c.events) process.stderr.write(e.method, JSON.stringify(e.params).slice(0, 200) + "\n");
  await c.stop(); w.cleanup();
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parseManifestFile } from '../../server/src/engine/parse.ts';
import { explainSubjectMarkdown, rbacHoverMarkdown } from '../../server/src/rbac/hover.ts';
import { FIXTURES, loadModel, workspaceFiles } from './workspace.ts';

const dir = join(FIXTURES, 'platform');
const model = loadModel(dir);
const path = join(dir, 'ci.yaml');
const file = parseManifestFile(path, workspaceFiles(dir)[path]);
const offsetOf = (needle: string, from = 0) => file.text.indexOf(needle, from);

describe('rbac hover and the explain command', () => {
  test('hover on a binding subject shows that subject\'s effective permissions, derived ones included', () => {
    const binding = offsetOf('name: deploy, namespace: staging');
    const hover = rbacHoverMarkdown(model, file, offsetOf('name: deployer, namespace: ci}', binding) + 3);
    assert.ok(hover);
    assert.match(hover!.markdown, /^\*\*ServiceAccount ci\/deployer\*\*/);
    assert.match(hover!.markdown, /- `get, list, create cronjobs.batch` in namespace ci \(RoleBinding ci\/deploy -> Role ci\/deployer\)/);
    assert.match(hover!.markdown, /- `create pods` in namespace staging: RoleBinding staging\/deploy -> ClusterRole app-deployer grants create deployments.apps, which lets it create pods/);
    assert.equal(file.text.slice(hover!.start, hover!.end), '{kind: ServiceAccount, name: deployer, namespace: ci}');
  });

  test('hover on a roleRef shows the role\'s rules and its subjects\' permissions', () => {
    const hover = rbacHoverMarkdown(model, file, offsetOf('kind: ClusterRole, name: app-deployer}'));
    assert.match(hover!.markdown, /^\*\*ClusterRole app-deployer\*\*\n\n- `get, list, create, update deployments.apps`\n/);
    assert.match(hover!.markdown, /\*\*ServiceAccount ci\/deployer\*\*/);
  });

  test('no hover outside subjects and roleRefs, or on other kinds', () => {
    assert.equal(rbacHoverMarkdown(model, file, offsetOf('kind: RoleBinding')), undefined);
    assert.equal(rbacHoverMarkdown(model, file, offsetOf('resources: [cronjobs]')), undefined);
  });

  test('the explain command reads the subject forms a prompt gets', () => {
    assert.equal(explainSubjectMarkdown(model, 'ci/deployer'), explainSubjectMarkdown(model, 'ServiceAccount ci/deployer'));
    assert.match(explainSubjectMarkdown(model, 'Group:developers'), /^\*\*Group developers\*\*\n\nGranted:/);
    assert.match(explainSubjectMarkdown(model, 'User nobody'), /No permissions: no binding of the workspace grants this subject/);
    assert.throws(() => explainSubjectMarkdown(model, 'Robot r2'), /must be "User NAME"/);
  });
});

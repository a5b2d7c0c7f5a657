import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { lintText } from '../../server/src/engine/lint.ts';
import { rbacRules } from '../../server/src/rules/rbac/index.ts';
import { indexOf, lintOptions } from '../helpers/lint.ts';
import { FIXTURES, loadWorkspace, workspaceFiles } from './workspace.ts';

/** The rbac findings of a fixture workspace, as "file:line rule-id message", every file linted against the whole workspace. */
function workspaceFindings(dir: string): string[] {
  const index = loadWorkspace(dir);
  return Object.entries(workspaceFiles(dir)).flatMap(([path, text]) => {
    const { file, findings } = lintText(path, text, lintOptions({}, rbacRules, index));
    return findings.map((finding) => `${path.split('/').pop()}:${file.lines.position(finding.start).line + 1} ${finding.ruleId} ${finding.message}`);
  });
}

describe('rbac rules on a multi-file workspace', () => {
  const findings = workspaceFindings(join(FIXTURES, 'platform'));
  const expect = (line: string) => assert.ok(findings.includes(line), `missing:\n${line}\nfound:\n${findings.join('\n')}`);

  test('a Role names the ServiceAccount a binding in another document binds to it, and the derived path', () => {
    expect('ci.yaml:11 rbac-implicit-pod-creation Role ci/deployer: create cronjobs.batch in namespace ci lets ServiceAccount ci/deployer run any pod, so act as any ServiceAccount in ci');
    expect('ci.yaml:25 rbac-implicit-pod-creation ClusterRole app-deployer: create deployments.apps in namespace staging lets ServiceAccount ci/deployer run any pod, so act as any ServiceAccount in staging');
  });

  test('each escalation path is reported on the role, with the capability it amounts to', () => {
    expect('escalation.yaml:29 rbac-secrets-access Role esc/secret-lister: list secrets in namespace esc lets ServiceAccount esc/secret-lister read every existing Secret in esc: the credentials applications keep there, and any legacy ServiceAccount token Secrets');
    expect('escalation.yaml:90 rbac-escalation-verbs ClusterRole impersonator: impersonate users cluster-wide lets User impersonator act as anyone, including the system:masters group, so do anything in the cluster');
    expect('escalation.yaml:104 rbac-privileged-subresources ClusterRole node-paths: get nodes/proxy cluster-wide lets User node-admin call the kubelet API, so run commands in any pod on the nodes, past admission and audit');
    assert.ok(findings.some((line) => line.startsWith('escalation.yaml:78 rbac-escalation-verbs') && line.endsWith('(once they may also create, update, patch on rolebindings or clusterrolebindings, which this role does not grant)')));
  });

  test('bindings to built-in roles resolve through the bootstrap policy; only real problems are reported', () => {
    expect('escalation.yaml:10 rbac-cluster-admin-binding ClusterRoleBinding admin-bot binds cluster-admin to ServiceAccount esc/admin-bot: every permission in the whole cluster');
    assert.ok(!findings.some((line) => line.includes('rbac-unknown-role') && !line.includes('invalid-role-ref')));
  });

  test('bindings to the built-in edit and admin are reported once per rule on the roleRef; view and named grants are not', () => {
    const builtIn = findings.filter((line) => line.startsWith('builtin-bindings.yaml'));
    assert.deepEqual(builtIn.map((line) => line.split(' ').slice(0, 2).join(' ')).sort(), [
      'builtin-bindings.yaml:11 rbac-escalation-verbs',
      'builtin-bindings.yaml:11 rbac-implicit-pod-creation',
      'builtin-bindings.yaml:11 rbac-privileged-subresources',
      'builtin-bindings.yaml:11 rbac-secrets-access',
      'builtin-bindings.yaml:5 rbac-escalation-verbs',
      'builtin-bindings.yaml:5 rbac-implicit-pod-creation',
      'builtin-bindings.yaml:5 rbac-privileged-subresources',
      'builtin-bindings.yaml:5 rbac-secrets-access',
    ]);
    expect(
      'builtin-bindings.yaml:5 rbac-privileged-subresources RoleBinding shop/shop-edit gives Group shop-team the built-in ClusterRole edit, which can get pods/exec in namespace shop: ' +
        'enough to run commands in any pod in shop, with its ServiceAccount token and mounted Secrets (it can also create pods/portforward and create serviceaccounts/token)',
    );
  });
});

const EDIT_CI = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: edit-ci, namespace: ci}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{kind: ServiceAccount, name: deployer, namespace: ci}]
`;

const OWN_EDIT = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: edit}
rules:
  - {apiGroups: [""], resources: [secrets], verbs: [get]}
`;

/** The rbac findings of one file of a workspace, as "rule-id message". */
function findingsOf(files: Record<string, string>, path: string): string[] {
  const { findings } = lintText(path, files[path], lintOptions({}, rbacRules, indexOf(files)));
  return findings.map((finding) => `${finding.ruleId} ${finding.message}`);
}

describe('rbac rules on bindings to built-in roles', () => {
  test('the built-in edit: what each rule reports on the binding', () => {
    assert.deepEqual(findingsOf({ 'ci.yaml': EDIT_CI }, 'ci.yaml').sort(), [
      'rbac-escalation-verbs RoleBinding ci/edit-ci gives ServiceAccount ci/deployer the built-in ClusterRole edit, which can impersonate serviceaccounts in namespace ci: ' +
        'enough to act as any ServiceAccount in ci',
      'rbac-implicit-pod-creation RoleBinding ci/edit-ci gives ServiceAccount ci/deployer the built-in ClusterRole edit, which can create pods in namespace ci: ' +
        'enough to run any pod, so act as any ServiceAccount and read any Secret in ci',
      'rbac-privileged-subresources RoleBinding ci/edit-ci gives ServiceAccount ci/deployer the built-in ClusterRole edit, which can get pods/exec in namespace ci: ' +
        'enough to run commands in any pod in ci, with its ServiceAccount token and mounted Secrets (it can also create pods/portforward and create serviceaccounts/token)',

      'rbac-secrets-access RoleBinding ci/edit-ci gives ServiceAccount ci/deployer the built-in ClusterRole edit, which can get, list, watch secrets in namespace ci: ' +
        'enough to read every existing Secret in ci: the credentials applications keep there, and any legacy ServiceAccount token Secrets',
    ]);
  });

  test('an edit the workspace defines in another file: reported on its rule, not on the binding', () => {
    const files = { 'ci.yaml': EDIT_CI, 'roles.yaml': OWN_EDIT };
    assert.deepEqual(findingsOf(files, 'ci.yaml'), []);
    assert.deepEqual(findingsOf(files, 'roles.yaml'), [
      'rbac-secrets-access ClusterRole edit: get secrets in namespace ci lets ServiceAccount ci/deployer read every existing Secret in ci: the credentials applications keep there, and any legacy ServiceAccount token Secrets',
    ]);
  });

  test('cluster-admin is left to rbac-cluster-admin-binding', () => {
    const text = EDIT_CI.replace('name: edit}', 'name: cluster-admin}');
    assert.deepEqual(findingsOf({ 'ci.yaml': text }, 'ci.yaml').map((line) => line.split(' ')[0]), ['rbac-cluster-admin-binding']);
  });
});

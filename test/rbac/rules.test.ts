import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { lintText } from '../../server/src/engine/lint.ts';
import { rbacRules } from '../../server/src/rules/rbac/index.ts';
import { lintOptions } from '../helpers/lint.ts';
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
    expect('escalation.yaml:29 rbac-secrets-access Role esc/secret-lister: list secrets in namespace esc lets ServiceAccount esc/secret-lister read every ServiceAccount token in esc, so act as any ServiceAccount in esc');
    expect('escalation.yaml:90 rbac-escalation-verbs ClusterRole impersonator: impersonate users cluster-wide lets User impersonator act as anyone, including the system:masters group, so do anything in the cluster');
    expect('escalation.yaml:104 rbac-privileged-subresources ClusterRole node-paths: get nodes/proxy cluster-wide lets User node-admin call the kubelet API, so run commands in any pod on the nodes, past admission and audit');
    assert.ok(findings.some((line) => line.startsWith('escalation.yaml:78 rbac-escalation-verbs') && line.endsWith('(once they may also create, update, patch on rolebindings or clusterrolebindings, which this role does not grant)')));
  });

  test('bindings to built-in roles resolve through the bootstrap policy; only real problems are reported', () => {
    expect('escalation.yaml:10 rbac-cluster-admin-binding ClusterRoleBinding admin-bot binds cluster-admin to ServiceAccount esc/admin-bot: every permission in the whole cluster');
    assert.ok(!findings.some((line) => line.startsWith('builtin-bindings.yaml')), findings.join('\n'));
    assert.ok(!findings.some((line) => line.includes('rbac-unknown-role') && !line.includes('invalid-role-ref')));
  });
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../server/src/engine/lint.ts';
import { lintOptions } from '../helpers/lint.ts';

/** Messages that say exactly what Kubernetes does, one finding per cause (issue #8). */

function role(rules: string, kind = 'ClusterRole'): string {
  const namespace = kind === 'Role' ? ', namespace: ops' : '';
  return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata: {name: r${namespace}}\nrules:\n${rules}`;
}

function findings(text: string, ruleId?: string): string[] {
  return lintText('roles.yaml', text, lintOptions())
    .findings.filter((finding) => finding.ruleId.startsWith('rbac-') && (!ruleId || finding.ruleId === ruleId))
    .map((finding) => `${finding.ruleId} ${finding.message}`);
}

describe('RBAC messages are exactly true', () => {
  test('"escalate, bind and impersonate included" only where the rule covers roles or identities', () => {
    for (const target of ['{apiGroups: [coordination.k8s.io], resources: [leases]}', '{apiGroups: [""], resources: [events]}', '{apiGroups: [argoproj.io], resources: [applications]}']) {
      const [message] = findings(role(`  - ${target.replace('}', ', verbs: ["*"]}')}\n`), 'rbac-wildcard-verbs');
      assert.doesNotMatch(message, /escalate|bind|impersonate/, target);
    }
    assert.match(findings(role('  - {apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: ["*"]}\n'), 'rbac-wildcard-verbs')[0], /, escalate and bind included/);
    assert.match(findings(role('  - {apiGroups: [""], resources: [serviceaccounts], verbs: ["*"]}\n'), 'rbac-wildcard-verbs')[0], /, impersonate included/);
    assert.match(findings(role('  - {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}\n'), 'rbac-wildcard-verbs')[0], /, escalate, bind and impersonate included/);
  });

  test('"Secrets" only for the core group', () => {
    const custom = findings(role('  - {apiGroups: [crd.projectcalico.org], resources: ["*"], verbs: [get, list, watch]}\n'));
    assert.deepEqual(custom.map((line) => line.split(' ')[0]), ['rbac-wildcard-resources']);
    assert.doesNotMatch(custom[0], /Secret/);
    assert.match(custom[0], /of API group crd\.projectcalico\.org/);
    const core = findings(role('  - {apiGroups: [""], resources: ["*"], verbs: [get, list, watch]}\n'), 'rbac-wildcard-resources');
    assert.match(core[0], /of API group the core group, which covers reading Secrets/);
    assert.deepEqual(findings(role('  - {apiGroups: [example.com], resources: [secrets], verbs: [get]}\n'), 'rbac-secrets-access'), []);
  });

  test('no "every ServiceAccount token" claim: reading Secrets reads the Secrets that exist', () => {
    const [message] = findings(role('  - {apiGroups: [""], resources: [secrets], verbs: [list]}\n', 'Role'), 'rbac-secrets-access');
    assert.doesNotMatch(message, /every ServiceAccount token|act as any ServiceAccount/);
    assert.match(message, /read every existing Secret in ops: the credentials applications keep there, and any legacy ServiceAccount token Secrets/);
  });

  test("update or patch on Jobs runs no pod (a Job's template is immutable); create does, and so does patch on CronJobs", () => {
    assert.deepEqual(findings(role('  - {apiGroups: [batch], resources: [jobs], verbs: [get, update, patch]}\n'), 'rbac-implicit-pod-creation'), []);
    assert.match(findings(role('  - {apiGroups: [batch], resources: [jobs], verbs: [create]}\n'), 'rbac-implicit-pod-creation')[0], /create jobs\.batch lets/);
    assert.match(findings(role('  - {apiGroups: [batch], resources: [cronjobs], verbs: [patch]}\n'), 'rbac-implicit-pod-creation')[0], /patch cronjobs\.batch lets/);
  });

  test('resourceNames narrow the message: a token for one named ServiceAccount is not "any ServiceAccount"', () => {
    // After calico's calico-node ClusterRole (manifests/calico.yaml).
    const text = role('  - apiGroups: [""]\n    resources: [serviceaccounts/token]\n    resourceNames: [calico-cni-plugin]\n    verbs: [create]\n');
    const [message] = findings(text, 'rbac-privileged-subresources');
    assert.match(message, /create serviceaccounts\/token named calico-cni-plugin lets whoever is bound to it mint tokens for the ServiceAccounts named calico-cni-plugin in the namespaces where it is bound, so act as them/);
    assert.doesNotMatch(message, /any ServiceAccount/);
    const deployment = role('  - {apiGroups: [apps], resources: [deployments], resourceNames: [metrics-server], verbs: [get, patch]}\n', 'Role');
    assert.match(findings(deployment, 'rbac-implicit-pod-creation')[0], /patch deployments\.apps named metrics-server in namespace ops lets/);
  });

  test('one cause, one finding: a "*" resource is reported by rbac-wildcard-resources only', () => {
    const ids = findings(role('  - {apiGroups: ["", apps], resources: ["*"], verbs: [get, list, create]}\n')).map((line) => line.split(' ')[0]);
    assert.deepEqual(ids, ['rbac-wildcard-resources']);
  });

  test('get on pods/exec and pods/attach is privileged (WebSocket clients connect with GET)', () => {
    const found = findings(role('  - {apiGroups: [""], resources: [pods/exec, pods/attach, pods/log], verbs: [get]}\n', 'Role'), 'rbac-privileged-subresources');
    assert.equal(found.length, 2);
    assert.match(found[0], /get pods\/exec in namespace ops lets whoever is bound to it run commands in any pod in ops/);
    assert.match(found[1], /get pods\/attach/);
  });
});

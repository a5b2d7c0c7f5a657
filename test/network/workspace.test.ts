// The workspace index (compact facts, lookups by namespace and kind) and the files a change affects.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { factsOfFile } from '../../server/src/engine/facts.ts';
import { parseManifestFile } from '../../server/src/engine/parse.ts';
import { affectedFiles, ObjectFacts, WorkspaceIndex } from '../../server/src/engine/workspace.ts';

const deployment = (name: string, namespace: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      hostNetwork: true
      containers:
        - name: ${name}
          image: registry.example.com/${name}:1.0
          ports:
            - {containerPort: 8080}
            - {containerPort: 53, protocol: UDP, name: dns}
`;
const policy = (name: string, namespace: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  podSelector: {}\n`;
const simple = (kind: string, name: string, namespace?: string, apiVersion = 'v1') =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}`;

function factsOf(path: string, text: string): ObjectFacts[] {
  return factsOfFile(parseManifestFile(path, text), () => 'default');
}

function workspace(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const [path, text] of Object.entries(files)) index.setFile(path, factsOf(path, text));
  return index;
}

const FILES = {
  'a/web.yaml': deployment('web', 'a'),
  'a/api.yaml': deployment('api', 'a'),
  'a/policy.yaml': policy('deny', 'a'),
  'a/service.yaml': simple('Service', 'web', 'a'),
  'a/role.yaml': simple('Role', 'reader', 'a', 'rbac.authorization.k8s.io/v1'),
  'b/web.yaml': deployment('web', 'b'),
  'b/policy.yaml': policy('deny', 'b'),
  'cluster/runtime.yaml': simple('RuntimeClass', 'gvisor', undefined, 'node.k8s.io/v1'),
  'cluster/clusterrole.yaml': simple('ClusterRole', 'view', undefined, 'rbac.authorization.k8s.io/v1'),
  'cluster/cni.yaml': deployment('cni', 'kube-system').replace('kind: Deployment', 'kind: DaemonSet'),
};

describe('workspace index', () => {
  test('facts are compact: labels, pod labels, ports, host network, policy selectors; no body for workloads or policies', () => {
    const [web] = factsOf('web.yaml', deployment('web', 'a'));
    assert.deepEqual(web.podLabels, { app: 'web' });
    assert.deepEqual(web.containerPorts, [{ port: 8080, protocol: 'TCP' }, { port: 53, protocol: 'UDP', name: 'dns' }]);
    assert.equal(web.hostNetwork, true);
    assert.equal(web.body, undefined);
    const [deny] = factsOf('policy.yaml', policy('deny', 'a'));
    assert.equal(deny.body, undefined);
    assert.deepEqual(deny.networkPolicy, { flavor: 'kubernetes', clusterWide: false, targets: [{ podSelector: { requirements: [] }, ingress: true, egress: false }] });
    const [role] = factsOf('role.yaml', simple('Role', 'r', 'a', 'rbac.authorization.k8s.io/v1'));
    assert.ok(role.body, 'RBAC objects keep their body for the RBAC model');
  });

  test('lookups by namespace and kind follow changes and removals', () => {
    const index = workspace(FILES);
    assert.deepEqual(index.inNamespace('a', ['Deployment']).map((facts) => facts.path), ['a/web.yaml', 'a/api.yaml']);
    assert.deepEqual(index.ofKind('NetworkPolicy').map((facts) => facts.path), ['a/policy.yaml', 'b/policy.yaml']);
    index.setFile('a/web.yaml', factsOf('a/web.yaml', deployment('web', 'c')));
    assert.deepEqual(index.inNamespace('a', ['Deployment']).map((facts) => facts.name), ['api']);
    assert.deepEqual(index.inNamespace('c').map((facts) => facts.path), ['a/web.yaml']);
    index.removeFile('a/api.yaml');
    assert.deepEqual(index.inNamespace('a', ['Deployment']), []);
    assert.ok(index.hasKindOutside(['Deployment'], 'a/web.yaml'), 'b/web.yaml still holds a Deployment');
    assert.ok(!index.hasKindOutside(['RuntimeClass'], 'cluster/runtime.yaml'));
  });
});

describe('affectedFiles', () => {
  const change = (path: string, after: string) => {
    const index = workspace(FILES);
    const before = index.factsOf(path);
    const facts = factsOf(path, after);
    index.setFile(path, facts);
    return affectedFiles(index, path, before, facts).sort();
  };

  test('editing a NetworkPolicy of namespace a re-checks the workloads and policies of a only', () => {
    assert.deepEqual(change('a/policy.yaml', policy('deny-all', 'a')), ['a/api.yaml', 'a/web.yaml']);
  });

  test('moving a policy to another namespace re-checks both namespaces', () => {
    assert.deepEqual(change('a/policy.yaml', policy('deny', 'b')), ['a/api.yaml', 'a/web.yaml', 'b/policy.yaml', 'b/web.yaml']);
  });

  test('a workload change re-checks the policies of its namespace', () => {
    assert.deepEqual(change('a/web.yaml', deployment('web', 'a').replace('app: web}', 'app: web2}')), ['a/policy.yaml']);
  });

  test('a DaemonSet (the CNI) re-checks the policies of every namespace', () => {
    assert.deepEqual(change('cluster/cni.yaml', deployment('cni2', 'kube-system').replace('kind: Deployment', 'kind: DaemonSet')), ['a/policy.yaml', 'b/policy.yaml']);
  });

  test('cluster-wide policies and RuntimeClasses re-check every workload', () => {
    const global = 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: g\nspec:\n  selector: all()\n';
    assert.deepEqual(change('cluster/global.yaml', global), ['a/api.yaml', 'a/web.yaml', 'b/web.yaml', 'cluster/cni.yaml']);
    assert.deepEqual(change('cluster/runtime.yaml', simple('RuntimeClass', 'kata', undefined, 'node.k8s.io/v1')), ['a/api.yaml', 'a/web.yaml', 'b/web.yaml', 'cluster/cni.yaml']);
  });

  test('RBAC changes re-check every RBAC file and every workload (workload-powerful-service-account); kinds no cross-file rule reads re-check nothing', () => {
    assert.deepEqual(change('a/role.yaml', simple('Role', 'writer', 'a', 'rbac.authorization.k8s.io/v1')), [
      'a/api.yaml',
      'a/web.yaml',
      'b/web.yaml',
      'cluster/clusterrole.yaml',
      'cluster/cni.yaml',
    ]);
    assert.deepEqual(change('a/service.yaml', simple('Service', 'web2', 'a')), []);
  });
});

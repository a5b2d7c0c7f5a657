import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText } from '../../server/src/engine/lint.ts';
import { variantsOf, viewFrom } from '../../server/src/engine/variants.ts';
import { modelOf } from '../../server/src/rbac/model.ts';
import { factsOfFile } from '../../server/src/engine/facts.ts';
import { parseManifestFile } from '../../server/src/engine/parse.ts';
import { affectedFiles } from '../../server/src/engine/workspace.ts';
import { indexOf, lintOptions } from '../helpers/lint.ts';
import { FIXTURES } from './workspace.ts';

const VARIANTS = join(FIXTURES, 'variants');

function read(paths: string[]): Record<string, string> {
  return Object.fromEntries(paths.map((path) => [path, readFileSync(path, 'utf8')]));
}

/** The findings of a file as `rule offset message`, linted against the given files. */
function messages(path: string, files: Record<string, string>): string[] {
  const { findings } = lintText(path, files[path], lintOptions({}, undefined, indexOf(files)));
  return findings.map((finding) => `${finding.ruleId} ${finding.start} ${finding.message}`);
}

const SETS: Record<string, string[]> = {
  'argo-cd install / ha / namespace-install': ['argo-cd/install.yaml', 'argo-cd/ha/install.yaml', 'argo-cd/namespace-install.yaml'],
  'calico / calico-etcd': ['calico/calico.yaml', 'calico/calico-etcd.yaml'],
};

describe('variants: the same object defined in alternative files', () => {
  for (const [name, relative] of Object.entries(SETS)) {
    test(`${name}: each file gives the same messages alone and with its variants`, () => {
      const paths = relative.map((path) => join(VARIANTS, path));
      const all = read(paths);
      let total = 0;
      for (const path of paths) {
        const alone = messages(path, { [path]: all[path] });
        total += alone.length;
        assert.deepEqual(messages(path, all), alone, path);
      }
      assert.ok(total > 0);
    });
  }

  test('a role is bound by the binding of its own file, not "2 bindings" with the copy of a variant', () => {
    const paths = SETS['argo-cd install / ha / namespace-install'].map((path) => join(VARIANTS, path));
    const found = messages(paths[0], read(paths)).filter((line) => line.includes('rbac-secrets-access') && line.includes('Role default/'));
    assert.equal(found.length, 1);
    assert.match(found[0], /lets ServiceAccount default\/argocd-application-controller /);
  });

  test("a binding resolves to its own file's role: calico-etcd.yaml's calico-cni-plugin, not calico.yaml's", () => {
    const [calico, etcd] = SETS['calico / calico-etcd'].map((path) => join(VARIANTS, path));
    const index = indexOf(read([calico, etcd]));
    assert.deepEqual(variantsOf(index, etcd), [calico]);
    assert.equal(modelOf(viewFrom(index, etcd)).role('ClusterRole', 'calico-cni-plugin')?.ownRules.length, 1);
    assert.equal(modelOf(viewFrom(index, calico)).role('ClusterRole', 'calico-cni-plugin')?.ownRules.length, 4);
    assert.equal(modelOf(viewFrom(index, etcd)).bindings.length, 2, 'the two bindings of calico-etcd.yaml, no copy of calico.yaml');
  });

  test('an object other files define twice resolves to the nearest copy, whatever the scan order', () => {
    const role = (verb: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: app, namespace: shop}\nrules:\n  - {apiGroups: [""], resources: [pods], verbs: [${verb}]}\n`;
    const binding =
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: app, namespace: shop}\n' +
      'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: app}\nsubjects: [{kind: ServiceAccount, name: app}]\n';
    const files = { '/repo/overlays/b/role.yaml': role('list'), '/repo/overlays/a/role.yaml': role('get'), '/repo/overlays/b/binding.yaml': binding, '/repo/other/binding2.yaml': binding.replace('name: app,', 'name: app2,') };
    const index = indexOf(files);
    assert.equal(modelOf(viewFrom(index, '/repo/overlays/b/binding.yaml')).role('Role', 'app', 'shop')?.source?.path, '/repo/overlays/b/role.yaml');
    // No copy is nearer: the first path in sort order, not the first indexed.
    assert.equal(modelOf(viewFrom(index, '/repo/other/binding2.yaml')).role('Role', 'app', 'shop')?.source?.path, '/repo/overlays/a/role.yaml');
  });

  test('a change that makes two files variants re-checks the other one', () => {
    // ConfigMaps are read by no cross-file rule: only the variant relation makes a/ depend on b/.
    const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: shop}\n`;
    const index = indexOf({ '/repo/a/cm.yaml': configMap('shared'), '/repo/b/other.yaml': configMap('other') });
    const after = factsOfFile(parseManifestFile('/repo/b/other.yaml', configMap('shared')), () => 'default');
    assert.deepEqual(affectedFiles(index, '/repo/b/other.yaml', index.factsOf('/repo/b/other.yaml'), after), ['/repo/a/cm.yaml']);
  });

  test('files that only share a Namespace are not alternatives', () => {
    const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n';
    const index = indexOf({ '/repo/a.yaml': namespace, '/repo/b.yaml': namespace });
    assert.deepEqual(variantsOf(index, '/repo/a.yaml'), []);
    assert.equal(viewFrom(index, '/repo/a.yaml'), index);
  });
});

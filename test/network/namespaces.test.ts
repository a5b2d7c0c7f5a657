// Namespace resolution: metadata.namespace, else a kustomization's `namespace:`, else the default.
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { resolveConfig } from '../../server/src/engine/config.ts';
import { invalidateKustomizations, kustomizationNamespace, noteKustomizations, resolveNamespace } from '../../server/src/engine/namespaces.ts';
import { objectsOf } from '../../server/src/engine/objects.ts';
import { parseManifestFile } from '../../server/src/engine/parse.ts';
import { ALL_RULES } from '../../server/src/engine/registry.ts';

const roots: string[] = [];

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'kube-hardener-ns-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  invalidateKustomizations();
  return root;
}

const kustomization = (namespace: string | undefined, resources: string[]) =>
  `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${namespace ? `namespace: ${namespace}\n` : ''}resources:\n${resources.map((r) => `  - ${r}\n`).join('')}`;
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec: {}\n';

afterEach(() => {
  while (roots.length > 0) rmSync(roots.pop()!, { recursive: true, force: true });
  invalidateKustomizations();
});

describe('kustomization namespaces', () => {
  test('a kustomization.yaml listing the file gives its namespace', () => {
    const root = tree({ 'app/kustomization.yaml': kustomization('shop', ['pod.yaml']), 'app/pod.yaml': POD, 'app/other.yaml': POD });
    assert.equal(kustomizationNamespace(join(root, 'app/pod.yaml')), 'shop');
    assert.equal(kustomizationNamespace(join(root, 'app/other.yaml')), undefined, 'a file the kustomization does not list');
  });

  test('kustomization.yml and Kustomization are read too', () => {
    const root = tree({ 'a/kustomization.yml': kustomization('one', ['pod.yaml']), 'a/pod.yaml': POD, 'b/Kustomization': kustomization('two', ['pod.yaml']), 'b/pod.yaml': POD });
    assert.equal(kustomizationNamespace(join(root, 'a/pod.yaml')), 'one');
    assert.equal(kustomizationNamespace(join(root, 'b/pod.yaml')), 'two');
  });

  test('a folder entry covers the files below it; nested kustomizations inherit the outer namespace', () => {
    const root = tree({
      'kustomization.yaml': kustomization('prod', ['plain/', 'base']),
      'plain/deep/pod.yaml': POD,
      'base/kustomization.yaml': kustomization(undefined, ['pod.yaml']),
      'base/pod.yaml': POD,
      'base/unlisted.yaml': POD,
    });
    assert.equal(kustomizationNamespace(join(root, 'plain/deep/pod.yaml')), 'prod');
    assert.equal(kustomizationNamespace(join(root, 'base/pod.yaml')), 'prod');
    assert.equal(kustomizationNamespace(join(root, 'base/unlisted.yaml')), undefined, 'base/ has its own kustomization, which does not list it');
  });

  test('the outermost namespace wins, as kustomize build of the top level', () => {
    const root = tree({ 'kustomization.yaml': kustomization('outer', ['inner']), 'inner/kustomization.yaml': kustomization('inner', ['pod.yaml']), 'inner/pod.yaml': POD });
    assert.equal(kustomizationNamespace(join(root, 'inner/pod.yaml')), 'outer');
  });

  test('an overlay in a sibling folder counts once noteKustomizations knows it', () => {
    const root = tree({
      'base/kustomization.yaml': kustomization(undefined, ['pod.yaml']),
      'base/pod.yaml': POD,
      'overlays/prod/kustomization.yaml': kustomization('prod', ['../../base']),
    });
    assert.equal(kustomizationNamespace(join(root, 'base/pod.yaml')), undefined);
    noteKustomizations([join(root, 'overlays/prod/kustomization.yaml'), join(root, 'base/pod.yaml')]);
    assert.equal(kustomizationNamespace(join(root, 'base/pod.yaml')), 'prod');
  });

  test('remote resources are ignored and cycles end', () => {
    const root = tree({
      'a/kustomization.yaml': kustomization(undefined, ['pod.yaml', 'https://github.com/x/y//base?ref=v1', '../b']),
      'a/pod.yaml': POD,
      'b/kustomization.yaml': kustomization(undefined, ['../a']),
    });
    noteKustomizations([join(root, 'a/kustomization.yaml'), join(root, 'b/kustomization.yaml')]);
    assert.equal(kustomizationNamespace(join(root, 'a/pod.yaml')), undefined);
  });

  test('invalidation re-reads a changed kustomization', () => {
    const root = tree({ 'app/kustomization.yaml': kustomization('before', ['pod.yaml']), 'app/pod.yaml': POD });
    assert.equal(kustomizationNamespace(join(root, 'app/pod.yaml')), 'before');
    writeFileSync(join(root, 'app/kustomization.yaml'), kustomization('after', ['pod.yaml']));
    assert.equal(kustomizationNamespace(join(root, 'app/pod.yaml')), 'before', 'cached until invalidated');
    invalidateKustomizations(join(root, 'app/kustomization.yaml'));
    assert.equal(kustomizationNamespace(join(root, 'app/pod.yaml')), 'after');
  });

  test('resolveNamespace: metadata.namespace, then the kustomization, then the configured default', () => {
    const explicit = POD.replace('name: p', 'name: p\n  namespace: mine');
    const root = tree({ 'app/kustomization.yaml': kustomization('shop', ['pod.yaml', 'explicit.yaml']), 'app/pod.yaml': POD, 'app/explicit.yaml': explicit, 'loose.yaml': POD });
    const config = resolveConfig(ALL_RULES, { defaultNamespace: 'fallback' });
    const namespaceOf = (path: string, text = POD) => {
      const file = parseManifestFile(join(root, path), text);
      return resolveNamespace(file.path, objectsOf(file)[0], config);
    };
    assert.equal(namespaceOf('app/explicit.yaml', explicit), 'mine');
    assert.equal(namespaceOf('app/pod.yaml'), 'shop');
    assert.equal(namespaceOf('loose.yaml'), 'fallback');
    assert.equal(kustomizationNamespace('app/pod.yaml'), undefined, 'relative paths are not resolved');
  });
});

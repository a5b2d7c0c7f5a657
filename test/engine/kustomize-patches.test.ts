import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../../server/src/cli/run.ts';
import { ALL_RULES } from '../../server/src/engine/registry.ts';
import { lintText } from '../../server/src/engine/lint.ts';
import { invalidateKustomizations } from '../../server/src/engine/namespaces.ts';
import { parseManifestFile } from '../../server/src/engine/parse.ts';
import { lintOptions } from '../helpers/lint.ts';

/** metrics-server's components (excerpts): autoscale's patchesStrategicMerge, high-availability-1.21+'s patches. */
const METRICS_SERVER = resolve('test', 'rbac', 'fixtures', 'kustomize-patches', 'metrics-server');

function skippedReason(path: string): string | undefined {
  invalidateKustomizations();
  return parseManifestFile(path, readFileSync(path, 'utf8')).skipped;
}

async function cli(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const io = { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => {} }, cwd: process.cwd(), env: {} };
  const code = await runCli(args, io, ALL_RULES);
  return { code, stdout };
}

describe('kustomize patches are fragments, not objects', () => {
  test('files named in patchesStrategicMerge and patches (path) are skipped as "kustomize patch"', () => {
    assert.equal(skippedReason(join(METRICS_SERVER, 'components', 'autoscale', 'patch.yaml')), 'kustomize patch');
    assert.equal(skippedReason(join(METRICS_SERVER, 'components', 'high-availability-1.21+', 'patch-pdb-version.yaml')), 'kustomize patch');
    assert.equal(skippedReason(join(METRICS_SERVER, 'components', 'autoscale', 'rbac.yaml')), undefined);
  });

  test('patchesJson6902 paths and Components count too; inline patches name no file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-patches-'));
    try {
      const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers: [{name: web, image: web:1}]\n';
      writeFileSync(join(dir, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatchesJson6902:\n  - target: {kind: Deployment, name: web}\n    path: json.yaml\npatchesStrategicMerge:\n  - |-\n    apiVersion: apps/v1\n    kind: Deployment\n');
      writeFileSync(join(dir, 'json.yaml'), '- op: add\n  path: /spec/replicas\n  value: 2\n');
      writeFileSync(join(dir, 'web.yaml'), deployment);
      assert.equal(skippedReason(join(dir, 'json.yaml')), 'kustomize patch');
      assert.equal(skippedReason(join(dir, 'web.yaml')), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      invalidateKustomizations();
    }
  });

  test('a document with $patch is not an object; a file of only such documents is skipped', () => {
    const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          resources:\n            $patch: delete\n';
    assert.equal(parseManifestFile('patch.yaml', patch).skipped, 'kustomize patch');
    const mixed = `${patch}---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: c:1}]\n`;
    const { findings } = lintText('mixed.yaml', mixed, lintOptions());
    assert.ok(findings.length > 0);
    assert.ok(findings.every((finding) => finding.start > patch.length), 'no finding on the patch document');
    // `$patch` inside a string value (a block scalar) is no directive.
    const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  k: |\n    $patch: delete\n';
    assert.equal(parseManifestFile('cm.yaml', configMap).skipped, undefined);
  });

  test('the CLI lists them as skipped, in JSON and SARIF', async () => {
    const json = await cli(['scan', '--format', 'json', join(METRICS_SERVER, 'components')]);
    const files = JSON.parse(json.stdout).files as { path: string; skipped?: string; findings: unknown[] }[];
    const patch = files.find((file) => file.path.endsWith(join('autoscale', 'patch.yaml')));
    assert.deepEqual(patch, { path: patch!.path, findings: [], skipped: 'kustomize patch' });
    const sarif = await cli(['scan', '--format', 'sarif', join(METRICS_SERVER, 'components')]);
    assert.match(sarif.stdout, /skipped: kustomize patch/);
  });
});

// `--kubernetes-version` decides the API-version verdicts: a table per release, run through the CLI flag.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleById } from '../../server/src/engine/registry.ts';
import { apiVerdict } from '../../server/src/rules/api-versions/verdict.ts';
import { run, workspace } from '../cli/helpers.ts';

const RELEASES = ['1.16', '1.22', '1.25', '1.26', '1.29', '1.32', '1.37'] as const;
type Expected = '-' | 'deprecated' | 'removed';
const D = 'deprecated';
const R = 'removed';

/** apiVersion, kind, then the verdict at each release of RELEASES. */
const TABLE: [string, string, Expected[]][] = [
  ['extensions/v1beta1', 'Deployment', [R, R, R, R, R, R, R]],
  ['extensions/v1beta1', 'Ingress', [D, R, R, R, R, R, R]],
  ['networking.k8s.io/v1beta1', 'Ingress', ['-', R, R, R, R, R, R]],
  ['rbac.authorization.k8s.io/v1beta1', 'Role', ['-', R, R, R, R, R, R]],
  ['batch/v1beta1', 'CronJob', ['-', D, R, R, R, R, R]],
  ['policy/v1beta1', 'PodSecurityPolicy', ['-', D, R, R, R, R, R]],
  ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', ['-', '-', D, R, R, R, R]],
  ['storage.k8s.io/v1beta1', 'CSIStorageCapacity', ['-', '-', D, D, R, R, R]],
  ['flowcontrol.apiserver.k8s.io/v1beta2', 'FlowSchema', ['-', '-', '-', D, R, R, R]],
  ['flowcontrol.apiserver.k8s.io/v1beta3', 'PriorityLevelConfiguration', ['-', '-', '-', '-', D, R, R]],
  ['storage.k8s.io/v1beta1', 'VolumeAttributesClass', ['-', '-', '-', '-', '-', '-', R]],
  ['v1', 'Endpoints', ['-', '-', '-', '-', '-', '-', D]],
  ['resource.k8s.io/v1beta2', 'ResourceClaim', ['-', '-', '-', '-', '-', '-', D]],
  ['apps/v1', 'Deployment', ['-', '-', '-', '-', '-', '-', '-']],
];

function manifest(apiVersion: string, kind: string, index: number): string {
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: object-${index}\n  namespace: shop\n`;
}

const RULES = [ruleById('removed-api-version')!, ruleById('deprecated-api-version')!];
const files = Object.fromEntries(TABLE.map(([apiVersion, kind], index) => [`m${index}.yaml`, manifest(apiVersion, kind, index)]));

/** file -> verdict, from the JSON output of `kube-hardener scan --kubernetes-version <release>`. */
async function verdictsAt(release: string): Promise<Map<string, string>> {
  const cwd = workspace(files);
  const result = await run(['scan', '--format', 'json', '--kubernetes-version', release, '.'], { cwd, rules: RULES });
  const report = JSON.parse(result.stdout);
  const verdicts = new Map<string, string>();
  for (const file of report.files ?? []) {
    for (const finding of file.findings ?? []) verdicts.set(String(file.path).replace(/^\.\//, ''), finding.rule === 'removed-api-version' ? R : D);
  }
  return verdicts;
}

describe('--kubernetes-version changes the removed/deprecated verdicts', () => {
  RELEASES.forEach((release, column) => {
    test(`Kubernetes ${release}`, async () => {
      const verdicts = await verdictsAt(release);
      const actual = TABLE.map(([apiVersion, kind], index) => `${apiVersion} ${kind}: ${verdicts.get(`m${index}.yaml`) ?? '-'}`);
      const expected = TABLE.map(([apiVersion, kind, row]) => `${apiVersion} ${kind}: ${row[column]}`);
      assert.deepEqual(actual, expected);
    });
  });
});

describe('the replacement follows the release', () => {
  test('extensions/v1beta1 Ingress before networking.k8s.io/v1 existed: no target yet, the release named', () => {
    const verdict = apiVerdict('extensions/v1beta1', 'Ingress', '1.16');
    assert.equal(verdict?.target, undefined);
    assert.equal(verdict?.targetFrom, '1.19');
  });
  test('a replacement removed later is skipped: flowcontrol v1beta2 -> v1 at 1.32, v1beta3 at 1.26', () => {
    assert.equal(apiVerdict('flowcontrol.apiserver.k8s.io/v1beta2', 'FlowSchema', '1.26')?.target?.apiVersion, 'flowcontrol.apiserver.k8s.io/v1beta3');
    assert.equal(apiVerdict('flowcontrol.apiserver.k8s.io/v1beta2', 'FlowSchema', '1.32')?.target?.apiVersion, 'flowcontrol.apiserver.k8s.io/v1');
  });
  test('extensions/v1beta1 PodSecurityPolicy: policy/v1beta1 until 1.25, then nothing', () => {
    assert.equal(apiVerdict('extensions/v1beta1', 'PodSecurityPolicy', '1.22')?.target?.apiVersion, 'policy/v1beta1');
    assert.equal(apiVerdict('extensions/v1beta1', 'PodSecurityPolicy', '1.25')?.target, undefined);
  });
  test('a newer release than the newest known is judged as the newest', () => {
    assert.equal(apiVerdict('storage.k8s.io/v1beta1', 'VolumeAttributesClass', '1.99')?.status, 'removed');
  });
});

test('flowcontrol v1beta1 moves to v1beta2 while v1beta3 does not exist yet (1.23-1.25), then on', () => {
  assert.equal(apiVerdict('flowcontrol.apiserver.k8s.io/v1beta1', 'FlowSchema', '1.23')?.target?.apiVersion, 'flowcontrol.apiserver.k8s.io/v1beta2');
  assert.equal(apiVerdict('flowcontrol.apiserver.k8s.io/v1beta1', 'FlowSchema', '1.37')?.target?.apiVersion, 'flowcontrol.apiserver.k8s.io/v1');
  const level = apiVerdict('flowcontrol.apiserver.k8s.io/v1beta1', 'PriorityLevelConfiguration', '1.29');
  assert.deepEqual(level?.target, { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', kind: 'PriorityLevelConfiguration', compatible: false }, 'the v1beta3 rename makes the chain incompatible');
});

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestFile } from '../../server/src/engine/parse.ts';
import { objectsOf } from '../../server/src/engine/objects.ts';
import { lintText } from '../../server/src/engine/lint.ts';
import { fixAll } from '../../server/src/engine/fix.ts';
import { ruleById } from '../../server/src/engine/registry.ts';
import type { UserConfig } from '../../server/src/engine/config.ts';
import { Component, flagSourcesOf, resolveFlag } from '../../server/src/control-plane/flags.ts';
import { lintOptions } from '../helpers/lint.ts';

/** The effective value of a flag in the first source of the first object of a manifest. */
function effective(text: string, component: Component, flag: string, version = '1.33'): string | undefined {
  const [object] = objectsOf(parseManifestFile('test.yaml', text));
  const [source] = flagSourcesOf(object, component);
  assert.ok(source, 'a flag source');
  return resolveFlag(source, flag, version).value;
}

function pod(command: string): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: x\n      command: ${command}\n`;
}

function findings(ruleId: string, text: string, config: UserConfig = {}) {
  return lintText('test.yaml', text, lintOptions(config, [ruleById(ruleId)!])).findings;
}

describe('flag model', () => {
  test('a boolean flag takes no separate value: `--profiling false` is profiling=true', () => {
    assert.equal(effective(pod('[kube-apiserver, --profiling, "false"]'), 'kube-apiserver', 'profiling'), 'true');
    assert.equal(effective(pod('[kube-apiserver, --profiling=false]'), 'kube-apiserver', 'profiling'), 'false');
  });

  test('a null or mapping item does not end the list: flags after it are read (found by the fuzzer)', () => {
    assert.equal(effective(pod('[kube-apiserver, null, --profiling=false]'), 'kube-apiserver', 'profiling'), 'false');
    assert.equal(effective(pod('[kube-apiserver, {a: 1}, --profiling=false]'), 'kube-apiserver', 'profiling'), 'false');
  });

  test('a value flag takes the next item, and the last repeat wins', () => {
    const text = pod('[kube-apiserver, --authorization-mode, RBAC, "--authorization-mode=AlwaysAllow"]');
    assert.equal(effective(text, 'kube-apiserver', 'authorization-mode'), 'AlwaysAllow');
  });

  test('absent flags take the binary default; kubeadm and --config change the base', () => {
    assert.equal(effective(pod('[kube-apiserver]'), 'kube-apiserver', 'authorization-mode'), 'AlwaysAllow');
    assert.equal(effective(pod('[/usr/local/bin/kubelet]'), 'kubelet', 'read-only-port'), '10255');
    assert.equal(effective(pod('[kubelet, --config=/var/lib/kubelet/config.yaml]'), 'kubelet', 'read-only-port'), '0');
    const kubeadm = 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n';
    assert.equal(effective(kubeadm, 'kube-apiserver', 'authorization-mode'), 'Node,RBAC');
    assert.equal(effective(kubeadm, 'etcd', 'client-cert-auth'), 'true');
    const kubelet = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n';
    assert.equal(effective(kubelet, 'kubelet', 'anonymous-auth'), 'false');
    assert.equal(effective(kubelet, 'kubelet', 'authorization-mode'), 'Webhook');
  });

  test('hyperkube, sh -c with exec and variables, and a binary that is not the component', () => {
    assert.equal(effective(pod('[/hyperkube, kube-apiserver, --profiling=false]'), 'kube-apiserver', 'profiling'), 'false');
    assert.equal(effective(pod('[bash, -ec, "set -x; FOO=1 exec /bin/etcd --auto-tls=\'true\'"]'), 'etcd', 'auto-tls'), 'true');
    const [object] = objectsOf(parseManifestFile('t.yaml', pod('[kube-controller-manager, --profiling=true]')));
    assert.deepEqual(flagSourcesOf(object, 'kube-apiserver'), []);
  });

  test('etcd reads ETCD_* variables below its command line', () => {
    const text = `${pod('[etcd, --auto-tls=false]')}      env:\n        - {name: ETCD_AUTO_TLS, value: "true"}\n        - {name: ETCD_CLIENT_CERT_AUTH, value: "true"}\n`;
    assert.equal(effective(text, 'etcd', 'auto-tls'), 'false');
    assert.equal(effective(text, 'etcd', 'client-cert-auth'), 'true');
  });
});

describe('--insecure-port follows kubernetesVersion', () => {
  const text = pod('[kube-apiserver, --anonymous-auth=false, --profiling=false, "--authorization-mode=Node,RBAC"]');
  for (const [version, expected] of [['1.16', 1], ['1.19', 1], ['1.20', 0], ['1.33', 0]] as const) {
    test(`${version}: ${expected ? 'flagged when absent (default 8080)' : 'not judged'}`, () => {
      assert.equal(findings('apiserver-insecure-flags', text, { kubernetesVersion: version }).length, expected);
    });
  }

  test('the fix adds --insecure-port=0 and is idempotent', () => {
    const options = lintOptions({ kubernetesVersion: '1.19' }, [ruleById('apiserver-insecure-flags')!]);
    const fixed = fixAll('test.yaml', text, options, { unsafe: false });
    assert.match(fixed.text, /, "--insecure-port=0"\]/, "quoted like the flag before it");
    assert.deepEqual(fixed.remaining.map((f) => f.message), []);
    assert.equal(fixAll('test.yaml', fixed.text, options, { unsafe: false }).text, fixed.text);
  });

  test('KMS v1 is judged deprecated from 1.28 on', () => {
    const config = 'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - kms: {name: k, endpoint: unix:///k.sock}\n';
    assert.equal(findings('encryption-provider-weak', config, { kubernetesVersion: '1.27' }).length, 0);
    assert.equal(findings('encryption-provider-weak', config, { kubernetesVersion: '1.28' }).length, 1);
  });
});

describe('shell scripts', () => {
  test('odd whitespace, unclosed quotes and operators never hang or throw', async () => {
    const { shellCommands } = await import('../../server/src/control-plane/shell.ts');
    for (const script of ['\f\v\u00a0etcd', 'etcd "unclosed', "etcd 'unclosed", 'etcd \\', '&&||;;|&', 'a\\\nb # c', '']) {
      assert.ok(Array.isArray(shellCommands(script)));
    }
    assert.deepEqual(shellCommands('a "b c" d\\ e; f').map((words) => words.map((word) => word.text)), [['a', 'b c', 'd e'], ['f']]);
  });
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { UserConfig } from '../../server/src/engine/config.ts';
import { lintText } from '../../server/src/engine/lint.ts';
import { ruleById } from '../../server/src/engine/registry.ts';
import { globMatches } from '../../server/src/rules/sandbox/untrusted-match.ts';
import { indexOf, lintOptions } from '../helpers/lint.ts';

/** Messages of one rule's findings for a text, linted as a one-file workspace. */
function messages(ruleId: string, text: string, config: UserConfig = {}, extraFiles: Record<string, string> = {}): string[] {
  const options = lintOptions(config, [ruleById(ruleId)!], indexOf({ 'test.yaml': text, ...extraFiles }));
  return lintText('test.yaml', text, options).findings.map((finding) => finding.message);
}

function pod(spec: string): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${spec.replace(/^/gm, '  ')}\n`;
}

const container = 'containers:\n  - name: app\n    image: nginx:1.27';

describe('unsafe-sysctls follows the safe set of the configured version', () => {
  const withSysctl = (name: string) => pod(`securityContext:\n  sysctls:\n    - name: ${name}\n      value: "1"\n${container}`);
  for (const [name, before, from] of [
    ['net.ipv4.ip_local_reserved_ports', '1.26', '1.27'],
    ['net.ipv4.tcp_keepalive_time', '1.28', '1.29'],
    ['net.ipv4.tcp_fin_timeout', '1.28', '1.29'],
    ['net.ipv4.tcp_rmem', '1.31', '1.32'],
    ['net.ipv4.tcp_wmem', '1.31', '1.32'],
    ['net.ipv4.tcp_slow_start_after_idle', '1.36', '1.37'],
    ['net.ipv4.tcp_notsent_lowat', '1.36', '1.37'],
  ]) {
    test(`${name} is unsafe at ${before}, safe from ${from}`, () => {
      const found = messages('unsafe-sysctls', withSysctl(name), { kubernetesVersion: before });
      assert.equal(found.length, 1);
      assert.match(found[0], new RegExp(`safe only from Kubernetes ${from.replace('.', '\\.')}`));
      assert.deepEqual(messages('unsafe-sysctls', withSysctl(name), { kubernetesVersion: from }), []);
    });
  }
  test('kernel.shm_rmid_forced is safe at every version', () => {
    assert.deepEqual(messages('unsafe-sysctls', withSysctl('kernel.shm_rmid_forced'), { kubernetesVersion: '1.22' }), []);
  });
});

describe('selinux-override allows container_engine_t from 1.31', () => {
  const text = pod(`securityContext:\n  seLinuxOptions:\n    type: container_engine_t\n${container}`);
  test('1.30 reports it, 1.31 does not', () => {
    assert.equal(messages('selinux-override', text, { kubernetesVersion: '1.30' }).length, 1);
    assert.deepEqual(messages('selinux-override', text, { kubernetesVersion: '1.31' }), []);
  });
});

describe('host-probes-and-lifecycle starts at 1.34', () => {
  const text = pod(`containers:\n  - name: app\n    image: nginx:1.27\n    livenessProbe:\n      tcpSocket: {host: 10.0.0.1, port: 80}`);
  test('1.33 reports nothing, 1.34 reports the host', () => {
    assert.deepEqual(messages('host-probes-and-lifecycle', text, { kubernetesVersion: '1.33' }), []);
    assert.equal(messages('host-probes-and-lifecycle', text, { kubernetesVersion: '1.34' }).length, 1);
  });
});

describe('unsafe-proc-mount and user namespaces', () => {
  const unmasked = (hostUsers: boolean) =>
    pod(`hostUsers: ${hostUsers}\ncontainers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      procMount: Unmasked`);
  test('baseline from 1.35 allows Unmasked with hostUsers: false', () => {
    assert.deepEqual(messages('unsafe-proc-mount', unmasked(false), { profile: 'baseline', kubernetesVersion: '1.35' }), []);
  });
  test('baseline before 1.35 does not', () => {
    assert.equal(messages('unsafe-proc-mount', unmasked(false), { profile: 'baseline', kubernetesVersion: '1.34' }).length, 1);
  });
  test('baseline never allows it for pods in the host user namespace', () => {
    assert.equal(messages('unsafe-proc-mount', unmasked(true), { profile: 'baseline' }).length, 1);
  });
  test('restricted never allows it', () => {
    const found = messages('unsafe-proc-mount', unmasked(false), { profile: 'restricted' });
    assert.equal(found.length, 1);
    assert.match(found[0], /restricted profile requires Default/);
  });
});

describe('restricted-volume-types', () => {
  const withVolume = (volume: string) => pod(`${container}\nvolumes:\n  - name: v\n    ${volume}`);
  test('image volumes are allowed from 1.33', () => {
    const image = withVolume('image: {reference: registry.example.com/data:1}');
    const found = messages('restricted-volume-types', image, { kubernetesVersion: '1.32' });
    assert.equal(found.length, 1);
    assert.match(found[0], /allowed from Kubernetes 1\.33/);
    assert.deepEqual(messages('restricted-volume-types', image, { kubernetesVersion: '1.33' }), []);
  });
  test('hostPath is left to host-path-volume while that rule is on', () => {
    const text = withVolume('hostPath: {path: /data}');
    const run = (hostPathRuleEnabled: boolean) => {
      const options = lintOptions({}, [ruleById('restricted-volume-types')!]);
      options.config.rules.set('host-path-volume', { enabled: hostPathRuleEnabled, options: {} });
      return lintText('test.yaml', text, options).findings.map((finding) => finding.ruleId);
    };
    assert.deepEqual(run(true), []);
    assert.deepEqual(run(false), ['restricted-volume-types']);
  });
  test('the baseline profile turns the rule off', () => {
    assert.deepEqual(messages('restricted-volume-types', withVolume('nfs: {server: nfs, path: /}'), { profile: 'baseline' }), []);
  });
});

describe('sandbox rules', () => {
  test('image globs: * matches any run of characters, the rest literally', () => {
    assert.ok(globMatches('ghcr.io/community-plugins/*', 'ghcr.io/community-plugins/a/b:1'));
    assert.ok(globMatches('*/untrusted:*', 'registry.example.com/untrusted:2'));
    assert.ok(!globMatches('ghcr.io/community-plugins/*', 'ghcr.io/community-pluginsX/a'));
    assert.ok(!globMatches('docker.io/library/nginx', 'docker.io/library/nginxXlatest'));
  });
  test('unsandboxed-untrusted-workload finds nothing until untrusted is configured', () => {
    assert.deepEqual(messages('unsandboxed-untrusted-workload', pod(container)), []);
  });
  test('unknown-runtime-class reads RuntimeClasses from other files of the workspace', () => {
    const text = pod(`runtimeClassName: gvisr\n${container}`);
    const runtimeClass = 'apiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata:\n  name: gvisor\nhandler: runsc\n';
    assert.deepEqual(messages('unknown-runtime-class', text), []);
    assert.equal(messages('unknown-runtime-class', text, {}, { 'runtime-classes.yaml': runtimeClass }).length, 1);
    assert.deepEqual(messages('unknown-runtime-class', pod(`runtimeClassName: gvisor\n${container}`), {}, { 'runtime-classes.yaml': runtimeClass }), []);
  });
});

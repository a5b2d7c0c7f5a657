import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ruleById } from '../../server/src/engine/registry.ts';
import { lintText } from '../../server/src/engine/lint.ts';
import type { UserConfig } from '../../server/src/engine/config.ts';
import { indexOf, lintOptions } from '../helpers/lint.ts';

/** Messages that must be exactly true of the manifest (issue #8): each case is one thing a message used to get wrong. */
function messages(text: string, id: string, config: UserConfig = {}): string[] {
  const options = lintOptions(config, [ruleById(id)!], indexOf({ 'test.yaml': text }));
  return lintText('test.yaml', text, options).findings.filter((f) => f.ruleId === id).map((f) => f.message);
}

function pod(containerLines: string[], podLines: string[] = []): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: agent}',
    'spec:',
    ...podLines.map((line) => `  ${line}`),
    '  containers:',
    '    - name: agent',
    '      image: registry.example.com/agent:1.0',
    ...containerLines.map((line) => `      ${line}`),
    '',
  ].join('\n');
}

describe('privileged containers', () => {
  const privileged = pod(['securityContext: {privileged: true}']);

  test('privilege-escalation does not talk of setuid binaries: a privileged container always escalates', () => {
    const [message] = messages(privileged, 'privilege-escalation');
    assert.doesNotMatch(message, /setuid/);
    assert.match(message, /is privileged, which always allows privilege escalation/);
  });

  test('capabilities-not-dropped does not say it keeps the default set: it has every capability', () => {
    const [message] = messages(privileged, 'capabilities-not-dropped');
    assert.doesNotMatch(message, /default set/);
    assert.match(message, /is privileged: it has every capability/);
  });

  test('unprivileged containers keep the usual messages', () => {
    const plain = pod(['securityContext: {capabilities: {drop: [NET_RAW]}}']);
    assert.match(messages(plain, 'privilege-escalation')[0], /setuid binaries can make its processes root/);
    assert.equal(messages(plain, 'capabilities-not-dropped')[0], 'container "agent" drops NET_RAW but not ALL: it keeps the rest of the container runtime\'s default capabilities');
  });
});

describe('run-as-root with a non-zero runAsUser', () => {
  test('a container with runAsUser: 1000 is not said to run as root', () => {
    const [message] = messages(pod(['securityContext: {runAsUser: 1000}']), 'run-as-root');
    assert.doesNotMatch(message, /may run as root/);
    assert.equal(message, 'container "agent" runs as uid 1000, not root, but neither it nor the pod sets runAsNonRoot: true, which the restricted policy requires');
  });

  test('the pod-level runAsUser counts for containers that do not set their own', () => {
    assert.match(messages(pod([], ['securityContext: {runAsUser: 1000}']), 'run-as-root')[0], /runs as uid 1000, not root/);
    assert.match(messages(pod(['securityContext: {runAsNonRoot: false}'], ['securityContext: {runAsUser: 1000}']), 'run-as-root')[0], /sets runAsNonRoot to false: it runs as uid 1000, but/);
  });

  test('without runAsUser the image decides: "may run as root" is true', () => {
    assert.match(messages(pod([]), 'run-as-root')[0], /may run as root/);
    assert.match(messages(pod(['securityContext: {runAsUser: 0}']), 'run-as-root').join('\n'), /runs as the root user \(uid 0\)/);
  });

  test('a pod-level runAsUser: 0 says what containers inherit', () => {
    assert.ok(messages(pod(['securityContext: {runAsNonRoot: true}'], ['securityContext: {runAsUser: 0}']), 'run-as-root').includes(
      'pod securityContext sets runAsUser: 0: containers that do not set their own runAsUser run as the root user (uid 0)',
    ));
  });
});

describe('host-path-volume names what the path exposes', () => {
  function hostPath(path: string, readOnly = false): string {
    return pod([`volumeMounts: [{name: v, mountPath: /host, readOnly: ${readOnly}}]`], ['volumes:', `  - {name: v, hostPath: {path: "${path}"}}`]);
  }

  test('"socket" only for runtime sockets', () => {
    for (const path of ['/run/flannel', '/run/xtables.lock', '/var/run/xtables.lock', '/etc/cni/net.d', '/var/lib/kubelet/plugins_registry']) {
      assert.doesNotMatch(messages(hostPath(path), 'host-path-volume')[0], /socket/, path);
    }
    for (const path of ['/var/run/docker.sock', '/run/containerd', '/run/containerd/containerd.sock', '/var/run/crio/crio.sock', '/run']) {
      assert.match(messages(hostPath(path), 'host-path-volume')[0], /runtime socket/, path);
    }
    assert.match(messages(hostPath('/run/xtables.lock'), 'host-path-volume')[0], /iptables lock/);
    assert.match(messages(hostPath('/run/flannel'), 'host-path-volume')[0], /runtime state a node service keeps in \/run\/flannel/);
  });

  test('/usr, /lib, /bin and /sbin read-only stay a warning, writable they are errors', () => {
    const options = (path: string, readOnly: boolean) => {
      const text = hostPath(path, readOnly);
      return lintText('t.yaml', text, lintOptions({}, [ruleById('host-path-volume')!])).findings.map((f) => `${f.severity}: ${f.message}`);
    };
    for (const path of ['/usr', '/lib', '/bin', '/sbin', '/usr/lib/modules']) {
      assert.match(options(path, true)[0], /^warning: .* read-only, which exposes the programs and libraries/, path);
      assert.match(options(path, false)[0], /^error: /, path);
    }
    assert.match(options('/etc', true)[0], /^error: .* read-only/);
  });

  test('the kubelet\'s directories are told apart', () => {
    assert.match(messages(hostPath('/var/lib/kubelet/pods'), 'host-path-volume')[0], /every pod's volumes/);
    assert.doesNotMatch(messages(hostPath('/var/lib/kubelet/plugins_registry'), 'host-path-volume')[0], /Secrets/);
  });
});

describe('credentials-in-configmap in config files', () => {
  test('names the field and line, never the value', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kiali}\ndata:\n  config.yaml: |\n    login_token:\n      signing_key: CHANGEME00000000\n    auth: {strategy: token}\n  h.conf: |\n    Authorization: Bearer abcdefghijklmnop1234\n';
    const found = messages(text, 'credentials-in-configmap');
    assert.deepEqual(found, [
      'ConfigMap kiali: data key "config.yaml" holds a config file that assigns a credential ("signing_key" at line 7); keep credentials in a Secret',
      'ConfigMap kiali: data key "h.conf" holds a config file that assigns a credential (a bearer token at line 10); keep credentials in a Secret',
    ]);
    for (const message of found) assert.doesNotMatch(message, /CHANGEME|abcdefghijklmnop/);
  });
});

describe('network messages', () => {
  test('service-exposed names the open range', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: lb, namespace: shop}\nspec:\n  type: LoadBalancer\n  loadBalancerSourceRanges: [10.0.0.0/8, "::/0"]\n';
    assert.deepEqual(messages(text, 'service-exposed'), ['Service shop/lb is a LoadBalancer whose loadBalancerSourceRanges includes ::/0: any address can connect']);
  });

  test('ingress-snippet-annotation names the characters, not the value', () => {
    const text = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: x\n  annotations:\n    nginx.ingress.kubernetes.io/mirror-target: "http://m; evil"\n';
    assert.deepEqual(messages(text, 'ingress-snippet-annotation'), [
      'Ingress x: the value of nginx.ingress.kubernetes.io/mirror-target contains ";", which end the nginx directive it is written into and inject configuration (IngressNightmare)',
    ]);
  });
});

describe('capabilities-not-dropped and the spelling of ALL', () => {
  test('drop: [all] is not said to keep the default set (excerpt of istio samples/bookinfo/platform/kube/bookinfo-psa.yaml)', () => {
    const [message] = messages(pod(['securityContext:', '  capabilities:', '    drop:', '    - all', '  runAsNonRoot: true']), 'capabilities-not-dropped');
    assert.equal(message, 'container "agent" drops "all": containerd and CRI-O read it as ALL, but Pod Security admission accepts only the exact spelling ALL');
  });
});

describe('other pod-security messages against Kubernetes behaviour', () => {
  test('missing-seccomp-profile: a privileged container runs unconfined whatever profile is set', () => {
    assert.match(messages(pod(['securityContext: {privileged: true}']), 'missing-seccomp-profile')[0], /privileged container it runs unconfined whatever profile is set/);
    assert.match(messages(pod([]), 'missing-seccomp-profile')[0], /runs unconfined unless the kubelet defaults to RuntimeDefault/);
  });

  test('host-namespaces: hostNetwork captures traffic only with NET_RAW', () => {
    const [message] = messages(pod([], ['hostNetwork: true']), 'host-namespaces');
    assert.doesNotMatch(message, /see all node traffic/);
    assert.match(message, /with NET_RAW/);
  });

  test('unsafe-proc-mount: the container\'s own /proc is unmasked, not the host\'s', () => {
    const [message] = messages(pod(['securityContext: {procMount: Unmasked}']), 'unsafe-proc-mount');
    assert.doesNotMatch(message, /host's \/proc/);
    assert.match(message, /masks the sensitive paths of its \/proc/);
  });
});

describe('host-path-volume on calico and longhorn paths', () => {
  const hostPath = (path: string, readOnly: boolean) =>
    messages(pod([`volumeMounts: [{name: v, mountPath: /host, readOnly: ${readOnly}}]`], ['volumes:', `  - {name: v, hostPath: {path: "${path}"}}`]), 'host-path-volume')[0];

  test('a read-only mount is not said to be written', () => {
    assert.doesNotMatch(hostPath('/lib/modules', true), /writes/);
    assert.match(hostPath('/lib/modules', false), /plants code the kernel loads/);
  });

  test('one file or service below /etc is not all of the node\'s credentials', () => {
    assert.match(hostPath('/etc/resolv.conf', true), /DNS resolver configuration$/);
    assert.match(hostPath('/etc/calico', false), /node configuration in \/etc\/calico$/);
    assert.match(hostPath('/etc', true), /SSH keys/);
  });

  test('/sys is told apart: bpf, cgroups, securityfs', () => {
    assert.match(hostPath('/sys/fs/bpf', false), /eBPF/);
    assert.match(hostPath('/sys/fs/cgroup', false), /release_agent/);
    assert.match(hostPath('/sys/kernel/security', true), /security module/);
  });
});

describe('missing-security-context says what the pod level still gives', () => {
  test('with a pod securityContext, the container inherits user and seccomp settings', () => {
    assert.match(messages(pod([], ['securityContext: {runAsNonRoot: true}']), 'missing-security-context')[0], /inherits the pod's user and seccomp settings/);
    assert.match(messages(pod([]), 'missing-security-context')[0], /neither has the pod/);
  });
});

import { defineRule } from '../../engine/rule.ts';
import { flagSourcesOf, flagTarget, hasFlag, kindsOf, resolveFlag } from '../../control-plane/flags.ts';
import { staticPodExample } from './doc-examples.ts';

const ETCD_CLIENT_FLAGS = ['etcd-certfile', 'etcd-keyfile', 'etcd-cafile'];

export default defineRule({
  id: 'apiserver-etcd-tls',
  title: 'API server talks to etcd without TLS',
  category: 'control-plane',
  severity: 'error',
  scope: 'control-plane',
  kinds: kindsOf('kube-apiserver'),
  fixable: false,
  docs: {
    description:
      'Flags a kube-apiserver (static pod, RKE2 pod, any workload running the binary, or a kubeadm ClusterConfiguration) without ' +
      '`--etcd-certfile`, `--etcd-keyfile` or `--etcd-cafile`, or whose `--etcd-servers` use `http://`.',
    rationale:
      'Every object the API server stores, Secrets and ServiceAccount tokens included, crosses this connection. Without a CA ' +
      'the API server cannot tell the real etcd from an impostor; without a client certificate etcd cannot require one, so ' +
      'its client port stays open to anyone who reaches it.',
    incorrect: staticPodExample('kube-apiserver', ['--etcd-servers=https://127.0.0.1:2379']),
    correct: staticPodExample('kube-apiserver', ['--etcd-servers=https://127.0.0.1:2379', '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt', '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt', '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key']),
    fix: 'None: the flags name certificate files that must exist on the node.',
    references: [
      'https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#securing-communication',
      'CIS Kubernetes Benchmark 1.2.29 (etcd-certfile/keyfile), 1.2.30 (etcd-cafile)',
    ],
    notes:
      'A kubeadm ClusterConfiguration with a local etcd gets these flags from kubeadm; with `etcd.external` it gets them from ' +
      '`caFile`, `certFile` and `keyFile` there, so those are what is judged.',
  },
  check(ctx) {
    for (const source of flagSourcesOf(ctx.object, 'kube-apiserver')) {
      const missing = ETCD_CLIENT_FLAGS.filter((name) => !hasFlag(source, name));
      if (missing.length > 0) {
        ctx.report({
          node: source.anchor,
          message: `kube-apiserver (${source.where}) connects to etcd without ${missing.map((name) => `--${name}`).join(', ')}`,
        });
      }
      const servers = resolveFlag(source, 'etcd-servers', ctx.config.kubernetesVersion);
      if (servers.written && /(^|,)\s*http:\/\//.test(servers.value ?? '')) {
        ctx.report({ ...flagTarget(source, 'etcd-servers'), message: `kube-apiserver (${source.where}) connects to etcd over plain http (--etcd-servers)` });
      }
    }
  },
});

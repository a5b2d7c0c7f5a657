import { defineRule } from '../../engine/rule.ts';
import { flagSourcesOf, kindsOf } from '../../control-plane/flags.ts';
import { checkEtcdTls } from './etcd-tls.ts';
import { staticPodExample } from './doc-examples.ts';

export default defineRule({
  id: 'etcd-peer-tls',
  title: 'etcd peers talk without mutual TLS',
  category: 'control-plane',
  severity: 'error',
  scope: 'control-plane',
  kinds: kindsOf('etcd'),
  fixable: true,
  docs: {
    description:
      'Flags an etcd without `--peer-cert-file`/`--peer-key-file`, with `--peer-client-cert-auth` not true (its default is ' +
      'false), with `--peer-auto-tls=true`, or listening for peers on an `http://` URL.',
    rationale:
      'etcd members replicate every write, Secrets included, to each other. Without peer TLS the replication traffic can be read ' +
      'on the network; without peer certificate checks anyone who reaches the peer port can join the cluster as a member and ' +
      'receive a full copy of the data, or corrupt it.',
    incorrect: staticPodExample('etcd', ['--listen-peer-urls=https://10.0.0.10:2380', '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt', '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key', '--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt']),
    correct: staticPodExample('etcd', ['--listen-peer-urls=https://10.0.0.10:2380', '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt', '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key', '--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt', '--peer-client-cert-auth=true']),
    fix:
      'Sets `--peer-client-cert-auth=true` in the list\'s own style when `--peer-trusted-ca-file` is set (safe when the flag ' +
      'was absent, unsafe when it was explicitly false). Certificates and URLs have no automatic fix.',
    references: [
      'https://etcd.io/docs/v3.5/op-guide/security/',
      'CIS Kubernetes Benchmark 2.4, 2.5, 2.6',
    ],
    notes:
      'A single-member etcd has no peers, but kubeadm and most installers still configure peer TLS, and a second member can be ' +
      'added at any time: the rule does not guess the member count. Flags are read as for `etcd-client-tls`.',
  },
  check(ctx) {
    for (const source of flagSourcesOf(ctx.object, 'etcd')) {
      checkEtcdTls(ctx, source, {
        certFlags: ['peer-cert-file', 'peer-key-file'],
        authFlag: 'peer-client-cert-auth',
        caFlag: 'peer-trusted-ca-file',
        autoTlsFlag: 'peer-auto-tls',
        urlFlags: ['listen-peer-urls'],
        who: 'peers',
      });
    }
  },
});

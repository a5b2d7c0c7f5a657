import { defineRule } from '../../engine/rule.ts';
import { flagSourcesOf, kindsOf } from '../../control-plane/flags.ts';
import { checkEtcdTls } from './etcd-tls.ts';
import { staticPodExample } from './doc-examples.ts';

export default defineRule({
  id: 'etcd-client-tls',
  title: 'etcd serves clients without mutual TLS',
  category: 'control-plane',
  severity: 'error',
  scope: 'control-plane',
  kinds: kindsOf('etcd'),
  fixable: true,
  docs: {
    description:
      'Flags an etcd (a static pod, any workload running the `etcd` binary, or a kubeadm ClusterConfiguration\'s local etcd) ' +
      'without `--cert-file`/`--key-file`, with `--client-cert-auth` not true (its default is false), with `--auto-tls=true`, ' +
      'or listening for clients on an `http://` URL.',
    rationale:
      'etcd holds every object of the cluster, Secrets included, in plain text unless encryption at rest is on. Whoever can reach ' +
      'its client port without a client certificate reads and writes all of it: cluster-admin without ever talking to the API ' +
      'server, and without an audit trail. Self-signed certificates (`--auto-tls`) cannot be verified, so they stop no ' +
      'man-in-the-middle.',
    incorrect: staticPodExample('etcd', ['--listen-client-urls=https://127.0.0.1:2379', '--cert-file=/etc/kubernetes/pki/etcd/server.crt', '--key-file=/etc/kubernetes/pki/etcd/server.key', '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt']),
    correct: staticPodExample('etcd', ['--listen-client-urls=https://127.0.0.1:2379', '--cert-file=/etc/kubernetes/pki/etcd/server.crt', '--key-file=/etc/kubernetes/pki/etcd/server.key', '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt', '--client-cert-auth=true']),
    fix:
      'Sets `--client-cert-auth=true` in the list\'s own style when `--trusted-ca-file` is set (safe when the flag was absent, ' +
      'unsafe when it was explicitly false). Certificates and URLs have no automatic fix: they need files on the node.',
    references: [
      'https://etcd.io/docs/v3.5/op-guide/security/',
      'https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#securing-etcd-clusters',
      'CIS Kubernetes Benchmark 2.1, 2.2, 2.3',
    ],
    notes:
      'Flags are read as etcd reads them: `--flag=value`, `--flag value`, a single dash, the last repeat wins, and `ETCD_*` ' +
      'environment variables for flags the command line does not set. An etcd started with `--config-file` ignores its other ' +
      'flags; it is not judged. A kubeadm ClusterConfiguration is judged with the flags kubeadm writes itself (client and peer ' +
      'certificates, `--client-cert-auth=true`) under its `extraArgs`.',
  },
  check(ctx) {
    for (const source of flagSourcesOf(ctx.object, 'etcd')) {
      checkEtcdTls(ctx, source, {
        certFlags: ['cert-file', 'key-file'],
        authFlag: 'client-cert-auth',
        caFlag: 'trusted-ca-file',
        autoTlsFlag: 'auto-tls',
        urlFlags: ['listen-client-urls'],
        who: 'clients',
      });
    }
  },
});


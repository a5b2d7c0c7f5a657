import { defineRule } from '../../engine/rule.ts';
import { flagSourcesOf, hasFlag, kindsOf } from '../../control-plane/flags.ts';
import { staticPodExample } from './doc-examples.ts';

export default defineRule({
  id: 'apiserver-encryption-at-rest',
  title: 'Secrets are not encrypted at rest',
  category: 'control-plane',
  severity: 'warning',
  scope: 'control-plane',
  kinds: kindsOf('kube-apiserver'),
  fixable: false,
  docs: {
    description: 'Flags a kube-apiserver (or kubeadm ClusterConfiguration) without `--encryption-provider-config`.',
    rationale:
      'Without an encryption configuration the API server writes Secrets to etcd as they are. Anyone who reads an etcd backup, ' +
      'a snapshot on disk or the etcd data directory of a node reads every password, token and key of the cluster.',
    incorrect: staticPodExample('kube-apiserver', ['--etcd-servers=https://127.0.0.1:2379']),
    correct: staticPodExample('kube-apiserver', ['--etcd-servers=https://127.0.0.1:2379', '--encryption-provider-config=/etc/kubernetes/encryption/config.yaml']),
    fix:
      'None: write an EncryptionConfiguration (see `encryption-provider-weak`), mount it into the pod and name it with ' +
      '`--encryption-provider-config`; then rewrite existing Secrets (`kubectl get secrets -A -o json | kubectl replace -f -`).',
    references: [
      'https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/',
      'CIS Kubernetes Benchmark 1.2.27',
    ],
  },
  check(ctx) {
    for (const source of flagSourcesOf(ctx.object, 'kube-apiserver')) {
      if (hasFlag(source, 'encryption-provider-config')) continue;
      ctx.report({
        node: source.anchor,
        message: `kube-apiserver (${source.where}) stores Secrets in etcd unencrypted: --encryption-provider-config not set`,
      });
    }
  },
});

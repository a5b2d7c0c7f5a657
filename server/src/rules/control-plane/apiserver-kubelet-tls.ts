import { defineRule } from '../../engine/rule.ts';
import { flagSourcesOf, hasFlag, kindsOf } from '../../control-plane/flags.ts';
import { staticPodExample } from './doc-examples.ts';

export default defineRule({
  id: 'apiserver-kubelet-tls',
  title: 'API server talks to kubelets without verified TLS',
  category: 'control-plane',
  severity: 'warning',
  scope: 'control-plane',
  kinds: kindsOf('kube-apiserver'),
  fixable: false,
  docs: {
    description:
      'Flags a kube-apiserver (or kubeadm ClusterConfiguration) without `--kubelet-client-certificate`/`--kubelet-client-key` ' +
      '(it cannot authenticate to kubelets) or without `--kubelet-certificate-authority` (it does not verify the kubelets\' ' +
      'serving certificates).',
    rationale:
      '`kubectl exec`, `logs`, `port-forward` and `attach` go from the API server to the kubelet. Without a CA to check the ' +
      'kubelet\'s certificate, whoever can intercept or impersonate a node\'s address receives those sessions, the commands ' +
      'typed and their output. Without a client certificate the kubelets must accept unauthenticated callers.',
    incorrect: staticPodExample('kube-apiserver', ['--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt', '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key']),
    correct: staticPodExample('kube-apiserver', ['--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt', '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key', '--kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt']),
    fix:
      'None: the kubelets must first serve certificates signed by that CA (`serverTLSBootstrap: true` in their ' +
      'KubeletConfiguration and approved CSRs); kubeadm\'s default kubelet certificates are self-signed.',
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/#certificate-rotation',
      'https://kubernetes.io/docs/concepts/architecture/control-plane-node-communication/#api-server-to-kubelet',
      'CIS Kubernetes Benchmark 1.2.4 (kubelet client certificate), 1.2.5 (kubelet certificate authority)',
    ],
    notes:
      'Not in the RULES.md catalog: a CIS Benchmark check judged from the same flags (issue #10). kubeadm writes the client ' +
      'certificate flags itself, not the certificate authority.',
  },
  check(ctx) {
    for (const source of flagSourcesOf(ctx.object, 'kube-apiserver')) {
      const missing = ['kubelet-client-certificate', 'kubelet-client-key', 'kubelet-certificate-authority'].filter((name) => !hasFlag(source, name));
      if (missing.length === 0) continue;
      ctx.report({
        node: source.anchor,
        message: `kube-apiserver (${source.where}) talks to kubelets without ${missing.map((name) => `--${name}`).join(', ')}`,
      });
    }
  },
});

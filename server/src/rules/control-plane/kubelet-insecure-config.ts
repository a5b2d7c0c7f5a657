import { defineRule } from '../../engine/rule.ts';
import { flagSourcesOf, flagTarget, isTrueFlag, kindsOf, resolveFlag } from '../../control-plane/flags.ts';

export default defineRule({
  id: 'kubelet-insecure-config',
  title: 'Kubelet open to anonymous or unauthorized requests',
  category: 'control-plane',
  severity: 'error',
  scope: 'control-plane',
  kinds: kindsOf('kubelet'),
  fixable: false,
  docs: {
    description:
      'Flags a KubeletConfiguration (kubelet.config.k8s.io/v1beta1), kubelet flags in a container running the binary, or ' +
      '`nodeRegistration.kubeletExtraArgs` of a kubeadm Init/JoinConfiguration, with anonymous authentication enabled, ' +
      'authorization mode AlwaysAllow, or a read-only port other than 0.',
    rationale:
      'The kubelet API runs commands in any container of the node (`/exec`, `/run`), reads their logs and lists every pod with ' +
      'its environment. Anonymous access with AlwaysAllow hands all of that to anyone who reaches port 10250; the read-only ' +
      'port 10255 serves pod specs and metrics without any authentication.',
    incorrect: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous:
    enabled: true
authorization:
  mode: AlwaysAllow
readOnlyPort: 10255
`,
    correct: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous:
    enabled: false
  webhook:
    enabled: true
authorization:
  mode: Webhook
readOnlyPort: 0
`,
    fix:
      'None: Webhook authorization needs webhook authentication and a client CA, and closing the read-only port breaks ' +
      'whatever scrapes it; change them together.',
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/',
      'https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/',
      'CIS Kubernetes Benchmark 4.2.1 (anonymous-auth), 4.2.2 (authorization-mode), 4.2.4 (read-only-port)',
    ],
    notes:
      'Defaults differ by where the kubelet reads them, as in the kubelet\'s own code: its flags default to anonymous auth on, ' +
      'AlwaysAllow and read-only port 10255 (`applyLegacyDefaults`), while a KubeletConfiguration defaults to anonymous auth ' +
      'off, Webhook and port 0. A kubelet started with `--config`, and the kubelet of a kubeadm Init/JoinConfiguration (kubeadm ' +
      'always writes a KubeletConfiguration), get the file\'s defaults under the flags.',
  },
  check(ctx) {
    const version = ctx.config.kubernetesVersion;
    for (const source of flagSourcesOf(ctx.object, 'kubelet')) {
      const anonymous = resolveFlag(source, 'anonymous-auth', version);
      if (anonymous.known && isTrueFlag(anonymous.value)) {
        ctx.report({ ...flagTarget(source, 'anonymous-auth'), message: `kubelet (${source.where}) accepts anonymous requests${anonymous.defaulted ? ' (--anonymous-auth defaults to true)' : ''}` });
      }
      const mode = resolveFlag(source, 'authorization-mode', version);
      if (mode.known && mode.value?.trim() === 'AlwaysAllow') {
        ctx.report({ ...flagTarget(source, 'authorization-mode'), message: `kubelet (${source.where}) authorizes every request: authorization mode AlwaysAllow${mode.defaulted ? ' (the flag default)' : ''}` });
      }
      const port = resolveFlag(source, 'read-only-port', version);
      if (port.known && port.value !== undefined && port.value.trim() !== '0') {
        ctx.report({ ...flagTarget(source, 'read-only-port'), message: `kubelet (${source.where}) serves the unauthenticated read-only port ${port.value}${port.defaulted ? ' (the flag default)' : ''}` });
      }
    }
  },
});

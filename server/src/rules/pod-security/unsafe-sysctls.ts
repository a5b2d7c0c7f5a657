import { isScalar } from 'yaml';
import { defineRule } from '../../engine/rule.ts';
import { nodeAt, seqItems } from '../../engine/nodes.ts';
import { podSecurityContext, WORKLOAD_KINDS } from '../../engine/workloads.ts';
import { safeSysctls, shortVersion, sysctlSafeFrom } from './pss-data.ts';

export default defineRule({
  id: 'unsafe-sysctls',
  title: 'Unsafe sysctl',
  category: 'pod-security',
  severity: 'error',
  profile: 'baseline',
  kinds: WORKLOAD_KINDS,
  fixable: false,
  docs: {
    description:
      'Flags names in `spec.securityContext.sysctls` outside the Pod Security safe set of the configured Kubernetes ' +
      'version: kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, ' +
      'net.ipv4.ip_unprivileged_port_start; from 1.27 net.ipv4.ip_local_reserved_ports; from 1.29 net.ipv4.tcp_keepalive_time, ' +
      'net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes; from 1.32 net.ipv4.tcp_rmem ' +
      'and net.ipv4.tcp_wmem.',
    rationale:
      'Only the safe sysctls are both namespaced and isolated from other pods. Any other one either changes the node ' +
      'kernel for every tenant (memory, scheduling, security knobs) or lets one pod exhaust a shared kernel resource, ' +
      'and a few switch off kernel protections outright.',
    incorrect: `apiVersion: v1
kind: Pod
metadata:
  name: queue
spec:
  securityContext:
    sysctls:
      - name: kernel.msgmax
        value: "65536"
  containers:
    - name: app
      image: registry.example.com/queue:2.1
`,
    correct: `apiVersion: v1
kind: Pod
metadata:
  name: queue
spec:
  securityContext:
    sysctls:
      - name: net.ipv4.ip_local_port_range
        value: "32768 60999"
  containers:
    - name: app
      image: registry.example.com/queue:2.1
`,
    fix:
      'None: whether the workload can live without the setting is a design decision. Drop the sysctl, or run the ' +
      'workload on dedicated nodes whose kubelet allows it (`--allowed-unsafe-sysctls`) in a namespace with a weaker ' +
      'Pod Security level.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/',
      'https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/pod-security-admission/policy/check_sysctls.go',
    ],
    notes:
      'The safe set follows pod-security-admission\'s check_sysctls.go, which also lists net.ipv4.tcp_rmem and ' +
      'net.ipv4.tcp_wmem from 1.32 (the catalog names only the 1.27 and 1.29 additions).',
  },
  check(ctx) {
    const workload = ctx.workload();
    if (!workload) return;
    const yaml = ctx.object.yaml;
    const version = shortVersion(ctx.config.kubernetesVersion);
    const safe = safeSysctls(ctx.config.kubernetesVersion);
    for (const sysctl of seqItems(yaml, nodeAt(yaml, podSecurityContext(workload), 'sysctls'))) {
      const nameNode = nodeAt(yaml, sysctl, 'name');
      if (!isScalar(nameNode) || nameNode.value == null) continue;
      const name = String(nameNode.value);
      if (safe.has(name)) continue;
      const later = sysctlSafeFrom(name);
      const reason = later
        ? `it is safe only from Kubernetes ${later} and the configured version is ${version}`
        : `it is not in the Pod Security safe set of Kubernetes ${version}`;
      ctx.report({ node: nameNode, message: `sysctl "${name}" is unsafe: ${reason}` });
    }
  },
});

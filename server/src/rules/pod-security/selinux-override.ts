import { isScalar } from 'yaml';
import { defineRule } from '../../engine/rule.ts';
import { mapAt, nodeAt } from '../../engine/nodes.ts';
import { WORKLOAD_KINDS } from '../../engine/workloads.ts';
import { allowedSeLinuxTypes, shortVersion } from './pss-data.ts';
import { securityContextsOf } from './pod-fields.ts';

export default defineRule({
  id: 'selinux-override',
  title: 'Custom SELinux options',
  category: 'pod-security',
  severity: 'error',
  profile: 'baseline',
  kinds: WORKLOAD_KINDS,
  fixable: false,
  docs: {
    description:
      'Flags `seLinuxOptions` at pod or container level whose `type` is not container_t, container_init_t, ' +
      'container_kvm_t or (from Kubernetes 1.31) container_engine_t, or that sets `user` or `role` at all.',
    rationale:
      'On SELinux hosts the container type is what keeps a process that escapes its namespaces away from host files, ' +
      'devices and other containers. Choosing another type, user or role can put the container in an unconfined or ' +
      'host-level domain (spc_t, unconfined_t, system_r) where SELinux no longer contains it.',
    incorrect: `apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  securityContext:
    seLinuxOptions:
      type: spc_t
  containers:
    - name: agent
      image: registry.example.com/agent:1.4
`,
    correct: `apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  securityContext:
    seLinuxOptions:
      level: "s0:c123,c456"
  containers:
    - name: agent
      image: registry.example.com/agent:1.4
`,
    fix: 'None: remove the custom type, user or role, or write an SELinux policy module and run the workload where it is allowed.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#assign-selinux-labels-to-a-container',
      'https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/pod-security-admission/policy/check_seLinuxOptions.go',
    ],
    notes:
      'container_engine_t is accepted only when `kubernetesVersion` is 1.31 or later, as in pod-security-admission. ' +
      '`level` is not restricted. Each level that sets seLinuxOptions is judged on its own, as admission does.',
  },
  check(ctx) {
    const workload = ctx.workload();
    if (!workload) return;
    const yaml = ctx.object.yaml;
    const allowedTypes = allowedSeLinuxTypes(ctx.config.kubernetesVersion);
    for (const { owner, context } of securityContextsOf(workload, ctx.containers())) {
      const options = mapAt(yaml, context, 'seLinuxOptions');
      if (!options) continue;
      const type = nodeAt(yaml, options, 'type');
      if (isScalar(type) && type.value != null && type.value !== '' && !allowedTypes.includes(String(type.value))) {
        ctx.report({
          node: type,
          message: `${owner} sets SELinux type ${String(type.value)}: Kubernetes ${shortVersion(ctx.config.kubernetesVersion)} allows only ${allowedTypes.join(', ')}`,
        });
      }
      for (const field of ['user', 'role']) {
        const value = nodeAt(yaml, options, field);
        if (!isScalar(value) || value.value == null || value.value === '') continue;
        ctx.report({ node: value, message: `${owner} sets SELinux ${field} ${String(value.value)}: a custom ${field} is not allowed` });
      }
    }
  },
});

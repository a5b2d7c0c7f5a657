import { defineRule } from '../../engine/rule.ts';
import { effectiveSetting, describeContainer } from '../../engine/workloads.ts';
import { WORKLOAD_KINDS } from '../../engine/workloads.ts';

export default defineRule({
  id: 'privileged-container',
  title: 'Privileged container',
  category: 'pod-security',
  severity: 'error',
  profile: 'baseline',
  kinds: WORKLOAD_KINDS,
  fixable: true,
  docs: {
    description: 'Flags containers with `securityContext.privileged: true`.',
    rationale:
      'A privileged container gets every capability and access to all host devices, with no seccomp or AppArmor confinement: ' +
      'root in it is root on the node. Mounting the host disk or loading a kernel module is one command away.',
    incorrect: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        privileged: true
`,
    correct: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        privileged: false
`,
    fix: 'Sets `privileged: false`. Unsafe: the manifest asked for it, and node agents (CNI, CSI, kube-proxy) need it.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'CIS Kubernetes Benchmark 5.2.2: minimize the admission of privileged containers',
    ],
  },
  check(ctx) {
    for (const container of ctx.containers()) {
      const privileged = effectiveSetting(container, 'privileged');
      if (privileged.value !== true || !privileged.node) continue;
      ctx.report({
        node: privileged.node,
        message: `${describeContainer(container)} runs privileged: it has full access to the node`,
        fixes: [{ title: 'Set privileged: false', safe: false, edits: [ctx.editor().replace(privileged.node, 'false')] }],
      });
    }
  },
});

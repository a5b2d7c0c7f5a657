import { isScalar, isSeq } from 'yaml';
import { defineRule, RuleContext } from '../../engine/rule.ts';
import { deref } from '../../engine/parse.ts';
import { Container, containerSetting, describeContainer, isWindowsPod, WORKLOAD_KINDS } from '../../engine/workloads.ts';
import { DROP_ALL_CHECK_SINCE, versionReaches } from './pss-data.ts';

/** Capabilities the baseline Pod Security Standard allows a container to add (the runtime's usual defaults). */
export const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** The only capability the restricted profile allows to add. */
export const RESTRICTED_CAPABILITY = 'NET_BIND_SERVICE';

export default defineRule({
  id: 'dangerous-capabilities',
  title: 'Dangerous capabilities added',
  category: 'pod-security',
  severity: 'error',
  profile: 'baseline',
  kinds: WORKLOAD_KINDS,
  fixable: true,
  docs: {
    description:
      'Flags each entry of `securityContext.capabilities.add` outside the baseline list (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, ' +
      'FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT) as an error. With the restricted ' +
      'profile it also warns on every other entry except NET_BIND_SERVICE.',
    rationale:
      'Capabilities are slices of root. SYS_ADMIN allows mounting filesystems and is enough for well-known container escapes ' +
      '(the cgroup release_agent trick), SYS_PTRACE lets a container read other processes\' memory when it shares a PID namespace, ' +
      'SYS_MODULE loads kernel modules, NET_ADMIN rewrites the node\'s routing and firewall, and BPF or PERFMON expose the kernel itself. ' +
      'Adding ALL is the same as running privileged without the name.',
    incorrect: `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell
      image: busybox:1.36
      securityContext:
        capabilities:
          add:
            - SYS_ADMIN
            - NET_BIND_SERVICE
`,
    correct: `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell
      image: busybox:1.36
      securityContext:
        capabilities:
          drop:
            - ALL
          add:
            - NET_BIND_SERVICE
`,
    fix:
      'Removes the capability from the `add` list; with its last entry the `add` key goes too (and `capabilities` when nothing ' +
      'else is left in it). Unsafe: the manifest asked for the capability, and a node agent (a CNI adding NET_ADMIN) stops working without it.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
      'https://man7.org/linux/man-pages/man7/capabilities.7.html',
      'CIS Kubernetes Benchmark 5.2.9: minimize the admission of containers with added capabilities',
    ],
    notes:
      'Names are compared exactly as Pod Security admission compares them: `CAP_CHOWN` or `chown` are not on the baseline list. ' +
      'The restricted-only warning is skipped for Windows pods (`spec.os.name: windows`), which Pod Security admission exempts ' +
      'from its restricted capabilities check; the baseline error still applies to them.',
  },
  check(ctx) {
    const workload = ctx.workload();
    if (!workload) return;
    // Restricted limits added capabilities to NET_BIND_SERVICE from policy version 1.22 (check_capabilities_restricted.go).
    const strict = ctx.config.profile === 'restricted' && !isWindowsPod(workload) && versionReaches(ctx.config.kubernetesVersion, DROP_ALL_CHECK_SINCE);
    for (const container of ctx.containers()) checkContainer(ctx, container, strict);
  },
});

function checkContainer(ctx: RuleContext, container: Container, strict: boolean): void {
  const added = containerSetting(container, 'capabilities', 'add').node;
  if (!isSeq(added)) return;
  added.items.forEach((item, index) => {
    const node = deref(container.workload.yaml, item);
    if (!isScalar(node) || node.value == null) return;
    const name = String(node.value);
    // Unsafe: the manifest asked for this capability by name (a CNI needs NET_ADMIN).
    const edit = ctx.editor().removeItemIn(container.node, ['securityContext', 'capabilities', 'add'], added, index);
    const fixes = [{ title: `Remove ${name} from capabilities.add`, safe: false, edits: [edit] }];
    if (!BASELINE_CAPABILITIES.has(name)) {
      ctx.report({ node, message: `${describeContainer(container)} adds the capability ${name}, which the baseline policy forbids`, fixes });
    } else if (strict && name !== RESTRICTED_CAPABILITY) {
      ctx.report({
        node,
        severity: 'warning',
        message: `${describeContainer(container)} adds the capability ${name}; the restricted policy allows only ${RESTRICTED_CAPABILITY}`,
        fixes,
      });
    }
  });
}

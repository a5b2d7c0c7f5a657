import { defineRule } from '../../engine/rule.ts';
import { isNodeAgent } from '../../engine/fix-safety.ts';
import { seqItems, scalarAt } from '../../engine/nodes.ts';
import { Container, containerAnchor, containerSetting, describeContainer, isWindowsPod, WORKLOAD_KINDS } from '../../engine/workloads.ts';
import { PRIVILEGE_ESCALATION_CHECK_SINCE, versionReaches } from './pss-data.ts';

/**
 * True when the API server would reject `allowPrivilegeEscalation: false` for a container:
 * privileged containers and those adding CAP_SYS_ADMIN always allow escalation.
 */
function mustAllowEscalation(container: Container): boolean {
  if (containerSetting(container, 'privileged').value === true) return true;
  const added = seqItems(container.workload.yaml, containerSetting(container, 'capabilities', 'add').node);
  return added.some((item) => {
    const name = scalarAt(container.workload.yaml, item);
    return name === 'SYS_ADMIN' || name === 'CAP_SYS_ADMIN';
  });
}

/** What is true of the container: a privileged one already has every privilege, the others can gain root through setuid binaries. */
function escalationMessage(container: Container, explicit: boolean): string {
  const name = describeContainer(container);
  if (containerSetting(container, 'privileged').value === true) {
    return `${name} is privileged, which always allows privilege escalation: the API server rejects allowPrivilegeEscalation: false until privileged is removed`;
  }
  return explicit
    ? `${name} allows privilege escalation: setuid binaries can make its processes root`
    : `${name} does not set allowPrivilegeEscalation: false: setuid binaries can make its processes root`;
}

export default defineRule({
  id: 'privilege-escalation',
  title: 'Privilege escalation allowed',
  category: 'pod-security',
  severity: 'warning',
  profile: 'restricted',
  kinds: WORKLOAD_KINDS,
  fixable: true,
  docs: {
    description:
      'Flags containers whose `securityContext.allowPrivilegeEscalation` is not `false` (unset counts: the default allows it). ' +
      'Windows pods (`spec.os.name: windows`) are skipped, as Pod Security admission does.',
    rationale:
      'While escalation is allowed the kernel honours setuid/setgid bits and file capabilities, so a process that an attacker ' +
      'controls can become root inside the container through `sudo`, `su` or any setuid binary in the image, then use that root ' +
      'for the next step of a breakout. `allowPrivilegeEscalation: false` sets the no_new_privs flag, which closes that path.',
    incorrect: `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: registry.example.com/migrate:2.1
          securityContext:
            allowPrivilegeEscalation: true
`,
    correct: `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: registry.example.com/migrate:2.1
          securityContext:
            allowPrivilegeEscalation: false
`,
    fix:
      'Sets `allowPrivilegeEscalation: false` in the container securityContext, creating it when needed. Unsafe where the manifest ' +
      'sets `allowPrivilegeEscalation: true`, and for node agents (privileged containers, containers that add capabilities, pods in ' +
      'a host namespace or with a hostPath mount): the API server rejects the setting beside privileged or SYS_ADMIN, and a ' +
      'non-root binary that gets its capabilities from file capabilities (setcap) loses them.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
      'CIS Kubernetes Benchmark 5.2.6: minimize the admission of containers with allowPrivilegeEscalation',
    ],
    notes: 'The setting exists only per container: a pod-level securityContext cannot set it, so nothing is inherited.',
  },
  check(ctx) {
    const workload = ctx.workload();
    if (!workload || isWindowsPod(workload)) return;
    // Pod Security restricted requires allowPrivilegeEscalation: false from policy version 1.8.
    if (!versionReaches(ctx.config.kubernetesVersion, PRIVILEGE_ESCALATION_CHECK_SINCE)) return;
    for (const container of ctx.containers()) {
      const setting = containerSetting(container, 'allowPrivilegeEscalation');
      if (setting.value === false) continue;
      const edits = setting.node
        ? [ctx.editor().replace(setting.node, 'false')]
        : ctx.editor().setIn(container.node, ['securityContext', 'allowPrivilegeEscalation'], false);
      ctx.report({
        node: setting.node ?? containerAnchor(container),
        message: escalationMessage(container, setting.node !== undefined),
        fixes: [{ title: 'Set allowPrivilegeEscalation: false', safe: !setting.node && !mustAllowEscalation(container) && !isNodeAgent(container), edits }],
      });
    }
  },
});

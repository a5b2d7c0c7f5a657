import type { Node } from 'yaml';
import { defineRule, FixSpec, RuleContext } from '../../engine/rule.ts';
import { isNodeAgent } from '../../engine/fix-safety.ts';
import { mapAt, pairOf, scalarAt, seqItems } from '../../engine/nodes.ts';
import {
  Container,
  containerAnchor,
  containerSecurityContext,
  containerSetting,
  describeContainer,
  isWindowsPod,
  WORKLOAD_KINDS,
} from '../../engine/workloads.ts';
import { DROP_ALL_CHECK_SINCE, versionReaches } from './pss-data.ts';

function dropsAll(container: Container): boolean {
  const yaml = container.workload.yaml;
  return seqItems(yaml, containerSetting(container, 'capabilities', 'drop').node).some((item) => scalarAt(yaml, item) === 'ALL');
}

/** The `drop` key when there is one, else the `capabilities` key, else the usual container anchor. */
function anchorOf(container: Container): Node {
  const yaml = container.workload.yaml;
  const capabilities = pairOf(yaml, containerSecurityContext(container), 'capabilities');
  const drop = pairOf(yaml, mapAt(yaml, capabilities?.value), 'drop');
  return (drop?.key ?? capabilities?.key ?? containerAnchor(container)) as Node;
}

/**
 * Respells a case variant of ALL (`drop: [all]`), which container runtimes already honour (they compare
 * case-insensitively) but Pod Security admission does not: safe, the meaning stays. Otherwise appends
 * ALL: a fill, safe except for node agents, which may rely on the runtime's default capabilities.
 */
function dropAllFix(ctx: RuleContext, container: Container): FixSpec {
  const yaml = container.workload.yaml;
  const variant = seqItems(yaml, containerSetting(container, 'capabilities', 'drop').node)
    .find((item) => String(scalarAt(yaml, item) ?? '').toUpperCase() === 'ALL');
  if (variant) return { title: 'Write ALL in capitals', edits: [ctx.editor().replaceScalar(variant, 'ALL')] };
  return {
    title: 'Drop ALL capabilities',
    safe: !isNodeAgent(container),
    edits: ctx.editor().appendIn(container.node, ['securityContext', 'capabilities', 'drop'], 'ALL'),
  };
}

/** What is true of the container: a privileged one has every capability whatever it drops; the others keep the runtime's defaults. */
function notDroppedMessage(container: Container): string {
  const name = describeContainer(container);
  if (containerSetting(container, 'privileged').value === true) {
    return `${name} is privileged: it has every capability, and dropping ALL takes effect only once privileged is removed`;
  }
  const yaml = container.workload.yaml;
  const dropped = seqItems(yaml, containerSetting(container, 'capabilities', 'drop').node).flatMap((item) => {
    const value = scalarAt(yaml, item);
    return typeof value === 'string' ? [value] : [];
  });
  const spelledOtherwise = dropped.find((value) => value.toUpperCase() === 'ALL');
  if (spelledOtherwise) {
    return `${name} drops "${spelledOtherwise}": containerd and CRI-O read it as ALL, but Pod Security admission accepts only the exact spelling ALL`;
  }
  return dropped.length > 0
    ? `${name} drops ${dropped.join(', ')} but not ALL: it keeps the rest of the container runtime's default capabilities`
    : `${name} does not drop ALL capabilities: it keeps the container runtime's default set`;
}

export default defineRule({
  id: 'capabilities-not-dropped',
  title: 'Capabilities not dropped',
  category: 'pod-security',
  severity: 'warning',
  profile: 'restricted',
  kinds: WORKLOAD_KINDS,
  fixable: true,
  docs: {
    description:
      'Flags containers whose `securityContext.capabilities.drop` does not contain `ALL`. Windows pods (`spec.os.name: windows`) ' +
      'are skipped, as Pod Security admission does.',
    rationale:
      'Container runtimes grant a default set of Linux capabilities (CHOWN, DAC_OVERRIDE, FOWNER, NET_RAW, SETUID, SETGID, ' +
      'SYS_CHROOT, MKNOD and more). NET_RAW lets a compromised container craft packets to spoof or poison traffic on the node network; ' +
      'DAC_OVERRIDE and FOWNER defeat file permissions; SETUID/SETGID help climb to root. Dropping ALL and adding back only what ' +
      'the program needs leaves an attacker nothing to work with.',
    incorrect: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
        - name: agent
          image: registry.example.com/agent:3.0
          securityContext:
            capabilities:
              drop:
                - NET_RAW
`,
    correct: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
        - name: agent
          image: registry.example.com/agent:3.0
          securityContext:
            capabilities:
              drop:
                - ALL
`,
    fix:
      'Adds `ALL` to the existing `drop` list, or creates `capabilities.drop: [ALL]` in the container securityContext. ' +
      'Entries of `add` still apply after the drop; keep only NET_BIND_SERVICE there for the restricted profile. A lowercase or ' +
      'mixed-case `all` is rewritten as `ALL` rather than repeated. Unsafe for node agents (privileged containers, containers that ' +
      'add capabilities, pods in a host namespace or with a hostPath mount), which may rely on the default capabilities.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container',
      'CIS Kubernetes Benchmark 5.2.10: minimize the admission of containers with capabilities assigned',
    ],
    notes:
      'As Pod Security admission does, only the exact spelling `ALL` counts; the message says so when the list has another spelling ' +
      '(`all`), which containerd and CRI-O compare case-insensitively and so do drop every capability (the fix only respells it). For a privileged container ' +
      'the message says that it has every capability whatever it drops: privileged-container names that cause.',
  },
  check(ctx) {
    const workload = ctx.workload();
    if (!workload || isWindowsPod(workload)) return;
    // Pod Security restricted requires drop ALL from policy version 1.22 (check_capabilities_restricted.go).
    if (!versionReaches(ctx.config.kubernetesVersion, DROP_ALL_CHECK_SINCE)) return;
    for (const container of ctx.containers()) {
      if (dropsAll(container)) continue;
      ctx.report({
        node: anchorOf(container),
        message: notDroppedMessage(container),
        fixes: [dropAllFix(ctx, container)],
      });
    }
  },
});

import { isScalar } from 'yaml';
import { defineRule, RuleContext } from '../../engine/rule.ts';
import { deref } from '../../engine/parse.ts';
import { seqAt } from '../../engine/nodes.ts';
import { mayRequireNonRoot } from '../../engine/fix-safety.ts';
import {
  Container,
  containerAnchor,
  containerSetting,
  describeContainer,
  EffectiveSetting,
  effectiveSetting,
  podSetting,
  usesUserNamespace,
  Workload,
  WORKLOAD_KINDS,
} from '../../engine/workloads.ts';

/** The unprivileged ID the fixes write in place of 0. */
const NON_ROOT_ID = 1000;

type IdSetting = 'runAsUser' | 'runAsGroup' | 'fsGroup';

const ID_MEANINGS: Record<IdSetting, string> = {
  runAsUser: 'it runs as the root user (uid 0)',
  runAsGroup: 'it runs with the root group (gid 0)',
  fsGroup: 'its volumes are given to the root group (gid 0)',
};

/** The same for the pod level, which containers can override (fsGroup exists only there). */
const POD_ID_MEANINGS: Record<IdSetting, string> = {
  runAsUser: 'containers that do not set their own runAsUser run as the root user (uid 0)',
  runAsGroup: 'containers that do not set their own runAsGroup run with the root group (gid 0)',
  fsGroup: 'its volumes are given to the root group (gid 0)',
};

export default defineRule({
  id: 'run-as-root',
  title: 'Container may run as root',
  category: 'pod-security',
  severity: 'warning',
  profile: 'restricted',
  kinds: WORKLOAD_KINDS,
  fixable: true,
  docs: {
    description:
      'Flags containers whose effective `runAsNonRoot` is not `true` (set neither on the container nor on the pod, or set to false), ' +
      'and every `runAsUser: 0`, `runAsGroup: 0`, `fsGroup: 0` or `0` in `supplementalGroups`. Pod-level settings count for the ' +
      'containers that do not override them.',
    rationale:
      'Root in a container is root on the node as far as the kernel is concerned: a kernel or runtime escape (for example through a ' +
      'writable hostPath, a mounted socket or a runc bug such as CVE-2019-5736) hands the attacker uid 0 on the host. ' +
      'Files owned by group 0 and volumes chowned to gid 0 give the same foothold. `runAsNonRoot: true` makes the kubelet refuse to ' +
      'start an image that would run as uid 0.',
    incorrect: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  securityContext:
    runAsUser: 0
  containers:
    - name: app
      image: nginx:1.27
`,
    correct: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 1000
  containers:
    - name: app
      image: nginx:1.27
`,
    fix:
      'Sets `runAsNonRoot: true` where it is false; where nothing sets it, on the pod-level securityContext (one edit covers every ' +
      'container that does not override it). Replaces `runAsUser: 0`, `runAsGroup: 0` and `fsGroup: 0` by 1000 and removes 0 from ' +
      '`supplementalGroups`. The image must work as that user: files it writes need to be group-writable or on volumes. Only the ' +
      'pod-level fill is safe, and only when no container it reaches must stay root (one that runs as uid 0 by `runAsUser: 0`, ' +
      'or a node agent: privileged, adding capabilities, in a host namespace or with a hostPath mount); every fix that changes a ' +
      'written value is unsafe.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
      'CIS Kubernetes Benchmark 5.2.7: minimize the admission of root containers',
    ],
    notes:
      'Pod Security admission checks only runAsNonRoot and runAsUser; the group checks (runAsGroup, fsGroup, supplementalGroups) ' +
      'come from the catalog. As Pod Security admission does, pods with `hostUsers: false` (user namespaces) are not checked for ' +
      'runAsNonRoot and runAsUser: uid 0 inside the pod maps to an unprivileged uid on the node. The group checks still apply to them. ' +
      'A non-zero runAsUser without runAsNonRoot: true is still reported, as Pod Security admission rejects it (its runAsNonRoot check ' +
      'ignores runAsUser), but the message says the container runs as that uid and that only the guarantee is missing: it does not run as root.',
  },
  check(ctx) {
    const workload = ctx.workload();
    if (!workload) return;
    if (!usesUserNamespace(workload)) {
      checkRunAsNonRoot(ctx, workload);
      checkIdSetting(ctx, 'pod securityContext', podSetting(workload, 'runAsUser'), 'runAsUser');
      for (const container of ctx.containers()) {
        checkIdSetting(ctx, describeContainer(container), containerSetting(container, 'runAsUser'), 'runAsUser');
      }
    }
    checkIdSetting(ctx, 'pod securityContext', podSetting(workload, 'runAsGroup'), 'runAsGroup');
    for (const container of ctx.containers()) {
      checkIdSetting(ctx, describeContainer(container), containerSetting(container, 'runAsGroup'), 'runAsGroup');
    }
    checkIdSetting(ctx, 'pod securityContext', podSetting(workload, 'fsGroup'), 'fsGroup');
    checkSupplementalGroups(ctx, workload);
  },
});

function checkRunAsNonRoot(ctx: RuleContext, workload: Workload): void {
  const fromPod = podSetting(workload, 'runAsNonRoot');
  if (fromPod.node && fromPod.value !== true) {
    ctx.report({
      node: fromPod.node,
      message: podOverrideMessage(workload),
      fixes: [{ title: 'Set runAsNonRoot: true', safe: false, edits: [ctx.editor().replace(fromPod.node, 'true')] }],
    });
  }
  for (const container of ctx.containers()) {
    const own = containerSetting(container, 'runAsNonRoot');
    if (own.node) {
      if (own.value !== true) reportContainerOverride(ctx, container, own);
    } else if (!fromPod.node) {
      reportUnsetRunAsNonRoot(ctx, container, workload);
    }
  }
}

/** The uid a container runs as when its effective runAsUser (own, else the pod's) is a positive number. */
function nonRootUid(setting: EffectiveSetting): number | undefined {
  return typeof setting.value === 'number' && Number.isInteger(setting.value) && setting.value > 0 ? setting.value : undefined;
}

/** A non-zero runAsUser keeps the process off root; what is missing then is only the guarantee the restricted policy asks for. */
const REQUIRED = 'the restricted policy requires runAsNonRoot: true, the kubelet\'s guarantee that it never starts as uid 0';

function uidTail(container: Container): string {
  const uid = nonRootUid(effectiveSetting(container, 'runAsUser'));
  return uid === undefined ? ': it may run as root' : `: it runs as uid ${uid}, but ${REQUIRED}`;
}

function podOverrideMessage(workload: Workload): string {
  const uid = nonRootUid(podSetting(workload, 'runAsUser'));
  return uid === undefined
    ? 'pod securityContext sets runAsNonRoot to false: containers that do not override it may run as root'
    : `pod securityContext sets runAsNonRoot to false: its runAsUser ${uid} keeps the containers that do not override it off root, but ${REQUIRED}`;
}

function unsetMessage(container: Container): string {
  const uid = nonRootUid(effectiveSetting(container, 'runAsUser'));
  return uid === undefined
    ? `${describeContainer(container)} may run as root: neither it nor the pod sets runAsNonRoot: true or a non-zero runAsUser, so the image's user decides`
    : `${describeContainer(container)} runs as uid ${uid}, not root, but neither it nor the pod sets runAsNonRoot: true, which the restricted policy requires`;
}

function reportContainerOverride(ctx: RuleContext, container: Container, own: EffectiveSetting): void {
  ctx.report({
    node: own.node,
    message: `${describeContainer(container)} sets runAsNonRoot to false${uidTail(container)}`,
    fixes: [{ title: 'Set runAsNonRoot: true', safe: false, edits: [ctx.editor().replace(own.node!, 'true')] }],
  });
}

function reportUnsetRunAsNonRoot(ctx: RuleContext, container: Container, workload: Workload): void {
  // The pod-level value reaches every container that does not set its own: safe only if none of them must stay root.
  const covered = ctx.containers().filter((other) => !containerSetting(other, 'runAsNonRoot').node);
  const fixes = workload.podSpec
    ? [{
      title: 'Set runAsNonRoot: true in the pod securityContext',
      safe: covered.every(mayRequireNonRoot),
      edits: ctx.editor().setIn(workload.podSpec, ['securityContext', 'runAsNonRoot'], true),
    }]
    : [];
  ctx.report({
    node: containerAnchor(container),
    message: unsetMessage(container),
    fixes,
  });
}

function checkIdSetting(ctx: RuleContext, owner: string, setting: EffectiveSetting, key: IdSetting): void {
  if (setting.value !== 0 || !setting.node) return;
  ctx.report({
    node: setting.node,
    message: `${owner} sets ${key}: 0: ${owner === 'pod securityContext' ? POD_ID_MEANINGS[key] : ID_MEANINGS[key]}`,
    fixes: [{ title: `Set ${key}: ${NON_ROOT_ID}`, safe: false, edits: [ctx.editor().replace(setting.node, String(NON_ROOT_ID))] }],
  });
}

function checkSupplementalGroups(ctx: RuleContext, workload: Workload): void {
  const context = podSetting(workload, 'supplementalGroups');
  const groups = seqAt(workload.yaml, context.node);
  if (!groups) return;
  groups.items.forEach((item, index) => {
    const node = deref(workload.yaml, item);
    if (!isScalar(node) || node.value !== 0) return;
    ctx.report({
      node,
      message: 'pod securityContext lists 0 in supplementalGroups: every container gets the root group (gid 0)',
      fixes: [{
        title: 'Remove 0 from supplementalGroups',
        safe: false,
        edits: [ctx.editor().removeItemIn(workload.podSpec!, ['securityContext', 'supplementalGroups'], groups, index)],
      }],
    });
  });
}

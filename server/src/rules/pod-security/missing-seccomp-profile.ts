import type { Node } from 'yaml';
import { defineRule, FixSpec, RuleContext } from '../../engine/rule.ts';
import {
  Container,
  containerAnchor,
  containerSetting,
  describeContainer,
  effectiveSetting,
  EffectiveSetting,
  isWindowsPod,
  WORKLOAD_KINDS,
} from '../../engine/workloads.ts';
import { SECCOMP_FIELDS_SINCE, versionReaches } from './pss-data.ts';

/** Profile types that confine a container. */
const CONFINING_TYPES = new Set(['RuntimeDefault', 'Localhost']);

export default defineRule({
  id: 'missing-seccomp-profile',
  title: 'No seccomp profile',
  category: 'pod-security',
  severity: 'warning',
  profile: 'restricted',
  kinds: WORKLOAD_KINDS,
  fixable: true,
  docs: {
    description:
      'Flags containers whose effective `seccompProfile.type` is neither `RuntimeDefault` nor `Localhost`: set neither on the ' +
      'container nor on the pod (the pod-level profile counts for containers that do not set one), or set to an unknown type. ' +
      'Windows pods (`spec.os.name: windows`) are skipped, as Pod Security admission does.',
    rationale:
      'Unless the kubelet runs with `--seccomp-default`, a container without a profile runs Unconfined: every system call reaches ' +
      'the kernel, including those behind most kernel privilege escalations used to escape containers (unshare, keyctl, bpf, ' +
      'userfaultfd). The runtime\'s default profile blocks them at almost no compatibility cost.',
    incorrect: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: registry.example.com/report:1.4
`,
    correct: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          securityContext:
            seccompProfile:
              type: RuntimeDefault
          containers:
            - name: report
              image: registry.example.com/report:1.4
`,
    fix:
      'Sets `seccompProfile.type: RuntimeDefault` in the pod-level securityContext, which covers every container that does not ' +
      'set its own profile (safe: it fills in a field the manifest is silent about). An unknown type is replaced by RuntimeDefault ' +
      'where it is written (unsafe: only the author knows which type was meant).',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
      'https://kubernetes.io/docs/tutorials/security/seccomp/',
      'CIS Kubernetes Benchmark 5.7.2: ensure that the seccomp profile is set to RuntimeDefault in your pod definitions',
    ],
    notes: '`Unconfined` is reported by seccomp-unconfined (a baseline error), not here, so it is not reported twice.',
  },
  check(ctx) {
    const workload = ctx.workload();
    if (!workload || isWindowsPod(workload)) return;
    // Pod Security restricted requires a seccomp profile from policy version 1.19 (check_seccompProfile_restricted.go).
    if (!versionReaches(ctx.config.kubernetesVersion, SECCOMP_FIELDS_SINCE)) return;
    const reported = new Set<Node>();
    for (const container of ctx.containers()) {
      const type = effectiveSetting(container, 'seccompProfile', 'type');
      if (CONFINING_TYPES.has(type.value as string) || type.value === 'Unconfined') continue;
      if (type.node) {
        if (!reported.has(type.node)) reportUnknownType(ctx, container, type);
        reported.add(type.node);
        continue;
      }
      ctx.report({
        node: containerAnchor(container),
        message: containerSetting(container, 'privileged').value === true
          ? `${describeContainer(container)} has no seccomp profile, and as a privileged container it runs unconfined whatever profile is set: privileged-container names the cause`
          : `${describeContainer(container)} has no seccomp profile (neither it nor the pod sets one): it runs unconfined unless the kubelet defaults to RuntimeDefault (--seccomp-default)`,
        fixes: podLevelFix(ctx, container),
      });
    }
  },
});

function reportUnknownType(ctx: RuleContext, container: Container, type: EffectiveSetting): void {
  const owner = type.level === 'pod' ? 'pod securityContext' : describeContainer(container);
  ctx.report({
    node: type.node,
    message: `${owner} sets an unknown seccompProfile type: use RuntimeDefault or Localhost`,
    // Unsafe: the written type is replaced, and only the author knows what was meant (Localhost? Unconfined?).
    fixes: [{ title: 'Set seccompProfile type RuntimeDefault', safe: false, edits: [ctx.editor().replaceScalar(type.node!, 'RuntimeDefault')] }],
  });
}

function podLevelFix(ctx: RuleContext, container: Container): FixSpec[] {
  const podSpec = container.workload.podSpec;
  if (!podSpec) return [];
  return [{
    title: 'Set seccompProfile type RuntimeDefault in the pod securityContext',
    edits: ctx.editor().setIn(podSpec, ['securityContext', 'seccompProfile', 'type'], 'RuntimeDefault'),
  }];
}

import { defineRule, RuleContext } from '../../engine/rule.ts';
import { containerSetting, describeContainer, EffectiveSetting, podSetting, WORKLOAD_KINDS } from '../../engine/workloads.ts';
import { SECCOMP_FIELDS_SINCE, versionReaches } from './pss-data.ts';
import { reportUnconfinedSeccompAnnotations } from './seccomp-annotations.ts';

function reportUnconfined(ctx: RuleContext, setting: EffectiveSetting, owner: string): void {
  if (setting.value !== 'Unconfined' || !setting.node) return;
  ctx.report({
    node: setting.node,
    message: `${owner} sets seccompProfile type Unconfined: every system call reaches the kernel unfiltered`,
    fixes: [{ title: 'Set seccompProfile type RuntimeDefault', safe: false, edits: [ctx.editor().replaceScalar(setting.node, 'RuntimeDefault')] }],
  });
}

export default defineRule({
  id: 'seccomp-unconfined',
  title: 'Seccomp disabled',
  category: 'pod-security',
  severity: 'error',
  profile: 'baseline',
  kinds: WORKLOAD_KINDS,
  fixable: true,
  docs: {
    description:
      'Flags every `seccompProfile.type: Unconfined`, in the pod-level securityContext and in container securityContexts.',
    rationale:
      'Seccomp is the filter that keeps rarely used and historically buggy system calls (keyctl, unshare, userfaultfd, bpf, ' +
      'add_key...) away from container processes. Many kernel privilege escalations used for container escapes, such as ' +
      'CVE-2022-0185, need a system call that the RuntimeDefault profile blocks; Unconfined turns that protection off.',
    incorrect: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  securityContext:
    seccompProfile:
      type: Unconfined
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
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: app
      image: nginx:1.27
`,
    fix:
      'Replaces `Unconfined` by `RuntimeDefault`, the container runtime\'s default profile. Unsafe: the manifest asked for ' +
      'Unconfined, and a program that makes system calls the default profile blocks stops working.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/tutorials/security/seccomp/',
      'CIS Kubernetes Benchmark 5.7.2: ensure that the seccomp profile is set to RuntimeDefault in your pod definitions',
    ],
    notes:
      'The legacy `seccomp.security.alpha.kubernetes.io/*` annotations are not checked: current Kubernetes no longer honours them (their removal finished in 1.27) and ' +
      'Pod Security admission checks the fields. An unset profile is missing-seccomp-profile\'s business (restricted profile).',
  },
  check(ctx) {
    const workload = ctx.workload();
    if (!workload) return;
    // Before policy version 1.19 Pod Security judges the seccomp annotations (check_seccompProfile_baseline.go).
    if (!versionReaches(ctx.config.kubernetesVersion, SECCOMP_FIELDS_SINCE)) {
      reportUnconfinedSeccompAnnotations(ctx, workload, new Set(ctx.containers().map((container) => container.name ?? '')));
    }
    reportUnconfined(ctx, podSetting(workload, 'seccompProfile', 'type'), 'pod securityContext');
    for (const container of ctx.containers()) {
      reportUnconfined(ctx, containerSetting(container, 'seccompProfile', 'type'), describeContainer(container));
    }
  },
});

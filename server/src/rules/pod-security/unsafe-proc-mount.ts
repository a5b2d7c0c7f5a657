import { defineRule, RuleContext } from '../../engine/rule.ts';
import { describeContainer, effectiveSetting, usesUserNamespace, WORKLOAD_KINDS } from '../../engine/workloads.ts';
import { PROC_MOUNT_USER_NAMESPACE_RELAXATION_SINCE, versionReaches } from './pss-data.ts';

export default defineRule({
  id: 'unsafe-proc-mount',
  title: 'Unmasked /proc',
  category: 'pod-security',
  severity: 'error',
  profile: 'baseline',
  kinds: WORKLOAD_KINDS,
  fixable: true,
  docs: {
    description:
      'Flags containers whose `securityContext.procMount` is anything but `Default` (in practice `Unmasked`). With the ' +
      'baseline profile and Kubernetes 1.35 or later, pods with `hostUsers: false` may use `Unmasked`; the restricted ' +
      'profile never allows it.',
    rationale:
      'The container runtime masks and mounts read-only the parts of /proc and /sys that reach the host kernel ' +
      '(/proc/kcore, /proc/sysrq-trigger, /proc/sys, /sys/firmware...). `Unmasked` removes those masks: a process that runs ' +
      'as root in the host user namespace can then read kernel memory, trigger SysRq or rewrite kernel parameters of the node.',
    incorrect: `apiVersion: v1
kind: Pod
metadata:
  name: builder
spec:
  containers:
    - name: buildkit
      image: moby/buildkit:v0.16.0-rootless
      securityContext:
        procMount: Unmasked
`,
    correct: `apiVersion: v1
kind: Pod
metadata:
  name: builder
spec:
  containers:
    - name: buildkit
      image: moby/buildkit:v0.16.0-rootless
      securityContext:
        procMount: Default
`,
    fix: 'Sets `procMount: Default`. Unsafe: the manifest asked for Unmasked (nested container runtimes need it).',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/#integration-with-pod-security-admission-checks',
      'https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/pod-security-admission/policy/check_procMount_baseline.go',
    ],
    notes:
      'As Pod Security admission does since policy version 1.35 (check_procMount_baseline.go), the baseline profile ' +
      'accepts any procMount for pods with `hostUsers: false`, where the unmasked /proc belongs to the pod\'s own user ' +
      'namespace; restricted (procMount_restricted) still requires `Default`. Before 1.35 no relaxation applies.',
  },
  check(ctx) {
    const workload = ctx.workload();
    if (!workload || relaxedForUserNamespace(ctx)) return;
    for (const container of ctx.containers()) {
      const procMount = effectiveSetting(container, 'procMount');
      if (procMount.value === undefined || procMount.value === 'Default' || !procMount.node) continue;
      // A mapping or list here is no procMount at all; String() of one can throw (a bad merge key, found by the fuzzer).
      const scalar = procMount.value === null || typeof procMount.value !== 'object';
      ctx.report({
        node: procMount.node,
        message: `${describeContainer(container)} sets procMount ${scalar ? String(procMount.value) : 'to a mapping or list'}: the runtime no longer masks the sensitive paths of its /proc (/proc/kcore, /proc/sys...), which reveal and change the node's kernel${restrictedNote(ctx)}`,
        fixes: scalar ? [{ title: 'Set procMount: Default', safe: false, edits: [ctx.editor().replaceScalar(procMount.node, 'Default')] }] : [],
      });
    }
  },
});

/** Baseline, 1.35 or later, and a pod in its own user namespace. */
function relaxedForUserNamespace(ctx: RuleContext): boolean {
  const workload = ctx.workload()!;
  return (
    ctx.config.profile === 'baseline' &&
    versionReaches(ctx.config.kubernetesVersion, PROC_MOUNT_USER_NAMESPACE_RELAXATION_SINCE) &&
    usesUserNamespace(workload)
  );
}

function restrictedNote(ctx: RuleContext): string {
  const workload = ctx.workload()!;
  return ctx.config.profile === 'restricted' && usesUserNamespace(workload) ? ' (the restricted profile requires Default even with hostUsers: false)' : '';
}

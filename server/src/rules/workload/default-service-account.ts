import { describeObject } from '../../engine/objects.ts';
import { defineRule } from '../../engine/rule.ts';
import { podSpecKey, WORKLOAD_KINDS } from '../../engine/workloads.ts';
import { podServiceAccount, tokenMountOf } from './service-account.ts';

export default defineRule({
  id: 'default-service-account',
  title: 'Workload runs as the default ServiceAccount',
  category: 'workload',
  severity: 'info',
  kinds: WORKLOAD_KINDS,
  fixable: true,
  docs: {
    description:
      'Flags workloads whose pods run as their namespace\'s `default` ServiceAccount (no `serviceAccountName`, nor the deprecated ' +
      '`serviceAccount`, or one set to `default`) and ask for its API token on purpose: `automountServiceAccountToken: true` in the ' +
      'pod spec, or a projected `serviceAccountToken` volume.',
    rationale:
      'Every pod in a namespace that does not name a ServiceAccount shares `default`. A permission granted to it for one application ' +
      'is granted to all of them, and an attacker who compromises any one pod inherits it. Nobody can tell from the bindings which ' +
      'workload needs what, so permissions only ever grow.',
    incorrect: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  serviceAccountName: default
  automountServiceAccountToken: true
  containers:
    - name: app
      image: nginx:1.27
`,
    correct: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  serviceAccountName: web
  automountServiceAccountToken: true
  containers:
    - name: app
      image: nginx:1.27
`,
    fix: 'The remedy is a ServiceAccount of its own (with only the permissions it needs) named in `serviceAccountName`, which no ' +
      'automatic fix can create. Where the pod spec sets `automountServiceAccountToken: true`, an unsafe fix turns the token off ' +
      'instead (unsafe: the manifest asked for it, and a workload that calls the API stops working).',
    references: [
      'https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts',
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/',
      'CIS Kubernetes Benchmark 5.1.5: ensure that default service accounts are not actively used',
    ],
    notes:
      'One cause, one finding (the two rules fired on the same node in 65 of 67 real cases): a pod that mounts the default ' +
      'ServiceAccount\'s token only because nobody turned automounting off belongs to service-account-token-automount, whose fix ' +
      'turns it off. This rule keeps the pods that want the token (explicit `automountServiceAccountToken: true` or a projected ' +
      'token), where the remedy is a ServiceAccount of their own. A pod of the default ServiceAccount without any token holds no ' +
      'credential of it and is not reported. The deprecated `serviceAccount` field counts when `serviceAccountName` is absent, as ' +
      'the API server copies it over.',
  },
  check(ctx) {
    const workload = ctx.workload();
    if (!workload?.podSpec) return;
    const serviceAccount = podServiceAccount(workload);
    if (serviceAccount.name !== 'default') return;
    const mount = tokenMountOf(workload);
    const how = mount.pod === true ? 'asks for its API token (automountServiceAccountToken: true)' : mount.projected ? 'mounts a projected token of it' : undefined;
    if (!how) return;
    ctx.report({
      node: serviceAccount.node ?? (mount.pod === true ? mount.podNode : mount.projected) ?? podSpecKey(workload),
      message: `${describeObject(ctx.object)} runs as the namespace's shared "default" ServiceAccount and ${how}: every permission granted to "default" for any workload of the namespace is its too; give it its own ServiceAccount`,
      fixes: mount.pod === true && mount.podNode
        ? [{ title: 'Turn the token off (automountServiceAccountToken: false)', safe: false, edits: [ctx.editor().replaceScalar(mount.podNode, false)] }]
        : [],
    });
  },
});

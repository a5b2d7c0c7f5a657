import { describeObject } from '../../engine/objects.ts';
import { defineRule } from '../../engine/rule.ts';
import { podSpecKey, WORKLOAD_KINDS } from '../../engine/workloads.ts';
import { podServiceAccount } from './service-account.ts';

export default defineRule({
  id: 'default-service-account',
  title: 'Workload runs as the default ServiceAccount',
  category: 'workload',
  severity: 'info',
  kinds: WORKLOAD_KINDS,
  fixable: false,
  docs: {
    description:
      'Flags workloads whose pods run as their namespace\'s `default` ServiceAccount: no `serviceAccountName` ' +
      '(nor the deprecated `serviceAccount`), or one set to `default`.',
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
  automountServiceAccountToken: false
  containers:
    - name: app
      image: nginx:1.27
`,
    fix: 'None: create a ServiceAccount for the workload (with only the permissions it needs) and set `serviceAccountName`.',
    references: [
      'https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts',
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/',
      'CIS Kubernetes Benchmark 5.1.5: ensure that default service accounts are not actively used',
    ],
    notes:
      'The deprecated `serviceAccount` field counts when `serviceAccountName` is absent, as the API server copies it over. ' +
      'The finding stays when the token is not mounted: the shared identity is the problem this rule names; ' +
      'service-account-token-automount covers the token.',
  },
  check(ctx) {
    const workload = ctx.workload();
    if (!workload?.podSpec) return;
    const serviceAccount = podServiceAccount(workload);
    if (serviceAccount.name !== 'default') return;
    ctx.report({
      node: serviceAccount.node ?? podSpecKey(workload),
      message: `${describeObject(ctx.object)} runs as the namespace's shared "default" ServiceAccount`,
    });
  },
});

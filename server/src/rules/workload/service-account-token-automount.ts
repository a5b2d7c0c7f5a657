import { isScalar, Node } from 'yaml';
import { pairOf } from '../../engine/nodes.ts';
import { deref } from '../../engine/parse.ts';
import { describeObject } from '../../engine/objects.ts';
import { defineRule } from '../../engine/rule.ts';
import { podSpecKey, WORKLOAD_KINDS } from '../../engine/workloads.ts';
import { usesDefaultServiceAccount } from './service-account.ts';

export default defineRule({
  id: 'service-account-token-automount',
  title: 'ServiceAccount token mounted for the default ServiceAccount',
  category: 'workload',
  severity: 'info',
  kinds: WORKLOAD_KINDS,
  fixable: true,
  docs: {
    description:
      'Flags workloads that run as the `default` ServiceAccount (no `serviceAccountName`, or `default`) without ' +
      '`automountServiceAccountToken: false` in the pod spec.',
    rationale:
      'Kubernetes mounts an API token into every container unless told otherwise. Most applications never call the API, but an attacker ' +
      'who gets code execution (an RCE, a malicious dependency) reads /var/run/secrets/kubernetes.io/serviceaccount/token and talks to ' +
      'the API server as the pod, with every permission anyone ever bound to the namespace\'s shared `default` account.',
    incorrect: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: nginx:1.27
`,
    correct: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      automountServiceAccountToken: false
      containers:
        - name: app
          image: nginx:1.27
`,
    fix: 'Sets `automountServiceAccountToken: false` in the pod spec (safe: a workload on the default ServiceAccount should not need the API; ' +
      'if it does, give it its own ServiceAccount instead). Unsafe where the pod spec sets it to true: the manifest asked for the token.',
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting',
      'https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts',
      'CIS Kubernetes Benchmark 5.1.6: ensure that Service Account Tokens are only mounted where necessary',
    ],
    notes:
      'Workloads with their own ServiceAccount are not flagged: mounting its token is presumably why it exists. ' +
      'The `automountServiceAccountToken` of a `default` ServiceAccount object is not consulted (the rule reads one object at a time); ' +
      'the pod-level field wins over it anyway and is what a reviewer of the workload sees.',
  },
  check(ctx) {
    const workload = ctx.workload();
    if (!workload?.podSpec || !usesDefaultServiceAccount(workload)) return;
    const automount = pairOf(workload.yaml, workload.podSpec, 'automountServiceAccountToken');
    const value = deref(workload.yaml, automount?.value);
    if (isScalar(value) && value.value === false) return;
    const written = isScalar(value) && value.source !== '' ? value : (automount?.key as Node | undefined);
    ctx.report({
      node: written ?? podSpecKey(workload),
      message: `${describeObject(ctx.object)} runs as the default ServiceAccount and mounts its API token into every container`,
      fixes: [
        {
          title: 'Set automountServiceAccountToken: false',
          safe: value === undefined || (isScalar(value) && value.value === null),
          edits: ctx.editor().setIn(workload.podSpec, ['automountServiceAccountToken'], false),
        },
      ],
    });
  },
});

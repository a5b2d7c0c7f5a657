import type { Node } from 'yaml';
import { describeObject, objectAnchor } from '../../engine/objects.ts';
import { resolveNamespace } from '../../engine/namespaces.ts';
import { pairOf } from '../../engine/nodes.ts';
import { defineRule, RuleContext } from '../../engine/rule.ts';
import { podSpecKey, Workload, WORKLOAD_KINDS } from '../../engine/workloads.ts';
import { podServiceAccount, serviceAccountAutomount, tokenMountOf } from './service-account.ts';

export default defineRule({
  id: 'service-account-token-automount',
  title: 'ServiceAccount token mounted for the default ServiceAccount',
  category: 'workload',
  severity: 'info',
  kinds: [...WORKLOAD_KINDS, 'ServiceAccount'],
  fixable: true,
  options: {
    allServiceAccounts: {
      type: 'boolean',
      default: false,
      description: 'Also flag workloads of every other ServiceAccount, and every ServiceAccount object, that do not turn automounting off.',
    },
  },
  docs: {
    description:
      'Flags workloads that run as the `default` ServiceAccount (no `serviceAccountName`, or `default`) and get its API token ' +
      'mounted although nothing asked for it: the pod spec does not set `automountServiceAccountToken`, and the ServiceAccount ' +
      'object (when the workspace defines it) does not set it to false. Also flags a `default` ServiceAccount object that does not ' +
      'set `automountServiceAccountToken: false`. The option `allServiceAccounts` extends both to every ServiceAccount.',
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
    fix: 'Sets `automountServiceAccountToken: false` in the pod spec, or on the ServiceAccount object (safe: it fills in a field the ' +
      'manifest is silent about; a workload on the default ServiceAccount should not need the API, and if it does it should get its ' +
      'own ServiceAccount). On a ServiceAccount that sets it to true the fix is unsafe.',
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting',
      'https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts',
      'CIS Kubernetes Benchmark 5.1.6: ensure that Service Account Tokens are only mounted where necessary',
    ],
    notes:
      'One cause, one finding: this rule owns the token that is mounted because nobody turned automounting off; ' +
      'default-service-account owns the pods that ask for a token of the default ServiceAccount on purpose ' +
      '(`automountServiceAccountToken: true` in the pod spec, or a projected `serviceAccountToken` volume), where the remedy is a ' +
      'ServiceAccount of their own, not switching the token off. So a pod with `automountServiceAccountToken: true` is left to ' +
      'default-service-account although the catalog lists it here. The pod-level field wins over the ServiceAccount\'s, as in the ' +
      'kubelet; the ServiceAccount object is read from the workspace (its namespace resolved like the workload\'s), and when copies ' +
      'of it disagree the token counts as mounted unless every copy turns it off. A pod whose ServiceAccount sets ' +
      '`automountServiceAccountToken: true` is still reported: only the pod spec says whether this workload needs it.',
  },
  check(ctx) {
    if (ctx.object.kind === 'ServiceAccount' && !ctx.workload()) {
      checkServiceAccount(ctx);
      return;
    }
    const workload = ctx.workload();
    if (workload?.podSpec) checkWorkload(ctx, workload);
  },
});

function checkWorkload(ctx: RuleContext, workload: Workload): void {
  const serviceAccount = podServiceAccount(workload).name;
  if (serviceAccount !== 'default' && !ctx.options.allServiceAccounts) return;
  const mount = tokenMountOf(workload);
  // Explicit true: the pod wants the API; default-service-account says it should not do so as `default`.
  if (mount.pod !== undefined) return;
  const namespace = resolveNamespace(ctx.object.file.path, ctx.object, ctx.config);
  const fromAccount = serviceAccountAutomount(ctx, namespace, serviceAccount);
  if (fromAccount === false) return;
  const account = serviceAccount === 'default' ? 'the default ServiceAccount' : `ServiceAccount "${serviceAccount}"`;
  const why = fromAccount === true ? `, which sets automountServiceAccountToken: true` : '';
  ctx.report({
    node: mount.podNode ?? podSpecKey(workload),
    message: `${describeObject(ctx.object)} runs as ${account}${why} and mounts its API token into every container: nothing turns automounting off`,
    fixes: [{ title: 'Set automountServiceAccountToken: false', edits: ctx.editor().setIn(workload.podSpec!, ['automountServiceAccountToken'], false) }],
  });
}

function checkServiceAccount(ctx: RuleContext): void {
  const object = ctx.object;
  if (object.name !== 'default' && !ctx.options.allServiceAccounts) return;
  const pair = pairOf(object.yaml, object.root, 'automountServiceAccountToken');
  const value = pair?.value && 'value' in pair.value ? (pair.value as { value: unknown }).value : undefined;
  if (value === false) return;
  const who = object.name === 'default' ? 'every pod of its namespace that does not opt out' : 'every pod that runs as it and does not opt out';
  ctx.report({
    node: (value === true ? pair!.value : objectAnchor(object)) as Node,
    message: `${describeObject(object)} does not set automountServiceAccountToken: false: ${who} gets its API token mounted`,
    fixes: [{
      title: 'Set automountServiceAccountToken: false on the ServiceAccount',
      safe: value !== true,
      edits: ctx.editor().setIn(object.root, ['automountServiceAccountToken'], false),
    }],
  });
}

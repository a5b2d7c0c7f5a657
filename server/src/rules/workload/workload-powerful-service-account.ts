import { isScalar } from 'yaml';
import { resolveNamespace } from '../../engine/namespaces.ts';
import { nodeAt } from '../../engine/nodes.ts';
import { describeObject } from '../../engine/objects.ts';
import { defineRule } from '../../engine/rule.ts';
import { podSpecKey, WORKLOAD_KINDS, type Workload } from '../../engine/workloads.ts';
import { describeChain } from '../../rbac/describe.ts';
import type { RbacModel } from '../../rbac/model.ts';
import { permissionsOf, type Permission } from '../../rbac/permissions.ts';
import { isAllWildcardRule, ruleAllows } from '../../rbac/rule-match.ts';
import { modelFor } from '../../rbac/rule-support.ts';
import { identityOf } from '../../rbac/subjects.ts';
import { ALL_NAMESPACES } from '../../rbac/types.ts';
import { podServiceAccount } from './service-account.ts';

/** A power that hands the cluster (or much of it) to whoever compromises a container holding it. */
interface Power {
  what: string;
  held(permission: Permission): boolean;
}

const allows = (permission: Permission, verb: string, apiGroup: string, resource: string, subresource?: string) =>
  ruleAllows(permission.rule, { verb, apiGroup, resource, subresource, namespace: permission.namespace === ALL_NAMESPACES ? '' : permission.namespace });

/**
 * Derived grants whose "get secrets" means some Secrets only: those a webhook is sent on writes, those
 * mounted in the pods one can exec into. Reading the Secrets of every namespace needs more.
 */
const PARTIAL_SECRETS = new Set(['validating-webhooks', 'mutating-webhooks', 'exec-into-pods', 'ephemeral-containers', 'kubelet-api']);

function throughPartialSecrets(permission: Permission): boolean {
  return permission.chain.some((link) => link.type === 'derived' && PARTIAL_SECRETS.has(link.entry.id));
}

/** In order of power: the first one held is reported with its chain, the others named. */
const POWERS: Power[] = [
  { what: 'do anything in the cluster', held: (p) => p.namespace === ALL_NAMESPACES && isAllWildcardRule(p.rule) },
  {
    what: 'read Secrets in every namespace',
    held: (p) => p.namespace === ALL_NAMESPACES && !throughPartialSecrets(p) && ['get', 'list', 'watch'].some((verb) => allows(p, verb, '', 'secrets')),
  },
  {
    what: 'escalate, bind or impersonate',
    held: (p) =>
      p.chain.length === 1 &&
      (['escalate', 'bind'].some((verb) => ['roles', 'clusterroles'].some((resource) => allows(p, verb, 'rbac.authorization.k8s.io', resource))) ||
        ['users', 'groups', 'serviceaccounts'].some((resource) => allows(p, 'impersonate', '', resource))),
  },
  { what: 'call the kubelet API through nodes/proxy', held: (p) => p.namespace === ALL_NAMESPACES && ['get', 'create'].some((verb) => allows(p, verb, '', 'nodes', 'proxy')) },
  { what: 'create pods', held: (p) => allows(p, 'create', '', 'pods') },
];

/** The docs example: the ops-bot ServiceAccount, the given binding of it, and a Deployment running as it. */
function opsBotExample(binding: string): string {
  return `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ops-bot
  namespace: ops
---\n${binding}---\napiVersion: apps/v1
kind: Deployment
metadata:
  name: ops-bot
  namespace: ops
spec:
  selector:
    matchLabels: {app: ops-bot}
  template:
    metadata:
      labels: {app: ops-bot}
    spec:
      serviceAccountName: ops-bot
      containers:
        - name: bot
          image: registry.example.com/ops-bot:1.4.2
`;
}

export default defineRule({
  id: 'workload-powerful-service-account',
  title: 'Workload runs as a powerful ServiceAccount',
  category: 'workload',
  severity: 'warning',
  scope: 'cross-file',
  kinds: WORKLOAD_KINDS,
  fixable: false,
  docs: {
    description:
      "Flags workloads whose ServiceAccount holds, through the workspace's roles and bindings (derived grants included), one of: " +
      'cluster-admin, reading Secrets in every namespace, escalate/bind/impersonate, nodes/proxy, or creating pods. Reported on ' +
      '`serviceAccountName` (on the pod spec when the pods run as `default`), with the chain of bindings and roles that gives it.',
    rationale:
      "Every container of the pod holds the ServiceAccount's token. A remote code execution in any of them, or a malicious image, " +
      'hands that power to the attacker: with cluster-admin or Secrets of every namespace, one compromised pod is the whole cluster.',
    incorrect: opsBotExample(`apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ops-bot
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
  - kind: ServiceAccount
    name: ops-bot
    namespace: ops
`),
    correct: opsBotExample(`apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ops-bot
  namespace: ops
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
  - kind: ServiceAccount
    name: ops-bot
    namespace: ops
`),
    fix:
      'No automatic fix: give the workload a ServiceAccount with only what it needs (a RoleBinding in its namespace), move ' +
      'powerful controllers to their own namespace and nodes, or set `automountServiceAccountToken: false` when it does not call the API.',
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege',
      'https://kubernetes.io/docs/concepts/security/service-accounts/',
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting',
    ],
    notes:
      'Pods that set `automountServiceAccountToken: false`, or whose ServiceAccount object sets it (and the pod does not set it ' +
      'true), hold no token and are not flagged. Powers held only through a RoleBinding in one namespace count for pod creation ' +
      'only; Secrets must be readable in every namespace, as the catalog says. The binding side of the same grants is reported ' +
      'by the RBAC rules on the roles; this rule names the workloads that carry them.',
  },
  check(ctx) {
    const workload = ctx.workload();
    if (!workload?.podSpec) return;
    const namespace = resolveNamespace(ctx.object.file.path, ctx.object, ctx.config);
    if (mountsNoToken(workload, ctx.index.ofKind('ServiceAccount'), namespace)) return;
    const serviceAccount = podServiceAccount(workload);
    const model = modelFor(ctx);
    const held = powersOf(model, namespace, serviceAccount.name);
    if (held.length === 0) return;
    const [first, ...others] = held;
    const also = others.length > 0 && first.power !== POWERS[0] ? ` (it can also ${others.map((other) => other.power.what).join(', ')})` : '';
    ctx.report({
      node: serviceAccount.node ?? podSpecKey(workload),
      message:
        `${describeObject(ctx.object)} runs as ServiceAccount ${namespace}/${serviceAccount.name}, which can ${first.power.what}: ` +
        `${describeChain(first.permission)}${also}; a compromise of any of its containers hands that to the attacker`,
    });
  },
});

const cache = new WeakMap<RbacModel, Map<string, { power: Power; permission: Permission }[]>>();

/** The powers a ServiceAccount holds, strongest first, each with the permission that gives it. */
function powersOf(model: RbacModel, namespace: string, name: string): { power: Power; permission: Permission }[] {
  let byAccount = cache.get(model);
  if (!byAccount) cache.set(model, (byAccount = new Map()));
  const key = `${namespace}/${name}`;
  let held = byAccount.get(key);
  if (!held) {
    const permissions = permissionsOf(model, identityOf('ServiceAccount', name, namespace));
    held = POWERS.flatMap((power) => {
      const permission = permissions.find((candidate) => power.held(candidate));
      return permission ? [{ power, permission }] : [];
    });
    byAccount.set(key, held);
  }
  return held;
}

/** True when the pods hold no token: the pod says so, or its ServiceAccount object does and the pod does not override it. */
function mountsNoToken(workload: Workload, serviceAccounts: readonly { name?: string; namespace: string; body?: unknown }[], namespace: string): boolean {
  const node = nodeAt(workload.yaml, workload.podSpec, 'automountServiceAccountToken');
  const pod = isScalar(node) ? node.value : undefined;
  if (pod === false) return true;
  if (pod === true) return false;
  const name = podServiceAccount(workload).name;
  const object = serviceAccounts.find((candidate) => candidate.name === name && candidate.namespace === namespace);
  return (object?.body as Record<string, unknown> | undefined)?.automountServiceAccountToken === false;
}

import { defineRule, type RuleContext } from '../../engine/rule.ts';
import { alsoPhrase, BuiltInBinding, builtInBindingOf, builtInGrantMessage, enoughTo } from '../../rbac/builtin-bindings.ts';
import { DERIVED_GRANTS, type DerivedGrant } from '../../rbac/derived-grants.ts';
import { describeRole } from '../../rbac/describe.ts';
import { matchedTrigger, requirementsMet } from '../../rbac/permissions.ts';
import { grantPhrase, roleContext } from '../../rbac/rule-support.ts';
import { ALL_NAMESPACES } from '../../rbac/types.ts';
import { yamlRulesOf } from '../../rbac/yaml-rbac.ts';

const PRIVILEGED = [
  'exec-into-pods',
  'port-forward',
  'kubelet-api',
  'serviceaccount-token',
  'ephemeral-containers',
  'create-persistentvolumes',
  'relabel-namespaces',
  'approve-csrs',
  'validating-webhooks',
  'mutating-webhooks',
].map((id) => DERIVED_GRANTS.find((entry) => entry.id === id)!);

export default defineRule({
  id: 'rbac-privileged-subresources',
  title: 'RBAC rule grants a privileged subresource or resource',
  category: 'rbac',
  severity: 'warning',
  kinds: ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'],
  fixable: false,
  docs: {
    description:
      'Flags rules that grant: `get` or `create` on pods/exec and pods/attach; `create` on pods/portforward, nodes/proxy or serviceaccounts/token; `update`/`patch` ' +
      'on pods/ephemeralcontainers; `create` on persistentvolumes; `patch`/`update` on namespaces; `update` on ' +
      'certificatesigningrequests/approval together with `approve` on a client signer; `create`/`update`/`patch` on ' +
      'validatingwebhookconfigurations or mutatingwebhookconfigurations. Also flags, on the roleRef name, RoleBindings and ' +
      'ClusterRoleBindings to a Kubernetes built-in role that grants one of these (`edit` and `admin` grant pods/exec, pods/attach, ' +
      'pods/portforward and serviceaccounts/token), naming the subjects, the first grant and the others.',
    rationale:
      "Each of these reaches past RBAC's letter: exec and attach run commands with the pod's ServiceAccount token; port-forward " +
      'tunnels past NetworkPolicies; nodes/proxy talks to the kubelet directly, past admission and audit; a token request acts as the ' +
      'ServiceAccount; a hostPath PersistentVolume mounts the node; relabelling a namespace switches off Pod Security admission; ' +
      'approving CSRs mints credentials for any identity; a webhook configuration sends every object, Secrets included, to a server ' +
      'of your choosing.',
    incorrect: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: debugger
  namespace: shop
rules:
  - apiGroups: [""]
    resources: [pods, pods/log, pods/exec]
    verbs: [get, list, create]
`,
    correct: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: debugger
  namespace: shop
rules:
  - apiGroups: [""]
    resources: [pods, pods/log]
    verbs: [get, list]
`,
    fix: 'No automatic fix: grant these only to the few subjects that need them, limited by `resourceNames` where Kubernetes allows it.',
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks',
      'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/#kubelet-authorization',
      'https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization',
      'https://kubernetes.io/docs/concepts/security/pod-security-admission/',
    ],
    notes:
      '`get` on nodes/proxy is flagged as well as `create`: the kubelet authorizes its API by the HTTP method, and its streaming ' +
      'endpoints can be reached with GET. Likewise `get` on pods/exec and pods/attach: WebSocket clients (kubectl since 1.31) open ' +
      'them with GET, which RBAC checks as `get`. A grant limited by `resourceNames` names them in the message and claims only ' +
      'those objects (a token for one named ServiceAccount acts as that one). A `*` resource is left to rbac-wildcard-resources rather than flagged once per capability here. ' +
      'Beyond the catalog, bindings to built-in roles are flagged too (one finding per binding, `*` resources of built-in roles ' +
      'included): those roles are not in the workspace, so the binding is the only place to report them. A role the workspace ' +
      'defines itself (even under a built-in name) is reported on its rule instead, and cluster-admin is left to rbac-cluster-admin-binding.',
  },
  check(ctx) {
    const builtIn = builtInBindingOf(ctx);
    if (builtIn) {
      checkBuiltInBinding(ctx, builtIn);
      return;
    }
    if (ctx.object.kind !== 'Role' && ctx.object.kind !== 'ClusterRole') return;
    const { model, role } = roleContext(ctx);
    const yamlRules = yamlRulesOf(ctx.object);
    const allOfRole = yamlRules.map((yamlRule) => ({ rule: yamlRule.rule, namespace: ALL_NAMESPACES }));
    for (const yamlRule of yamlRules) {
      for (const item of yamlRule.field('resources').items) {
        if (item.value.startsWith('*')) continue;
        const narrowed = { rule: { ...yamlRule.rule, resources: [item.value] }, namespace: ALL_NAMESPACES };
        for (const entry of PRIVILEGED) {
          const trigger = matchedTrigger(entry, narrowed);
          if (!trigger || !requirementsMet(entry, allOfRole, ALL_NAMESPACES)) continue;
          ctx.report({ node: item.node, message: `${describeRole(role)}: ${grantPhrase(model, role, trigger, entry, yamlRule.rule.resourceNames)}` });
        }
      }
    }
  },
});

/** One finding on a binding to a built-in role with privileged grants: the first in full, the others named. */
function checkBuiltInBinding(ctx: RuleContext, target: BuiltInBinding): void {
  const found: { entry: DerivedGrant; trigger: string }[] = [];
  for (const entry of PRIVILEGED) {
    if (!requirementsMet(entry, target.scopedRules, target.scope)) continue;
    const trigger = target.builtInRules.map((rule) => matchedTrigger(entry, { rule, namespace: target.scope })).find((candidate) => !!candidate);
    if (trigger) found.push({ entry, trigger });
  }
  if (found.length === 0) return;
  const [first, ...others] = found;
  const message = builtInGrantMessage(target, first.trigger, enoughTo(first.entry, target)) + alsoPhrase(others.map((other) => other.trigger));
  ctx.report({ node: target.node, message });
}

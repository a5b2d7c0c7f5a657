import { defineRule, type RuleContext } from '../../engine/rule.ts';
import { BuiltInBinding, builtInBindingOf, builtInGrantMessage, enoughTo } from '../../rbac/builtin-bindings.ts';
import { DERIVED_GRANTS } from '../../rbac/derived-grants.ts';
import { describeRole } from '../../rbac/describe.ts';
import { matchedTrigger } from '../../rbac/permissions.ts';
import { grantPhrase, roleContext } from '../../rbac/rule-support.ts';
import { ALL_NAMESPACES } from '../../rbac/types.ts';
import { yamlRulesOf } from '../../rbac/yaml-rbac.ts';

/** The derived grants that mean "runs pods", most direct first. */
const POD_RUNNING = ['create-pods', 'modify-pods', 'pod-controller'].map((id) => DERIVED_GRANTS.find((entry) => entry.id === id)!);

export default defineRule({
  id: 'rbac-implicit-pod-creation',
  title: 'RBAC rule lets the subject run pods',
  category: 'rbac',
  severity: 'warning',
  kinds: ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'],
  fixable: false,
  docs: {
    description:
      'Flags Role and ClusterRole rules with `create`, `update` or `patch` on pods, or on a controller that creates pods: deployments, ' +
      'replicasets, statefulsets and daemonsets (apps, extensions), cronjobs (batch) and replicationcontrollers; `create` ' +
      'on jobs (batch). ' +
      'The message names the path, e.g. "create deployments.apps in namespace ci lets ServiceAccount ci/deployer run any pod, so act as any ServiceAccount in ci". ' +
      'Also flags, on the roleRef name, RoleBindings and ClusterRoleBindings to a Kubernetes built-in role that runs pods (`edit`, ' +
      '`admin`, `system:node`, the `system:controller:` roles of the workload controllers), naming the subjects and the most direct path.',
    rationale:
      'Whoever can create a Deployment can create any pod the Deployment describes: a pod that runs as any ServiceAccount of the ' +
      "namespace (so with its permissions), mounts any Secret, and, unless Pod Security admission stops it, mounts the node's disk or " +
      'runs privileged. RBAC checks the Deployment, not the pods the controller creates for it.',
    incorrect: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: deployer
  namespace: ci
rules:
  - apiGroups: [apps]
    resources: [deployments]
    verbs: [get, list, create, update]
`,
    correct: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: deployer
  namespace: ci
rules:
  - apiGroups: [apps]
    resources: [deployments]
    verbs: [get, list, watch]
  - apiGroups: [apps]
    resources: [deployments/scale]
    verbs: [update]
`,
    fix:
      'No automatic fix. Grant pod-creating permissions only to subjects you would trust with every ServiceAccount of the namespace; keep ' +
      'powerful ServiceAccounts out of namespaces where others deploy, and enforce the restricted Pod Security level there.',
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation',
      'https://kubernetes.io/docs/reference/access-authn-authz/authorization/#privilege-escalation-via-workload-creation-or-edits',
      'https://kubernetes.io/docs/concepts/security/pod-security-admission/',
    ],
    notes:
      "`update` and `patch` on jobs are not flagged: a Job's pod template is immutable once created, so only creating a Job runs a " +
      "new pod; a CronJob's jobTemplate can be changed and the next Job runs it, so cronjobs stay flagged. A grant limited by " +
      '`resourceNames` is still flagged (editing one named Deployment runs any pod) and the message names it. A `*` resource is ' +
      'left to rbac-wildcard-resources (one cause, one finding), whose message says when it covers creating pods. ' +
      'Beyond the catalog, bindings to built-in roles are flagged too: those roles are not in the workspace, so the binding is the only ' +
      'place to report them. A role the workspace defines itself (even under a built-in name) is reported on its rule instead, and ' +
      'cluster-admin is left to rbac-cluster-admin-binding. RULES.md lists podtemplates among the controllers, but no Kubernetes ' +
      'controller creates pods from a standalone PodTemplate object (workload controllers embed their template), so writes on ' +
      'podtemplates are not flagged.',
  },
  check(ctx) {
    const builtIn = builtInBindingOf(ctx);
    if (builtIn) {
      checkBuiltInBinding(ctx, builtIn);
      return;
    }
    if (ctx.object.kind !== 'Role' && ctx.object.kind !== 'ClusterRole') return;
    const { model, role } = roleContext(ctx);
    for (const yamlRule of yamlRulesOf(ctx.object)) {
      for (const item of yamlRule.field('resources').items) {
        if (item.value.startsWith('*')) continue; // rbac-wildcard-resources owns `*`
        const narrowed = { rule: { ...yamlRule.rule, resources: [item.value] }, namespace: ALL_NAMESPACES };
        for (const entry of POD_RUNNING) {
          const trigger = matchedTrigger(entry, narrowed);
          if (!trigger) continue;
          ctx.report({ node: item.node, message: `${describeRole(role)}: ${grantPhrase(model, role, trigger, entry, yamlRule.rule.resourceNames)}` });
          break;
        }
      }
    }
  },
});

/** One finding on a binding to a built-in role that runs pods: the most direct path it grants. */
function checkBuiltInBinding(ctx: RuleContext, target: BuiltInBinding): void {
  for (const entry of POD_RUNNING) {
    for (const rule of target.builtInRules) {
      const trigger = matchedTrigger(entry, { rule, namespace: target.scope });
      if (!trigger) continue;
      ctx.report({ node: target.node, message: builtInGrantMessage(target, trigger, enoughTo(entry, target)) });
      return;
    }
  }
}

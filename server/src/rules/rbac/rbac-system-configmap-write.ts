import { defineRule } from '../../engine/rule.ts';
import { describeBinding, describeRole } from '../../rbac/describe.ts';
import { ruleAllows } from '../../rbac/rule-match.ts';
import { listSubjects, roleContext } from '../../rbac/rule-support.ts';
import { formatSubject } from '../../rbac/subjects.ts';
import type { BindingDef, PolicyRule, RoleDef } from '../../rbac/types.ts';
import type { RbacModel } from '../../rbac/model.ts';
import { yamlRulesOf } from '../../rbac/yaml-rbac.ts';

const WRITE_VERBS = ['create', 'update', 'patch'];
const SYSTEM_NAMESPACE = 'kube-system';

/** The kube-system ConfigMaps that steer the cluster, and what rewriting each does. */
const SYSTEM_CONFIGMAPS: Record<string, string> = {
  coredns: 'DNS answers for every pod',
  'aws-auth': 'the IAM identities EKS maps to users and groups, system:masters included',
  'kube-proxy': "every node's service routing",
  'kubeadm-config': 'the configuration kubeadm applies on upgrades and joins',
  'kubelet-config': 'the kubelet configuration kubeadm hands to joining nodes',
  'extension-apiserver-authentication': 'which client certificates extension API servers trust',
};

export default defineRule({
  id: 'rbac-system-configmap-write',
  title: 'RBAC rule writes ConfigMaps in kube-system',
  category: 'rbac',
  severity: 'warning',
  kinds: ['Role', 'ClusterRole'],
  fixable: false,
  docs: {
    description:
      'Flags rules that allow create, update or patch on ConfigMaps in kube-system: in a Role of kube-system, or in a ClusterRole ' +
      'bound in kube-system or cluster-wide. Rules limited by `resourceNames` are flagged only when they name one of the ' +
      'ConfigMaps that steer the cluster (coredns, aws-auth, kube-proxy, kubeadm-config, kubelet-config, ' +
      'extension-apiserver-authentication).',
    rationale:
      'kube-system ConfigMaps configure the cluster itself: rewriting coredns answers every DNS lookup of every pod (traffic to ' +
      'any Service goes where the attacker wants), aws-auth on EKS maps IAM identities to system:masters, kube-proxy and ' +
      'kubeadm-config steer every node. A ClusterRoleBinding grants configmaps in kube-system too.',
    incorrect: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: dns-tuner
  namespace: kube-system
rules:
  - apiGroups: [""]
    resources: [configmaps]
    verbs: [get, update, patch]
`,
    correct: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: dns-tuner
  namespace: kube-system
rules:
  - apiGroups: [""]
    resources: [configmaps]
    resourceNames: [dns-tuner-state]
    verbs: [get, update, patch]
`,
    fix: 'No automatic fix: limit the rule with `resourceNames` to the ConfigMaps the subject owns, or bind the role in its own namespace.',
    references: [
      'https://kubernetes.io/docs/tasks/administer-cluster/dns-custom-nameservers/',
      'https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege',
    ],
    notes:
      'A ClusterRole that nothing binds in kube-system or cluster-wide is not flagged: bound in other namespaces it writes only ' +
      'their ConfigMaps. A `*` resource is left to rbac-wildcard-resources (one cause, one finding).',
  },
  check(ctx) {
    const { model, role } = roleContext(ctx);
    const where = systemScope(model, role);
    if (!where) return;
    for (const yamlRule of yamlRulesOf(ctx.object)) {
      const verbs = writeVerbs(yamlRule.rule);
      if (verbs.length === 0) continue;
      const item = yamlRule.field('resources').items.find((candidate) => candidate.value === 'configmaps');
      if (!item) continue;
      const named = yamlRule.rule.resourceNames.filter((name) => name in SYSTEM_CONFIGMAPS);
      if (yamlRule.rule.resourceNames.length > 0 && named.length === 0) continue;
      const targets = named.length > 0 ? named : Object.keys(SYSTEM_CONFIGMAPS).slice(0, 4);
      const what = targets.map((name) => `${name} (${SYSTEM_CONFIGMAPS[name]})`).join(', ');
      const scope = named.length > 0 ? `configmaps named ${named.join(', ')}` : 'configmaps';
      ctx.report({ node: item.node, message: `${describeRole(role)}: ${verbs.join(', ')} ${scope} ${where} rewrite ${named.length > 0 ? '' : 'the ConfigMaps that steer the cluster, such as '}${what}` });
    }
  },
});

/** The write verbs a rule allows on core configmaps (a named grant counts for its names). */
function writeVerbs(rule: PolicyRule): string[] {
  const name = rule.resourceNames[0];
  return WRITE_VERBS.filter((verb) => ruleAllows(rule, { verb, apiGroup: '', resource: 'configmaps', name: verb === 'create' ? undefined : name, namespace: '' }));
}

/** "in namespace kube-system" (with who, when bound), or undefined when the role does not reach kube-system. */
function systemScope(model: RbacModel, role: RoleDef): string | undefined {
  if (role.kind === 'Role') {
    if (role.namespace !== SYSTEM_NAMESPACE) return undefined;
    return `in namespace kube-system${whoPhrase(model.bindingsOf(role))}`;
  }
  const reaching = model.bindingsOf(role).filter((binding) => binding.kind === 'ClusterRoleBinding' || binding.namespace === SYSTEM_NAMESPACE);
  if (reaching.length === 0) return undefined;
  const clusterWide = reaching.some((binding) => binding.kind === 'ClusterRoleBinding');
  return `${clusterWide ? 'cluster-wide (kube-system included)' : 'in namespace kube-system'}${whoPhrase(reaching)}`;
}

/** " lets ServiceAccount x/y (ClusterRoleBinding z)" or " lets whoever is bound to it". */
function whoPhrase(bindings: BindingDef[]): string {
  if (bindings.length === 0) return ' lets whoever is bound to it';
  const subjects = bindings.flatMap((binding) => binding.subjects.map((subject) => formatSubject(subject, binding)));
  const via = bindings.length === 1 ? ` (${describeBinding(bindings[0])})` : '';
  return ` lets ${listSubjects(subjects)}${via}`;
}

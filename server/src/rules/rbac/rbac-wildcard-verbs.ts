import { defineRule, FixSpec } from '../../engine/rule.ts';
import { describeRole, describeRule } from '../../rbac/describe.ts';
import { boundPhrase, roleContext } from '../../rbac/rule-support.ts';
import { yamlRulesOf, YamlPolicyRule } from '../../rbac/yaml-rbac.ts';
import { replaceSeqItem } from '../../rbac/yaml-edits.ts';
import { ruleAllows } from '../../rbac/rule-match.ts';
import type { DocEditor } from '../../engine/edits.ts';
import type { ManifestDoc } from '../../engine/parse.ts';

const READ_ONLY = ['get', 'list', 'watch'];
const ALL_RESOURCE_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const NON_RESOURCE_READ_ONLY = ['get', 'head'];
const ALL_NON_RESOURCE_VERBS = ['get', 'head', 'post', 'put', 'patch', 'delete'];

export default defineRule({
  id: 'rbac-wildcard-verbs',
  title: 'RBAC rule grants every verb',
  category: 'rbac',
  severity: 'error',
  kinds: ['Role', 'ClusterRole'],
  fixable: true,
  docs: {
    description: 'Flags `*` in the `verbs` of a Role or ClusterRole rule.',
    rationale:
      '`*` grants every verb that exists now and every verb added later, including the special ones: `escalate` and `bind` on roles ' +
      '(grant yourself any permission), `impersonate` (act as anyone), `approve` on signers (mint credentials). A rule meant to let a ' +
      'controller manage its objects ends up letting whoever holds it delete them all or take over the cluster.',
    incorrect: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: config-manager
  namespace: shop
rules:
  - apiGroups: [""]
    resources: [configmaps]
    verbs: ["*"]
`,
    correct: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: config-manager
  namespace: shop
rules:
  - apiGroups: [""]
    resources: [configmaps]
    verbs: [get, list, watch, update]
`,
    fix:
      'Two fixes, both unsafe because they change what the role grants: replace `*` with the read-only verbs `get, list, watch` ' +
      '(`get, head` for non-resource URLs), or with the explicit list of standard verbs (`get, list, watch, create, update, patch, ' +
      'delete, deletecollection`), which drops only the special verbs. Then add back the verbs the subject really needs.',
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege',
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping',
      'CIS Kubernetes Benchmark 5.1.3: minimize wildcard use in Roles and ClusterRoles',
    ],
  },
  check(ctx) {
    const { model, role } = roleContext(ctx);
    for (const yamlRule of yamlRulesOf(ctx.object)) {
      const verbs = yamlRule.field('verbs');
      for (const item of verbs.items) {
        if (item.value !== '*') continue;
        ctx.report({
          node: item.node,
          message: `${describeRole(role)} grants every verb ("*") in rule ${yamlRule.index + 1} (${describeRule(yamlRule.rule)})${specialVerbs(yamlRule)}${boundPhrase(model, role)}`,
          fixes: verbFixes(ctx.object.doc, ctx.editor(), yamlRule, item.index),
        });
      }
    }
  },
});

/** The special verbs `*` really covers on the rule's resources: escalate and bind on roles, impersonate on identities. */
const SPECIAL_TARGETS: { verb: string; apiGroup: string; resources: string[] }[] = [
  { verb: 'escalate', apiGroup: 'rbac.authorization.k8s.io', resources: ['roles', 'clusterroles'] },
  { verb: 'bind', apiGroup: 'rbac.authorization.k8s.io', resources: ['roles', 'clusterroles'] },
  { verb: 'impersonate', apiGroup: '', resources: ['users', 'groups', 'serviceaccounts'] },
  { verb: 'impersonate', apiGroup: 'authentication.k8s.io', resources: ['uids', 'userextras'] },
];

function specialVerbs(yamlRule: YamlPolicyRule): string {
  const { rule } = yamlRule;
  const name = rule.resourceNames[0];
  const verbs = [
    ...new Set(
      SPECIAL_TARGETS.filter((target) => target.resources.some((resource) => ruleAllows(rule, { verb: target.verb, apiGroup: target.apiGroup, resource, name, namespace: '' }))).map(
        (target) => target.verb,
      ),
    ),
  ];
  if (verbs.length === 0) return '';
  const list = verbs.length === 1 ? verbs[0] : `${verbs.slice(0, -1).join(', ')} and ${verbs[verbs.length - 1]}`;
  return `, ${list} included`;
}

function verbFixes(doc: ManifestDoc, editor: DocEditor, yamlRule: YamlPolicyRule, index: number): FixSpec[] {
  const seq = yamlRule.field('verbs').seq!;
  const present = new Set(yamlRule.rule.verbs);
  const nonResource = yamlRule.rule.resources.length === 0 && yamlRule.rule.nonResourceURLs.length > 0;
  const readOnly = nonResource ? NON_RESOURCE_READ_ONLY : READ_ONLY;
  const all = nonResource ? ALL_NON_RESOURCE_VERBS : ALL_RESOURCE_VERBS;
  const missing = (verbs: string[]) => verbs.filter((verb) => !present.has(verb));
  return [
    { title: `Replace "*" with the read-only verbs ${readOnly.join(', ')}`, safe: false, edits: [replaceSeqItem(doc, editor, seq, index, missing(readOnly))] },
    { title: `Replace "*" with the standard verbs ${all.join(', ')}`, safe: false, edits: [replaceSeqItem(doc, editor, seq, index, missing(all))] },
  ];
}

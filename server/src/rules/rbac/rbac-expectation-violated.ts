import type { RbacExpectation } from '../../engine/rbac-expectations.ts';
import { defineRule } from '../../engine/rule.ts';
import { objectAnchor } from '../../engine/objects.ts';
import { breachesOf, ExpectationBreach } from '../../rbac/expectations.ts';
import type { RbacModel } from '../../rbac/model.ts';
import { rootGrant } from '../../rbac/permissions.ts';
import { bindingContext } from '../../rbac/rule-support.ts';
import { identityOf, subjectAppliesTo } from '../../rbac/subjects.ts';

const breachCache = new WeakMap<RbacModel, WeakMap<readonly RbacExpectation[], ExpectationBreach[]>>();

/** Every breach of the `cannot` expectations in a model, computed once per model and expectation list. */
function breachesIn(model: RbacModel, expectations: readonly RbacExpectation[]): ExpectationBreach[] {
  let byList = breachCache.get(model);
  if (!byList) breachCache.set(model, (byList = new WeakMap()));
  let breaches = byList.get(expectations);
  if (!breaches) byList.set(expectations, (breaches = expectations.flatMap((expectation) => breachesOf(model, expectation))));
  return breaches;
}

export default defineRule({
  id: 'rbac-expectation-violated',
  title: 'RBAC expectation broken',
  category: 'rbac',
  severity: 'error',
  scope: 'cross-file',
  kinds: ['RoleBinding', 'ClusterRoleBinding'],
  fixable: false,
  docs: {
    description:
      'Checks the expectations declared under `rbac.expectations` in `.kube-hardener.yaml` (e.g. `ServiceAccount ci/deployer cannot ' +
      'create pods`) against the roles and bindings of the workspace, derived grants included (create cronjobs lets the subject create ' +
      'pods). A broken `cannot` is reported on each binding that breaks it, with the path; a `can` that no binding grants is reported ' +
      'on the config file (by the CLI, and in the editor while the config file is open or after a workspace scan).',
    rationale:
      'RBAC drifts: a role gains a verb, a ClusterRole aggregates a new one, a binding moves a ServiceAccount into another namespace. ' +
      'Stating what each subject must and must not be able to do, and checking it on every change, catches the escalation before it ' +
      'reaches a cluster, including the indirect ones (whoever can create a CronJob can create pods).',
    incorrect: `# .kube-hardener.yaml: rbac: {expectations: ["ServiceAccount ci/deployer cannot create pods"]}
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: deployer
  namespace: ci
rules:
  - apiGroups: [batch]
    resources: [cronjobs]
    verbs: [get, list, create]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: deploy
  namespace: ci
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: deployer
subjects:
  - kind: ServiceAccount
    name: deployer
    namespace: ci
`,
    correct: `# .kube-hardener.yaml: rbac: {expectations: ["ServiceAccount ci/deployer cannot create pods"]}
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: deployer
  namespace: ci
rules:
  - apiGroups: [batch]
    resources: [cronjobs]
    verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: deploy
  namespace: ci
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: deployer
subjects:
  - kind: ServiceAccount
    name: deployer
    namespace: ci
`,
    fix: 'No automatic fix: remove the permission (or the derived path) from the role, or correct the expectation.',
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
      'https://kubernetes.io/docs/reference/access-authn-authz/authorization/#checking-api-access',
    ],
    notes:
      'An expectation without a namespace speaks of every namespace: `cannot` is broken by a grant in any namespace, `can` is met by ' +
      'one. As with `kubectl auth can-i` without a name, rules limited to resourceNames do not count. Built-in bindings of a cluster ' +
      '(system:masters and the like) are not part of the workspace and are not considered. A resource starting with `/` is a ' +
      'non-resource URL (`Group monitoring can get /metrics`, a rule\'s trailing `*` matching any suffix): it has no namespace, and ' +
      'only a ClusterRole bound by a ClusterRoleBinding grants it. A `Group` subject is the group as bindings name it: ' +
      'ServiceAccounts and Users count their implicit groups (system:authenticated, system:serviceaccounts:NS), a group does not.',
  },
  check(ctx) {
    const expectations = ctx.config.rbacExpectations;
    if (expectations.length === 0) return;
    const { model, binding, yaml } = bindingContext(ctx);
    for (const breach of breachesIn(model, expectations)) {
      if (breach.binding !== binding) continue;
      const { kind, name, namespace } = breach.expectation.subject;
      const identity = identityOf(kind, name, namespace);
      const subject = yaml.subjects.find((candidate) => subjectAppliesTo(candidate, rootGrant(breach.permission).binding, identity));
      ctx.report({ node: subject?.nameNode ?? yaml.roleRefNameNode ?? objectAnchor(ctx.object), message: breach.message });
    }
  },
});

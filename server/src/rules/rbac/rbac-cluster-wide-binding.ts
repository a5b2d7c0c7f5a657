import type { DocEditor } from '../../engine/edits.ts';
import type { K8sObject } from '../../engine/objects.ts';
import { defineRule, FixSpec } from '../../engine/rule.ts';
import { describeBinding } from '../../rbac/describe.ts';
import { formatResource, isBuiltInGroup, isClusterScoped } from '../../rbac/resources.ts';
import type { CrdFacts, WorkspaceIndex } from '../../engine/workspace.ts';
import { bindingContext, bindingSubjects, describeRoleRef } from '../../rbac/rule-support.ts';
import type { PolicyRule } from '../../rbac/types.ts';
import { yamlBindingOf } from '../../rbac/yaml-rbac.ts';

const WRITE_VERBS = ['*', 'create', 'update', 'patch', 'delete', 'deletecollection'];

export default defineRule({
  id: 'rbac-cluster-wide-binding',
  title: 'ClusterRoleBinding where a RoleBinding would do',
  category: 'rbac',
  severity: 'info',
  kinds: ['ClusterRoleBinding'],
  fixable: true,
  docs: {
    description:
      'Flags ClusterRoleBindings whose role grants write verbs (create, update, patch, delete, deletecollection or `*`) and touches ' +
      'only namespaced resources, reading none of them across namespaces: a RoleBinding in the namespace that needs them would ' +
      'grant the same there, and nowhere else. Never flagged when the role touches (with any verb) a cluster-scoped resource (a ' +
      "built-in one, or a custom resource whose CustomResourceDefinition the workspace declares `scope: Cluster`; a custom resource " +
      'whose CRD the workspace does not declare counts as cluster-scoped), a non-resource URL, or `list`/`watch` on namespaced ' +
      'resources (a controller that watches every namespace needs the ClusterRoleBinding).',
    rationale:
      'A ClusterRoleBinding grants its role in every namespace, kube-system and namespaces created later included. Write access ' +
      'to pods or Deployments in every namespace is a path to every ServiceAccount of the cluster.',
    incorrect: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: deployer
rules:
  - apiGroups: [apps]
    resources: [deployments]
    verbs: [get, create, update, patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ci-deployer
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: deployer
subjects:
  - kind: ServiceAccount
    name: deployer
    namespace: ci
`,
    correct: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: deployer
rules:
  - apiGroups: [apps]
    resources: [deployments]
    verbs: [get, create, update, patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ci-deployer
  namespace: ci
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: deployer
subjects:
  - kind: ServiceAccount
    name: deployer
    namespace: ci
`,
    fix:
      'Unsafe: changes `kind` to RoleBinding and sets `metadata.namespace` to the namespace of the first ServiceAccount subject ' +
      '(else the existing namespace, else "default"); the editor lets you pick another. The subjects lose the permissions in every ' +
      'other namespace, and read access to cluster-scoped resources the role may also grant.',
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege',
    ],
    notes:
      'The catalog\'s first wording flagged any ClusterRoleBinding whose writes were all namespaced; on real manifests that proposed ' +
      "RoleBindings for controllers that read nodes or watch every namespace (ingress-nginx's controller) and for roles on " +
      'cluster-scoped custom resources (calico), which would break them. A RoleBinding can grant neither, so such roles are not ' +
      'flagged. The built-in edit and admin roles list and watch namespaced resources, so a ClusterRoleBinding to them is left to ' +
      'the rules that judge what they grant (rbac-secrets-access, rbac-implicit-pod-creation, ...).',
  },
  check(ctx) {
    const { model, binding } = bindingContext(ctx);
    const role = model.roleOf(binding);
    if (!role) return;
    const rules = model.rulesOf(role).map(({ rule }) => rule);
    const writes = rules.filter((rule) => rule.verbs.some((verb) => WRITE_VERBS.includes(verb)));
    if (writes.length === 0) return;
    const scopes = crdScopes(ctx.index);
    if (!rules.every((rule) => isNamespacedOnly(rule, scopes)) || rules.some(readsAcrossNamespaces)) return;
    ctx.report({
      node: ctx.object.kindNode,
      message:
        `${describeBinding(binding)} lets ${bindingSubjects(binding)} write ${writtenResources(writes)} in every namespace, but ` +
        `${describeRoleRef(binding)} writes only namespaced resources: a RoleBinding in the namespace that needs them would do`,
      fixes: [convertToRoleBinding(ctx.editor(), ctx.object, suggestedNamespace(ctx.object))],
    });
  },
});

const SHOWN_RESOURCES = 3;

/** `pods, configmaps, deployments.apps and 22 more resources`. */
function writtenResources(writes: PolicyRule[]): string {
  const names = [...new Set(writes.flatMap((rule) => rule.resources.flatMap((resource) => rule.apiGroups.map((group) => formatResource(group === '*' ? '' : group, resource)))))];
  const rest = names.length - SHOWN_RESOURCES;
  return rest > 0 ? `${names.slice(0, SHOWN_RESOURCES).join(', ')} and ${rest} more resources` : names.join(', ');
}

const READ_ACROSS_VERBS = ['*', 'list', 'watch'];

/** True when a rule lists or watches: across namespaces, that needs a ClusterRoleBinding. */
function readsAcrossNamespaces(rule: PolicyRule): boolean {
  return rule.resources.length > 0 && rule.verbs.some((verb) => READ_ACROSS_VERBS.includes(verb));
}

/** `group/plural` -> scope of the custom resources the workspace declares. */
function crdScopes(index: WorkspaceIndex): Map<string, CrdFacts['scope']> {
  const scopes = new Map<string, CrdFacts['scope']>();
  for (const facts of index.ofKind('CustomResourceDefinition')) if (facts.crd) scopes.set(`${facts.crd.group}/${facts.crd.plural}`, facts.crd.scope);
  return scopes;
}

/**
 * True when a rule names only resources served namespaced (no `*`, no non-resource URLs): built-in
 * ones by Kubernetes' table, custom ones by the workspace's CRDs; an undeclared custom resource
 * may be cluster-scoped, so it does not count as namespaced.
 */
function isNamespacedOnly(rule: PolicyRule, scopes: Map<string, CrdFacts['scope']>): boolean {
  if (rule.nonResourceURLs.length > 0 || rule.resources.length === 0 || rule.apiGroups.includes('*')) return false;
  return rule.resources.every((resource) => {
    const base = resource.split('/')[0];
    return base !== '*' && rule.apiGroups.every((group) => isNamespacedResource(group, base, scopes));
  });
}

function isNamespacedResource(group: string, resource: string, scopes: Map<string, CrdFacts['scope']>): boolean {
  if (isBuiltInGroup(group)) return !isClusterScoped(group, resource);
  return scopes.get(`${group}/${resource}`) === 'Namespaced';
}

/**
 * The namespace the conversion to a RoleBinding suggests: the first ServiceAccount subject's, else
 * the binding's own `metadata.namespace`, else "default". The editor lets the user pick another.
 */
export function suggestedNamespace(object: K8sObject): string {
  const serviceAccount = yamlBindingOf(object).subjects.find((subject) => subject.kind === 'ServiceAccount' && subject.namespace);
  return serviceAccount?.namespace ?? object.namespace ?? 'default';
}

/** The unsafe fix that turns a ClusterRoleBinding into a RoleBinding in `namespace` (edits in document offsets). */
export function convertToRoleBinding(editor: DocEditor, object: K8sObject, namespace: string): FixSpec {
  const namespaceEdits = object.metadata
    ? object.namespace === namespace
      ? []
      : editor.setIn(object.metadata, ['namespace'], namespace)
    : [editor.insertPair(object.root, 'metadata', { namespace })];
  return {
    title: `Convert to a RoleBinding in namespace ${namespace}`,
    safe: false,
    edits: [editor.replace(object.kindNode, 'RoleBinding'), ...namespaceEdits],
  };
}

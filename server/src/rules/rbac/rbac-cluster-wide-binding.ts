import type { DocEditor } from '../../engine/edits.ts';
import type { K8sObject } from '../../engine/objects.ts';
import { defineRule, FixSpec } from '../../engine/rule.ts';
import { describeBinding } from '../../rbac/describe.ts';
import { formatResource, isClusterScoped } from '../../rbac/resources.ts';
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
      'Flags ClusterRoleBindings whose role grants write verbs (create, update, patch, delete, deletecollection or `*`) only on ' +
      'namespaced resources: a RoleBinding in the namespace that needs them would grant the same writes there, and nowhere else.',
    rationale:
      'A ClusterRoleBinding grants its role in every namespace, kube-system and namespaces created later included. Write access ' +
      'to pods or Deployments in every namespace is a path to every ServiceAccount of the cluster.',
    incorrect: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ci-edit
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: edit
subjects:
  - kind: ServiceAccount
    name: deployer
    namespace: ci
`,
    correct: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ci-edit
  namespace: ci
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: edit
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
      'Only write permissions decide: a role that also reads cluster-scoped resources (the built-in edit role reads namespaces) is ' +
      'still flagged, since its writes are what the ClusterRoleBinding spreads to every namespace.',
  },
  check(ctx) {
    const { model, binding } = bindingContext(ctx);
    const role = model.roleOf(binding);
    if (!role) return;
    const writes = model.rulesOf(role).map(({ rule }) => rule).filter((rule) => rule.verbs.some((verb) => WRITE_VERBS.includes(verb)));
    if (writes.length === 0 || !writes.every(isNamespacedOnly)) return;
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

/** True when a rule names only resources Kubernetes serves namespaced (no `*`, no non-resource URLs). */
function isNamespacedOnly(rule: PolicyRule): boolean {
  if (rule.nonResourceURLs.length > 0 || rule.resources.length === 0) return false;
  const groups = rule.apiGroups.map((group) => (group === '*' ? '' : group));
  return rule.resources.every((resource) => {
    const base = resource.split('/')[0];
    return base !== '*' && !groups.some((group) => isClusterScoped(group, base));
  });
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

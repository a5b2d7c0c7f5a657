import { isScalar } from 'yaml';
import { nodeAt } from '../../engine/nodes.ts';
import { describeObject } from '../../engine/objects.ts';
import { defineRule } from '../../engine/rule.ts';

export default defineRule({
  id: 'default-namespace',
  title: 'Object in the default namespace',
  category: 'workload',
  severity: 'hint',
  kinds: '*',
  fixable: false,
  docs: {
    description: 'Flags objects whose `metadata.namespace` is explicitly `default`.',
    rationale:
      'The `default` namespace is where everything lands that nobody placed on purpose, so it tends to collect unrelated workloads, ' +
      'broad RoleBindings and no NetworkPolicy or Pod Security labels. A workload there shares its blast radius with all of them; ' +
      'a namespace per application lets RBAC, quotas, network policies and Pod Security admission be scoped to it.',
    incorrect: `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: default
data:
  mode: production
`,
    correct: `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
data:
  mode: production
`,
    fix: 'None: choosing the namespace is a deployment decision. Create a dedicated namespace and move the object there.',
    references: [
      'https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/',
      'CIS Kubernetes Benchmark 5.7.4: the default namespace should not be used',
    ],
    notes:
      'Only an explicit `namespace: default` is flagged; objects without a namespace land wherever `kubectl -n`, a kustomization ' +
      'or the context puts them, which the manifest alone cannot tell.',
  },
  check(ctx) {
    const namespaceNode = nodeAt(ctx.object.yaml, ctx.object.metadata, 'namespace');
    if (!isScalar(namespaceNode) || namespaceNode.value !== 'default') return;
    ctx.report({ node: namespaceNode, message: `${describeObject(ctx.object)} is placed in the "default" namespace` });
  },
});

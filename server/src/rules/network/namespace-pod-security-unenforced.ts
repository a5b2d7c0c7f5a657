import type { Node } from 'yaml';
import { mapAt, nodeAt } from '../../engine/nodes.ts';
import { describeObject, objectAnchor } from '../../engine/objects.ts';
import { defineRule } from '../../engine/rule.ts';

const ENFORCE = 'pod-security.kubernetes.io/enforce';

export default defineRule({
  id: 'namespace-pod-security-unenforced',
  title: 'Namespace without an enforced Pod Security level',
  category: 'network',
  severity: 'info',
  kinds: ['Namespace'],
  fixable: true,
  docs: {
    description:
      `Flags Namespaces without a \`${ENFORCE}\` label, and Namespaces whose label enforces \`privileged\`.`,
    rationale:
      'Pod Security admission enforces only what a Namespace\'s label asks for. Without the label (and without a cluster-wide ' +
      'AdmissionConfiguration default) it enforces `privileged`: any pod is admitted, so whoever can create a pod or a workload in ' +
      'the namespace can start a privileged container with the node\'s filesystem mounted and take over the node.',
    incorrect: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
`,
    correct: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: restricted
`,
    fix:
      'Adds (or sets) `pod-security.kubernetes.io/enforce: restricted`. Unsafe: pods that do not meet the restricted profile are then ' +
      'rejected (existing pods keep running; their replacements fail). Try `pod-security.kubernetes.io/warn: restricted` first, or ' +
      'enforce `baseline` where restricted is too strict.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-admission/',
      'https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-labels/',
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
    ],
    notes:
      'A cluster-wide default set in the API server\'s AdmissionConfiguration is not visible in manifests; a namespace that relies on it ' +
      'is still reported, and the label makes the intent explicit. `warn` and `audit` labels do not count: they reject nothing. ' +
      'Kept in the network section of the catalog, where it was added, although it is about pods.',
  },
  check(ctx) {
    const object = ctx.object;
    const labels = mapAt(object.yaml, object.metadata, 'labels');
    const value = nodeAt(object.yaml, labels, ENFORCE);
    const level = value && 'value' in value && value.value != null ? String(value.value) : undefined;
    if (level !== undefined && level !== '' && level !== 'privileged') return;
    const editor = ctx.editor();
    // A written value (privileged, "") is replaced in its own quoting; a missing label or an empty one is set.
    const edits = value && level !== undefined
      ? [editor.replaceScalar(value, 'restricted')]
      : object.metadata ? editor.setIn(object.metadata, ['labels', ENFORCE], 'restricted') : [];
    ctx.report({
      node: (level === 'privileged' ? value : objectAnchor(object)) as Node,
      message: level === 'privileged'
        ? `${describeObject(object)} enforces the privileged Pod Security level: admission lets any pod in, privileged ones included`
        : `${describeObject(object)} has no ${ENFORCE} label: Pod Security admission enforces nothing here (unless a cluster-wide default says otherwise)`,
      fixes: edits.length > 0 ? [{ title: `Enforce the restricted Pod Security level`, safe: false, edits }] : [],
    });
  },
});

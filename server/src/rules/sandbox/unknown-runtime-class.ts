import { isScalar } from 'yaml';
import { defineRule } from '../../engine/rule.ts';
import { nodeAt } from '../../engine/nodes.ts';
import { apiGroupOf } from '../../engine/objects.ts';
import { WORKLOAD_KINDS } from '../../engine/workloads.ts';

/** RuntimeClass lives in this API group; a CRD of the same kind elsewhere is something else. */
const RUNTIME_CLASS_GROUP = 'node.k8s.io';
const MAX_NAMES_IN_MESSAGE = 5;

export default defineRule({
  id: 'unknown-runtime-class',
  title: 'RuntimeClass not defined in the workspace',
  category: 'sandbox',
  severity: 'info',
  scope: 'cross-file',
  kinds: WORKLOAD_KINDS,
  fixable: false,
  docs: {
    description:
      'Flags a `runtimeClassName` that no RuntimeClass (node.k8s.io) in the workspace defines. Only runs when the ' +
      'workspace defines at least one RuntimeClass, so manifests that rely on classes installed by the platform stay quiet.',
    rationale:
      'A misspelt or missing RuntimeClass keeps the pod from starting, and the usual quick repair under pressure is to ' +
      'delete the `runtimeClassName` line: the workload that was meant to be sandboxed then runs on the node\'s kernel. ' +
      'Catching the name mismatch in review keeps the sandbox in place.',
    incorrect: `apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata:
  name: gvisor
handler: runsc
---
apiVersion: v1
kind: Pod
metadata:
  name: sandboxed
spec:
  runtimeClassName: gvisor-runsc
  containers:
    - name: app
      image: registry.example.com/app:1.0
`,
    correct: `apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata:
  name: gvisor
handler: runsc
---
apiVersion: v1
kind: Pod
metadata:
  name: sandboxed
spec:
  runtimeClassName: gvisor
  containers:
    - name: app
      image: registry.example.com/app:1.0
`,
    fix: 'None: correct the name, or add the RuntimeClass manifest to the workspace.',
    references: ['https://kubernetes.io/docs/concepts/containers/runtime-class/'],
  },
  check(ctx) {
    const workload = ctx.workload();
    if (!workload) return;
    const node = nodeAt(ctx.object.yaml, workload.podSpec, 'runtimeClassName');
    if (!isScalar(node) || node.value == null || String(node.value) === '') return;
    const defined = ctx.index
      .ofKind('RuntimeClass')
      .filter((facts) => apiGroupOf(facts.apiVersion) === RUNTIME_CLASS_GROUP && facts.name)
      .map((facts) => facts.name!);
    const name = String(node.value);
    if (defined.length === 0 || defined.includes(name)) return;
    const known = [...new Set(defined)].sort();
    const listed = known.slice(0, MAX_NAMES_IN_MESSAGE).join(', ') + (known.length > MAX_NAMES_IN_MESSAGE ? ', ...' : '');
    ctx.report({ node, message: `runtimeClassName "${name}" matches no RuntimeClass in the workspace (defined: ${listed})` });
  },
});

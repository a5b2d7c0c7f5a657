import type { Node } from 'yaml';
import { defineRule, RuleContext } from '../../engine/rule.ts';
import { nodeAt, pairOf } from '../../engine/nodes.ts';
import { describeObject, objectAnchor } from '../../engine/objects.ts';
import { podSpecKey, WORKLOAD_KINDS, Workload } from '../../engine/workloads.ts';
import { parseUntrustedSpec, untrustedReason } from './untrusted-match.ts';

export default defineRule({
  id: 'unsandboxed-untrusted-workload',
  title: 'Untrusted workload without a sandbox runtime',
  category: 'sandbox',
  severity: 'warning',
  kinds: WORKLOAD_KINDS,
  fixable: true,
  options: {
    runtimeClassName: {
      type: 'string',
      default: 'gvisor',
      description: 'The RuntimeClass of the sandbox (gVisor, Kata Containers...) that untrusted workloads must use; the fix writes it.',
    },
    untrusted: {
      type: 'object',
      properties: { namespaces: 'string[]', images: 'string[]', labels: 'string-map' },
      default: { namespaces: [], images: [], labels: {} },
      description:
        'What marks a workload as untrusted: `namespaces` (list), `images` (globs, `*` matches anything), `labels` ' +
        '(key: value glob, matched against labels and annotations of the object and its pod template). Empty: the rule finds nothing.',
    },
  },
  docs: {
    description:
      'Flags workloads that the configuration marks as untrusted (by namespace, image pattern, or label/annotation) ' +
      'and that set no `runtimeClassName`, so they run directly on the node\'s kernel. Off in effect until `untrusted` is configured.',
    rationale:
      'Every container on a node shares its kernel: one kernel bug or runtime escape (Dirty Pipe, runc CVE-2024-21626) ' +
      'turns code you did not write (CI jobs, user plugins, third-party images) into root on the node and a foothold ' +
      'in the cluster. A sandbox runtime such as gVisor or Kata Containers puts a second kernel between that code and the host.',
    incorrect: `# with .kube-hardener.yaml: rules: {unsandboxed-untrusted-workload: {untrusted: {namespaces: [ci-runners]}}}
apiVersion: batch/v1
kind: Job
metadata:
  name: build-1234
  namespace: ci-runners
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: build
          image: ghcr.io/community-plugins/builder:5
`,
    correct: `# with .kube-hardener.yaml: rules: {unsandboxed-untrusted-workload: {untrusted: {namespaces: [ci-runners]}}}
apiVersion: batch/v1
kind: Job
metadata:
  name: build-1234
  namespace: ci-runners
spec:
  template:
    spec:
      runtimeClassName: gvisor
      restartPolicy: Never
      containers:
        - name: build
          image: ghcr.io/community-plugins/builder:5
`,
    fix:
      'Adds `runtimeClassName: <runtimeClassName option>` (default gvisor) to the pod spec. Unsafe: pods stay Pending ' +
      'unless a RuntimeClass of that name exists and its handler is installed on the nodes.',
    references: [
      'https://kubernetes.io/docs/concepts/containers/runtime-class/',
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#what-about-sandboxed-pods',
      'https://gvisor.dev/docs/user_guide/quick_start/kubernetes/',
    ],
    notes:
      'Any runtimeClassName counts as a sandbox: the rule cannot know which handlers isolate. unknown-runtime-class ' +
      'reports names that no RuntimeClass in the workspace defines. Image globs match the image as written (no ' +
      'docker.io/library/ normalisation).',
  },
  check(ctx) {
    const workload = ctx.workload();
    if (!workload) return;
    const runtimeClass = nodeAt(ctx.object.yaml, workload.podSpec, 'runtimeClassName');
    if (runtimeClass && 'value' in runtimeClass && runtimeClass.value != null && String(runtimeClass.value) !== '') return;
    const reason = untrustedReason(ctx, parseUntrustedSpec(ctx.options.untrusted));
    if (!reason) return;
    const sandbox = String(ctx.options.runtimeClassName);
    ctx.report({
      node: anchorFor(ctx, workload),
      message: `${describeObject(ctx.object)} is untrusted (${reason}) but sets no runtimeClassName: it runs on the node's kernel without a sandbox`,
      fixes: workload.podSpec
        ? [{ title: `Set runtimeClassName: ${sandbox}`, safe: false, edits: ctx.editor().setIn(workload.podSpec, ['runtimeClassName'], sandbox) }]
        : [],
    });
  },
});

/** The empty runtimeClassName key if there is one, else the key of the pod spec (`spec:` of the template). */
function anchorFor(ctx: RuleContext, workload: Workload): Node {
  const emptyKey = pairOf(ctx.object.yaml, workload.podSpec, 'runtimeClassName')?.key as Node | undefined;
  return emptyKey ?? podSpecKey(workload) ?? objectAnchor(ctx.object);
}

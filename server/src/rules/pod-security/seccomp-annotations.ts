import { isScalar, type Node } from 'yaml';
import { mapPairs, nodeAt } from '../../engine/nodes.ts';
import type { RuleContext } from '../../engine/rule.ts';
import type { Workload } from '../../engine/workloads.ts';

/**
 * The seccomp annotations that Pod Security baseline judges before policy version 1.19
 * (check_seccompProfile_baseline.go, seccompProfileBaseline_1_0): the pod's and each container's
 * value must be runtime/default, docker/default or localhost/<profile>.
 */
const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

function isAllowed(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
}

/** Reports each seccomp annotation of the pod template whose value disables seccomp. */
export function reportUnconfinedSeccompAnnotations(ctx: RuleContext, workload: Workload, containerNames: Set<string>): void {
  const annotations: Node | undefined = nodeAt(ctx.object.yaml, workload.podMetadata, 'annotations');
  for (const pair of mapPairs(ctx.object.yaml, annotations)) {
    const key = String(pair.key.value);
    const applies = key === POD_ANNOTATION || (key.startsWith(CONTAINER_PREFIX) && containerNames.has(key.slice(CONTAINER_PREFIX.length)));
    const value = pair.value;
    if (!applies || !isScalar(value) || isAllowed(String(value.value ?? ''))) continue;
    ctx.report({
      node: value,
      message: `annotation ${key} sets seccomp profile ${String(value.value)}: every system call reaches the kernel unfiltered`,
      fixes: [{ title: 'Set the annotation to runtime/default', edits: [ctx.editor().replaceScalar(value, 'runtime/default')] }],
    });
  }
}

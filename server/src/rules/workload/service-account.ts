import { isScalar, Node } from 'yaml';
import { nodeAt } from '../../engine/nodes.ts';
import type { Workload } from '../../engine/workloads.ts';

/** The ServiceAccount a workload's pods run as, and the node that names it (if any). */
export interface PodServiceAccount {
  name: string;
  /** The value of serviceAccountName (or the deprecated serviceAccount) when written. */
  node?: Node;
}

/**
 * The ServiceAccount of a workload's pods: serviceAccountName, else the deprecated serviceAccount
 * (the API server copies it over), else `default`. Empty strings count as unset, as the API treats them.
 */
export function podServiceAccount(workload: Workload): PodServiceAccount {
  for (const field of ['serviceAccountName', 'serviceAccount']) {
    const node = nodeAt(workload.yaml, workload.podSpec, field);
    if (isScalar(node) && node.value != null && String(node.value) !== '') return { name: String(node.value), node };
  }
  return { name: 'default' };
}

/** True when the workload's pods run as their namespace's `default` ServiceAccount. */
export function usesDefaultServiceAccount(workload: Workload): boolean {
  return podServiceAccount(workload).name === 'default';
}

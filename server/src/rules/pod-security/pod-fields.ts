import type { YAMLMap } from 'yaml';
import {
  Container,
  containerSecurityContext,
  describeContainer,
  podSecurityContext,
  Workload,
} from '../../engine/workloads.ts';

/** A securityContext as written at one level: the pod's, or one container's. */
export interface SecurityContextAt {
  /** `the pod` or `container "app"`, for messages. */
  owner: string;
  context: YAMLMap;
}

/**
 * The pod-level securityContext and each container's, as written (not merged): for checks that,
 * like Pod Security admission, judge every level that sets a field.
 */
export function securityContextsOf(workload: Workload, containers: readonly Container[]): SecurityContextAt[] {
  const result: SecurityContextAt[] = [];
  const pod = podSecurityContext(workload);
  if (pod) result.push({ owner: 'the pod', context: pod });
  for (const container of containers) {
    const context = containerSecurityContext(container);
    if (context) result.push({ owner: describeContainer(container), context });
  }
  return result;
}

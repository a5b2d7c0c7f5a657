import { isScalar, Node } from 'yaml';
import type { YamlValue } from '../../engine/edits.ts';
import { nodeAt, pairOf } from '../../engine/nodes.ts';
import { defineRule } from '../../engine/rule.ts';
import { Container, describeContainer, WORKLOAD_KINDS, Workload } from '../../engine/workloads.ts';
import { addMissingKeys } from './insert-missing.ts';
import { quantityValue } from './resource-quantity.ts';

const RESOURCES = ['cpu', 'memory'] as const;
type Resource = (typeof RESOURCES)[number];

/** The skeleton the fix writes: guesses to be tuned, hence an unsafe fix. */
const DEFAULT_LIMITS: Record<Resource, string> = { cpu: '500m', memory: '256Mi' };
const DEFAULT_REQUESTS: Record<Resource, string> = { cpu: '100m', memory: '128Mi' };

/** A quantity written at a path under a mapping, as its YAML value; undefined when absent or empty. */
function quantityAt(workload: Workload, map: unknown, ...path: string[]): string | number | undefined {
  const node = nodeAt(workload.yaml, map, ...path);
  if (!isScalar(node) || node.value == null || node.value === '') return undefined;
  return typeof node.value === 'number' ? node.value : String(node.value);
}

/** The resources a container has no limit for, counting pod-level limits (`spec.resources`) as covering every container. */
function missingLimits(container: Container): Resource[] {
  const workload = container.workload;
  return RESOURCES.filter(
    (resource) =>
      quantityAt(workload, container.node, 'resources', 'limits', resource) === undefined &&
      quantityAt(workload, workload.podSpec, 'resources', 'limits', resource) === undefined,
  );
}

/**
 * What the fix adds: the default limit for each missing one (or the container's request when that is
 * higher, since a limit below the request is rejected), and a default request only beside a limit it
 * adds and only when none is written (a missing request defaults to the limit, so adding one next to an
 * existing limit would silently lower the reservation).
 */
function skeleton(container: Container, missing: Resource[]): { [key: string]: YamlValue } {
  const limits: { [key: string]: YamlValue } = {};
  const requests: { [key: string]: YamlValue } = {};
  for (const resource of missing) {
    const request = quantityAt(container.workload, container.node, 'resources', 'requests', resource);
    const requestValue = request === undefined ? undefined : quantityValue(request);
    const defaultLimit = DEFAULT_LIMITS[resource];
    limits[resource] = request !== undefined && requestValue !== undefined && requestValue > quantityValue(defaultLimit)! ? request : defaultLimit;
    if (request === undefined) requests[resource] = DEFAULT_REQUESTS[resource];
  }
  return Object.keys(requests).length > 0 ? { resources: { limits, requests } } : { resources: { limits } };
}

/** Where the finding points: the `limits` key, else the `resources` key, else the container's name. */
function anchor(container: Container): Node {
  const yaml = container.workload.yaml;
  const resources = pairOf(yaml, container.node, 'resources');
  const limits = pairOf(yaml, resources?.value, 'limits');
  return (limits?.key ?? resources?.key ?? container.nameNode ?? container.node.items[0]?.key ?? container.node) as Node;
}

function describeMissing(missing: Resource[]): string {
  return missing.length === 2 ? 'no cpu and no memory limit' : `no ${missing[0]} limit`;
}

export default defineRule({
  id: 'missing-resource-limits',
  title: 'Container without resource limits',
  category: 'workload',
  severity: 'info',
  kinds: WORKLOAD_KINDS,
  fixable: true,
  docs: {
    description: 'Flags containers and init containers without `resources.limits.cpu` or `resources.limits.memory`, and says which are missing.',
    rationale:
      'A container without limits can take every CPU cycle and all memory of its node. One compromised or buggy pod (a crypto miner, ' +
      'a decompression bomb, a memory leak) then starves its neighbours and the kubelet, and the node starts evicting other workloads: ' +
      'a denial of service from inside the cluster.',
    incorrect: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx:1.27
      resources:
        requests:
          cpu: 100m
`,
    correct: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx:1.27
      resources:
        requests:
          cpu: 100m
        limits:
          cpu: 500m
          memory: 256Mi
`,
    fix:
      'Unsafe (the numbers are guesses, tune them): adds the missing limits (cpu 500m, memory 256Mi) and, for a resource whose limit ' +
      'it adds and which has no request, a request (cpu 100m, memory 128Mi). Values already written are kept; a limit is raised to ' +
      'the written request when that is higher, so the result stays valid.',
    references: [
      'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/',
      'https://kubernetes.io/docs/concepts/policy/limit-range/',
      'https://kubernetes.io/docs/tasks/configure-pod-container/assign-memory-resource/',
    ],
    notes:
      'Ephemeral containers are skipped: Kubernetes does not allow resources on them. A pod-level limit (`spec.resources.limits`, ' +
      'pod-level resources) bounds every container, so it counts for them. The fix adds no request beside a limit that is already ' +
      'written, because Kubernetes defaults a missing request to the limit and a lower request would change scheduling.',
  },
  check(ctx) {
    for (const container of ctx.containers()) {
      if (container.list === 'ephemeralContainers') continue;
      const missing = missingLimits(container);
      if (missing.length === 0) continue;
      ctx.report({
        node: anchor(container),
        message: `${describeContainer(container)} has ${describeMissing(missing)}`,
        fixes: [
          {
            title: `Add ${missing.join(' and ')} limits (values to tune)`,
            safe: false,
            edits: addMissingKeys(ctx.editor(), container.workload.yaml, container.node, skeleton(container, missing)),
          },
        ],
      });
    }
  },
});

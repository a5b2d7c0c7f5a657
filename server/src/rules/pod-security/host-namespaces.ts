import { isScalar, isSeq } from 'yaml';
import { defineRule } from '../../engine/rule.ts';
import { nodeAt } from '../../engine/nodes.ts';
import { Container, containerSetting, describeContainer, WORKLOAD_KINDS } from '../../engine/workloads.ts';

/** The pod spec switches that share a host namespace: which namespace, and what sharing it gives away. */
const HOST_NAMESPACES: Record<string, [string, string]> = {
  hostNetwork: [
    'network',
    "its containers use the node's interfaces: they reach services bound to the node's localhost and listen on any node port",
  ],
  hostPID: [
    'process',
    "its containers see every process of the node and its command line, and can signal or trace those their user and capabilities allow (as root: nearly all)",
  ],
  hostIPC: ['IPC', "its containers can attach to the node's System V shared memory and message queues, as far as their permissions allow"],
};

/** How a container comes by NET_RAW: explicitly (privileged, or added), by the runtime's default set, or not at all (dropped). */
function netRawSource(container: Container): 'explicit' | 'default' | undefined {
  if (containerSetting(container, 'privileged').value === true) return 'explicit';
  const names = (list: string) => capabilityNames(containerSetting(container, 'capabilities', list).value);
  const added = names('add');
  if (added.includes('NET_RAW') || added.includes('ALL')) return 'explicit';
  const dropped = names('drop');
  return dropped.includes('NET_RAW') || dropped.includes('ALL') ? undefined : 'default';
}

/** Capability names of a capabilities.add/drop list, upper-cased without the CAP_ prefix. */
function capabilityNames(value: unknown): string[] {
  if (!isSeq(value)) return [];
  return value.items.map((item) => (isScalar(item) ? String(item.value).toUpperCase().replace(/^CAP_/, '') : ''));
}

/** What NET_RAW adds on the node's network: said only of containers that keep it, and how they got it. */
function netRawClause(containers: readonly Container[]): string {
  const sources = containers.map(netRawSource);
  const explicit = containers.filter((_, index) => sources[index] === 'explicit');
  if (explicit.length > 0) return `, and ${describeContainer(explicit[0])}${explicit.length > 1 ? ' and others' : ''}, holding NET_RAW, can capture the node's traffic`;
  if (sources.includes('default')) return ", and with NET_RAW (in the runtime's default set, not dropped) capture the node's traffic";
  return '';
}

export default defineRule({
  id: 'host-namespaces',
  title: 'Host namespaces shared',
  category: 'pod-security',
  severity: 'error',
  profile: 'baseline',
  kinds: WORKLOAD_KINDS,
  fixable: true,
  docs: {
    description: 'Flags `hostNetwork: true`, `hostPID: true` and `hostIPC: true` in a pod spec.',
    rationale:
      'Namespaces are what makes a container a container. With hostPID a process can read the environment and memory of every ' +
      'process on the node (secrets of other pods, the kubelet) and, as root, `nsenter` into PID 1 to get a host shell. hostNetwork ' +
      'bypasses NetworkPolicies, exposes node-local services such as the kubelet read-only port or cloud metadata endpoints, and lets ' +
      'the pod sniff traffic. hostIPC opens other processes\' shared memory segments.',
    incorrect: `apiVersion: v1
kind: Pod
metadata:
  name: monitor
spec:
  hostPID: true
  hostNetwork: true
  containers:
    - name: agent
      image: registry.example.com/agent:3.0
`,
    correct: `apiVersion: v1
kind: Pod
metadata:
  name: monitor
spec:
  hostPID: false
  hostNetwork: false
  containers:
    - name: agent
      image: registry.example.com/agent:3.0
`,
    fix:
      'Sets the switch to `false` (unsafe: the manifest asked for it, and a node agent stops working without it). A node agent that truly needs a host namespace should run in a dedicated, tightly controlled ' +
      'namespace with a suppression that says why.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'CIS Kubernetes Benchmark 5.2.3, 5.2.4, 5.2.5: minimize the admission of containers sharing the host PID, IPC and network namespaces',
    ],
    notes:
      'The hostNetwork message says a container can capture the node\'s traffic only when one keeps NET_RAW: it names a ' +
      'privileged container or one that adds NET_RAW (or ALL), else speaks of the runtime\'s default set; when every container ' +
      'drops NET_RAW or ALL (node-exporter, for one) it says nothing of capture.',
  },
  check(ctx) {
    const workload = ctx.workload();
    if (!workload?.podSpec) return;
    for (const [field, [namespace, exposure]] of Object.entries(HOST_NAMESPACES)) {
      const node = nodeAt(workload.yaml, workload.podSpec, field);
      if (!isScalar(node) || node.value !== true) continue;
      ctx.report({
        node,
        message: `pod shares the node's ${namespace} namespace (${field}: true): ${exposure}${field === 'hostNetwork' ? netRawClause(ctx.containers()) : ''}`,
        fixes: [{ title: `Set ${field}: false`, safe: false, edits: [ctx.editor().replace(node, 'false')] }],
      });
    }
  },
});

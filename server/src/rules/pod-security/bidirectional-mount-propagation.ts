import { isMap, isScalar, Node } from 'yaml';
import { defineRule } from '../../engine/rule.ts';
import { nodeAt, pairOf, seqItems, stringAt } from '../../engine/nodes.ts';
import { describeContainer, WORKLOAD_KINDS } from '../../engine/workloads.ts';

export default defineRule({
  id: 'bidirectional-mount-propagation',
  title: 'Bidirectional mount propagation',
  category: 'pod-security',
  severity: 'error',
  kinds: WORKLOAD_KINDS,
  fixable: true,
  docs: {
    description: 'Flags `volumeMounts[].mountPropagation: Bidirectional` in any container.',
    rationale:
      'With Bidirectional propagation, mounts the container creates under the volume propagate back to the host and to ' +
      'every other pod that mounts the same path. A compromised container can then shadow host directories or other ' +
      'pods\' files with content it controls; the kubelet even keeps those mounts after the container dies.',
    incorrect: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: storage-agent
spec:
  selector:
    matchLabels: {app: storage-agent}
  template:
    metadata:
      labels: {app: storage-agent}
    spec:
      containers:
        - name: agent
          image: registry.example.com/storage-agent:2.0
          volumeMounts:
            - name: data
              mountPath: /data
              mountPropagation: Bidirectional
      volumes:
        - name: data
          emptyDir: {}
`,
    correct: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: storage-agent
spec:
  selector:
    matchLabels: {app: storage-agent}
  template:
    metadata:
      labels: {app: storage-agent}
    spec:
      containers:
        - name: agent
          image: registry.example.com/storage-agent:2.0
          volumeMounts:
            - name: data
              mountPath: /data
              mountPropagation: HostToContainer
      volumes:
        - name: data
          emptyDir: {}
`,
    fix:
      'Removes `mountPropagation`, so the mount gets the default (None). Unsafe: storage drivers that mount volumes for ' +
      'other pods need Bidirectional; HostToContainer is enough for a container that only has to see host mounts.',
    references: [
      'https://kubernetes.io/docs/concepts/storage/volumes/#mount-propagation',
      'CIS Kubernetes Benchmark 5.7: apply security context to your pods and containers',
    ],
  },
  check(ctx) {
    const yaml = ctx.object.yaml;
    for (const container of ctx.containers()) {
      for (const mount of seqItems(yaml, nodeAt(yaml, container.node, 'volumeMounts'))) {
        if (!isMap(mount)) continue;
        const pair = pairOf(yaml, mount, 'mountPropagation');
        const value = pair?.value as Node | null | undefined;
        if (!pair || !isScalar(value) || value.value !== 'Bidirectional') continue;
        const volume = stringAt(yaml, mount, 'name') ?? '(unnamed)';
        ctx.report({
          node: value,
          message: `${describeContainer(container)} mounts volume "${volume}" with Bidirectional propagation: its mounts leak to the host`,
          fixes: [{ title: 'Remove mountPropagation', safe: false, edits: [ctx.editor().removePair(mount, pair)] }],
        });
      }
    }
  },
});

import { isMap, isScalar, Node } from 'yaml';
import { defineRule } from '../../engine/rule.ts';
import { nodeAt, pairOf, seqItems } from '../../engine/nodes.ts';
import { describeContainer, WORKLOAD_KINDS } from '../../engine/workloads.ts';

export default defineRule({
  id: 'host-port',
  title: 'Container port bound on the host',
  category: 'pod-security',
  severity: 'warning',
  profile: 'baseline',
  kinds: WORKLOAD_KINDS,
  fixable: true,
  options: {
    allowedPorts: {
      type: 'number[]',
      integer: true,
      minimum: 1,
      maximum: 65535,
      default: [],
      description: 'Host ports that are accepted (for example [80, 443] for an ingress controller DaemonSet).',
    },
  },
  docs: {
    description:
      'Flags `ports[].hostPort` set to a non-zero value in any container, init container or ephemeral container, ' +
      'unless the port is in the `allowedPorts` option.',
    rationale:
      'A host port binds the node\'s own network interfaces: the pod is reachable on every node address, around Services and ' +
      'NetworkPolicies that select pod IPs, and it can squat a port that a node service or another tenant expects. ' +
      'It also pins the pod to nodes where the port is free, which makes it easy to starve scheduling.',
    incorrect: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: nginx:1.27
          ports:
            - containerPort: 8080
              hostPort: 8080
`,
    correct: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: nginx:1.27
          ports:
            - containerPort: 8080
`,
    fix:
      'Removes the `hostPort` pair; expose the port through a Service instead. The fix is unsafe: clients that reach ' +
      'the node address on that port lose it.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/concepts/configuration/overview/#services',
      'CIS Kubernetes Benchmark 5.2: minimize the admission of containers with host ports',
    ],
    notes:
      'Pod Security admission allows no host port at all; `allowedPorts` is the allow-list the catalog asks for, so a ' +
      'port accepted here can still be rejected by a namespace enforcing baseline.',
  },
  check(ctx) {
    const allowed = new Set((ctx.options.allowedPorts as number[]).map(Number));
    const yaml = ctx.object.yaml;
    for (const container of ctx.containers()) {
      for (const port of seqItems(yaml, nodeAt(yaml, container.node, 'ports'))) {
        if (!isMap(port)) continue;
        const pair = pairOf(yaml, port, 'hostPort');
        const value = pair?.value as Node | null | undefined;
        if (!pair || !isScalar(value)) continue;
        const hostPort = Number(value.value);
        if (value.value === null || value.value === '' || hostPort === 0 || allowed.has(hostPort)) continue;
        ctx.report({
          node: value,
          message: `${describeContainer(container)} binds host port ${String(value.value)} on the node's network interfaces`,
          fixes: [
            {
              title: `Remove hostPort ${String(value.value)}`,
              safe: false,
              edits: [ctx.editor().removePair(port, pair)],
            },
          ],
        });
      }
    }
  },
});

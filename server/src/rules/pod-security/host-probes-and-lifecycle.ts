import { isScalar, Node } from 'yaml';
import { defineRule } from '../../engine/rule.ts';
import { mapAt, pairOf } from '../../engine/nodes.ts';
import { describeContainer, WORKLOAD_KINDS } from '../../engine/workloads.ts';
import { HOST_PROBES_CHECK_SINCE, versionReaches } from './pss-data.ts';

/** Where a container keeps handlers that the kubelet runs, as key paths below the container. */
const HANDLER_PATHS: string[][] = [
  ['livenessProbe'],
  ['readinessProbe'],
  ['startupProbe'],
  ['lifecycle', 'postStart'],
  ['lifecycle', 'preStop'],
];
const ACTIONS = ['httpGet', 'tcpSocket'];

export default defineRule({
  id: 'host-probes-and-lifecycle',
  title: 'Probe or lifecycle handler aimed at another host',
  category: 'pod-security',
  severity: 'warning',
  profile: 'baseline',
  kinds: WORKLOAD_KINDS,
  fixable: true,
  docs: {
    description:
      'Flags a non-empty `host` in the `httpGet` or `tcpSocket` action of a liveness, readiness or startup probe, or of a ' +
      '`postStart`/`preStop` lifecycle handler. Pod Security baseline forbids it from Kubernetes 1.34; the rule is quiet ' +
      'for older configured versions.',
    rationale:
      'The kubelet runs these actions from the node, with the node\'s network position. A `host` lets a pod author make ' +
      'the kubelet send requests to any address the node can reach (the cloud metadata service, node-local daemons, ' +
      'the control plane, other tenants\' pods): a server-side request forgery that bypasses NetworkPolicies, whose result ' +
      'leaks back through probe success and events.',
    incorrect: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx:1.27
      livenessProbe:
        httpGet:
          host: 169.254.169.254
          path: /latest/meta-data/
          port: 80
`,
    correct: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx:1.27
      livenessProbe:
        httpGet:
          path: /healthz
          port: 80
`,
    fix:
      'Removes the `host` pair, so the action targets the pod\'s own IP. Unsafe: the probe then checks a different endpoint.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/pod-security-admission/policy/check_hostProbesAndhostLifecycle.go',
    ],
    notes:
      'Follows the pod-security-admission check hostProbesAndHostLifecycle, which exists from policy version 1.34: with ' +
      '`kubernetesVersion` below 1.34 the rule reports nothing. `tcpSocket` in lifecycle handlers is deprecated but still ' +
      'checked, as admission does.',
  },
  check(ctx) {
    if (!versionReaches(ctx.config.kubernetesVersion, HOST_PROBES_CHECK_SINCE)) return;
    const yaml = ctx.object.yaml;
    for (const container of ctx.containers()) {
      for (const path of HANDLER_PATHS) {
        for (const action of ACTIONS) {
          const actionMap = mapAt(yaml, container.node, ...path, action);
          const pair = pairOf(yaml, actionMap, 'host');
          const host = pair?.value as Node | null | undefined;
          if (!actionMap || !pair || !isScalar(host) || host.value == null || String(host.value) === '') continue;
          const where = `${path[path.length - 1]} ${action}`;
          ctx.report({
            node: host,
            message: `${describeContainer(container)} points its ${where} at host "${String(host.value)}": the kubelet will connect there from the node`,
            fixes: [{ title: `Remove host from ${where}`, safe: false, edits: [ctx.editor().removePair(actionMap, pair)] }],
          });
        }
      }
    }
  },
});

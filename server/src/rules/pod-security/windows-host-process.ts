import { isScalar } from 'yaml';
import { defineRule } from '../../engine/rule.ts';
import { nodeAt } from '../../engine/nodes.ts';
import { WORKLOAD_KINDS } from '../../engine/workloads.ts';
import { securityContextsOf } from './pod-fields.ts';

export default defineRule({
  id: 'windows-host-process',
  title: 'Windows HostProcess container',
  category: 'pod-security',
  severity: 'error',
  profile: 'baseline',
  kinds: WORKLOAD_KINDS,
  fixable: false,
  docs: {
    description: 'Flags `securityContext.windowsOptions.hostProcess: true`, at pod or container level.',
    rationale:
      'A Windows HostProcess container is not isolated at all: it runs as a process on the node, in the host network, ' +
      'with the host file system and, typically, as SYSTEM or an administrator. It is the Windows equivalent of a ' +
      'privileged container that shares every host namespace.',
    incorrect: `apiVersion: v1
kind: Pod
metadata:
  name: node-agent
spec:
  os: {name: windows}
  hostNetwork: true
  securityContext:
    windowsOptions:
      hostProcess: true
      runAsUserName: "NT AUTHORITY\\\\SYSTEM"
  containers:
    - name: agent
      image: registry.example.com/agent-windows:1.0
`,
    correct: `apiVersion: v1
kind: Pod
metadata:
  name: node-agent
spec:
  os: {name: windows}
  securityContext:
    windowsOptions:
      runAsUserName: ContainerUser
  containers:
    - name: agent
      image: registry.example.com/agent-windows:1.0
`,
    fix:
      'None: a HostProcess container exists to manage the node. Run it only in a namespace reserved for node agents, ' +
      'with the privileged Pod Security level, and keep it out of application manifests.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/',
    ],
  },
  check(ctx) {
    const workload = ctx.workload();
    if (!workload) return;
    for (const { owner, context } of securityContextsOf(workload, ctx.containers())) {
      const hostProcess = nodeAt(ctx.object.yaml, context, 'windowsOptions', 'hostProcess');
      if (!isScalar(hostProcess) || hostProcess.value !== true) continue;
      ctx.report({ node: hostProcess, message: `${owner} enables Windows HostProcess: it runs as a process on the node, without isolation` });
    }
  },
});

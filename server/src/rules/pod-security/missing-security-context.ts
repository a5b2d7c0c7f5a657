import { isMap, isScalar } from 'yaml';
import { defineRule } from '../../engine/rule.ts';
import { pairOf } from '../../engine/nodes.ts';
import type { YamlValue } from '../../engine/edits.ts';
import { isNodeAgent, runsAsRootExplicitly } from '../../engine/fix-safety.ts';
import {
  Container,
  containerAnchor,
  describeContainer,
  INHERITED_SETTINGS,
  isWindowsPod,
  podSecurityContext,
  podSetting,
  WORKLOAD_KINDS,
} from '../../engine/workloads.ts';
import { PRIVILEGE_ESCALATION_CHECK_SINCE, versionReaches } from './pss-data.ts';

/** The securityContext the fix writes: every restricted-profile setting a container can carry itself. */
export const HARDENED_SECURITY_CONTEXT: { [key: string]: YamlValue } = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/**
 * The hardened block for one container, without the settings its pod already makes (a container value
 * would override the pod's: `seccompProfile: Unconfined` or `runAsNonRoot: false` written there stay
 * in force) and without runAsNonRoot when `runAsUser: 0` applies (the kubelet would refuse to start it).
 */
function hardenedFor(container: Container): { [key: string]: YamlValue } {
  const block = { ...HARDENED_SECURITY_CONTEXT };
  for (const key of Object.keys(block)) {
    if (INHERITED_SETTINGS.has(key) && podSetting(container.workload, key).node) delete block[key];
  }
  if (runsAsRootExplicitly(container)) delete block.runAsNonRoot;
  return block;
}

/** True when a container has no securityContext, or one that sets nothing (`securityContext:`, `~`, `{}`). */
function lacksSecurityContext(container: Container): boolean {
  const value = pairOf(container.workload.yaml, container.node, 'securityContext')?.value;
  if (!value) return true;
  if (isScalar(value)) return value.value === null;
  return isMap(value) && value.items.length === 0;
}

export default defineRule({
  id: 'missing-security-context',
  title: 'Container without a securityContext',
  category: 'pod-security',
  severity: 'warning',
  profile: 'restricted',
  kinds: WORKLOAD_KINDS,
  fixable: true,
  docs: {
    description:
      'Flags containers that have no `securityContext` at all (or an empty one), so that every hardening setting is left to ' +
      'defaults that favour compatibility over safety. Windows pods (`spec.os.name: windows`) are skipped: these settings are Linux-only.',
    rationale:
      'Without a securityContext a container runs as whatever user the image chose (often root), may gain privileges through ' +
      'setuid binaries, keeps the default capability set (NET_RAW lets it spoof packets on the node network), writes to its ' +
      'root filesystem (an attacker drops tools there) and may run without a seccomp filter, exposing the whole kernel syscall surface.',
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
          securityContext:
            runAsNonRoot: true
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop:
                - ALL
            seccompProfile:
              type: RuntimeDefault
`,
    fix:
      'Inserts a complete hardened securityContext in one edit: `runAsNonRoot: true`, `allowPrivilegeEscalation: false`, ' +
      '`readOnlyRootFilesystem: true`, `capabilities.drop: [ALL]` and `seccompProfile.type: RuntimeDefault`. The image must then run ' +
      'as a non-root user and write only to mounted volumes; add capabilities back one by one if it needs them. Settings the pod ' +
      'securityContext already makes (runAsNonRoot, seccompProfile) are left to it, so a value written there stays in force, and ' +
      'runAsNonRoot is left out when `runAsUser: 0` applies. Unsafe for node agents (pods in a host namespace or with a hostPath ' +
      'mount), which usually need root, the default capabilities and a writable filesystem.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
      'CIS Kubernetes Benchmark 5.7.3: apply security context to your pods and containers',
    ],
    notes:
      'An empty `securityContext: {}` (or `securityContext:` with no value) counts as missing: it sets nothing. The per-field rules ' +
      '(run-as-root, privilege-escalation, writable-root-filesystem, capabilities-not-dropped, missing-seccomp-profile) also report ' +
      'such containers; this rule adds the one finding whose fix hardens everything at once.',
  },
  check(ctx) {
    const workload = ctx.workload();
    if (!workload || isWindowsPod(workload)) return;
    // Before policy version 1.8 restricted requires no container-level setting (allowPrivilegeEscalation came in 1.8).
    if (!versionReaches(ctx.config.kubernetesVersion, PRIVILEGE_ESCALATION_CHECK_SINCE)) return;
    for (const container of ctx.containers()) {
      if (!lacksSecurityContext(container)) continue;
      ctx.report({
        node: container.nameNode ?? containerAnchor(container),
        message: podSecurityContext(workload)?.items.length
          ? `${describeContainer(container)} has no securityContext of its own: it inherits the pod's user and seccomp settings, but privilege escalation, the default capabilities and a writable root filesystem stay allowed`
          : `${describeContainer(container)} has no securityContext, and neither has the pod: it runs with permissive defaults`,
        fixes: [{
          title: 'Add a hardened securityContext',
          safe: !isNodeAgent(container),
          edits: ctx.editor().setIn(container.node, ['securityContext'], hardenedFor(container)),
        }],
      });
    }
  },
});

import { posix } from 'node:path';
import { defineRule, FixSpec, RuleContext } from '../../engine/rule.ts';
import { mergeEdits } from '../../engine/edits.ts';
import { isNodeAgent } from '../../engine/fix-safety.ts';
import { nodeAt, seqItems, stringAt } from '../../engine/nodes.ts';
import {
  Container,
  containerAnchor,
  containerSetting,
  describeContainer,
  isWindowsPod,
  volumesOf,
  WORKLOAD_KINDS,
} from '../../engine/workloads.ts';

const TMP_VOLUME = 'tmp';
const TMP_PATH = '/tmp';

/** True when neither the pod has a volume named `tmp` nor the container mounts something at /tmp or a volume named `tmp`. */
function canAddTmpVolume(container: Container): boolean {
  if (!container.workload.podSpec) return false;
  if (volumesOf(container.workload).some((volume) => volume.name === TMP_VOLUME)) return false;
  const yaml = container.workload.yaml;
  return !seqItems(yaml, nodeAt(yaml, container.node, 'volumeMounts')).some((mount) => {
    const path = stringAt(yaml, mount, 'mountPath');
    return stringAt(yaml, mount, 'name') === TMP_VOLUME || (path !== undefined && posix.normalize(`${path}/`) === `${TMP_PATH}/`);
  });
}

/** The second fix: read-only root plus a writable emptyDir at /tmp, for programs that need scratch space. */
function tmpVolumeFix(ctx: RuleContext, container: Container): FixSpec {
  const editor = ctx.editor();
  const podSpec = container.workload.podSpec!;
  const edits = [
    ...editor.setIn(container.node, ['securityContext', 'readOnlyRootFilesystem'], true),
    ...editor.appendIn(container.node, ['volumeMounts'], { name: TMP_VOLUME, mountPath: TMP_PATH }),
    ...editor.appendIn(podSpec, ['volumes'], { name: TMP_VOLUME, emptyDir: {} }),
  ];
  return { title: 'Set readOnlyRootFilesystem: true and mount an emptyDir at /tmp', safe: false, edits: mergeEdits(edits) };
}

export default defineRule({
  id: 'writable-root-filesystem',
  title: 'Writable root filesystem',
  category: 'pod-security',
  severity: 'warning',
  kinds: WORKLOAD_KINDS,
  fixable: true,
  docs: {
    description:
      'Flags containers whose `securityContext.readOnlyRootFilesystem` is not `true` (unset counts). Windows pods ' +
      '(`spec.os.name: windows`) are skipped: the setting is Linux-only.',
    rationale:
      'A writable root filesystem lets an attacker who gets code execution download tools, drop a web shell, replace binaries ' +
      'or libraries that later run with more rights, and persist until the container is replaced. A read-only root forces all ' +
      'writes onto declared volumes, which are small, visible in the manifest and easy to mount `noexec`-like.',
    incorrect: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: cache
spec:
  serviceName: cache
  selector:
    matchLabels: {app: cache}
  template:
    metadata:
      labels: {app: cache}
    spec:
      containers:
        - name: redis
          image: redis:7.4
          securityContext:
            readOnlyRootFilesystem: false
`,
    correct: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: cache
spec:
  serviceName: cache
  selector:
    matchLabels: {app: cache}
  template:
    metadata:
      labels: {app: cache}
    spec:
      containers:
        - name: redis
          image: redis:7.4
          securityContext:
            readOnlyRootFilesystem: true
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: {}
`,
    fix:
      'Sets `readOnlyRootFilesystem: true`: safe where the field is unset, unsafe where the manifest sets it to false and for ' +
      'node agents (privileged containers, containers that add capabilities, pods in a host namespace or with a hostPath mount), ' +
      'which often write state into their own filesystem. A second, unsafe fix also mounts an `emptyDir` volume named `tmp` at /tmp ' +
      'for programs that need scratch space; it is offered only when the pod has no volume named tmp and the container mounts ' +
      'nothing at /tmp. Other paths the program writes to (caches, PID files) need volumes of their own.',
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
      'https://kubernetes.io/docs/concepts/storage/volumes/#emptydir',
      'CIS Kubernetes Benchmark 5.7.3: apply security context to your pods and containers',
    ],
    notes: 'Not part of the Pod Security Standards, so it runs in both profiles. The setting exists only per container.',
  },
  check(ctx) {
    const workload = ctx.workload();
    if (!workload || isWindowsPod(workload)) return;
    for (const container of ctx.containers()) {
      const setting = containerSetting(container, 'readOnlyRootFilesystem');
      if (setting.value === true) continue;
      const fixes: FixSpec[] = [{
        title: 'Set readOnlyRootFilesystem: true',
        safe: !setting.node && !isNodeAgent(container),
        edits: setting.node
          ? [ctx.editor().replace(setting.node, 'true')]
          : ctx.editor().setIn(container.node, ['securityContext', 'readOnlyRootFilesystem'], true),
      }];
      if (canAddTmpVolume(container)) fixes.push(tmpVolumeFix(ctx, container));
      ctx.report({
        node: setting.node ?? containerAnchor(container),
        message: `${describeContainer(container)} can write to its root filesystem: set readOnlyRootFilesystem: true`,
        fixes,
      });
    }
  },
});

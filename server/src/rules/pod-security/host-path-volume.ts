import type { Node } from 'yaml';
import { defineRule } from '../../engine/rule.ts';
import { nodeAt, pairOf, scalarAt, seqItems } from '../../engine/nodes.ts';
import { containersOf, volumesOf, Workload, WORKLOAD_KINDS } from '../../engine/workloads.ts';
import { hostPathExposure } from './host-paths.ts';

export { normaliseHostPath, sensitivity } from './host-paths.ts';

/** True when every container mounts the volume with `readOnly: true` (and so no container can write it). */
function mountedReadOnly(workload: Workload, volumeName: string): boolean {
  return containersOf(workload).every((container) =>
    seqItems(workload.yaml, nodeAt(workload.yaml, container.node, 'volumeMounts')).every(
      (mount) => scalarAt(workload.yaml, mount, 'name') !== volumeName || scalarAt(workload.yaml, mount, 'readOnly') === true,
    ),
  );
}

export default defineRule({
  id: 'host-path-volume',
  title: 'hostPath volume',
  category: 'pod-security',
  severity: 'warning',
  profile: 'baseline',
  kinds: WORKLOAD_KINDS,
  fixable: false,
  docs: {
    description:
      'Flags every `hostPath` volume (a warning), and reports an error when the path is sensitive: `/`, `/etc`, `/proc`, `/sys`, ' +
      '`/dev`, `/boot`, `/root`, `/home`, `/var/run`, `/run`, `/var/lib/kubelet`, `/var/lib/docker`, `/var/lib/containerd`, ' +
      '`/var/lib/etcd`, `/usr`, `/lib`, `/lib64`, `/bin`, `/sbin` or anything below them, and container runtime sockets (docker.sock, ' +
      'containerd.sock, crio.sock) wherever they are. `/usr`, `/lib`, `/lib64`, `/bin` and `/sbin` mounted read-only by every container ' +
      'stay a warning. The message names what the path exposes.',
    rationale:
      'A hostPath volume puts a piece of the node inside the container. The container runtime socket is a full node takeover ' +
      '(start a privileged container, read every container\'s filesystem); `/var/lib/kubelet` holds every pod\'s secrets and ' +
      'tokens; `/etc` holds node credentials and lets an attacker add users or cron jobs; `/` is all of that. Even a harmless-looking ' +
      'writable path can be used to plant symlinks or fill the node\'s disk, and the pod becomes tied to one node.',
    incorrect: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: builder
spec:
  selector:
    matchLabels: {app: builder}
  template:
    metadata:
      labels: {app: builder}
    spec:
      containers:
        - name: builder
          image: registry.example.com/builder:5.0
          volumeMounts:
            - name: docker
              mountPath: /var/run/docker.sock
      volumes:
        - name: docker
          hostPath:
            path: /var/run/docker.sock
            type: Socket
`,
    correct: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: builder
spec:
  selector:
    matchLabels: {app: builder}
  template:
    metadata:
      labels: {app: builder}
    spec:
      containers:
        - name: builder
          image: registry.example.com/builder:5.0
          volumeMounts:
            - name: workspace
              mountPath: /workspace
      volumes:
        - name: workspace
          emptyDir: {}
`,
    fix:
      'No automatic fix: what replaces a hostPath depends on why it is there. Scratch or cache space: an `emptyDir` (optionally ' +
      '`medium: Memory` or a `sizeLimit`). Data that must survive the pod: a PersistentVolumeClaim (a `local` PersistentVolume ' +
      'when it must stay on the node). Configuration or credentials: a ConfigMap, a Secret or a projected service account token. ' +
      'Container builds: a rootless builder (BuildKit rootless, kaniko) instead of the runtime socket. Node agents that really need ' +
      'a host path: mount the narrowest path read-only and suppress the finding with a reason.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath',
      'CIS Kubernetes Benchmark 5.2.12: minimize the admission of HostPath volumes',
    ],
    notes:
      'The baseline Pod Security Standard forbids every hostPath volume; the catalog keeps the ordinary ones at warning so that ' +
      'the sensitive paths stand out. Paths are normalised (`/var/run/` is `/var/run`) before they are compared. A path below `/run` ' +
      'is named for what it is: a runtime\'s socket directory (`/run/containerd`), the iptables lock (`/run/xtables.lock`, which ' +
      'kube-proxy and CNIs share) or a service\'s own state (`/run/flannel`); only runtime sockets are called sockets. The paths of ' +
      'the catalog\'s list are extended with `/dev`, `/root`, `/home`, `/run`, `/lib64` and the runtimes\' and etcd\'s data. ' +
      'Other sensitive paths stay errors when mounted read-only: reading `/etc`, `/proc` or the kubelet state already leaks credentials. ' +
      'Well-known paths below `/etc`, `/sys` and `/var/lib/kubelet` (resolv.conf, bpf, cgroups, plugins) are named for what they ' +
      'hold, and what a writable mount adds is said only when a container can write it.',
  },
  check(ctx) {
    const workload = ctx.workload();
    if (!workload) return;
    for (const volume of volumesOf(workload)) {
      const hostPath = pairOf(workload.yaml, volume.node, 'hostPath');
      if (!hostPath) continue;
      const pathNode = nodeAt(workload.yaml, hostPath.value, 'path');
      const path = pathNode && 'value' in pathNode && typeof pathNode.value === 'string' ? pathNode.value : undefined;
      const exposure = path === undefined ? undefined : hostPathExposure(path);
      const label = `volume "${volume.name ?? `#${volume.index + 1}`}"`;
      const readOnly = volume.name !== undefined && mountedReadOnly(workload, volume.name);
      const severity = !exposure || (exposure.readOnlyIsWarning && readOnly) ? 'warning' : 'error';
      ctx.report({
        node: (path === undefined ? hostPath.key : pathNode) as Node,
        severity,
        message: exposure
          ? `${label} mounts the host path ${path}${readOnly ? ' read-only' : ''}, which exposes ${exposure.exposes}${!readOnly && exposure.ifWritable ? `: ${exposure.ifWritable}` : ''}`
          : `${label} mounts a path of the node (hostPath): prefer an emptyDir, a PersistentVolumeClaim, a ConfigMap or a Secret`,
      });
    }
  },
});

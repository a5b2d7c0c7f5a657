import { posix } from 'node:path';
import type { Node } from 'yaml';
import { defineRule } from '../../engine/rule.ts';
import { nodeAt, pairOf } from '../../engine/nodes.ts';
import { volumesOf, WORKLOAD_KINDS } from '../../engine/workloads.ts';

/** Host directories whose contents (or anything below them) give a pod control of the node, with the reason. */
const SENSITIVE_TREES: [string, string][] = [
  ['/etc', 'node configuration, credentials and kubeconfigs'],
  ['/proc', "the kernel's process and system interface"],
  ['/sys', "the kernel's device and cgroup interface"],
  ['/dev', 'host devices'],
  ['/boot', 'the kernel and boot loader'],
  ['/root', "root's home directory"],
  ['/home', 'user home directories'],
  ['/var/run', 'runtime sockets, the container runtime\'s among them'],
  ['/run', 'runtime sockets, the container runtime\'s among them'],
  ['/var/lib/kubelet', 'the kubelet state, including every pod\'s secrets and service account tokens'],
  ['/var/lib/docker', 'the container runtime state and every container\'s filesystem'],
  ['/var/lib/containerd', 'the container runtime state and every container\'s filesystem'],
  ['/var/lib/etcd', 'the etcd data, all cluster secrets'],
];

/** File names of container runtime sockets, wherever they are mounted from. */
const RUNTIME_SOCKETS = ['docker.sock', 'containerd.sock', 'crio.sock', 'cri-dockerd.sock', 'podman.sock'];

/** `/var/run/` and `/var//run/.` become `/var/run`; relative paths stay as written. */
export function normaliseHostPath(path: string): string {
  if (!path.startsWith('/')) return path;
  const normalised = posix.normalize(path);
  return normalised.length > 1 ? normalised.replace(/\/+$/, '') : normalised;
}

/** Why mounting a host path is dangerous, or undefined when it is not one of the known sensitive places. */
export function sensitivity(path: string): string | undefined {
  const normalised = normaliseHostPath(path);
  if (normalised === '/') return 'the whole node filesystem';
  if (RUNTIME_SOCKETS.includes(posix.basename(normalised))) return 'a container runtime socket, and with it control of every container on the node';
  const tree = SENSITIVE_TREES.find(([root]) => normalised === root || normalised.startsWith(`${root}/`));
  return tree?.[1];
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
      '`/var/lib/etcd` or anything below them, and container runtime sockets (docker.sock, containerd.sock, crio.sock) wherever they are.',
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
      'the sensitive paths stand out. Paths are normalised (`/var/run/` is `/var/run`) before they are compared.',
  },
  check(ctx) {
    const workload = ctx.workload();
    if (!workload) return;
    for (const volume of volumesOf(workload)) {
      const hostPath = pairOf(workload.yaml, volume.node, 'hostPath');
      if (!hostPath) continue;
      const pathNode = nodeAt(workload.yaml, hostPath.value, 'path');
      const path = pathNode && 'value' in pathNode && typeof pathNode.value === 'string' ? pathNode.value : undefined;
      const reason = path === undefined ? undefined : sensitivity(path);
      const label = `volume "${volume.name ?? `#${volume.index + 1}`}"`;
      ctx.report({
        node: (path === undefined ? hostPath.key : pathNode) as Node,
        severity: reason ? 'error' : 'warning',
        message: reason
          ? `${label} mounts the host path ${path}, which exposes ${reason}`
          : `${label} mounts a path of the node (hostPath): prefer an emptyDir, a PersistentVolumeClaim, a ConfigMap or a Secret`,
      });
    }
  },
});

import { posix } from 'node:path';

/** What mounting a sensitive host path exposes, and whether a read-only mount makes it an ordinary (warning) hostPath. */
export interface HostPathExposure {
  exposes: string;
  /** What a writable mount adds, said only when some container can write the path. */
  ifWritable?: string;
  /** True for the node's programs and libraries: read-only, they only show the node's software. */
  readOnlyIsWarning?: boolean;
}

/** File names of container runtime sockets, wherever they are mounted from. */
const RUNTIME_SOCKETS = ['docker.sock', 'containerd.sock', 'crio.sock', 'cri-dockerd.sock', 'podman.sock', 'dockershim.sock'];

const RUNTIME_SOCKET = 'a container runtime socket, and with it control of every container on the node';
const RUNTIME_SOCKET_DIR = 'the directory of a container runtime socket, and with it control of every container on the node';
const PROGRAMS: HostPathExposure = {
  exposes: 'the programs and libraries the node runs as root',
  ifWritable: 'a pod that writes there owns the node',
  readOnlyIsWarning: true,
};

/**
 * Sensitive host directories (and everything below them), most specific first: the first match names
 * what the path exposes. A more specific entry says exactly what a well-known path holds, so that e.g.
 * /run/xtables.lock is not called a runtime socket.
 */
const SENSITIVE_TREES: [root: string, exposure: HostPathExposure][] = [
  ...['/run', '/var/run'].flatMap((run): [string, HostPathExposure][] => [
    ...['containerd', 'docker', 'crio', 'cri-dockerd', 'podman', 'k3s/containerd'].map((dir): [string, HostPathExposure] => [`${run}/${dir}`, { exposes: RUNTIME_SOCKET_DIR }]),
    [`${run}/xtables.lock`, { exposes: "the node's iptables lock: a pod holding it stalls every iptables update on the node (kube-proxy's, the CNI's)" }],
  ]),
  ['/var/lib/kubelet/pods', { exposes: "every pod's volumes on the node, their Secrets and service account tokens among them" }],
  ['/var/lib/kubelet/pki', { exposes: "the kubelet's client and serving credentials" }],
  ['/var/lib/kubelet/plugins_registry', { exposes: "the kubelet's plugin registration: a pod that writes there can pose as a plugin the kubelet trusts" }],
  ['/var/lib/kubelet/plugins', { exposes: "the kubelet's CSI plugin directories, through which the kubelet mounts every pod's volumes" }],
  ['/var/lib/kubelet/device-plugins', { exposes: "the kubelet's device plugin registration: a pod that writes there can pose as a device plugin" }],
  ['/var/lib/kubelet', { exposes: "the kubelet state: its credentials and every pod's volumes, Secrets and service account tokens among them" }],
  ['/etc/kubernetes', { exposes: "the node's Kubernetes credentials and kubeconfigs (the control plane's on a control-plane node)" }],
  ['/etc/cni', { exposes: "the node's CNI configuration: a pod that writes it decides how every pod on the node is networked" }],
  ['/etc/ssh', { exposes: "the node's SSH server keys and configuration" }],
  ['/etc/shadow', { exposes: "the password hashes of the node's users" }],
  ['/etc/resolv.conf', { exposes: "the node's DNS resolver configuration", ifWritable: "a pod that writes it redirects the node's name lookups" }],
  ['/etc', { exposes: 'node configuration and credentials: users, SSH keys, the kubelet configuration' }],
  ['/proc', { exposes: "the kernel's process and system interface" }],
  ['/sys/fs/cgroup', { exposes: "the node's cgroups, every container's resource limits among them", ifWritable: 'writable cgroups are a known container escape (release_agent)' }],
  ['/sys/fs/bpf', { exposes: "the node's pinned eBPF programs and maps (a CNI's dataplane among them)" }],
  ['/sys/kernel/security', { exposes: "the kernel's security module interface (AppArmor profiles are loaded there)" }],
  ['/sys', { exposes: "the kernel's device, module and cgroup interface" }],
  ['/dev', { exposes: 'host devices' }],
  ['/boot', { exposes: 'the kernel and boot loader' }],
  ['/root', { exposes: "root's home directory" }],
  ['/home', { exposes: 'user home directories' }],
  ['/run', { exposes: "the runtime state of the node's services, the container runtime socket among them" }],
  ['/var/run', { exposes: "the runtime state of the node's services, the container runtime socket among them" }],
  ['/var/lib/docker', { exposes: "the container runtime state and every container's filesystem" }],
  ['/var/lib/containerd', { exposes: "the container runtime state and every container's filesystem" }],
  ['/var/lib/etcd', { exposes: 'the etcd data, all cluster secrets' }],
  ['/lib/modules', { exposes: "the node's kernel modules", ifWritable: 'a pod that writes there plants code the kernel loads', readOnlyIsWarning: true }],
  ...['/usr', '/lib', '/lib64', '/bin', '/sbin'].map((root): [string, HostPathExposure] => [root, PROGRAMS]),
];

/** `/var/run/` and `/var//run/.` become `/var/run`; relative paths stay as written. */
export function normaliseHostPath(path: string): string {
  if (!path.startsWith('/')) return path;
  const normalised = posix.normalize(path);
  return normalised.length > 1 ? normalised.replace(/\/+$/, '') : normalised;
}

/** What a sensitive host path exposes, or undefined when it is not one of the known sensitive places. */
export function hostPathExposure(path: string): HostPathExposure | undefined {
  const normalised = normaliseHostPath(path);
  if (normalised === '/') return { exposes: 'the whole node filesystem' };
  if (RUNTIME_SOCKETS.includes(posix.basename(normalised))) return { exposes: RUNTIME_SOCKET };
  // A path below /run is state of one service, unless it is a runtime's; the entries above name the known ones.
  const tree = SENSITIVE_TREES.find(([root]) => normalised === root || normalised.startsWith(`${root}/`));
  if (tree && (tree[0] === '/run' || tree[0] === '/var/run') && normalised !== tree[0]) {
    return { exposes: `the runtime state a node service keeps in ${normalised}` };
  }
  // A path below /etc that is not a known one is one service's configuration, not all of the node's.
  if (tree && tree[0] === '/etc' && normalised !== '/etc') return { exposes: `node configuration in ${normalised}` };
  return tree?.[1];
}

/** Why mounting a host path is dangerous, or undefined when it is not one of the known sensitive places. */
export function sensitivity(path: string): string | undefined {
  return hostPathExposure(path)?.exposes;
}

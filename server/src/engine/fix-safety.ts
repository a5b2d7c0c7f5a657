import { isMap } from 'yaml';
import { nodeAt, scalarAt, seqItems, stringAt } from './nodes.ts';
import { Container, containerSetting, effectiveSetting, volumesOf } from './workloads.ts';

/**
 * What makes a fix safe (ARCHITECTURE.md, "Safe and unsafe fixes"): a safe fix keeps what the
 * manifest explicitly asked for. It may fill in a field the manifest is silent about, never change
 * or remove a value the manifest wrote, and never stop a node agent. These helpers say which
 * containers are node agents, whose silent fields are not filled safely either.
 */

const HOST_NAMESPACE_FIELDS = ['hostNetwork', 'hostPID', 'hostIPC'];

/**
 * Why a container works on the node itself (a CNI, CSI, log or monitoring agent), or undefined:
 * it is privileged, adds capabilities, is a Windows HostProcess container, its pod shares a host
 * namespace, or it mounts a hostPath volume. Such a container usually needs root, the runtime's
 * default capabilities, privilege escalation and a writable root filesystem; a fix that takes
 * them away may stop it.
 */
export function nodeAgentReason(container: Container): string | undefined {
  const yaml = container.workload.yaml;
  if (containerSetting(container, 'privileged').value === true) return 'it is privileged';
  if (seqItems(yaml, containerSetting(container, 'capabilities', 'add').node).length > 0) return 'it adds capabilities';
  if (effectiveSetting(container, 'windowsOptions', 'hostProcess').value === true) return 'it is a HostProcess container';
  const podSpec = container.workload.podSpec;
  const shared = HOST_NAMESPACE_FIELDS.find((field) => scalarAt(yaml, podSpec, field) === true);
  if (shared) return `its pod sets ${shared}: true`;
  if (mountsHostPath(container)) return 'it mounts a hostPath volume';
  return undefined;
}

/** True for a container that works on the node itself (see nodeAgentReason). */
export function isNodeAgent(container: Container): boolean {
  return nodeAgentReason(container) !== undefined;
}

/** True when the manifest makes a container run as root: `runAsUser: 0` on it or on its pod. */
export function runsAsRootExplicitly(container: Container): boolean {
  return effectiveSetting(container, 'runAsUser').value === 0;
}

/**
 * True when filling in `runAsNonRoot: true` for a container keeps what the manifest asked for: a
 * non-zero `runAsUser` applies to it (the kubelet checks that uid, so nothing changes), or it is
 * no node agent and no `runAsUser: 0` applies (the kubelet would refuse to start it).
 */
export function mayRequireNonRoot(container: Container): boolean {
  const user = effectiveSetting(container, 'runAsUser').value;
  if (typeof user === 'number' && user > 0) return true;
  return !isNodeAgent(container) && !runsAsRootExplicitly(container);
}

function mountsHostPath(container: Container): boolean {
  const yaml = container.workload.yaml;
  const hostPathVolumes = new Set(
    volumesOf(container.workload)
      .filter((volume) => volume.name !== undefined && isMap(nodeAt(yaml, volume.node, 'hostPath')))
      .map((volume) => volume.name),
  );
  if (hostPathVolumes.size === 0) return false;
  return seqItems(yaml, nodeAt(yaml, container.node, 'volumeMounts')).some((mount) => hostPathVolumes.has(stringAt(yaml, mount, 'name')));
}

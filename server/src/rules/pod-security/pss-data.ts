import { isAtLeast, parseKubernetesVersion } from '../../engine/versions.ts';

/**
 * Version-dependent data of the Pod Security Standards, as Kubernetes' pod-security-admission
 * library (staging/src/k8s.io/pod-security-admission/policy/check_*.go) defines it.
 * Each entry names the policy version (Kubernetes minor) from which it applies.
 *
 * Source of every table below: kubernetes/pod-security-admission (published from kubernetes/kubernetes
 * staging/src/k8s.io/pod-security-admission) at commit 8f84a87c7f617f64a4ddc1aea24aeeb7a2e07cb8
 * (2026-07-01, policy versions up to 1.37); each table names its file under `policy/`.
 */
type Since = [major: number, minor: number];

/** check_sysctls.go: the safe set grew in 1.27, 1.29, 1.32 and 1.37. */
const SAFE_SYSCTLS: [string, Since][] = [
  ['kernel.shm_rmid_forced', [1, 0]],
  ['net.ipv4.ip_local_port_range', [1, 0]],
  ['net.ipv4.tcp_syncookies', [1, 0]],
  ['net.ipv4.ping_group_range', [1, 0]],
  ['net.ipv4.ip_unprivileged_port_start', [1, 0]],
  ['net.ipv4.ip_local_reserved_ports', [1, 27]],
  ['net.ipv4.tcp_keepalive_time', [1, 29]],
  ['net.ipv4.tcp_fin_timeout', [1, 29]],
  ['net.ipv4.tcp_keepalive_intvl', [1, 29]],
  ['net.ipv4.tcp_keepalive_probes', [1, 29]],
  ['net.ipv4.tcp_rmem', [1, 32]],
  ['net.ipv4.tcp_wmem', [1, 32]],
  ['net.ipv4.tcp_slow_start_after_idle', [1, 37]],
  ['net.ipv4.tcp_notsent_lowat', [1, 37]],
];

/** check_seLinuxOptions.go: container_engine_t is allowed from 1.31. */
const SELINUX_TYPES: [string, Since][] = [
  ['container_t', [1, 0]],
  ['container_init_t', [1, 0]],
  ['container_kvm_t', [1, 0]],
  ['container_engine_t', [1, 31]],
];

/**
 * check_restrictedVolumes.go: the volume sources the restricted profile admits. `image` was added
 * to the library in Kubernetes 1.33 (without a new policy version, so a 1.33+ API server admits it
 * at every pinned version; clusters before 1.33 reject it).
 */
const RESTRICTED_VOLUME_TYPES: [string, Since][] = [
  ['configMap', [1, 0]],
  ['csi', [1, 0]],
  ['downwardAPI', [1, 0]],
  ['emptyDir', [1, 0]],
  ['ephemeral', [1, 0]],
  ['persistentVolumeClaim', [1, 0]],
  ['projected', [1, 0]],
  ['secret', [1, 0]],
  ['image', [1, 33]],
];

/** check_allowPrivilegeEscalation.go: restricted requires allowPrivilegeEscalation: false from policy version 1.8. */
export const PRIVILEGE_ESCALATION_CHECK_SINCE: Since = [1, 8];

/** check_capabilities_restricted.go: restricted requires `drop: [ALL]` and adds only NET_BIND_SERVICE from policy version 1.22. */
export const DROP_ALL_CHECK_SINCE: Since = [1, 22];

/**
 * check_seccompProfile_restricted.go: restricted requires a seccomp profile from policy version 1.19.
 * check_seccompProfile_baseline.go: before 1.19 baseline judges the seccomp annotations instead of the fields.
 */
export const SECCOMP_FIELDS_SINCE: Since = [1, 19];

/** check_hostProbesAndhostLifecycle.go: the baseline check exists from policy version 1.34. */
export const HOST_PROBES_CHECK_SINCE: Since = [1, 34];

/** check_procMount_baseline.go: baseline lets `hostUsers: false` pods use any procMount from 1.35. */
export const PROC_MOUNT_USER_NAMESPACE_RELAXATION_SINCE: Since = [1, 35];

function namesAt(entries: [string, Since][], version: string): string[] {
  return entries.filter(([, since]) => isAtLeast(version, ...since)).map(([name]) => name);
}

/** True when a configured Kubernetes version is at or after a `Since` pair. */
export function versionReaches(version: string, since: Since): boolean {
  return isAtLeast(version, ...since);
}

/** The sysctls Pod Security baseline accepts at a Kubernetes version. */
export function safeSysctls(version: string): Set<string> {
  return new Set(namesAt(SAFE_SYSCTLS, version));
}

function sinceOf(entries: [string, Since][], name: string): string | undefined {
  const entry = entries.find(([candidate]) => candidate === name);
  return entry ? `${entry[1][0]}.${entry[1][1]}` : undefined;
}

/** The release ("1.29") from which a sysctl is safe; undefined when it never is. */
export function sysctlSafeFrom(name: string): string | undefined {
  return sinceOf(SAFE_SYSCTLS, name);
}

/** The release ("1.33") from which restricted allows a volume type; undefined when it never does. */
export function restrictedVolumeTypeFrom(type: string): string | undefined {
  return sinceOf(RESTRICTED_VOLUME_TYPES, type);
}

/** The SELinux types Pod Security baseline accepts at a Kubernetes version. */
export function allowedSeLinuxTypes(version: string): string[] {
  return namesAt(SELINUX_TYPES, version);
}

/** The volume types Pod Security restricted accepts at a Kubernetes version. */
export function restrictedVolumeTypes(version: string): string[] {
  return namesAt(RESTRICTED_VOLUME_TYPES, version);
}

/** "1.33" for a configured version string, normalised (`v1.33.2` -> `1.33`). */
export function shortVersion(version: string): string {
  const parsed = parseKubernetesVersion(version);
  return parsed ? `${parsed[0]}.${parsed[1]}` : version;
}

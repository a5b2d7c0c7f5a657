/** The newest Kubernetes minor release whose data (sysctls, API removals, PSS checks) the rules know. */
export const LATEST_KUBERNETES_VERSION = '1.37';

/** Parses "1.33" (or "v1.33.2") into [major, minor]; undefined when it is not a version. */
export function parseKubernetesVersion(text: string): [number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(text.trim());
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/** True when `version` is at or after `major.minor`. */
export function isAtLeast(version: string, major: number, minor: number): boolean {
  const parsed = parseKubernetesVersion(version) ?? parseKubernetesVersion(LATEST_KUBERNETES_VERSION)!;
  return parsed[0] > major || (parsed[0] === major && parsed[1] >= minor);
}

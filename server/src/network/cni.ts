import type { ObjectFacts } from '../engine/workspace.ts';

/** The CNI plugins kube-hardener recognises from the DaemonSets that deploy them. */
export type Cni = 'flannel' | 'calico' | 'canal' | 'cilium' | 'weave-net' | 'kube-router' | 'antrea';

/** CNIs that enforce NetworkPolicy; flannel alone does not. */
export const ENFORCING_CNIS: ReadonlySet<Cni> = new Set(['calico', 'canal', 'cilium', 'weave-net', 'kube-router', 'antrea']);

export const CNI_NAMES: Record<Cni, string> = {
  flannel: 'flannel',
  calico: 'Calico',
  canal: 'canal',
  cilium: 'Cilium',
  'weave-net': 'Weave Net',
  'kube-router': 'kube-router',
  antrea: 'Antrea',
};

/** Image repository (or DaemonSet name) patterns of each CNI's node agent. */
const PATTERNS: [Cni, RegExp][] = [
  ['flannel', /flannel/],
  ['calico', /calico/],
  ['cilium', /cilium/],
  ['weave-net', /weave-(kube|npc|net)|weaveworks\/weave/],
  ['kube-router', /kube-router/],
  ['antrea', /antrea/],
];

/** A CNI found in the workspace and the DaemonSet that deploys it. */
export interface DetectedCni {
  cni: Cni;
  daemonSet: ObjectFacts;
}

/**
 * The CNIs the workspace's DaemonSets deploy, judged by their container images (repository part,
 * registry and tag ignored) and names. Canal is a DaemonSet named `canal`, or one running both
 * Calico and flannel.
 */
export function detectCnis(daemonSets: ObjectFacts[]): DetectedCni[] {
  const detected: DetectedCni[] = [];
  for (const daemonSet of daemonSets) {
    const found = cnisOf(daemonSet);
    for (const cni of found) detected.push({ cni, daemonSet });
  }
  return detected;
}

function cnisOf(daemonSet: ObjectFacts): Set<Cni> {
  const subjects = [...(daemonSet.images ?? []).map(repositoryOf), (daemonSet.name ?? '').toLowerCase()];
  const found = new Set<Cni>();
  for (const [cni, pattern] of PATTERNS) if (subjects.some((subject) => pattern.test(subject))) found.add(cni);
  if (daemonSet.name === 'canal' || (found.has('calico') && found.has('flannel'))) {
    found.delete('calico');
    found.delete('flannel');
    found.add('canal');
  }
  return found;
}

/** `docker.io/flannel/flannel:v0.25.1` -> `docker.io/flannel/flannel`, lower case. */
function repositoryOf(image: string): string {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return (colon === -1 ? withoutDigest : withoutDigest.slice(0, colon)).toLowerCase();
}

/** The flannel DaemonSets, when flannel is the only CNI deployed (so NetworkPolicies have no effect); else []. */
export function nonEnforcingOnly(detected: DetectedCni[]): DetectedCni[] {
  if (detected.some((entry) => ENFORCING_CNIS.has(entry.cni))) return [];
  return detected.filter((entry) => entry.cni === 'flannel');
}

import { isRecord, parseLabelSelector, selectorMatches } from './selectors.ts';

/** A pod as a NetworkPolicy peer sees it: its namespace, its labels and its namespace's labels. */
export interface PeerPod {
  namespace: string;
  labels: Record<string, string>;
  namespaceLabels: Record<string, string>;
}

/**
 * True when a NetworkPolicyPeer (`from`/`to` item, plain data) admits a pod, as Kubernetes reads it:
 * podSelector alone picks pods of the policy's namespace; namespaceSelector alone, every pod of the
 * namespaces it picks; both together, the pods podSelector picks inside those namespaces. An ipBlock
 * peer names addresses, not pods, and an empty peer is rejected by the API server: neither admits a pod here.
 */
export function peerAdmits(peer: unknown, policyNamespace: string, pod: PeerPod): boolean {
  if (!isRecord(peer) || peer.ipBlock !== undefined) return false;
  const hasPods = peer.podSelector !== undefined && peer.podSelector !== null;
  const hasNamespaces = peer.namespaceSelector !== undefined && peer.namespaceSelector !== null;
  if (!hasPods && !hasNamespaces) return false;
  const podsMatch = !hasPods || selectorMatches(parseLabelSelector(peer.podSelector), pod.labels);
  if (!hasNamespaces) return pod.namespace === policyNamespace && podsMatch;
  return selectorMatches(parseLabelSelector(peer.namespaceSelector), pod.namespaceLabels) && podsMatch;
}

/** The labels Kubernetes gives every namespace, over those its Namespace object declares. */
export function namespaceLabelsOf(namespace: string, declared: Record<string, string> = {}): Record<string, string> {
  return { ...declared, 'kubernetes.io/metadata.name': namespace };
}

import { apiGroupOf } from '../engine/objects.ts';
import { parseCalicoSelector } from './calico-selector.ts';
import { isRecord, LabelSelector, parseLabelSelector } from './selectors.ts';

/** Whose policy API an object belongs to. */
export type PolicyFlavor = 'kubernetes' | 'calico' | 'cilium';

/** Pods a policy (or one rule of a Cilium `specs` list) applies to, and the directions it isolates them in. */
export interface PolicyTarget {
  podSelector: LabelSelector;
  ingress: boolean;
  egress: boolean;
}

/** The compact facts of a network policy that the index keeps (never its rules). */
export interface NetworkPolicyFacts {
  flavor: PolicyFlavor;
  /** GlobalNetworkPolicy and CiliumClusterwideNetworkPolicy apply in every namespace. */
  clusterWide: boolean;
  /** Calico GlobalNetworkPolicy `namespaceSelector`: the namespaces it applies in (absent: all). */
  namespaceSelector?: LabelSelector;
  targets: PolicyTarget[];
}

const CALICO_GROUPS = new Set(['projectcalico.org', 'crd.projectcalico.org']);

/** Every kind that is a network policy of some flavor. */
export const POLICY_KINDS = ['NetworkPolicy', 'GlobalNetworkPolicy', 'CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'];

/** The flavor of a policy kind, or undefined for other kinds. `NetworkPolicy` is Calico's under projectcalico.org. */
export function policyFlavor(kind: string, apiVersion: string): PolicyFlavor | undefined {
  if (kind === 'NetworkPolicy') return CALICO_GROUPS.has(apiGroupOf(apiVersion)) ? 'calico' : 'kubernetes';
  if (kind === 'GlobalNetworkPolicy') return 'calico';
  if (kind === 'CiliumNetworkPolicy' || kind === 'CiliumClusterwideNetworkPolicy') return 'cilium';
  return undefined;
}

/** True for Kubernetes' own NetworkPolicy (networking.k8s.io and the old extensions group). */
export function isKubernetesNetworkPolicy(kind: string, apiVersion: string): boolean {
  return policyFlavor(kind, apiVersion) === 'kubernetes';
}

/** The facts of a policy object from its plain body, or undefined when the kind is no policy. */
export function policyFactsOf(kind: string, apiVersion: string, body: unknown): NetworkPolicyFacts | undefined {
  const flavor = policyFlavor(kind, apiVersion);
  if (!flavor) return undefined;
  const spec = isRecord(body) && isRecord(body.spec) ? body.spec : {};
  if (flavor === 'kubernetes') return { flavor, clusterWide: false, targets: [kubernetesTarget(spec)] };
  if (flavor === 'calico') return calicoFacts(kind === 'GlobalNetworkPolicy', spec);
  const specs = isRecord(body) && Array.isArray(body.specs) ? body.specs.filter(isRecord) : [spec];
  return { flavor, clusterWide: kind === 'CiliumClusterwideNetworkPolicy', targets: specs.flatMap(ciliumTarget) };
}

/** policyTypes as Kubernetes defaults them: Ingress always, Egress when there are egress rules. */
function kubernetesTarget(spec: Record<string, unknown>): PolicyTarget {
  const podSelector = parseLabelSelector(spec.podSelector);
  const types = Array.isArray(spec.policyTypes) ? spec.policyTypes.map(String) : [];
  if (types.length === 0) return { podSelector, ingress: true, egress: nonEmptyList(spec.egress) };
  return { podSelector, ingress: types.includes('Ingress'), egress: types.includes('Egress') };
}

/**
 * Calico `types` default: Ingress, plus Egress when there are egress rules, Egress alone when there
 * are only egress rules. Policies for host endpoints (doNotTrack, preDNAT, applyOnForward) cover no pod.
 */
function calicoFacts(clusterWide: boolean, spec: Record<string, unknown>): NetworkPolicyFacts {
  const podSelector = parseCalicoSelector(spec.selector);
  const namespaceSelector = clusterWide && spec.namespaceSelector !== undefined ? parseCalicoSelector(spec.namespaceSelector) : undefined;
  const hostOnly = spec.doNotTrack === true || spec.preDNAT === true || spec.applyOnForward === true;
  const [ingress, egress] = calicoTypes(spec);
  const target = { podSelector, ingress: ingress && !hostOnly, egress: egress && !hostOnly };
  return { flavor: 'calico', clusterWide, ...(namespaceSelector ? { namespaceSelector } : {}), targets: [target] };
}

function calicoTypes(spec: Record<string, unknown>): [boolean, boolean] {
  const types = Array.isArray(spec.types) ? spec.types.map(String) : [];
  if (types.length > 0) return [types.includes('Ingress'), types.includes('Egress')];
  const ingressRules = nonEmptyList(spec.ingress);
  const egressRules = nonEmptyList(spec.egress);
  return egressRules && !ingressRules ? [false, true] : [true, egressRules];
}

/** A Cilium rule: its endpointSelector (labels may carry `k8s:`/`any:` prefixes); a section present covers its direction. */
function ciliumTarget(spec: Record<string, unknown>): PolicyTarget[] {
  if (spec.endpointSelector === undefined && spec.nodeSelector !== undefined) return [];
  return [
    {
      podSelector: parseLabelSelector(spec.endpointSelector ?? {}, stripCiliumSource),
      ingress: spec.ingress !== undefined || spec.ingressDeny !== undefined,
      egress: spec.egress !== undefined || spec.egressDeny !== undefined,
    },
  ];
}

/** `k8s:app` and `any:app` select the Kubernetes label `app`. */
export function stripCiliumSource(key: string): string {
  return key.replace(/^(k8s|any):/, '');
}

function nonEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

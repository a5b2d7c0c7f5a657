import type { Rule } from '../../engine/rule.ts';
import missingNetworkPolicy from './missing-network-policy.ts';
import networkPolicyAllowAll from './network-policy-allow-all.ts';
import networkPolicyAnyPort from './network-policy-any-port.ts';
import danglingNetworkPolicy from './dangling-network-policy.ts';
import networkPolicyNotEnforced from './network-policy-not-enforced.ts';
import serviceExposed from './service-exposed.ts';
import serviceExternalIps from './service-external-ips.ts';
import ingressWithoutTls from './ingress-without-tls.ts';
import ingressSnippetAnnotation from './ingress-snippet-annotation.ts';
import ingressControllerSnippetsAllowed from './ingress-controller-snippets-allowed.ts';
import namespacePodSecurityUnenforced from './namespace-pod-security-unenforced.ts';

/** The rules of this category, in catalog order. */
export const networkRules: Rule[] = [
  missingNetworkPolicy,
  networkPolicyAllowAll,
  networkPolicyAnyPort,
  danglingNetworkPolicy,
  networkPolicyNotEnforced,
  serviceExposed,
  serviceExternalIps,
  ingressWithoutTls,
  ingressSnippetAnnotation,
  ingressControllerSnippetsAllowed,
  namespacePodSecurityUnenforced,
];

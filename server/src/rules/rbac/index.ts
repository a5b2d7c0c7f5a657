import type { Rule } from '../../engine/rule.ts';
import rbacWildcardVerbs from './rbac-wildcard-verbs.ts';
import rbacWildcardResources from './rbac-wildcard-resources.ts';
import rbacSecretsAccess from './rbac-secrets-access.ts';
import rbacImplicitPodCreation from './rbac-implicit-pod-creation.ts';
import rbacExpectationViolated from './rbac-expectation-violated.ts';
import rbacEscalationVerbs from './rbac-escalation-verbs.ts';
import rbacPrivilegedSubresources from './rbac-privileged-subresources.ts';
import rbacClusterAdminBinding from './rbac-cluster-admin-binding.ts';
import rbacAnonymousSubject from './rbac-anonymous-subject.ts';
import rbacClusterWideBinding from './rbac-cluster-wide-binding.ts';
import rbacDefaultServiceAccountBinding from './rbac-default-service-account-binding.ts';
import rbacUnknownRole from './rbac-unknown-role.ts';
import rbacNetworkHijack from './rbac-network-hijack.ts';
import rbacSystemConfigmapWrite from './rbac-system-configmap-write.ts';

/** The rules of this category, in catalog order. */
export const rbacRules: Rule[] = [
  rbacWildcardVerbs,
  rbacWildcardResources,
  rbacSecretsAccess,
  rbacImplicitPodCreation,
  rbacExpectationViolated,
  rbacEscalationVerbs,
  rbacPrivilegedSubresources,
  rbacClusterAdminBinding,
  rbacAnonymousSubject,
  rbacClusterWideBinding,
  rbacDefaultServiceAccountBinding,
  rbacNetworkHijack,
  rbacSystemConfigmapWrite,
  rbacUnknownRole,
];

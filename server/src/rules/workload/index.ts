import type { Rule } from '../../engine/rule.ts';
import imageMutableTag from './image-mutable-tag.ts';
import missingResourceLimits from './missing-resource-limits.ts';
import serviceAccountTokenAutomount from './service-account-token-automount.ts';
import defaultServiceAccount from './default-service-account.ts';
import secretInEnv from './secret-in-env.ts';
import credentialsInConfigmap from './credentials-in-configmap.ts';
import workloadPowerfulServiceAccount from './workload-powerful-service-account.ts';
import imageUntrustedRegistry from './image-untrusted-registry.ts';
import defaultNamespace from './default-namespace.ts';

/** The rules of this category, in catalog order. */
export const workloadRules: Rule[] = [
  imageMutableTag,
  missingResourceLimits,
  serviceAccountTokenAutomount,
  defaultServiceAccount,
  secretInEnv,
  credentialsInConfigmap,
  workloadPowerfulServiceAccount,
  imageUntrustedRegistry,
  defaultNamespace,
];

import type { Rule } from './rule.ts';
import { podSecurityRules } from '../rules/pod-security/index.ts';
import { sandboxRules } from '../rules/sandbox/index.ts';
import { workloadRules } from '../rules/workload/index.ts';
import { rbacRules } from '../rules/rbac/index.ts';
import { networkRules } from '../rules/network/index.ts';
import { controlPlaneRules } from '../rules/control-plane/index.ts';
import { apiVersionsRules } from '../rules/api-versions/index.ts';
import { admissionRules } from '../rules/admission/index.ts';
import { buildCustomRules, customRuleById, validateCustomRules } from '../admission/custom-rules.ts';
import { setCustomRuleFactory } from './config.ts';
import { admissionAffectedPaths } from '../admission/scope.ts';
import { setAdmissionScope } from './workspace.ts';

/** Every rule kube-hardener has, in catalog order. */
export const ALL_RULES: readonly Rule[] = [
  ...podSecurityRules,
  ...sandboxRules,
  ...workloadRules,
  ...rbacRules,
  ...networkRules,
  ...controlPlaneRules,
  ...apiVersionsRules,
  ...admissionRules,
];

// Custom rules (`customRules:` in .kube-hardener.yaml) are CEL rules built by the admission module.
setCustomRuleFactory({ validate: validateCustomRules, build: buildCustomRules });
// A policy edit re-checks only the files of the kinds it can match (admission/scope.ts).
setAdmissionScope(admissionAffectedPaths);

const byId = new Map(ALL_RULES.map((rule) => [rule.id, rule]));

/** The rule with an ID, if there is one. */
export function ruleById(id: string): Rule | undefined {
  return byId.get(id) ?? customRuleById(id);
}

/** True for the rules kube-hardener ships (they have a documentation page); false for custom rules. */
export function isBuiltInRule(id: string): boolean {
  return byId.has(id);
}

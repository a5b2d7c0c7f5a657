import type { NonResourceRequest, PolicyRule, ResourceRequest } from './types.ts';

// Rule matching exactly as Kubernetes' RBAC authorizer does it (k8s.io/kubernetes
// pkg/apis/rbac/v1/evaluation_helpers.go and plugin/pkg/auth/authorizer/rbac RuleAllows).
// Note what `*` means there: a whole entry `*` matches everything, `*/scale` matches the
// scale subresource of any resource, and `pods/*` is NOT a pattern: it matches only itself.

/** True when the rule lists the verb or `*`. */
export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((ruleVerb) => ruleVerb === '*' || ruleVerb === verb);
}

/** True when the rule lists the API group ("" is the core group) or `*`. */
export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return rule.apiGroups.some((ruleGroup) => ruleGroup === '*' || ruleGroup === group);
}

/** True when the rule lists `*`, the combined `resource/subresource`, or `*\/subresource`. */
export function resourceMatches(rule: PolicyRule, combinedResource: string, subresource: string): boolean {
  return rule.resources.some((ruleResource) => {
    if (ruleResource === '*' || ruleResource === combinedResource) return true;
    if (subresource === '') return false;
    return ruleResource.length === subresource.length + 2 && ruleResource.startsWith('*/') && ruleResource.endsWith(subresource);
  });
}

/** True when the rule names no resources, or names this one (an empty name never matches a list). */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  return rule.resourceNames.length === 0 || rule.resourceNames.includes(name);
}

/** True when the rule lists `*`, the path, or a prefix of it ending in `*`. */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return rule.nonResourceURLs.some((ruleURL) => {
    if (ruleURL === '*' || ruleURL === path) return true;
    return ruleURL.endsWith('*') && path.startsWith(ruleURL.replace(/\*+$/, ''));
  });
}

/** True when one rule allows a resource request (namespace scoping is the binding's business). */
export function ruleAllows(rule: PolicyRule, request: ResourceRequest): boolean {
  const subresource = request.subresource ?? '';
  const combined = subresource ? `${request.resource}/${subresource}` : request.resource;
  return (
    verbMatches(rule, request.verb) &&
    apiGroupMatches(rule, request.apiGroup) &&
    resourceMatches(rule, combined, subresource) &&
    resourceNameMatches(rule, request.name ?? '')
  );
}

/** True when one rule allows a request for a non-resource URL such as /metrics. */
export function ruleAllowsNonResource(rule: PolicyRule, request: NonResourceRequest): boolean {
  return verbMatches(rule, request.verb) && nonResourceURLMatches(rule, request.path);
}

/** True when the rule is `*` verbs on `*` resources in `*` groups (cluster-admin's first rule). */
export function isAllWildcardRule(rule: PolicyRule): boolean {
  return rule.verbs.includes('*') && rule.apiGroups.includes('*') && rule.resources.includes('*') && rule.resourceNames.length === 0;
}

/** A rule from plain YAML data; lists that are missing or not lists of strings become empty. */
export function policyRuleOf(value: unknown): PolicyRule {
  const data = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  return {
    verbs: stringList(data.verbs),
    apiGroups: stringList(data.apiGroups),
    resources: stringList(data.resources),
    resourceNames: stringList(data.resourceNames),
    nonResourceURLs: stringList(data.nonResourceURLs),
  };
}

function stringList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item) => item !== null && item !== undefined).map((item) => String(item));
}

// Does a policy (matchConstraints) or binding (matchResources) select an object, for a CREATE?
// As k8s.io/apiserver/pkg/admission/plugin/policy/matching: namespaceSelector, objectSelector,
// excludeResourceRules, then resourceRules (an empty list matches every resource).
import { parseLabelSelector, selectorMatches } from '../network/selectors.ts';
import { equivalentGroups } from './resources.ts';

/** What admission knows about the object of a CREATE request. */
export interface AdmissionTarget {
  group: string;
  version: string;
  kind: string;
  resource: string;
  namespaced: boolean;
  name?: string;
  /** The namespace of a namespaced object ('' for cluster-scoped ones). */
  namespace: string;
  labels: Record<string, string>;
  /** Labels of the object's Namespace: from the workspace, else only kubernetes.io/metadata.name. */
  namespaceLabels: Record<string, string>;
}

type Plain = Record<string, unknown>;

/** True when matchResources / matchConstraints select the target. */
export function matchesResources(match: unknown, target: AdmissionTarget): boolean {
  const spec = isPlain(match) ? match : {};
  if (!namespaceSelectorMatches(spec.namespaceSelector, target)) return false;
  if (!selectorMatches(parseLabelSelector(spec.objectSelector), target.labels)) return false;
  const exact = spec.matchPolicy === 'Exact';
  if (listOf(spec.excludeResourceRules).some((rule) => ruleMatches(rule, target, exact))) return false;
  const rules = listOf(spec.resourceRules);
  return rules.length === 0 || rules.some((rule) => ruleMatches(rule, target, exact));
}

function namespaceSelectorMatches(selector: unknown, target: AdmissionTarget): boolean {
  const parsed = parseLabelSelector(selector);
  if (parsed.requirements.length === 0 && !parsed.unknown) return true;
  if (target.kind === 'Namespace' && target.group === '') return selectorMatches(parsed, target.labels);
  // Other cluster-scoped objects are never skipped because of a namespaceSelector.
  if (!target.namespaced) return true;
  return selectorMatches(parsed, target.namespaceLabels);
}

/**
 * One NamedRuleWithOperations against the target. Under matchPolicy Equivalent (the default the
 * API server stores) it also sends a request converted to a version the rule names, in the same
 * group or in a group that serves the same resource (extensions/v1beta1 Deployments for apps/v1).
 */
function ruleMatches(rule: unknown, target: AdmissionTarget, exact: boolean): boolean {
  if (!isPlain(rule)) return false;
  const names = strings(rule.resourceNames);
  if (names.length > 0 && (!target.name || !names.includes(target.name))) return false;
  if (!anyOf(strings(rule.operations), 'CREATE')) return false;
  const resourceNamed = strings(rule.resources).some((resource) => resourceMatches(resource, target.resource));
  if (!resourceNamed) return false;
  if (exact) {
    if (!anyOf(strings(rule.apiGroups), target.group) || !anyOf(strings(rule.apiVersions), target.version)) return false;
  } else {
    if (!equivalentGroups(target.group, target.resource).some((group) => anyOf(strings(rule.apiGroups), group))) return false;
    if (strings(rule.apiVersions).length === 0) return false;
  }
  const scope = typeof rule.scope === 'string' ? rule.scope : '*';
  if (scope === 'Cluster' && target.namespaced) return false;
  if (scope === 'Namespaced' && !target.namespaced) return false;
  return true;
}

function resourceMatches(pattern: string, resource: string): boolean {
  if (pattern === '*' || pattern === '*/*') return true;
  const [name, sub] = pattern.split('/');
  if (sub !== undefined) return (name === '*' || name === resource) && sub === '*';
  return name === resource;
}

function anyOf(values: string[], wanted: string): boolean {
  return values.includes('*') || values.includes(wanted);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** True for a plain mapping. */
export function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

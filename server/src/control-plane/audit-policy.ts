import { isMap, isScalar, Node, Pair } from 'yaml';
import { nodeAt, pairOf, seqItems } from '../engine/nodes.ts';
import { apiGroupOf, K8sObject } from '../engine/objects.ts';

/** True for an audit Policy (audit.k8s.io). */
export function isAuditPolicy(object: K8sObject): boolean {
  return object.kind === 'Policy' && apiGroupOf(object.apiVersion) === 'audit.k8s.io';
}

interface GroupResources {
  group: string;
  resources: string[];
  resourceNames: string[];
}

/** One rule of an audit policy, as the API server reads it. */
export interface AuditRule {
  index: number;
  item: Node;
  level: string;
  /** The `level` pair: where findings on the rule point. */
  levelPair?: Pair;
  users: string[];
  userGroups: string[];
  verbs: string[];
  resources: GroupResources[];
  namespaces: string[];
  nonResourceURLs: string[];
  omitStages: string[];
}

/** A resource request: the attributes audit rules match on. */
export interface AuditRequest {
  user: string;
  group?: string;
  verb: string;
  apiGroup: string;
  resource: string;
  namespace: string;
  name: string;
}

/** The rules of a policy, in order. */
export function auditRules(object: K8sObject): AuditRule[] {
  const yaml = object.yaml;
  const strings = (node: unknown, key: string) => seqItems(yaml, nodeAt(yaml, node, key)).flatMap((item) => (isScalar(item) && item.value != null ? [String(item.value)] : []));
  return seqItems(yaml, nodeAt(yaml, object.root, 'rules')).filter(isMap).map((item, index) => {
    const level = nodeAt(yaml, item, 'level');
    return {
      index,
      item,
      level: isScalar(level) && level.value != null ? String(level.value) : '',
      levelPair: pairOf(yaml, item, 'level'),
      users: strings(item, 'users'),
      userGroups: strings(item, 'userGroups'),
      verbs: strings(item, 'verbs'),
      resources: seqItems(yaml, nodeAt(yaml, item, 'resources')).filter(isMap).map((entry) => {
        const group = nodeAt(yaml, entry, 'group');
        return { group: isScalar(group) && group.value != null ? String(group.value) : '', resources: strings(entry, 'resources'), resourceNames: strings(entry, 'resourceNames') };
      }),
      namespaces: strings(item, 'namespaces'),
      nonResourceURLs: strings(item, 'nonResourceURLs'),
      omitStages: strings(item, 'omitStages'),
    };
  });
}

/** The policy-wide `omitStages`. */
export function policyOmitStages(object: K8sObject): string[] {
  return seqItems(object.yaml, nodeAt(object.yaml, object.root, 'omitStages')).flatMap((item) => (isScalar(item) && item.value != null ? [String(item.value)] : []));
}

/** Whether a rule matches a resource request, as `staging/src/k8s.io/apiserver/pkg/audit/policy/checker.go` decides. */
export function ruleMatches(rule: AuditRule, request: AuditRequest): boolean {
  if (rule.users.length > 0 && !rule.users.includes(request.user)) return false;
  if (rule.userGroups.length > 0 && (request.group === undefined || !rule.userGroups.includes(request.group))) return false;
  if (rule.verbs.length > 0 && !rule.verbs.includes(request.verb)) return false;
  if (rule.namespaces.length > 0 || rule.resources.length > 0) return matchesResource(rule, request);
  // A rule limited to non-resource URLs never matches a resource request.
  return rule.nonResourceURLs.length === 0;
}

function matchesResource(rule: AuditRule, request: AuditRequest): boolean {
  if (rule.namespaces.length > 0 && !rule.namespaces.includes(request.namespace)) return false;
  if (rule.resources.length === 0) return true;
  return rule.resources.some((entry) => {
    if (entry.group !== request.apiGroup) return false;
    if (entry.resources.length === 0) return true;
    if (entry.resourceNames.length > 0 && !entry.resourceNames.includes(request.name)) return false;
    return entry.resources.some((pattern) => pattern === request.resource || pattern === '*' || pattern === `${request.resource}/*`);
  });
}

/** True when a rule matches every request: no user, group, verb, resource, namespace or URL limit. */
export function isCatchAll(rule: AuditRule): boolean {
  return [rule.users, rule.userGroups, rule.verbs, rule.resources, rule.namespaces, rule.nonResourceURLs].every((list) => list.length === 0);
}

/** The verbs of resource requests a policy is judged for. */
export const AUDIT_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const OTHER = '\u0000other';

/** What a rule asks of one attribute of a resource request: any value (null) or one of a set. */
type Allowed = Set<string | undefined> | null;

/** A rule's conditions on a request on one resource, attribute by attribute (user, group, namespace, name). */
function conditions(rule: AuditRule, apiGroup: string, resource: string): Allowed[] | undefined {
  const set = (values: string[]): Allowed => (values.length === 0 ? null : new Set(values));
  const names = nameCondition(rule, apiGroup, resource);
  if (names === undefined) return undefined;
  return [set(rule.users), set(rule.userGroups), set(rule.namespaces), names];
}

/** The names for which a rule's resources cover a resource: null for any, undefined when it never does. */
function nameCondition(rule: AuditRule, apiGroup: string, resource: string): Allowed | undefined {
  if (rule.resources.length === 0) return rule.namespaces.length === 0 && rule.nonResourceURLs.length > 0 ? undefined : null;
  const names = new Set<string | undefined>();
  for (const entry of rule.resources) {
    if (entry.group !== apiGroup) continue;
    if (entry.resources.length > 0 && !entry.resources.some((pattern) => pattern === resource || pattern === '*' || pattern === `${resource}/*`)) continue;
    if (entry.resources.length === 0 || entry.resourceNames.length === 0) return null;
    for (const name of entry.resourceNames) names.add(name);
  }
  return names.size > 0 ? names : undefined;
}

const allows = (allowed: Allowed, value: string | undefined) => allowed === null || allowed.has(value);

/**
 * The rules that are the first match of some request on a resource with a verb, exactly as the
 * API server orders them. A rule is reachable when some user, group, namespace and name satisfy
 * it while each earlier rule fails on at least one of them: a search over the values the rules
 * name (plus one no rule names), memoised on the earlier rules still in the way.
 */
export function reachableRules(rules: AuditRule[], apiGroup: string, resource: string, verb: string): AuditRule[] {
  const applicable = rules.flatMap((rule) => {
    if (rule.verbs.length > 0 && !rule.verbs.includes(verb)) return [];
    const conds = conditions(rule, apiGroup, resource);
    return conds ? [{ rule, conds }] : [];
  });
  const values: (string | undefined)[][] = [0, 1, 2, 3].map((dim) => {
    const named = new Set<string | undefined>();
    for (const { conds } of applicable) for (const value of conds[dim] ?? []) named.add(value);
    return [...named, dim === 1 ? undefined : OTHER];
  });
  return applicable.filter(({ conds }, k) => {
    const memo = new Set<string>();
    const search = (dim: number, blocking: number[]): boolean => {
      if (blocking.length === 0) return true;
      if (dim === 4) return false;
      const key = `${dim}:${blocking.join(',')}`;
      if (memo.has(key)) return false;
      memo.add(key);
      return values[dim].some((value) => allows(conds[dim], value) && search(dim + 1, blocking.filter((j) => allows(applicable[j].conds[dim], value))));
    };
    const anyValue = values.every((dimValues, dim) => dimValues.some((value) => allows(conds[dim], value)));
    return anyValue && search(0, applicable.slice(0, k).map((_, j) => j));
  }).map(({ rule }) => rule);
}

/** The first rule that matches a request; undefined means level None (nothing logged). */
export function firstMatch(rules: AuditRule[], request: AuditRequest): AuditRule | undefined {
  return rules.find((rule) => ruleMatches(rule, request));
}

const ALL_STAGES = ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'];

/**
 * True when the event a rule writes for a verb carries the object: RequestResponse logs the
 * response body (and the request's), Request logs the body of writes. A rule that omits every
 * stage writes nothing.
 */
export function logsContent(rule: AuditRule, verb: string, policyOmitted: string[]): boolean {
  const omitted = new Set([...policyOmitted, ...rule.omitStages]);
  if (ALL_STAGES.every((stage) => omitted.has(stage))) return false;
  if (rule.level === 'RequestResponse') return true;
  return rule.level === 'Request' && ['create', 'update', 'patch'].includes(verb);
}

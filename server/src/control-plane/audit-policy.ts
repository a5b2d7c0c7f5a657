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

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
/** How many verbs every resource request is tried with. */
export const VERB_COUNT = VERBS.length;
const OTHER = '\u0000other';

/**
 * Every distinct way a request on a resource can meet the rules: each user, group, verb,
 * namespace and name a rule names, and one that no rule names. A request with several groups
 * adds nothing: the rule it reaches first is also reached first by one of its groups alone.
 */
export function candidateRequests(rules: AuditRule[], apiGroup: string, resource: string): AuditRequest[] {
  const collect = (pick: (rule: AuditRule) => string[]) => [...new Set(rules.flatMap(pick)), OTHER];
  const users = collect((rule) => rule.users);
  const groups: (string | undefined)[] = [...new Set(rules.flatMap((rule) => rule.userGroups)), undefined];
  const verbs = [...new Set([...VERBS, ...rules.flatMap((rule) => rule.verbs)])];
  const namespaces = collect((rule) => rule.namespaces);
  const names = collect((rule) => rule.resources.flatMap((entry) => entry.resourceNames));
  const requests: AuditRequest[] = [];
  for (const user of users) for (const group of groups) for (const verb of verbs) for (const namespace of namespaces) for (const name of names) {
    requests.push({ user, group, verb, apiGroup, resource, namespace, name });
    if (requests.length > 20000) return requests;
  }
  return requests;
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

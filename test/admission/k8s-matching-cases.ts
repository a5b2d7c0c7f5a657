// The TestMatcher table of Kubernetes' policy matcher, ported as data (Apache License 2.0,
// Copyright The Kubernetes Authors): staging/src/k8s.io/apiserver/pkg/admission/plugin/policy/
// matching/matching_test.go at kubernetes/kubernetes 34fd553f0dabb825860df13151bfe8ec5641adec.
// Every request is a CREATE of "name" in namespace "ns". Adapted where our model differs:
// - The Go matcher treats a nil matchPolicy as Exact; the API server defaults it to Equivalent
//   before a policy is stored, so a YAML policy without it is Equivalent. Upstream cases with a nil
//   matchPolicy carry `matchPolicy: Exact` here.
// - Not ported: the six subresource cases (deployments/scale: we only see whole objects), and
//   "no rules (just write)", whose nil objectSelector (matches nothing in Go) the API server
//   defaults to {}.
// - The two "erroring selector" cases expect an error; ours does not match (an invalid selector
//   value is not a match, and the policy's problems are reported in its own file).

type Rule = { apiGroups?: string[]; apiVersions?: string[]; resources?: string[]; operations?: string[]; scope?: string; resourceNames?: string[] };

export interface MatchingCase {
  name: string;
  criteria: { matchPolicy?: 'Exact' | 'Equivalent'; namespaceSelector?: unknown; objectSelector?: unknown; resourceRules?: Rule[]; excludeResourceRules?: Rule[] };
  /** The request's group, version and resource (the object's kind does not take part in matching). */
  gvr: [string, string, string];
  expectMatches: boolean;
}

const rule = (group: string, version: string, resources: string[] = ['deployments'], extra: Partial<Rule> = {}): Rule => ({
  operations: ['*'],
  apiGroups: [group],
  apiVersions: [version],
  resources,
  scope: '*',
  ...extra,
});
const ALL = rule('*', '*', ['*']);

export const MATCHING_CASES: MatchingCase[] = [
  { name: 'wildcard rule, match as requested', criteria: { resourceRules: [ALL] }, gvr: ['apps', 'v1', 'deployments'], expectMatches: true },
  {
    name: 'specific rules, prefer exact match',
    criteria: { matchPolicy: 'Exact', resourceRules: [rule('extensions', 'v1'), rule('apps', 'v1beta1'), rule('apps', 'v1')] },
    gvr: ['apps', 'v1', 'deployments'],
    expectMatches: true,
  },
  {
    name: 'specific rules, match miss',
    criteria: { matchPolicy: 'Exact', resourceRules: [rule('extensions', 'v1beta1'), rule('apps', 'v1beta1')] },
    gvr: ['apps', 'v1', 'deployments'],
    expectMatches: false,
  },
  {
    name: 'specific rules, exact match miss',
    criteria: { matchPolicy: 'Exact', resourceRules: [rule('extensions', 'v1beta1'), rule('apps', 'v1beta1')] },
    gvr: ['apps', 'v1', 'deployments'],
    expectMatches: false,
  },
  {
    name: 'specific rules, equivalent match, prefer extensions',
    criteria: { matchPolicy: 'Equivalent', resourceRules: [rule('extensions', 'v1beta1'), rule('apps', 'v1beta1')] },
    gvr: ['apps', 'v1', 'deployments'],
    expectMatches: true,
  },
  {
    name: 'specific rules, equivalent match, prefer apps',
    criteria: { matchPolicy: 'Equivalent', resourceRules: [rule('apps', 'v1beta1'), rule('extensions', 'v1beta1')] },
    gvr: ['apps', 'v1', 'deployments'],
    expectMatches: true,
  },
  {
    name: 'specific rules, prefer exact match and name match',
    criteria: { matchPolicy: 'Exact', resourceRules: [rule('apps', 'v1', ['deployments'], { resourceNames: ['name'] })] },
    gvr: ['apps', 'v1', 'deployments'],
    expectMatches: true,
  },
  {
    name: 'specific rules, prefer exact match and name match miss',
    criteria: { matchPolicy: 'Exact', resourceRules: [rule('apps', 'v1', ['deployments'], { resourceNames: ['wrong-name'] })] },
    gvr: ['apps', 'v1', 'deployments'],
    expectMatches: false,
  },
  {
    name: 'exclude resource match on miss',
    criteria: { matchPolicy: 'Exact', resourceRules: [ALL], excludeResourceRules: [rule('extensions', 'v1beta1')] },
    gvr: ['apps', 'v1', 'deployments'],
    expectMatches: true,
  },
  {
    name: 'exclude resource miss on match',
    criteria: { matchPolicy: 'Exact', resourceRules: [ALL], excludeResourceRules: [rule('extensions', 'v1beta1')] },
    gvr: ['extensions', 'v1beta1', 'deployments'],
    expectMatches: false,
  },
  {
    name: 'exclude resource with name match',
    criteria: { matchPolicy: 'Exact', resourceRules: [ALL], excludeResourceRules: [rule('apps', 'v1', ['deployments'], { resourceNames: ['name'] })] },
    gvr: ['apps', 'v1', 'deployments'],
    expectMatches: false,
  },
  {
    name: 'exclude resource with name miss',
    criteria: { matchPolicy: 'Exact', resourceRules: [ALL], excludeResourceRules: [rule('apps', 'v1', ['deployments'], { resourceNames: ['other-name'] })] },
    gvr: ['apps', 'v1', 'deployments'],
    expectMatches: true,
  },
  {
    name: 'exclude equivalent resource match',
    criteria: { matchPolicy: 'Equivalent', resourceRules: [ALL], excludeResourceRules: [rule('extensions', 'v1beta1')] },
    gvr: ['apps', 'v1', 'deployments'],
    expectMatches: false,
  },
  {
    name: 'exclude equivalent resource with name miss',
    criteria: { matchPolicy: 'Equivalent', resourceRules: [ALL], excludeResourceRules: [rule('extensions', 'v1beta1', ['deployments'], { resourceNames: ['other-name'] })] },
    gvr: ['apps', 'v1', 'deployments'],
    expectMatches: true,
  },
  {
    name: 'treat empty ResourceRules as match',
    criteria: { matchPolicy: 'Exact', excludeResourceRules: [rule('extensions', 'v1beta1')] },
    gvr: ['apps', 'v1', 'deployments'],
    expectMatches: true,
  },
  { name: 'treat non-empty ResourceRules as no match', criteria: { matchPolicy: 'Exact', resourceRules: [{}] }, gvr: ['apps', 'v1', 'deployments'], expectMatches: false },
  {
    name: "erroring namespace selector on otherwise non-matching rule doesn't error",
    criteria: { matchPolicy: 'Exact', namespaceSelector: { matchExpressions: [{ key: 'key ', operator: 'In', values: ['bad value'] }] }, resourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], resources: ['deployments'], operations: ['*'] }] },
    gvr: ['example.apiserver.k8s.io', 'v1', 'pods'],
    expectMatches: false,
  },
  {
    name: 'erroring namespace selector on otherwise matching rule errors',
    criteria: { matchPolicy: 'Exact', namespaceSelector: { matchExpressions: [{ key: 'key', operator: 'In', values: ['bad value'] }] }, resourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], resources: ['pods'], operations: ['*'] }] },
    gvr: ['example.apiserver.k8s.io', 'v1', 'pods'],
    expectMatches: false,
  },
  {
    name: "erroring object selector on otherwise non-matching rule doesn't error",
    criteria: { matchPolicy: 'Exact', objectSelector: { matchExpressions: [{ key: 'key', operator: 'In', values: ['bad value'] }] }, resourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], resources: ['deployments'], operations: ['*'] }] },
    gvr: ['example.apiserver.k8s.io', 'v1', 'pods'],
    expectMatches: false,
  },
  {
    name: 'erroring object selector on otherwise matching rule errors',
    criteria: { matchPolicy: 'Exact', objectSelector: { matchExpressions: [{ key: 'key', operator: 'In', values: ['bad value'] }] }, resourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], resources: ['pods'], operations: ['*'] }] },
    gvr: ['example.apiserver.k8s.io', 'v1', 'pods'],
    expectMatches: false,
  },
];

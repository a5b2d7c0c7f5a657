// The TestParamRef matrix of Kubernetes' validating admission policy plugin, ported as data
// (Apache License 2.0, Copyright The Kubernetes Authors): staging/src/k8s.io/apiserver/pkg/
// admission/plugin/policy/validating/admission_test.go (TestParamRef, testParamRefCase) at
// kubernetes/kubernetes def05a20e22f069a60f4190755e8c7244d18781c: the param library, the paramRef
// configurations and the rules that decide which params each request is evaluated with.
// Request names are DNS names here ("some-param", "other-param": upstream has spaces).

export const MATCHING_NAME = 'replicas-test.example.com';
export const MATCHING_NAMESPACE = 'mynamespace';
export const NON_MATCHING_NAMESPACE = 'othernamespace';
const MATCHING = { doesitmatch: 'yes' };
const NON_MATCHING = { doesitmatch: 'no' };
const OTHER = { notaffiliated: 'no' };

export interface Param {
  name: string;
  /** undefined: a ClusterScopedParamsConfig. */
  namespace?: string;
  labels: Record<string, string>;
}

const namespaced = (suffix: string, labels: [Record<string, string>, Record<string, string>, Record<string, string>]): Param[] =>
  ['default', MATCHING_NAMESPACE, NON_MATCHING_NAMESPACE].map((namespace, i) => ({ name: MATCHING_NAME + suffix, namespace, labels: labels[i] }));

export const PARAMS: Param[] = [
  ...namespaced('', [NON_MATCHING, NON_MATCHING, NON_MATCHING]),
  ...namespaced('1', [MATCHING, MATCHING, MATCHING]),
  ...namespaced('2', [OTHER, OTHER, OTHER]),
  ...namespaced('3', [OTHER, MATCHING, MATCHING]),
  { name: MATCHING_NAME, labels: MATCHING },
  { name: `${MATCHING_NAME}1`, labels: NON_MATCHING },
  { name: `${MATCHING_NAME}2`, labels: OTHER },
  { name: `${MATCHING_NAME}3`, labels: MATCHING },
  { name: `${MATCHING_NAME}4`, labels: NON_MATCHING },
  { name: `${MATCHING_NAME}5`, labels: OTHER },
];

export interface ParamRefCase {
  paramIsClusterScoped: boolean;
  nameIsSet: boolean;
  namespaceIsSet: boolean;
  selectorIsSet: boolean;
  denyNotFound: boolean;
}

/** The configurations upstream generates (skipping its two invalid combinations). */
export const PARAM_REF_CASES: ParamRefCase[] = [];
for (const paramIsClusterScoped of [false, true]) {
  for (const nameIsSet of [false, true]) {
    for (const namespaceIsSet of [false, true]) {
      if (paramIsClusterScoped && namespaceIsSet) continue;
      for (const selectorIsSet of [false, true]) {
        if (selectorIsSet && nameIsSet) continue;
        for (const denyNotFound of [false, true]) PARAM_REF_CASES.push({ paramIsClusterScoped, nameIsSet, namespaceIsSet, selectorIsSet, denyNotFound });
      }
    }
  }
}

/** Upstream's test name for a configuration. */
export function caseName(item: ParamRefCase): string {
  let name = `${item.paramIsClusterScoped ? 'ClusterScoped' : ''}ParamRef`;
  name += item.nameIsSet ? 'WithName' : item.selectorIsSet ? 'WithLabelSelector' : 'WithEverythingSelector';
  if (item.namespaceIsSet) name += 'WithNamespace';
  return name + (item.denyNotFound ? 'DenyNotFound' : 'AllowNotFound');
}

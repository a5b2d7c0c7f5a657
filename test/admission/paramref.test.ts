// Kubernetes' TestParamRef matrix (k8s-paramref-cases.ts) run through admission-policy-violation:
// each request is evaluated with exactly the params upstream expects, and parameterNotFoundAction
// decides once they are gone.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFile } from '../../server/src/engine/lint.ts';
import { parseManifestFile } from '../../server/src/engine/parse.ts';
import { admissionRules } from '../../server/src/rules/admission/index.ts';
import { indexOf, lintOptions } from '../helpers/lint.ts';
import { caseName, MATCHING_NAME, MATCHING_NAMESPACE, NON_MATCHING_NAMESPACE, PARAM_REF_CASES, PARAMS, type Param, type ParamRefCase } from './k8s-paramref-cases.ts';

const crd = (kind: string, plural: string, scope: string) =>
  JSON.stringify({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${plural}.example.com` }, spec: { group: 'example.com', scope, names: { kind, plural }, versions: [{ name: 'v1', served: true, storage: true }] } });
const CRDS = [
  crd('ParamsConfig', 'paramsconfigs', 'Namespaced'),
  crd('ClusterScopedParamsConfig', 'clusterscopedparamsconfigs', 'Cluster'),
  crd('RequestConfig', 'requestconfigs', 'Namespaced'),
  crd('ClusterScopedRequestConfig', 'clusterscopedrequestconfigs', 'Cluster'),
].join('\n---\n');

/**
 * The request objects. Upstream they are of the param kinds but not in the param store; in a
 * workspace every object is a param candidate, so they get kinds of their own here.
 */
const request = (kind: string, name: string, namespace?: string) => JSON.stringify({ apiVersion: 'example.com/v1', kind, metadata: { name, ...(namespace ? { namespace } : {}) } });

function paramYaml(param: Param, clusterScoped = param.namespace === undefined): string {
  const metadata = { name: param.name, ...(param.namespace ? { namespace: param.namespace } : {}), labels: param.labels };
  return JSON.stringify({ apiVersion: 'example.com/v1', kind: clusterScoped ? 'ClusterScopedParamsConfig' : 'ParamsConfig', metadata });
}

function policyAndBinding(item: ParamRefCase): string {
  const paramKind = { apiVersion: 'example.com/v1', kind: item.paramIsClusterScoped ? 'ClusterScopedParamsConfig' : 'ParamsConfig' };
  const policy = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name: 'denypolicy.example.com' },
    spec: {
      paramKind,
      failurePolicy: 'Fail',
      matchConstraints: { resourceRules: [{ apiGroups: ['example.com'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['*'] }] },
      // Denies, naming the param it ran with.
      validations: [{ expression: 'false', messageExpression: "'Denied by policy with ' + params.metadata.name + '/' + (has(params.metadata.namespace) ? params.metadata.namespace : '')" }],
    },
  };
  const paramRef = {
    ...(item.nameIsSet ? { name: MATCHING_NAME } : { selector: item.selectorIsSet ? { matchLabels: { doesitmatch: 'yes' } } : {} }),
    ...(item.namespaceIsSet ? { namespace: MATCHING_NAMESPACE } : {}),
    parameterNotFoundAction: item.denyNotFound ? 'Deny' : 'Allow',
  };
  const binding = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', metadata: { name: 'denybinding.example.com' }, spec: { policyName: policy.metadata.name, paramRef, validationActions: ['Deny'] } };
  return `${JSON.stringify(policy)}\n---\n${JSON.stringify(binding)}\n`;
}

/** The params upstream expects a request (in `namespace`, or cluster-scoped) to be evaluated with. */
function expectedParams(item: ParamRefCase, namespace: string | undefined): string[] {
  return PARAMS.filter((param) => {
    if ((param.namespace === undefined) !== item.paramIsClusterScoped) return false;
    if (item.nameIsSet && param.name !== MATCHING_NAME) return false;
    if (item.namespaceIsSet && param.namespace !== MATCHING_NAMESPACE) return false;
    // A namespaced paramKind without paramRef.namespace: the request's namespace (default for
    // cluster-scoped requests, which then fail instead: see below).
    if (!item.paramIsClusterScoped && !item.namespaceIsSet && param.namespace !== (namespace ?? 'default')) return false;
    if (item.selectorIsSet && param.labels.doesitmatch !== 'yes') return false;
    return true;
  }).map((param) => `${param.name}/${param.namespace ?? ''}`);
}

function denials(files: Record<string, string>, path: string): string[] {
  const index = indexOf(files);
  const file = parseManifestFile(path, files[path]);
  return lintFile(file, { ...lintOptions({}, admissionRules, index), index })
    .filter((finding) => finding.ruleId === 'admission-policy-violation' && finding.severity === 'error')
    .map((finding) => finding.message);
}

const used = (messages: string[]) => messages.map((message) => /Denied by policy with (\S+)/.exec(message)?.[1]).filter((name): name is string => !!name).sort();

describe("Kubernetes' TestParamRef (admission_test.go)", () => {
  for (const item of PARAM_REF_CASES) {
    test(caseName(item), () => {
      const namespacedRequest = request('RequestConfig', 'some-param', NON_MATCHING_NAMESPACE);
      const clusterRequest = request('ClusterScopedRequestConfig', 'other-param');
      const shouldErrorOnClusterScopedRequests = !item.namespaceIsSet && !item.paramIsClusterScoped;
      const files: Record<string, string> = {
        'crds.yaml': CRDS,
        'policy.yaml': policyAndBinding(item),
        'params.yaml': PARAMS.map((param) => paramYaml(param)).join('\n---\n'),
        'namespaced-request.yaml': namespacedRequest,
        'cluster-request.yaml': clusterRequest,
      };

      const forNamespaced = expectedParams(item, NON_MATCHING_NAMESPACE);
      assert.ok(forNamespaced.length > 0, 'all test cases should match at least one param');
      assert.deepEqual(used(denials(files, 'namespaced-request.yaml')), forNamespaced.sort());
      const clusterDenials = denials(files, 'cluster-request.yaml');
      if (shouldErrorOnClusterScopedRequests) {
        assert.ok(clusterDenials.some((message) => /cannot use a namespaced paramRef/.test(message)), clusterDenials.join('\n'));
        assert.deepEqual(used(clusterDenials), []);
      } else {
        assert.deepEqual(used(clusterDenials), expectedParams(item, undefined).sort());
      }

      // Every param gone: parameterNotFoundAction decides.
      delete files['params.yaml'];
      const notFound = /no params found for policy binding with `Deny` parameterNotFoundAction/;
      const namespacedAfter = denials(files, 'namespaced-request.yaml');
      assert.equal(namespacedAfter.some((message) => notFound.test(message)), item.denyNotFound, namespacedAfter.join('\n'));
      assert.equal(used(namespacedAfter).length, 0);
      const clusterAfter = denials(files, 'cluster-request.yaml');
      if (shouldErrorOnClusterScopedRequests) assert.ok(clusterAfter.some((message) => /cannot use a namespaced paramRef/.test(message)));
      else assert.equal(clusterAfter.some((message) => notFound.test(message)), item.denyNotFound, clusterAfter.join('\n'));
    });
  }
});

test('TestNamespaceParamRefClusterScopedParamError: paramRef.namespace with a cluster-scoped paramKind is a configuration error', () => {
  const item = { paramIsClusterScoped: true, nameIsSet: true, namespaceIsSet: true, selectorIsSet: false, denyNotFound: false };
  const files = { 'crds.yaml': CRDS, 'policy.yaml': policyAndBinding(item), 'params.yaml': PARAMS.map((param) => paramYaml(param)).join('\n---\n'), 'request.yaml': request('RequestConfig', 'r', 'default') };
  const messages = denials(files, 'request.yaml');
  assert.ok(messages.some((message) => message.includes('paramRef.namespace must not be provided for a cluster-scoped `paramKind`')), messages.join('\n'));
  assert.deepEqual(used(messages), []);
});

// matchConstraints / matchResources against Kubernetes' own matcher table (k8s-matching-cases.ts)
// and matchPolicy Equivalent across API groups.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesResources, type AdmissionTarget } from '../../server/src/admission/match.ts';
import { MATCHING_CASES } from './k8s-matching-cases.ts';

function target(group: string, version: string, resource: string, kind = 'Deployment'): AdmissionTarget {
  return { group, version, resource, kind, namespaced: true, name: 'name', namespace: 'ns', labels: {}, namespaceLabels: { 'kubernetes.io/metadata.name': 'ns' } };
}

describe("Kubernetes' matcher table (matching_test.go TestMatcher)", () => {
  for (const item of MATCHING_CASES) {
    test(item.name, () => {
      assert.equal(matchesResources(item.criteria, target(...item.gvr)), item.expectMatches);
    });
  }
});

describe('matchPolicy Equivalent across API groups', () => {
  const appsV1 = { resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'], operations: ['CREATE'] }] };
  test('a rule for apps/v1 deployments matches extensions/v1beta1 and apps/v1beta2 Deployments unless Exact', () => {
    for (const [group, version] of [['extensions', 'v1beta1'], ['apps', 'v1beta2'], ['apps', 'v1']]) {
      assert.equal(matchesResources(appsV1, target(group, version, 'deployments')), true, `${group}/${version}`);
      assert.equal(matchesResources({ ...appsV1, matchPolicy: 'Exact' }, target(group, version, 'deployments')), group === 'apps' && version === 'v1', `${group}/${version} Exact`);
    }
  });
  test('equivalence is per resource: ingresses, networkpolicies, events; not across unrelated groups', () => {
    const rule = (group: string, resource: string) => ({ resourceRules: [{ apiGroups: [group], apiVersions: ['*'], resources: [resource], operations: ['*'] }] });
    assert.equal(matchesResources(rule('networking.k8s.io', 'ingresses'), target('extensions', 'v1beta1', 'ingresses', 'Ingress')), true);
    assert.equal(matchesResources(rule('networking.k8s.io', 'networkpolicies'), target('extensions', 'v1beta1', 'networkpolicies', 'NetworkPolicy')), true);
    assert.equal(matchesResources(rule('events.k8s.io', 'events'), target('', 'v1', 'events', 'Event')), true);
    assert.equal(matchesResources(rule('policy', 'podsecuritypolicies'), target('extensions', 'v1beta1', 'podsecuritypolicies', 'PodSecurityPolicy')), true);
    assert.equal(matchesResources(rule('batch', 'deployments'), target('apps', 'v1', 'deployments')), false);
    assert.equal(matchesResources(rule('apps', 'statefulsets'), target('extensions', 'v1beta1', 'statefulsets', 'StatefulSet')), false);
  });
});

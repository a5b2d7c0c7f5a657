import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BOOTSTRAP_ROLES } from '../../server/src/rbac/bootstrap-roles.ts';
import { selectorMatches } from '../../server/src/rbac/label-selector.ts';
import { buildModel } from '../../server/src/rbac/model.ts';
import { parseResource } from '../../server/src/rbac/resources.ts';
import { nonResourceURLMatches, resourceMatches, ruleAllows, verbMatches } from '../../server/src/rbac/rule-match.ts';
import type { PolicyRule } from '../../server/src/rbac/types.ts';
import { FIXTURES, loadModel } from './workspace.ts';
import { join } from 'node:path';

const rule = (fields: Partial<PolicyRule>): PolicyRule => ({ verbs: [], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [], ...fields });

describe('rbac rule matching (evaluation_helpers.go semantics)', () => {
  test('verbs: exact or *', () => {
    assert.ok(verbMatches(rule({ verbs: ['get'] }), 'get'));
    assert.ok(verbMatches(rule({ verbs: ['*'] }), 'impersonate'));
    assert.ok(!verbMatches(rule({ verbs: ['get'] }), 'list'));
  });

  test('resources: *, exact, */subresource; resource/* is literal', () => {
    assert.ok(resourceMatches(rule({ resources: ['*'] }), 'pods/exec', 'exec'));
    assert.ok(resourceMatches(rule({ resources: ['pods/exec'] }), 'pods/exec', 'exec'));
    assert.ok(resourceMatches(rule({ resources: ['*/scale'] }), 'deployments/scale', 'scale'));
    assert.ok(!resourceMatches(rule({ resources: ['*/scale'] }), 'deployments', ''));
    assert.ok(!resourceMatches(rule({ resources: ['pods/*'] }), 'pods/exec', 'exec'));
    assert.ok(!resourceMatches(rule({ resources: ['pods'] }), 'pods/exec', 'exec'));
  });

  test('non-resource URLs: *, exact, trailing * prefix', () => {
    assert.ok(nonResourceURLMatches(rule({ nonResourceURLs: ['*'] }), '/anything'));
    assert.ok(nonResourceURLMatches(rule({ nonResourceURLs: ['/healthz/*'] }), '/healthz/etcd'));
    assert.ok(!nonResourceURLMatches(rule({ nonResourceURLs: ['/healthz/*'] }), '/healthz'));
    assert.ok(nonResourceURLMatches(rule({ nonResourceURLs: ['/api*'] }), '/apis/apps'));
  });

  test('resourceNames: a request without a name never matches a named rule', () => {
    const named = rule({ verbs: ['get', 'list'], apiGroups: [''], resources: ['secrets'], resourceNames: ['tls'] });
    assert.ok(ruleAllows(named, { verb: 'get', apiGroup: '', resource: 'secrets', name: 'tls', namespace: 'a' }));
    assert.ok(!ruleAllows(named, { verb: 'list', apiGroup: '', resource: 'secrets', namespace: 'a' }));
  });

  test('API groups: "" is the core group, * is every group', () => {
    const core = rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'] });
    assert.ok(ruleAllows(core, { verb: 'get', apiGroup: '', resource: 'pods', namespace: 'a' }));
    assert.ok(!ruleAllows(core, { verb: 'get', apiGroup: 'metrics.k8s.io', resource: 'pods', namespace: 'a' }));
    assert.ok(ruleAllows({ ...core, apiGroups: ['*'] }, { verb: 'get', apiGroup: 'metrics.k8s.io', resource: 'pods', namespace: 'a' }));
  });
});

describe('rbac label selectors', () => {
  const labels = { tier: 'nodes', team: 'sre' };
  test('matchLabels and every operator', () => {
    assert.ok(selectorMatches({ matchLabels: { tier: 'nodes' } }, labels));
    assert.ok(!selectorMatches({ matchLabels: { tier: 'apps' } }, labels));
    assert.ok(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['nodes', 'x'] }] }, labels));
    assert.ok(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['apps'] }] }, labels));
    assert.ok(selectorMatches({ matchExpressions: [{ key: 'team', operator: 'Exists' }] }, labels));
    assert.ok(selectorMatches({ matchExpressions: [{ key: 'owner', operator: 'DoesNotExist' }] }, labels));
    assert.ok(!selectorMatches({ matchExpressions: [{ key: 'team', operator: 'Bogus' }] }, labels));
  });
});

describe('rbac built-in roles', () => {
  const model = buildModel([]);
  const rulesOf = (name: string) => model.rulesOf(model.role('ClusterRole', name)!).map(({ rule }) => rule);
  const allows = (name: string, verb: string, apiGroup: string, resource: string, subresource?: string) =>
    rulesOf(name).some((candidate) => ruleAllows(candidate, { verb, apiGroup, resource, subresource, namespace: 'x' }));

  test('every built-in role has a unique kind/name/namespace', () => {
    const keys = BOOTSTRAP_ROLES.map((role) => `${role.kind} ${role.namespace ?? ''}/${role.name}`);
    assert.deepEqual(keys.filter((key, index) => keys.indexOf(key) !== index), []);
  });

  test('admin > edit > view through aggregation, as the bootstrap policy defines them', () => {
    assert.ok(allows('view', 'list', '', 'pods'));
    assert.ok(!allows('view', 'get', '', 'secrets'));
    assert.ok(allows('edit', 'list', '', 'pods'), 'edit aggregates view');
    assert.ok(allows('edit', 'get', '', 'secrets'));
    assert.ok(allows('edit', 'create', 'batch', 'cronjobs'));
    assert.ok(!allows('edit', 'create', 'rbac.authorization.k8s.io', 'rolebindings'));
    assert.ok(allows('admin', 'create', 'rbac.authorization.k8s.io', 'rolebindings'));
    assert.ok(allows('admin', 'create', 'apps', 'deployments'), 'admin aggregates edit');
  });

  test('the system roles that matter for escalation', () => {
    assert.ok(allows('cluster-admin', 'escalate', 'rbac.authorization.k8s.io', 'clusterroles'));
    assert.ok(allows('system:node', 'create', '', 'serviceaccounts', 'token'));
    assert.ok(allows('system:kube-controller-manager', 'list', '', 'secrets'));
    assert.ok(allows('system:controller:job-controller', 'create', '', 'pods'));
    assert.ok(allows('system:controller:clusterrole-aggregation-controller', 'escalate', 'rbac.authorization.k8s.io', 'clusterroles'));
    assert.ok(allows('system:kubelet-api-admin', 'create', '', 'nodes', 'proxy'));
  });

  test('workspace ClusterRoles join a built-in aggregated role by label, with the role they come from', () => {
    const platform = loadModel(join(FIXTURES, 'platform'));
    const edit = platform.role('ClusterRole', 'edit')!;
    const widget = platform.rulesOf(edit).find(({ rule }) => rule.resources.includes('widgets'));
    assert.equal(widget?.origin.name, 'widget-editor');
    const monitoring = platform.role('ClusterRole', 'monitoring')!;
    assert.deepEqual(platform.aggregatedRoles(monitoring).map((role) => role.name).sort(), ['node-metrics', 'pod-metrics']);
    assert.deepEqual(platform.aggregatorsOf(platform.role('ClusterRole', 'widget-editor')!).map((role) => role.name).sort(), ['admin', 'edit']);
  });
});

describe('rbac resources', () => {
  test('resources as users write them', () => {
    assert.deepEqual(parseResource('pods'), { apiGroup: '', resource: 'pods', subresource: undefined });
    assert.deepEqual(parseResource('pods/exec'), { apiGroup: '', resource: 'pods', subresource: 'exec' });
    assert.deepEqual(parseResource('deployments'), { apiGroup: 'apps', resource: 'deployments', subresource: undefined });
    assert.deepEqual(parseResource('cronjobs.batch/status'), { apiGroup: 'batch', resource: 'cronjobs', subresource: 'status' });
    assert.deepEqual(parseResource('widgets.example.com'), { apiGroup: 'example.com', resource: 'widgets', subresource: undefined });
  });
});

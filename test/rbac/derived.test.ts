import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parseExpectations } from '../../server/src/engine/rbac-expectations.ts';
import { DERIVED_GRANTS } from '../../server/src/rbac/derived-grants.ts';
import { breachesOf, unmetExpectations, unmetMessage } from '../../server/src/rbac/expectations.ts';
import { canReport, renderWhoCanText, whoCanReport } from '../../server/src/rbac/explain.ts';
import { modelOf } from '../../server/src/rbac/model.ts';
import { parseIdentity } from '../../server/src/rbac/subjects.ts';
import { indexOf } from '../helpers/lint.ts';
import { FIXTURES, loadModel } from './workspace.ts';

const model = loadModel(join(FIXTURES, 'platform'));
const capabilities = (subject: string) => canReport(model, parseIdentity(subject)).capabilities;
const capability = (subject: string, id: string) => capabilities(subject).find((entry) => entry.id === id);

describe('rbac derived grants: each escalation path of the table', () => {
  const paths: [subject: string, id: string, path: RegExp][] = [
    ['ServiceAccount ci/deployer', 'pod-controller', /RoleBinding ci\/deploy -> Role ci\/deployer grants create cronjobs\.batch$/],
    ['ServiceAccount ci/deployer', 'create-pods', /grants create cronjobs\.batch, which lets it create pods$/],
    ['ServiceAccount esc/pod-creator', 'impersonate-serviceaccounts', /grants create pods, which lets it act as ServiceAccounts$/],
    ['ServiceAccount esc/secret-lister', 'read-secrets', /grants list secrets$/],
    ['ServiceAccount esc/execer', 'exec-into-pods', /grants create pods\/exec$/],
    ['ServiceAccount esc/token-minter', 'serviceaccount-token', /grants create serviceaccounts\/token$/],
    ['User binder', 'bind', /RoleBinding esc\/binder -> Role esc\/binder grants bind clusterroles/],
    ['User impersonator', 'impersonate', /grants impersonate users$/],
    ['User node-admin', 'create-persistentvolumes', /grants create persistentvolumes$/],
    ['User node-admin', 'relabel-namespaces', /grants patch namespaces$/],
    ['User node-admin', 'kubelet-api', /grants get nodes\/proxy$/],
    ['User csr-approver', 'approve-csrs', /grants update certificatesigningrequests\.certificates\.k8s\.io\/approval$/],
    ['User webhook-admin', 'mutating-webhooks', /grants create mutatingwebhookconfigurations/],
  ];
  for (const [subject, id, path] of paths) {
    test(`${subject}: ${id}`, () => {
      const found = capability(subject, id);
      assert.ok(found, `no ${id} capability in ${capabilities(subject).map((entry) => entry.id).join(', ')}`);
      assert.match(found!.path, path);
    });
  }

  test('every row of the table has an explanation and is exercised above or by a rule fixture', () => {
    for (const entry of DERIVED_GRANTS) assert.ok(entry.capability && entry.explanation, entry.id);
  });

  test('bind without create on bindings is not an escalation', () => {
    assert.equal(capability('User half-binder', 'bind'), undefined);
  });

  test('a token for one named ServiceAccount acts as that one, and through it as cluster-admin', () => {
    const everything = capability('ServiceAccount esc/token-minter', 'everything');
    assert.equal(everything?.namespace, '*');
    assert.match(everything!.path, /act as ServiceAccount esc\/admin-bot; ClusterRoleBinding admin-bot -> ClusterRole cluster-admin/);
  });

  test('a ServiceAccount bound in two namespaces derives in each', () => {
    const namespaces = capabilities('ServiceAccount ci/deployer').filter((entry) => entry.id === 'create-pods').map((entry) => entry.namespace);
    assert.deepEqual(namespaces.sort(), ['ci', 'staging']);
  });
});

describe('rbac who-can and can reports', () => {
  test('who-can create pods in ci: direct and derived subjects with their paths', () => {
    const report = whoCanReport(model, 'create', 'pods', 'ci');
    const deployer = report.subjects.find((subject) => subject.subject === 'ServiceAccount ci/deployer');
    assert.equal(deployer?.direct, false);
    assert.deepEqual(deployer?.via.map((path) => path.path), ['RoleBinding ci/deploy -> Role ci/deployer grants create cronjobs.batch, which lets it create pods']);
    const admin = report.subjects.find((subject) => subject.subject === 'ServiceAccount esc/admin-bot');
    assert.equal(admin?.direct, true);
    assert.ok(!report.subjects.some((subject) => subject.subject === 'Group developers'), 'view creates nothing');
  });

  test('who-can get secrets in shop: the group bound to edit', () => {
    const report = whoCanReport(model, 'get', 'secrets', 'shop');
    const team = report.subjects.find((subject) => subject.subject === 'Group shop-team');
    assert.equal(team?.via[0].role, 'ClusterRole edit');
    assert.equal(team?.direct, true);
  });

  test('who-can get /metrics: a non-resource URL, granted only through ClusterRoleBindings', () => {
    const report = whoCanReport(model, 'get', '/metrics', 'shop');
    assert.equal(report.namespace, undefined, 'non-resource URLs have no namespace');
    const scrapers = report.subjects.find((subject) => subject.subject === 'Group scrapers');
    assert.deepEqual(scrapers, {
      subject: 'Group scrapers',
      direct: true,
      via: [
        {
          binding: 'ClusterRoleBinding metrics-scrapers',
          role: 'ClusterRole metrics-scraper',
          derived: false,
          path: 'ClusterRoleBinding metrics-scrapers -> ClusterRole metrics-scraper grants get /metrics',
        },
      ],
    });
    assert.ok(!report.subjects.some((subject) => subject.subject === 'User frank'), 'a RoleBinding grants no URL');
    const impersonator = report.subjects.find((subject) => subject.subject === 'User impersonator');
    assert.equal(impersonator?.direct, false, 'impersonating system:masters reaches every URL, derived');
    assert.match(renderWhoCanText(report), /^who can get \/metrics:\n {2}Group scrapers\n/);
  });

  test('who-can a URL without a matching rule: /metrics* does not cover /healthz', () => {
    const direct = whoCanReport(model, 'get', '/healthz').subjects.filter((subject) => subject.direct);
    assert.deepEqual(direct.map((subject) => subject.subject), ['ServiceAccount esc/admin-bot']);
  });

  test('can: a group bound to a built-in role, with the binding and role of each permission', () => {
    const report = canReport(model, parseIdentity('Group developers'));
    assert.ok(report.permissions.length > 0);
    assert.ok(report.permissions.every((permission) => permission.binding === 'ClusterRoleBinding developers-view' && permission.role === 'ClusterRole view'));
    assert.ok(report.permissions.every((permission) => permission.namespace === '*' && !permission.derived));
  });
});

describe('rbac expectations', () => {
  const expectations = parseExpectations([
    'ServiceAccount ci/deployer cannot create pods',
    'ServiceAccount ci/deployer cannot create pods in namespace prod',
    'ServiceAccount ci/deployer can create cronjobs.batch in namespace ci',
    'Group developers can list pods',
    'Group developers cannot get secrets',
    'Group dev can get pods in namespace dev',
    { subject: 'ServiceAccount esc/secret-lister', cannot: ['delete nodes'] },
  ]);

  test('a cannot broken only through a derived grant, reported with the chain', () => {
    const [breach] = breachesOf(model, expectations[0]);
    assert.equal(breach.binding.name, 'deploy');
    assert.equal(
      breach.message,
      'expectation "ServiceAccount ci/deployer cannot create pods" is broken: ServiceAccount ci/deployer can create pods: ' +
        'RoleBinding ci/deploy -> Role ci/deployer grants create cronjobs.batch, which lets it create pods',
    );
  });

  test('passing cannot expectations have no breach', () => {
    assert.deepEqual(breachesOf(model, expectations[1]), []);
    assert.deepEqual(breachesOf(model, expectations[4]), []);
  });

  test('reading Secrets does not act as every ServiceAccount: no token Secret is generated since Kubernetes 1.24', () => {
    assert.deepEqual(breachesOf(model, expectations[6]), []);
    const [breach] = breachesOf(model, parseExpectations(['ServiceAccount esc/pod-creator cannot delete nodes'])[0]);
    assert.match(breach.message, /grants create pods, which lets it act as ServiceAccounts, so it can act as ServiceAccount esc\/admin-bot; ClusterRoleBinding admin-bot -> ClusterRole cluster-admin grants delete nodes$/);
  });

  test('unmet can expectations', () => {
    assert.deepEqual(unmetExpectations(model, expectations).map((expectation) => expectation.text), ['Group dev can get pods in namespace dev']);
  });

  test('non-resource URLs: met and unmet can, broken cannot (a namespace does not apply to them)', () => {
    const [met, unmet, broken, kept] = parseExpectations([
      'Group scrapers can get /metrics/slis',
      { subject: 'Group developers', can: ['get /metrics'], namespace: 'shop' },
      'ServiceAccount esc/pod-creator cannot get /metrics',
      'User frank cannot get /metrics',
    ]);
    assert.deepEqual(unmetExpectations(model, [met, unmet, broken, kept]), [unmet]);
    assert.equal(unmetMessage(unmet), 'expectation "Group developers can get /metrics in namespace shop" is not met: no binding lets Group developers get /metrics');
    const [breach] = breachesOf(model, broken);
    assert.match(breach.message, /^expectation "ServiceAccount esc\/pod-creator cannot get \/metrics" is broken: ServiceAccount esc\/pod-creator can get \/metrics: /);
    assert.match(breach.message, /ClusterRoleBinding admin-bot -> ClusterRole cluster-admin grants get \/metrics$/);
    assert.deepEqual(breachesOf(model, kept), [], 'the RoleBinding to metrics-scraper grants frank no URL');
  });
});

describe('rbac implicit groups: memberships of concrete subjects, not of groups', () => {
  const IMPLICIT = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: everyone-lists-nodes}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-lister}
subjects: [{kind: Group, name: "system:authenticated"}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: node-lister}
rules: [{apiGroups: [""], resources: [nodes], verbs: [list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ci-view, namespace: ci}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: Group, name: "system:serviceaccounts:ci"}, {kind: Group, name: dev}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: deploy, namespace: ci}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: ServiceAccount, name: deployer}, {kind: User, name: alice}]
`;
  const implicit = modelOf(indexOf({ 'rbac.yaml': IMPLICIT }));

  test('who-can reports the group the binding names, and the concrete subjects in it', () => {
    const report = whoCanReport(implicit, 'list', 'nodes');
    assert.deepEqual(report.subjects.map((subject) => subject.subject), ['Group system:authenticated', 'ServiceAccount ci/deployer', 'User alice']);
    const deployer = report.subjects.find((subject) => subject.subject === 'ServiceAccount ci/deployer');
    assert.deepEqual(deployer?.via.map((path) => path.binding), ['ClusterRoleBinding everyone-lists-nodes']);
  });

  test('a ServiceAccount is in system:serviceaccounts:NS; a group is not in system:authenticated', () => {
    const inCi = whoCanReport(implicit, 'get', 'configmaps', 'ci').subjects.map((subject) => subject.subject);
    assert.deepEqual(inCi, ['Group dev', 'Group system:serviceaccounts:ci', 'ServiceAccount ci/deployer', 'User alice']);
    const group = canReport(implicit, parseIdentity('Group system:serviceaccounts:ci'));
    assert.ok(group.permissions.every((permission) => permission.binding === 'RoleBinding ci/ci-view'), 'no permission of system:authenticated');
  });
});

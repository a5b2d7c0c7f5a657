import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli } from '../../server/src/cli/run.ts';
import { ALL_RULES } from '../../server/src/engine/registry.ts';
import { FIXTURES } from './workspace.ts';

const PLATFORM = join(FIXTURES, 'platform');
const EXPECTATIONS = join(FIXTURES, 'expectations');

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, cwd: process.cwd(), env: {} }, ALL_RULES);
  return { code, stdout, stderr };
}

describe('kube-hardener rbac who-can', () => {
  test('JSON: subjects, direct or derived, each with the binding, role and path', async () => {
    const { code, stdout } = await cli(['rbac', 'who-can', 'create', 'pods', '-n', 'ci', '--format', 'json', PLATFORM]);
    assert.equal(code, 0);
    const report = JSON.parse(stdout);
    assert.equal(report.verb, 'create');
    assert.equal(report.resource, 'pods');
    assert.equal(report.namespace, 'ci');
    const deployer = report.subjects.find((subject: { subject: string }) => subject.subject === 'ServiceAccount ci/deployer');
    assert.deepEqual(deployer, {
      subject: 'ServiceAccount ci/deployer',
      direct: false,
      via: [
        {
          binding: 'RoleBinding ci/deploy',
          role: 'Role ci/deployer',
          derived: true,
          path: 'RoleBinding ci/deploy -> Role ci/deployer grants create cronjobs.batch, which lets it create pods',
        },
      ],
    });
    const admin = report.subjects.find((subject: { subject: string }) => subject.subject === 'ServiceAccount esc/admin-bot');
    assert.deepEqual(admin.via, [
      { binding: 'ClusterRoleBinding admin-bot', role: 'ClusterRole cluster-admin', derived: false, path: 'ClusterRoleBinding admin-bot -> ClusterRole cluster-admin grants create pods' },
    ]);
  });

  test('text, without a namespace: any namespace', async () => {
    const { code, stdout } = await cli(['rbac', 'who-can', 'get', 'secrets', PLATFORM]);
    assert.equal(code, 0);
    assert.match(stdout, /^who can get secrets in any namespace:\n/);
    assert.match(stdout, /\n {2}Group shop-team\n {6}RoleBinding shop\/shop-edit -> ClusterRole edit \(which aggregates ClusterRole system:aggregate-to-edit\) grants get secrets\n/);
  });
});

describe('kube-hardener rbac who-can with a non-resource URL', () => {
  test('JSON: the path as written, no namespace, the group a ClusterRoleBinding names', async () => {
    const { code, stdout } = await cli(['rbac', 'who-can', 'get', '/metrics', '--format', 'json', PLATFORM]);
    assert.equal(code, 0);
    const report = JSON.parse(stdout);
    assert.equal(report.resource, '/metrics');
    assert.equal(report.nonResourceURL, true);
    assert.equal(report.namespace, undefined);
    const direct = report.subjects.filter((subject: { direct: boolean }) => subject.direct).map((subject: { subject: string }) => subject.subject);
    assert.deepEqual(direct, ['Group scrapers', 'ServiceAccount esc/admin-bot', 'ServiceAccount monitoring/prometheus']);
  });

  test('text: a trailing * in the rule matches below it; -n is refused', async () => {
    const { stdout } = await cli(['rbac', 'who-can', 'get', '/metrics/slis', PLATFORM]);
    assert.match(stdout, /^who can get \/metrics\/slis:\n {2}Group scrapers\n {6}ClusterRoleBinding metrics-scrapers -> ClusterRole metrics-scraper grants get \/metrics\/slis\n/);
    const refused = await cli(['rbac', 'who-can', 'get', '/metrics', '-n', 'shop', PLATFORM]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /"\/metrics" is a non-resource URL: it has no namespace/);
  });
});

describe('kube-hardener rbac can', () => {
  test('JSON: every permission with its binding and role, derived ones marked, and what they amount to', async () => {
    const { code, stdout } = await cli(['rbac', 'can', 'ServiceAccount ci/deployer', '--format=json', PLATFORM]);
    assert.equal(code, 0);
    const report = JSON.parse(stdout);
    assert.equal(report.subject, 'ServiceAccount ci/deployer');
    const direct = report.permissions.filter((permission: { derived: boolean }) => !permission.derived);
    assert.deepEqual(
      direct.filter((permission: { role: string }) => permission.role !== 'ClusterRole view').map((permission: Record<string, unknown>) => [permission.namespace, permission.binding, permission.role, permission.resources]),
      [
        ['ci', 'RoleBinding ci/deploy', 'Role ci/deployer', ['cronjobs']],
        ['staging', 'RoleBinding staging/deploy', 'ClusterRole app-deployer', ['deployments']],
      ],
    );
    const derivedPods = report.permissions.filter((permission: { derived: boolean; resources: string[] }) => permission.derived && permission.resources[0] === 'pods');
    assert.deepEqual(derivedPods.map((permission: { namespace: string; path: string }) => [permission.namespace, permission.path]), [
      ['ci', 'RoleBinding ci/deploy -> Role ci/deployer grants create cronjobs.batch, which lets it create pods'],
      ['staging', 'RoleBinding staging/deploy -> ClusterRole app-deployer grants create deployments.apps, which lets it create pods'],
    ]);
    const podController = report.capabilities.find((entry: { id: string; namespace: string }) => entry.id === 'pod-controller' && entry.namespace === 'ci');
    assert.equal(podController.capability, 'run any pod, so act as any ServiceAccount in ci');
  });

  test('the subject may be two arguments or a short form', async () => {
    const two = await cli(['rbac', 'can', 'ServiceAccount', 'ci/deployer', '-f', 'json', PLATFORM]);
    const short = await cli(['rbac', 'can', 'ci/deployer', '-f', 'json', PLATFORM]);
    assert.equal(JSON.parse(two.stdout).subject, 'ServiceAccount ci/deployer');
    assert.equal(short.stdout, two.stdout);
  });

  test('text report', async () => {
    const { stdout } = await cli(['rbac', 'can', 'User impersonator', PLATFORM]);
    assert.match(stdout, /^User impersonator:\n {2}impersonate users, groups in every namespace\n {6}ClusterRoleBinding impersonator -> ClusterRole impersonator grants impersonate users, groups\n/);
    assert.match(stdout, /- act as anyone, including the system:masters group, so do anything in the cluster\n/);
  });
});

describe('kube-hardener rbac usage', () => {
  test('help and usage errors', async () => {
    const help = await cli(['rbac', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: kube-hardener rbac who-can/);
    for (const [args, pattern] of [
      [['rbac'], /missing "who-can" or "can"/],
      [['rbac', 'who-can', 'create'], /needs a VERB and a RESOURCE/],
      [['rbac', 'explain'], /unknown rbac command "explain"/],
      [['rbac', 'can', 'Users x', PLATFORM], /subject "Users x" must be/],
      [['rbac', 'can', 'Group dev', '-n', 'dev'], /-n is for "rbac who-can"/],
      [['rbac', 'who-can', 'get', 'pods', '--format', 'xml'], /--format must be one of text, json/],
    ] as [string[], RegExp][]) {
      const result = await cli(args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, pattern);
    }
  });
});

describe('kube-hardener scan with rbac.expectations', () => {
  test('a broken cannot on the binding, an unmet can on the config file', async () => {
    const { code, stdout } = await cli(['scan', '--format', 'json', EXPECTATIONS]);
    assert.equal(code, 1);
    const findings = JSON.parse(stdout).files.flatMap((file: { path: string; findings: { rule: string }[] }) =>
      file.findings.filter((finding) => finding.rule === 'rbac-expectation-violated').map((finding) => ({ path: file.path, ...finding })),
    );
    assert.deepEqual(
      findings
        .map(({ path, line, column, message }: Record<string, unknown>) => ({ path, line, column, message }))
        .sort((a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path)),
      [
        {
          path: 'test/rbac/fixtures/expectations/.kube-hardener.yaml',
          line: 8,
          column: 7,
          message: 'expectation "Group dev can get pods in namespace dev" is not met: no binding lets Group dev get pods in namespace dev',
        },
        {
          path: 'test/rbac/fixtures/expectations/rbac.yaml',
          line: 22,
          column: 11,
          message:
            'expectation "ServiceAccount ci/deployer cannot create pods" is broken: ServiceAccount ci/deployer can create pods: ' +
            'RoleBinding ci/deploy -> Role ci/deployer grants create cronjobs.batch, which lets it create pods',
        },
      ],
    );
  });

  test('turning the rule off silences both', async () => {
    const { stdout } = await cli(['scan', '--format', 'json', '--rule', 'rbac-expectation-violated=off', EXPECTATIONS]);
    const rules = JSON.parse(stdout).files.flatMap((file: { findings: { rule: string }[] }) => file.findings.map((finding) => finding.rule));
    assert.ok(!rules.includes('rbac-expectation-violated'));
  });
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, resolveConfig, rulesWithCustomIds, validateUserConfig } from '../../server/src/engine/config.ts';
import { ALL_RULES, ruleById } from '../../server/src/engine/registry.ts';
import { lintText } from '../../server/src/engine/lint.ts';
import { affectedFiles } from '../../server/src/engine/workspace.ts';
import { factsOfFile } from '../../server/src/engine/facts.ts';
import { parseManifestFile } from '../../server/src/engine/parse.ts';
import { formatSarif } from '../../server/src/cli/formatters/sarif.ts';
import { indexOf } from '../helpers/lint.ts';
import { ruleDocsMarkdown } from '../../server/src/lsp/rule-docs.ts';

const TEAM_LABEL = {
  id: 'require-team-label',
  severity: 'warning',
  match: { kinds: ['Deployment'], namespaces: ['prod'], labelSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['system'] }] } },
  validations: [
    {
      expression: "has(object.metadata.labels) && 'team' in object.metadata.labels",
      messageExpression: "'Deployment ' + object.metadata.name + ' has no team label'",
      fieldPath: 'metadata.name',
    },
  ],
  docs: { description: 'Every Deployment in prod names its team.' },
};

function deployment(name: string, namespace: string, labels = ''): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n${labels}spec:\n  replicas: 1\n`;
}

function lint(text: string, extra: Record<string, unknown> = {}) {
  const config = resolveConfig(ALL_RULES, validateUserConfig({ customRules: [TEAM_LABEL], ...extra }, ALL_RULES));
  return lintText('app.yaml', text, { config, rules: [] }).findings;
}

describe('customRules', () => {
  test('a custom rule reports with its ID, severity and message, only on what it matches', () => {
    const findings = lint(deployment('web', 'prod'));
    assert.deepEqual(findings.map((finding) => [finding.ruleId, finding.severity, finding.message]), [['require-team-label', 'warning', 'Deployment web has no team label']]);
    assert.equal(deployment('web', 'prod').slice(findings[0].start, findings[0].end), 'name: web');
    assert.deepEqual(lint(deployment('web', 'prod', '  labels: {team: shop}\n')), []);
    assert.deepEqual(lint(deployment('web', 'dev')), [], 'other namespace');
    assert.deepEqual(lint(deployment('web', 'prod', '  labels: {tier: system}\n')), [], 'label selector');
    assert.deepEqual(lint(deployment('web', 'prod').replace('Deployment', 'StatefulSet')), [], 'other kind');
  });

  test('severity overrides, off, and suppressions use the custom ID', () => {
    assert.equal(lint(deployment('web', 'prod'), { rules: { 'require-team-label': 'error' } })[0].severity, 'error');
    assert.deepEqual(lint(deployment('web', 'prod'), { rules: { 'require-team-label': 'off' } }), []);
    const suppressed = `# kube-hardener-disable require-team-label -- legacy app\n${deployment('web', 'prod')}`;
    assert.deepEqual(lint(suppressed), []);
  });

  test('config errors name the key: a built-in ID, a bad expression, an unknown key', () => {
    const problem = (customRules: unknown) => {
      try {
        validateUserConfig({ customRules }, ALL_RULES);
        return undefined;
      } catch (error) {
        return (error as ConfigError).key;
      }
    };
    assert.equal(problem([{ ...TEAM_LABEL, id: 'run-as-root' }]), 'customRules[0].id');
    assert.equal(problem([TEAM_LABEL, TEAM_LABEL]), 'customRules[1].id');
    assert.equal(problem([{ ...TEAM_LABEL, validations: [{ expression: 'object.spec.replicas <=' }] }]), 'customRules[0].validations[0].expression');
    assert.equal(problem([{ ...TEAM_LABEL, colour: 'red' }]), 'customRules[0].colour');
    assert.equal(problem([{ ...TEAM_LABEL, severity: 'fatal' }]), 'customRules[0].severity');
    assert.equal(problem([TEAM_LABEL]), undefined);
    assert.throws(() => validateUserConfig({ rules: { 'require-team-label': 'error' } }, ALL_RULES), /unknown rule ID/);
  });

  test('docs reach hover (ruleById) and SARIF', () => {
    const config = resolveConfig(ALL_RULES, validateUserConfig({ customRules: [TEAM_LABEL] }, ALL_RULES));
    assert.equal(ruleById('require-team-label')?.docs.description, 'Every Deployment in prod names its team.');
    const sarif = JSON.parse(formatSarif({ files: [], unsafeFixes: false }, { rules: [...ALL_RULES, ...config.customRules], version: '0', cwd: '/' }));
    assert.ok(sarif.runs[0].tool.driver.rules.some((rule: { id: string }) => rule.id === 'require-team-label'));
    const hover = ruleDocsMarkdown('require-team-label')!;
    assert.match(hover, /Every Deployment in prod names its team\./);
    assert.doesNotMatch(hover, /Rule documentation\]/, 'custom rules have no documentation page to link');
  });

  test('custom rule IDs in the rules of another layer (the editor settings) validate against the file layer', () => {
    const file = validateUserConfig({ customRules: [{ id: 'team-label', severity: 'warning', match: { kinds: ['Deployment'] }, validations: [{ expression: 'true' }], message: 'm' }] }, ALL_RULES);
    assert.throws(() => validateUserConfig({ rules: { 'team-label': 'off' } }, ALL_RULES), /unknown rule ID/);
    assert.doesNotThrow(() => validateUserConfig({ rules: { 'team-label': 'off' } }, rulesWithCustomIds(ALL_RULES, file)));
    assert.equal(resolveConfig(ALL_RULES, file, { rules: { 'team-label': 'error' } }).rules.get('team-label')?.severity, 'error');
  });

  test('admissionPolicies: paths and userInfo are validated', () => {
    assert.throws(() => validateUserConfig({ admissionPolicies: { paths: 'x' } }, ALL_RULES), /admissionPolicies\.paths/);
    assert.throws(() => validateUserConfig({ admissionPolicies: { userInfo: { groups: 'a' } } }, ALL_RULES), /admissionPolicies\.userInfo\.groups/);
    assert.throws(() => validateUserConfig({ admissionPolicies: { colour: 1 } }, ALL_RULES), /admissionPolicies\.colour/);
  });
});

describe('editor: a policy change re-checks the files it may match', () => {
  const policy = 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata:\n  name: p\nspec:\n  paramKind: {apiVersion: v1, kind: ConfigMap}\n';
  const files = {
    'policy.yaml': policy,
    'app.yaml': deployment('web', 'prod'),
    'other.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n',
    'params.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: limits\n',
  };
  const facts = (path: string, text: string) => factsOfFile(parseManifestFile(path, text), () => 'default');

  test('editing a policy without resourceRules (matches everything) re-checks every other file', () => {
    const index = indexOf(files);
    const changed = facts('policy.yaml', policy);
    assert.deepEqual(affectedFiles(index, 'policy.yaml', changed, changed).sort(), ['app.yaml', 'other.yaml', 'params.yaml']);
  });

  const narrow = (resources: string) =>
    'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata:\n  name: q\nspec:\n  matchConstraints:\n    resourceRules:\n' +
    `      - {apiGroups: ["apps"], apiVersions: ["v1"], operations: ["CREATE"], resources: ${resources}}\n`;
  const binding = 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata:\n  name: q\nspec:\n  policyName: q\n';
  const narrowFiles = {
    'policy.yaml': narrow('["deployments"]'),
    'binding.yaml': binding,
    'app.yaml': deployment('web', 'prod'),
    'legacy.yaml': 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: old\n',
    'other.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n',
    'job.yaml': 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n',
  };

  test('editing a policy re-checks only the files of the kinds its resourceRules can match (and policy files)', () => {
    const index = indexOf(narrowFiles);
    const before = facts('policy.yaml', narrowFiles['policy.yaml']);
    assert.deepEqual(affectedFiles(index, 'policy.yaml', before, before).sort(), ['app.yaml', 'binding.yaml', 'legacy.yaml']);
    // The edit widens the policy to Jobs: the files of both the old and the new kinds.
    const after = facts('policy.yaml', narrow('["deployments", "jobs"]'));
    assert.deepEqual(affectedFiles(index, 'policy.yaml', before, after).sort(), ['app.yaml', 'binding.yaml', 'job.yaml', 'legacy.yaml']);
    assert.equal(affectedFiles(index, 'policy.yaml', before, facts('policy.yaml', narrow('["*"]'))).length, 5);
  });

  test("editing a binding re-checks the files its policy can match; a binding of a missing policy only itself", () => {
    const index = indexOf(narrowFiles);
    const changed = facts('binding.yaml', binding);
    assert.deepEqual(affectedFiles(index, 'binding.yaml', changed, changed).sort(), ['app.yaml', 'legacy.yaml', 'policy.yaml']);
    const orphan = facts('binding.yaml', binding.replace('policyName: q', 'policyName: missing'));
    assert.deepEqual(affectedFiles(index, 'binding.yaml', orphan, orphan).sort(), ['policy.yaml']);
  });

  test('editing a param of a policy re-checks every file; a ConfigMap without policies re-checks nothing', () => {
    const changed = facts('params.yaml', files['params.yaml']);
    assert.equal(affectedFiles(indexOf(files), 'params.yaml', changed, changed).length, 3);
    const { 'policy.yaml': _policy, ...withoutPolicy } = files;
    assert.deepEqual(affectedFiles(indexOf(withoutPolicy), 'params.yaml', changed, changed), []);
  });
});

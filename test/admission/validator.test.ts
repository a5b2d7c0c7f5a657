// Kubernetes' validator table (k8s-validator-cases.ts) run through admission-policy-violation.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFile } from '../../server/src/engine/lint.ts';
import { parseManifestFile } from '../../server/src/engine/parse.ts';
import { admissionRules } from '../../server/src/rules/admission/index.ts';
import { indexOf, lintOptions } from '../helpers/lint.ts';
import { ERROR, FALSE, MATCH_CONDITION_CASES, TRUE, VALIDATOR_CASES, VARIABLE_CASES, type ValidatorCase } from './k8s-validator-cases.ts';

const APP = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: default\nspec:\n  replicas: 2\n';
const BINDING = JSON.stringify({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', metadata: { name: 'b' }, spec: { policyName: 'p', validationActions: ['Deny'] } });

function policyOf(item: ValidatorCase): string {
  const spec = {
    ...(item.failurePolicy ? { failurePolicy: item.failurePolicy } : {}),
    matchConstraints: { resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['deployments'] }] },
    ...(item.matchConditions ? { matchConditions: item.matchConditions } : {}),
    validations: item.validations,
  };
  return JSON.stringify({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name: 'p' }, spec });
}

describe("Kubernetes' validator table (validator_test.go TestValidate)", () => {
  for (const item of VALIDATOR_CASES) {
    test(item.name, () => {
      const files = { 'policy.yaml': policyOf(item), 'binding.yaml': BINDING, 'app.yaml': APP };
      const index = indexOf(files);
      const findings = lintFile(parseManifestFile('app.yaml', APP), { ...lintOptions({}, admissionRules, index), index });
      const denies = findings.filter((finding) => finding.ruleId === 'admission-policy-violation' && finding.severity === 'error');
      assert.equal(denies.length, item.denies.length, denies.map((finding) => finding.message).join('\n'));
      // Findings come in position order, not validation order: match each expected message once.
      const left = denies.map((finding) => finding.message);
      for (const message of item.denies) {
        const at = left.findIndex((candidate) => candidate.includes(message));
        assert.ok(at >= 0, `no denial contains "${message}" in ${JSON.stringify(left)}`);
        left.splice(at, 1);
      }
      if (item.failurePolicy === 'Ignore') assert.ok(findings.every((finding) => finding.severity !== 'error'));
    });
  }
});

const CONDITION: Record<'T' | 'F' | 'E', string> = { T: TRUE, F: FALSE, E: ERROR };

describe("Kubernetes' matchConditions table (matcher_test.go TestMatch)", () => {
  for (const item of MATCH_CONDITION_CASES) {
    test(item.name, () => {
      const policy = policyOf({
        name: item.name,
        failurePolicy: item.failurePolicy,
        matchConditions: item.conditions.map((condition, i) => ({ name: `test${i + 1}`, expression: CONDITION[condition] })),
        validations: [{ expression: 'false', message: 'the validation ran' }],
        denies: [],
      });
      const index = indexOf({ 'policy.yaml': policy, 'binding.yaml': BINDING, 'app.yaml': APP });
      const messages = lintFile(parseManifestFile('app.yaml', APP), { ...lintOptions({}, admissionRules, index), index })
        .filter((finding) => finding.severity === 'error')
        .map((finding) => finding.message);
      if (item.expect === 'match') assert.ok(messages.length === 1 && messages[0].includes('the validation ran'), messages.join('\n'));
      else if (item.expect === 'none') assert.deepEqual(messages, []);
      else assert.ok(messages.length === 1 && /matchCondition "test\d" resulted in error/.test(messages[0]), messages.join('\n'));
    });
  }
});

describe("Kubernetes' variables table (composition_test.go TestCompositedPolicies)", () => {
  for (const item of VARIABLE_CASES) {
    test(item.name, () => {
      const endpoints = 'apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: endpoints1\n  namespace: default\nsubsets: []\n';
      const spec = {
        failurePolicy: 'Fail',
        matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['endpoints'] }] },
        variables: item.variables,
        validations: [{ expression: item.expression }],
      };
      const policy = JSON.stringify({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name: 'p' }, spec });
      const index = indexOf({ 'policy.yaml': policy, 'binding.yaml': BINDING, 'endpoints.yaml': endpoints });
      const messages = lintFile(parseManifestFile('endpoints.yaml', endpoints), { ...lintOptions({}, admissionRules, index), index })
        .filter((finding) => finding.severity === 'error')
        .map((finding) => finding.message);
      if (item.error === undefined) assert.deepEqual(messages, []);
      else assert.ok(messages.length === 1 && messages[0].includes(item.error), messages.join('\n'));
    });
  }
});

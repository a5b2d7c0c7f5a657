import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { authorize, authorizeNonResource } from '../../server/src/rbac/authorizer.ts';
import { whoCanReport } from '../../server/src/rbac/explain.ts';
import { parseIdentity } from '../../server/src/rbac/subjects.ts';
import { AUTHORIZER_CASES, AUTHORIZER_WORKSPACE, AuthorizerCase } from './authorizer-cases.ts';
import { loadModel } from './workspace.ts';

function describeCase(testCase: AuthorizerCase): string {
  const target = testCase.resource.startsWith('/') ? testCase.resource : `${testCase.resource}${testCase.apiGroup ? `.${testCase.apiGroup}` : ''}`;
  const where = testCase.namespace ? ` in ${testCase.namespace}` : '';
  const name = testCase.name ? ` ${testCase.name}` : '';
  return `${testCase.subject} ${testCase.allowed ? 'can' : 'cannot'} ${testCase.verb} ${target}${name}${where} (${testCase.why})`;
}

describe('rbac authorizer agrees with Kubernetes on the fixture set', () => {
  const model = loadModel(AUTHORIZER_WORKSPACE);
  for (const testCase of AUTHORIZER_CASES) {
    test(describeCase(testCase), () => {
      const identity = parseIdentity(testCase.subject);
      const grants = testCase.resource.startsWith('/')
        ? authorizeNonResource(model, identity, { verb: testCase.verb, path: testCase.resource })
        : authorize(model, identity, {
            verb: testCase.verb,
            apiGroup: testCase.apiGroup,
            resource: testCase.resource.split('/')[0],
            subresource: testCase.resource.split('/')[1],
            name: testCase.name,
            namespace: testCase.namespace,
          });
      assert.equal(grants.length > 0, testCase.allowed);
    });
  }
});

describe('rbac who-can agrees with the authorizer on non-resource URLs', () => {
  const model = loadModel(AUTHORIZER_WORKSPACE);
  for (const testCase of AUTHORIZER_CASES.filter((candidate) => candidate.resource.startsWith('/'))) {
    test(`who-can ${testCase.verb} ${testCase.resource}: ${testCase.subject} ${testCase.allowed ? 'listed' : 'not listed'} as a direct subject`, () => {
      const report = whoCanReport(model, testCase.verb, testCase.resource);
      assert.equal(report.nonResourceURL, true);
      assert.equal(report.resource, testCase.resource);
      const found = report.subjects.find((subject) => subject.subject === testCase.subject);
      assert.equal(found?.direct ?? false, testCase.allowed, JSON.stringify(report.subjects.map((subject) => subject.subject)));
    });
  }
});

// ValidatingAdmissionPolicy evaluation, ported from the examples of the Kubernetes documentation
// (https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/) and the
// behaviour of k8s.io/apiserver/pkg/admission/plugin/policy (matching, params, variables,
// matchConditions, messageExpression, validationActions, failurePolicy).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFile, Finding } from '../../server/src/engine/lint.ts';
import { parseManifestFile } from '../../server/src/engine/parse.ts';
import { admissionRules } from '../../server/src/rules/admission/index.ts';
import type { UserConfig } from '../../server/src/engine/config.ts';
import { indexOf, lintOptions } from '../helpers/lint.ts';

const RULE = 'admission-policy-violation';

/** Lints `path` of a workspace with the admission rule (and custom rules of the config). */
function check(files: Record<string, string>, path: string, config: UserConfig = {}): Finding[] {
  const index = indexOf(files);
  const file = parseManifestFile(path, files[path]);
  return lintFile(file, { ...lintOptions(config, admissionRules, index), index });
}

function summary(files: Record<string, string>, path: string, config: UserConfig = {}): string[] {
  const text = files[path];
  return check(files, path, config).map((finding) => `${finding.severity} ${text.slice(finding.start, finding.end).split('\n')[0]}: ${finding.message}`);
}

function policy(spec: string, name = 'demo-policy.example.com'): string {
  return `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: "${name}"
spec:
${spec}`;
}

function binding(spec: string, name = 'demo-binding-test.example.com', policyName = 'demo-policy.example.com'): string {
  return `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: "${name}"
spec:
  policyName: "${policyName}"
${spec}`;
}

const DEPLOYMENT_RULES = `  failurePolicy: Fail
  matchConstraints:
    resourceRules:
    - apiGroups:   ["apps"]
      apiVersions: ["v1"]
      operations:  ["CREATE", "UPDATE"]
      resources:   ["deployments"]
`;

function deployment(replicas: number, extra = '', namespace = 'default'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
  namespace: ${namespace}
${extra}spec:
  replicas: ${replicas}
  template:
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
`;
}

const DEMO_POLICY = policy(`${DEPLOYMENT_RULES}  validations:
    - expression: "object.spec.replicas <= 5"
`);

describe('admission-policy-violation: the documentation examples', () => {
  test('replicas <= 5 denies a Deployment with 6 replicas, on the replicas field, with the default message', () => {
    const files = { 'policy.yaml': DEMO_POLICY, 'binding.yaml': binding('  validationActions: [Deny]\n'), 'app.yaml': deployment(6) };
    assert.deepEqual(summary(files, 'app.yaml'), [
      'error replicas: 6: failed expression: object.spec.replicas <= 5 (ValidatingAdmissionPolicy "demo-policy.example.com", binding "demo-binding-test.example.com")',
    ]);
    assert.deepEqual(summary({ ...files, 'app.yaml': deployment(5) }, 'app.yaml'), []);
  });

  test('validationActions: Warn is a warning, Audit information, [Warn, Audit] a warning', () => {
    for (const [actions, severity] of [['[Warn]', 'warning'], ['[Audit]', 'info'], ['[Warn, Audit]', 'warning']]) {
      const files = { 'policy.yaml': DEMO_POLICY, 'binding.yaml': binding(`  validationActions: ${actions}\n`), 'app.yaml': deployment(6) };
      assert.deepEqual(check(files, 'app.yaml').map((finding) => finding.severity), [severity], actions);
    }
  });

  test('a binding to another policy, or a policy without binding, does nothing', () => {
    assert.deepEqual(check({ 'policy.yaml': DEMO_POLICY, 'app.yaml': deployment(6) }, 'app.yaml'), []);
    const files = { 'policy.yaml': DEMO_POLICY, 'binding.yaml': binding('  validationActions: [Deny]\n', 'b', 'other'), 'app.yaml': deployment(6) };
    assert.deepEqual(check(files, 'app.yaml'), []);
  });

  test('params: a ReplicaLimit custom resource named by the binding, messageExpression', () => {
    const files = {
      'policy.yaml': policy(`  paramKind:
    apiVersion: rules.example.com/v1
    kind: ReplicaLimit
${DEPLOYMENT_RULES}  validations:
    - expression: "object.spec.replicas <= params.maxReplicas"
      messageExpression: "'object.spec.replicas must be no greater than ' + string(params.maxReplicas)"
      reason: Invalid
`, 'replicalimit-policy.example.com'),
      'binding.yaml': binding(`  paramRef:
    name: "replica-limit-test.example.com"
    namespace: "default"
    parameterNotFoundAction: Deny
  validationActions: [Deny]
`, 'replicalimit-binding-test.example.com', 'replicalimit-policy.example.com'),
      'params.yaml': `apiVersion: rules.example.com/v1
kind: ReplicaLimit
metadata:
  name: "replica-limit-test.example.com"
  namespace: "default"
maxReplicas: 3
`,
      'app.yaml': deployment(4),
    };
    assert.deepEqual(summary(files, 'app.yaml'), [
      'error replicas: 4: object.spec.replicas must be no greater than 3 (ValidatingAdmissionPolicy "replicalimit-policy.example.com", binding "replicalimit-binding-test.example.com")',
    ]);
    assert.deepEqual(summary({ ...files, 'app.yaml': deployment(3) }, 'app.yaml'), []);
  });

  test('params by selector; none found: Deny denies (failurePolicy Fail), Allow admits', () => {
    const withRef = (ref: string) => ({
      'policy.yaml': policy(`  paramKind: {apiVersion: v1, kind: ConfigMap}
${DEPLOYMENT_RULES}  validations:
    - expression: "object.spec.replicas <= int(params.data.max)"
`),
      'binding.yaml': binding(`  paramRef:\n${ref}  validationActions: [Deny]\n`),
      'params.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: limits\n  namespace: default\n  labels: {limits: "yes"}\ndata:\n  max: "2"\n',
      'app.yaml': deployment(3),
    });
    assert.equal(check(withRef('    selector: {matchLabels: {limits: "yes"}}\n    parameterNotFoundAction: Deny\n'), 'app.yaml').length, 1);
    const missing = check(withRef('    name: absent\n    parameterNotFoundAction: Deny\n'), 'app.yaml');
    assert.equal(missing.length, 1);
    assert.match(missing[0].message, /no params found for policy binding with `Deny` parameterNotFoundAction/);
    assert.deepEqual(check(withRef('    name: absent\n    parameterNotFoundAction: Allow\n'), 'app.yaml'), []);
    // The param's namespace defaults to the object's: a Deployment in another namespace finds none.
    const other = withRef('    name: limits\n    parameterNotFoundAction: Deny\n');
    other['app.yaml'] = deployment(3, '', 'shop');
    assert.match(check(other, 'app.yaml')[0].message, /no params found/);
  });

  test('variables: the containers variable, the finding on the field it reads', () => {
    const files = {
      'policy.yaml': policy(`  matchConstraints:
    resourceRules:
    - apiGroups:   ["apps"]
      apiVersions: ["v1"]
      operations:  ["CREATE", "UPDATE"]
      resources:   ["deployments"]
  variables:
  - name: containers
    expression: "object.spec.template.spec.containers"
  - name: containersToCheck
    expression: "variables.containers.filter(c, c.image.contains('example.com/'))"
  validations:
  - expression: "variables.containers.all(c, c.image.startsWith('my-repo.example.com/'))"
    message: "images must come from my-repo.example.com"
`, 'image-matches-namespace-environment.policy.example.com'),
      'binding.yaml': binding('  validationActions: [Deny]\n', 'b', 'image-matches-namespace-environment.policy.example.com'),
      'app.yaml': deployment(1),
    };
    assert.deepEqual(summary(files, 'app.yaml'), [
      'error containers: images must come from my-repo.example.com (ValidatingAdmissionPolicy "image-matches-namespace-environment.policy.example.com", binding "b")',
    ]);
  });

  test('matchConditions: a false condition skips the policy; request.userInfo comes from the config', () => {
    const files = {
      'policy.yaml': policy(`${DEPLOYMENT_RULES}  matchConditions:
    - name: 'exclude-leases'
      expression: '!(request.resource.group == "coordination.k8s.io" && request.resource.resource == "leases")'
    - name: 'exclude-kubelet-requests'
      expression: '!("system:nodes" in request.userInfo.groups)'
    - name: 'rbac'
      expression: 'request.resource.group != "rbac.authorization.k8s.io"'
  validations:
    - expression: "object.spec.replicas <= 5"
`),
      'binding.yaml': binding('  validationActions: [Deny]\n'),
      'app.yaml': deployment(6),
    };
    assert.equal(check(files, 'app.yaml').length, 1);
    assert.deepEqual(check(files, 'app.yaml', { admissionPolicies: { userInfo: { username: 'kubelet', groups: ['system:nodes'] } } }), []);
  });
});

describe('admission-policy-violation: matching', () => {
  const validateAll = '  validations:\n    - expression: "false"\n      message: "refused"\n';
  const objects = {
    'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n  labels: {environment: prod}\n',
    'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: prod\n  labels: {app: web}\nspec: {}\n',
    'role.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\nrules: []\n',
    'app.yaml': deployment(1, '  labels: {app: web}\n', 'dev'),
  };
  const refused = (constraints: string, bindingSpec = '  validationActions: [Deny]\n'): string[] => {
    const files: Record<string, string> = { ...objects, 'policy.yaml': policy(`  matchConstraints:\n${constraints}${validateAll}`), 'binding.yaml': binding(bindingSpec) };
    return Object.keys(objects).filter((path) => check(files, path).length > 0);
  };
  const rule = (groups: string, resources: string, extra = '') =>
    `    resourceRules:\n    - apiGroups: ${groups}\n      apiVersions: ["*"]\n      operations: ["CREATE"]\n      resources: ${resources}\n${extra}`;

  test('resourceRules: group, resource and wildcards; UPDATE-only rules do not match a CREATE', () => {
    assert.deepEqual(refused(rule('[""]', '["services"]')), ['svc.yaml']);
    assert.deepEqual(refused(rule('["*"]', '["*"]')), ['ns.yaml', 'svc.yaml', 'role.yaml', 'app.yaml']);
    assert.deepEqual(refused('    resourceRules:\n    - apiGroups: ["*"]\n      apiVersions: ["*"]\n      operations: ["UPDATE"]\n      resources: ["*"]\n'), []);
  });

  test('scope: Cluster and Namespaced', () => {
    assert.deepEqual(refused(rule('["*"]', '["*"]', '      scope: Cluster\n')), ['ns.yaml', 'role.yaml']);
    assert.deepEqual(refused(rule('["*"]', '["*"]', '      scope: Namespaced\n')), ['svc.yaml', 'app.yaml']);
  });

  test('excludeResourceRules, objectSelector, namespaceSelector (labels of the Namespace in the workspace)', () => {
    const all = rule('["*"]', '["*"]');
    assert.deepEqual(refused(`${all}    excludeResourceRules:\n    - apiGroups: ["apps"]\n      apiVersions: ["*"]\n      operations: ["*"]\n      resources: ["deployments"]\n`), ['ns.yaml', 'svc.yaml', 'role.yaml']);
    assert.deepEqual(refused(`${all}    objectSelector: {matchLabels: {app: web}}\n`), ['svc.yaml', 'app.yaml']);
    // A Namespace is matched on its own labels; other cluster-scoped objects are never skipped.
    assert.deepEqual(refused(`${all}    namespaceSelector: {matchLabels: {environment: prod}}\n`), ['ns.yaml', 'svc.yaml', 'role.yaml']);
    assert.deepEqual(refused(`${all}    namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: In, values: [dev]}]}\n`), ['role.yaml', 'app.yaml']);
  });

  test("the binding's matchResources narrows the policy", () => {
    const all = rule('["*"]', '["*"]');
    assert.deepEqual(refused(all, '  validationActions: [Deny]\n  matchResources:\n    namespaceSelector: {matchLabels: {environment: prod}}\n    objectSelector: {matchLabels: {app: web}}\n'), ['svc.yaml']);
  });
});

describe('admission-policy-violation: custom resources', () => {
  const crd = (scope: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: fooz.example.com}
spec:
  group: example.com
  scope: ${scope}
  names: {kind: Foo, plural: fooz}
  versions: [{name: v1, served: true, storage: true}]
`;
  const policyFor = (resources: string) =>
    policy(`  matchConstraints:\n    resourceRules:\n    - apiGroups: ["example.com"]\n      apiVersions: ["v1"]\n      operations: ["CREATE"]\n      resources: ${resources}\n  validations:\n    - expression: "false"\n`);
  const foo = 'apiVersion: example.com/v1\nkind: Foo\nmetadata: {name: a}\n';

  test("the CRD of the workspace names the resource (an irregular plural) and the scope", () => {
    const files = { 'crd.yaml': crd('Cluster'), 'policy.yaml': policyFor('["fooz"]'), 'binding.yaml': binding('  validationActions: [Deny]\n'), 'foo.yaml': foo };
    assert.equal(check(files, 'foo.yaml').length, 1);
    const scoped = { ...files, 'policy.yaml': policyFor('["fooz"]').replace('resources: ["fooz"]', 'resources: ["fooz"]\n      scope: Namespaced') };
    assert.deepEqual(check(scoped, 'foo.yaml'), [], 'a cluster-scoped custom resource');
    const { 'crd.yaml': _crd, ...withoutCrd } = files;
    assert.deepEqual(check(withoutCrd, 'foo.yaml'), [], 'without the CRD the guess is "foos"');
  });

  test('a cluster-scoped param kind (from its CRD) needs no namespace', () => {
    const files = {
      'crd.yaml': crd('Cluster').replace(/Foo/g, 'Limit').replace(/fooz/g, 'limits'),
      'policy.yaml': policy(`  paramKind: {apiVersion: example.com/v1, kind: Limit}\n${DEPLOYMENT_RULES}  validations:\n    - expression: "object.spec.replicas <= params.max"\n`),
      'binding.yaml': binding('  paramRef: {name: global, parameterNotFoundAction: Deny}\n  validationActions: [Deny]\n'),
      'limit.yaml': 'apiVersion: example.com/v1\nkind: Limit\nmetadata: {name: global}\nmax: 2\n',
      'app.yaml': deployment(3, '', 'shop'),
    };
    assert.match(check(files, 'app.yaml')[0].message, /failed expression: object.spec.replicas <= params.max/);
  });
});

describe('admission-policy-violation: errors are findings, never crashes or hangs', () => {
  const files = (validation: string, failurePolicy = 'Fail') => ({
    'policy.yaml': policy(`${DEPLOYMENT_RULES.replace('Fail', failurePolicy)}  validations:\n    - expression: ${JSON.stringify(validation)}\n`),
    'binding.yaml': binding('  validationActions: [Deny]\n'),
    'app.yaml': deployment(1),
  });

  test('a runtime error denies under failurePolicy Fail and is information under Ignore', () => {
    const failing = check(files('object.spec.missing.field == 1'), 'app.yaml');
    assert.equal(failing.length, 1);
    assert.equal(failing[0].severity, 'error');
    assert.match(failing[0].message, /resulted in error: No such key: missing.*failurePolicy Fail/);
    const ignored = check(files('object.spec.missing.field == 1', 'Ignore'), 'app.yaml');
    assert.equal(ignored[0].severity, 'info');
    assert.match(ignored[0].message, /ignored by failurePolicy Ignore/);
  });

  test('an expression over the cost budget stops with a finding', () => {
    const list = `[${[...Array(100).keys()].join(',')}]`;
    const expensive = `${list}.all(a, ${list}.all(b, ${list}.all(c, a + b + c >= 0)))`;
    const found = check(files(expensive), 'app.yaml');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /cost limit exceeded/);
  });

  test('a regex that could backtrack catastrophically is refused, not run', () => {
    const found = check(files("object.metadata.name.matches('^(a+)+$')"), 'app.yaml');
    assert.match(found[0].message, /may backtrack exponentially/);
  });

  test('authorizer: answered from the RBAC model when a binding of the workspace grants it, else an evaluation error', () => {
    const expression = "authorizer.serviceAccount('ci', 'deployer').group('apps').resource('deployments').namespace('default').check('create').allowed()";
    const without = check(files(expression), 'app.yaml');
    assert.match(without[0].message, /authorizer check not answered offline: no binding of the workspace grants it/);
    const grant = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: ci, namespace: default}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}\nsubjects: [{kind: ServiceAccount, name: deployer, namespace: ci}]\n';
    assert.deepEqual(check({ ...files(expression), 'rbac.yaml': grant }, 'app.yaml'), []);
    // The requesting user (admissionPolicies.userInfo) in system:masters may do anything.
    const own = files("authorizer.group('').resource('secrets').namespace('default').check('get').allowed()");
    assert.deepEqual(check(own, 'app.yaml', { admissionPolicies: { userInfo: { username: 'admin', groups: ['system:masters'] } } }), []);
  });
});

describe('admission-policy-violation: CEL errors in the policy file', () => {
  test('compile and type errors point inside the expression string (plain, quoted and block scalars)', () => {
    const text = policy(`${DEPLOYMENT_RULES}  validations:
    - expression: "object.spec.replicas <= "
    - expression: objekt.spec.replicas <= 5
    - expression: |
        object.spec.replicas <=
          5 + 'x'
      messageExpression: "'at most ' + string(object.spec.replicas"
`);
    const findings = check({ 'policy.yaml': text }, 'policy.yaml');
    const at = (finding: Finding) => {
      const before = text.slice(0, finding.start);
      return `${before.split('\n').length}:${finding.start - before.lastIndexOf('\n')} ${text.slice(finding.start, finding.end)}`;
    };
    assert.deepEqual(
      findings.map((finding) => `${at(finding)} | ${finding.message}`),
      [
        '14:44 " | CEL error in validations.expression: Unexpected token: EOF',
        '15:19 objekt | CEL error in validations.expression: Unknown variable: objekt',
        "18:11 5 + 'x' | CEL error in validations.expression: no such overload: int + string",
        '19:67 " | CEL error in validations.messageExpression: Expected RPAREN, got EOF',
      ],
    );
  });
});

describe('admission-policy-violation: declarations, as the Kubernetes compiler checks them', () => {
  test('params without paramKind and an undefined variables.<name> are errors in the policy', () => {
    const text = policy(`${DEPLOYMENT_RULES}  variables:
    - name: replicas
      expression: "object.spec.replicas"
  validations:
    - expression: "variables.replicas <= params.max"
    - expression: "variables.replica <= 5"
`);
    assert.deepEqual(
      check({ 'policy.yaml': text }, 'policy.yaml').map((finding) => `${text.slice(finding.start, finding.end)} | ${finding.message}`),
      [
        "params | CEL error in validations.expression: undeclared reference to 'params' (the policy has no paramKind)",
        "variables.replica | CEL error in validations.expression: undefined field 'replica' (spec.variables declares no such variable)",
      ],
    );
  });
});

describe('admission-policy-violation: suppressions and severity overrides', () => {
  const files = { 'policy.yaml': DEMO_POLICY, 'binding.yaml': binding('  validationActions: [Deny]\n'), 'app.yaml': deployment(6) };
  test('a suppression comment with the rule ID silences it', () => {
    const suppressed = { ...files, 'app.yaml': `# kube-hardener-disable admission-policy-violation -- approved exception\n${deployment(6)}` };
    assert.deepEqual(check(suppressed, 'app.yaml').map((finding) => finding.ruleId), []);
  });
  test('rules: severity overrides the binding action; off turns it off', () => {
    assert.deepEqual(check(files, 'app.yaml', { rules: { [RULE]: 'warning' } }).map((finding) => finding.severity), ['warning']);
    assert.deepEqual(check(files, 'app.yaml', { rules: { [RULE]: 'off' } }), []);
  });
});

import { plainValue } from '../../engine/nodes.ts';
import { defineRule } from '../../engine/rule.ts';
import { admit, AdmissionOutcome } from '../../admission/evaluate.ts';
import { firstObjectPath, nodeForPath, parseFieldPath } from '../../admission/locate.ts';
import { policyProblems } from '../../admission/policy-problems.ts';
import { admissionSources, POLICY_KIND } from '../../admission/sources.ts';
import { targetOf } from '../../admission/target.ts';
import type { RuleContext } from '../../engine/rule.ts';

/** The docs example: a policy allowing at most 5 replicas, its binding, and a Deployment with `replicas`. */
function replicaLimitExample(replicas: number): string {
  return `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: replica-limit
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
      - apiGroups: ["apps"]
        apiVersions: ["v1"]
        operations: ["CREATE", "UPDATE"]
        resources: ["deployments"]
  validations:
    - expression: "object.spec.replicas <= 5"
      message: "at most 5 replicas"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: replica-limit
spec:
  policyName: replica-limit
  validationActions: [Deny]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.0
`;
}

export default defineRule({
  id: 'admission-policy-violation',
  title: 'Refused by an admission policy of the workspace',
  category: 'admission',
  severity: 'error',
  scope: 'cross-file',
  kinds: '*',
  fixable: false,
  docs: {
    description:
      'Evaluates the ValidatingAdmissionPolicies and ValidatingAdmissionPolicyBindings of the workspace (and of ' +
      '`admissionPolicies.paths`) against every object, for a CREATE, as the API server would: the finding carries the ' +
      "policy's own message. Binding actions decide the severity: Deny is an error, Warn a warning, Audit information. " +
      'CEL errors in a policy file are reported on the expression itself.',
    rationale:
      'A cluster that enforces admission policies refuses what violates them only at `kubectl apply` time, in the pipeline or ' +
      'in production. Checking the policies the team keeps in git against the manifests as they are written moves that ' +
      'refusal to the editor and to CI, where it is cheap to fix.',
    incorrect: replicaLimitExample(10),
    correct: replicaLimitExample(3),
    fix: 'None: change the manifest (or the policy) so the validation holds.',
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/',
      'https://kubernetes.io/docs/reference/using-api/cel/',
    ],
    notes:
      'Objects are judged as written: the API server would first apply defaults (for example `replicas: 1`) and mutating ' +
      'admission, which are not modelled. An `authorizer` check is allowed when a binding of the workspace grants it (RBAC ' +
      'only adds permissions); otherwise the cluster may still grant it, so the check is reported as an evaluation error. Params are read from the workspace (ConfigMaps and custom resources up to 64 KB). A Namespace that is not in ' +
      'the workspace only has its `kubernetes.io/metadata.name` label. Regexes run on JavaScript\'s engine; patterns that ' +
      'could backtrack catastrophically are refused as evaluation errors. Every expression has a budget of 1,000,000 ' +
      'evaluation steps, like Kubernetes\' per-expression cost limit.',
  },
  check(ctx) {
    if (ctx.object.kind === POLICY_KIND) {
      for (const problem of policyProblems(ctx.object)) ctx.report({ range: problem.range, message: problem.message, severity: 'error' });
    }
    const sources = admissionSources(ctx.index);
    if (sources.bindings.length === 0) return;
    const target = targetOf(ctx.object, ctx.config, ctx.index);
    const object = () => plainValue(ctx.object.yaml, ctx.object.root) as Record<string, unknown>;
    for (const outcome of admit(object, target, sources, ctx.config.admissionPolicies?.userInfo ?? { username: 'kube-hardener', groups: ['system:authenticated'] })) {
      ctx.report({ node: anchorOf(ctx, outcome), message: outcome.message, severity: outcome.severity });
    }
  },
});

function anchorOf(ctx: RuleContext, outcome: AdmissionOutcome) {
  const path = outcome.fieldPath ? parseFieldPath(outcome.fieldPath) : outcome.expression ? firstObjectPath(outcome.expression, outcome.variables) : [];
  return (path.length > 0 ? nodeForPath(ctx.object.yaml, ctx.object.root, path) : undefined) ?? ctx.object.kindNode;
}

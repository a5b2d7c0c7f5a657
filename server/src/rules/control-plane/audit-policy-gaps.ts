import { defineRule, RuleContext } from '../../engine/rule.ts';
import { AUDIT_VERBS, AuditRule, auditRules, isAuditPolicy, isCatchAll, logsContent, policyOmitStages, reachableRules } from '../../control-plane/audit-policy.ts';

/** Resources whose contents are secrets: writes or reads logged with bodies put them in the audit log. */
const SENSITIVE: { apiGroup: string; resource: string; verbs?: string[] }[] = [
  { apiGroup: '', resource: 'secrets' },
  { apiGroup: '', resource: 'configmaps' },
  { apiGroup: 'authentication.k8s.io', resource: 'tokenreviews', verbs: ['create'] },
];

export default defineRule({
  id: 'audit-policy-gaps',
  title: 'Audit policy leaks secrets or drops events',
  category: 'control-plane',
  severity: 'warning',
  scope: 'control-plane',
  kinds: ['Policy'],
  fixable: false,
  docs: {
    description:
      'Evaluates an audit Policy (audit.k8s.io/v1) as the API server does, rules in order and the first match wins, and flags ' +
      'the rule that logs Secrets, ConfigMaps or TokenReviews with their bodies (RequestResponse, or Request for writes), also ' +
      'when they fall through to a catch-all that does; a catch-all rule at level None; and a policy with no catch-all at all ' +
      '(info: requests no rule matches are not logged).',
    rationale:
      'An audit log that holds Secret values is a second, less protected copy of every credential: it is shipped to log ' +
      'stores that many people can read. A catch-all at None means that whatever the earlier rules do not name (a new CRD, ' +
      'pods/exec, a token request) leaves no trace.',
    incorrect: `apiVersion: audit.k8s.io/v1
kind: Policy
rules:
  - level: RequestResponse
    resources:
      - group: ""
        resources: ["secrets"]
  - level: None
`,
    correct: `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages:
  - RequestReceived
rules:
  - level: Metadata
    resources:
      - group: ""
        resources: ["secrets", "configmaps"]
      - group: authentication.k8s.io
        resources: ["tokenreviews"]
  - level: RequestResponse
    resources:
      - group: rbac.authorization.k8s.io
  - level: Metadata
`,
    fix: 'None: log these resources at Metadata in a rule placed before any broader one, and end the policy with a catch-all at Metadata or above.',
    references: [
      'https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/#audit-policy',
      'https://kubernetes.io/docs/reference/config-api/apiserver-audit.v1/#audit-k8s-io-v1-Policy',
      'CIS Kubernetes Benchmark 3.2.1, 3.2.2',
    ],
    notes:
      'Level Request logs the request body, which only writes (create, update, patch) carry, so a Request rule for reads of ' +
      'Secrets is not a leak. Every combination of the users, groups, verbs, namespaces and names the policy mentions is ' +
      'evaluated, so a rule limited to some of them is judged exactly. Omitting every stage writes nothing.',
  },
  check(ctx) {
    if (!isAuditPolicy(ctx.object)) return;
    const rules = auditRules(ctx.object);
    const omitted = policyOmitStages(ctx.object);
    for (const { apiGroup, resource, verbs } of SENSITIVE) reportLeaks(ctx, rules, omitted, apiGroup, resource, verbs);
    const catchAll = rules.find(isCatchAll);
    if (catchAll?.level === 'None') {
      ctx.report({ node: catchAll.levelPair ?? catchAll.item, message: `rule ${catchAll.index + 1} is a catch-all at level None: every request no earlier rule names goes unlogged` });
    } else if (!catchAll) {
      ctx.report({ node: ctx.object.kindNode, severity: 'info', message: 'no catch-all rule: requests that no rule matches are not logged' });
    }
  },
});

/** Reports each rule that is the first match of a request on a resource and logs its contents. */
function reportLeaks(ctx: RuleContext, rules: AuditRule[], omitted: string[], apiGroup: string, resource: string, only?: string[]): void {
  const leaking = new Map<AuditRule, string[]>();
  const verbs = only ?? [...new Set([...AUDIT_VERBS, ...rules.flatMap((rule) => rule.verbs)])].filter((verb) => verb !== '*');
  for (const verb of verbs) {
    for (const rule of reachableRules(rules, apiGroup, resource, verb)) {
      if (logsContent(rule, verb, omitted)) leaking.set(rule, [...(leaking.get(rule) ?? []), verb]);
    }
  }
  for (const [rule, ruleVerbs] of leaking) {
    const how = isCatchAll(rule) ? `fall through to catch-all rule ${rule.index + 1}` : `are logged by rule ${rule.index + 1}`;
    const which = only || AUDIT_VERBS.every((verb) => ruleVerbs.includes(verb)) ? '' : ` (${ruleVerbs.join(', ')})`;
    ctx.report({
      node: rule.levelPair ?? rule.item,
      message: `${resource} ${how} at level ${rule.level}: their contents land in the audit log${which}`,
    });
  }
}

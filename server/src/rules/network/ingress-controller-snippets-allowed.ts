import { isScalar, Node, Scalar } from 'yaml';
import { mapAt, pairOf } from '../../engine/nodes.ts';
import { describeObject } from '../../engine/objects.ts';
import { defineRule, RuleContext } from '../../engine/rule.ts';

/** The values the controller reads as true (Go's strconv.ParseBool). */
const TRUE_VALUES = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);

/** The data value of a key as the controller reads it (a string; an unquoted YAML boolean counts by its text). */
function dataValue(pair: { value: unknown } | undefined): { node: Scalar; text: string } | undefined {
  const node = pair?.value;
  if (!isScalar(node) || node.value == null) return undefined;
  return { node, text: String(node.value).trim() };
}

export default defineRule({
  id: 'ingress-controller-snippets-allowed',
  title: 'ingress-nginx controller allows snippet annotations',
  category: 'network',
  severity: 'warning',
  kinds: ['ConfigMap'],
  fixable: true,
  docs: {
    description:
      'Flags the ingress-nginx controller ConfigMap (any ConfigMap with these keys) when it sets `allow-snippet-annotations: "true"` ' +
      'or `annotations-risk-level: Critical`.',
    rationale:
      'With snippet annotations allowed, anyone who may create or edit an Ingress in any namespace writes raw nginx configuration into ' +
      'the controller, which runs with a ServiceAccount that reads every Secret of the cluster: serving the controller\'s token or ' +
      'any TLS key (CVE-2021-25742), bypassing authentication, proxying to internal addresses. ingress-nginx turned snippets off by ' +
      'default in v1.9 and, from v1.12, also requires `annotations-risk-level: Critical` for them.',
    incorrect: `apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
data:
  allow-snippet-annotations: "true"
  annotations-risk-level: Critical
`,
    correct: `apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
data:
  allow-snippet-annotations: "false"
`,
    fix:
      'Sets `allow-snippet-annotations: "false"`, and `annotations-risk-level` back to `High` (its default). Both fixes are unsafe: they ' +
      'change a value the manifest sets explicitly, and Ingresses that use snippets stop working (their annotations are rejected).',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#allow-snippet-annotations',
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#annotations-risk-level',
      'https://github.com/kubernetes/ingress-nginx/issues/7837',
    ],
    notes:
      'The ConfigMap is recognised by its keys, not its name (Helm releases prefix it). The catalog\'s fix sets ' +
      'allow-snippet-annotations to "false"; for `annotations-risk-level: Critical` the fix lowers the level instead, since that ' +
      'finding must disappear once fixed. Values are read as the controller reads them (`"True"`, `"1"` are true). A ConfigMap ' +
      'silent about allow-snippet-annotations is not flagged, although controllers older than v1.9 default it to true.',
  },
  check(ctx) {
    const data = mapAt(ctx.object.yaml, ctx.object.root, 'data');
    if (!data) return;
    checkAllowSnippets(ctx, dataValue(pairOf(ctx.object.yaml, data, 'allow-snippet-annotations')));
    const risk = dataValue(pairOf(ctx.object.yaml, data, 'annotations-risk-level'));
    if (risk && risk.text.toLowerCase() === 'critical') {
      ctx.report({
        node: risk.node as Node,
        message: `${describeObject(ctx.object)} sets annotations-risk-level ${risk.text}: Ingress authors may use annotations of every risk level, snippets that inject nginx configuration included (where allow-snippet-annotations is also "true")`,
        fixes: [{ title: 'Set annotations-risk-level: High', safe: false, edits: [ctx.editor().replaceScalar(risk.node, 'High')] }],
      });
    }
  },
});

function checkAllowSnippets(ctx: RuleContext, allow: { node: Scalar; text: string } | undefined): void {
  if (!allow || !TRUE_VALUES.has(allow.text)) return;
  ctx.report({
    node: allow.node as Node,
    message: `${describeObject(ctx.object)} sets allow-snippet-annotations "${allow.text}": anyone who can create an Ingress may inject nginx configuration into the controller (from controller v1.12, once annotations-risk-level is also Critical)`,
    fixes: [{ title: 'Set allow-snippet-annotations: "false"', safe: false, edits: [ctx.editor().replaceScalar(allow.node, 'false')] }],
  });
}

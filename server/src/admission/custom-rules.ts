// Custom rules: `customRules:` of .kube-hardener.yaml, CEL validations with the variables of
// ValidatingAdmissionPolicies, turned into Rules that behave as the built-in ones (IDs in
// suppressions and `rules:`, severity overrides, docs in hover, SARIF rules).
import type { Rule, RuleContext, Severity } from '../engine/rule.ts';
import { SEVERITIES } from '../engine/rule.ts';
import { plainValue } from '../engine/nodes.ts';
import { parseLabelSelector, selectorMatches } from '../network/selectors.ts';
import { compileExpression, evaluateExpression, toCel } from './cel.ts';
import { firstObjectPath, nodeForPath, parseFieldPath } from './locate.ts';
import { isPlain } from './match.ts';
import { admissionSources } from './sources.ts';
import { targetOf } from './target.ts';

type Plain = Record<string, unknown>;

/** One validation of a custom rule. */
interface CustomValidation {
  expression: string;
  message?: string;
  messageExpression?: string;
  fieldPath?: string;
}

const ID_PATTERN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const SPEC_KEYS = ['id', 'title', 'severity', 'match', 'validations', 'message', 'messageExpression', 'docs'];
const built = new Map<string, Rule>();

/** The first problem of written custom rules, as [key, message]. */
export function validateCustomRules(raw: unknown[]): [string, string] | undefined {
  for (const [i, item] of raw.entries()) {
    const key = `customRules[${i}]`;
    if (!isPlain(item)) return [key, 'must be a mapping with id, severity, match and validations'];
    for (const name of Object.keys(item)) if (!SPEC_KEYS.includes(name)) return [`${key}.${name}`, `unknown key (known keys: ${SPEC_KEYS.join(', ')})`];
    if (typeof item.id !== 'string' || !ID_PATTERN.test(item.id)) return [`${key}.id`, 'must be a lowercase ID such as require-team-label'];
    if (item.severity !== undefined && !SEVERITIES.includes(item.severity as Severity)) return [`${key}.severity`, `must be one of ${SEVERITIES.join(', ')}`];
    const problem = matchProblem(item.match, `${key}.match`) ?? validationsProblem(item, key);
    if (problem) return problem;
    if (item.docs !== undefined && typeof item.docs !== 'string' && !isPlain(item.docs)) return [`${key}.docs`, 'must be a text or a mapping of docs sections'];
  }
  return undefined;
}

function matchProblem(match: unknown, key: string): [string, string] | undefined {
  if (match === undefined) return undefined;
  if (!isPlain(match)) return [key, 'must be a mapping of kinds, namespaces and labelSelector'];
  for (const name of Object.keys(match)) if (!['kinds', 'namespaces', 'labelSelector'].includes(name)) return [`${key}.${name}`, 'unknown key (known keys: kinds, namespaces, labelSelector)'];
  for (const name of ['kinds', 'namespaces']) {
    const value = match[name];
    if (value !== undefined && !(Array.isArray(value) && value.every((entry) => typeof entry === 'string'))) return [`${key}.${name}`, 'must be a list of strings'];
  }
  if (match.labelSelector !== undefined && parseLabelSelector(match.labelSelector).unknown) return [`${key}.labelSelector`, parseLabelSelector(match.labelSelector).unknown!];
  return undefined;
}

function validationsProblem(item: Plain, key: string): [string, string] | undefined {
  if (!Array.isArray(item.validations) || item.validations.length === 0) return [`${key}.validations`, 'must be a non-empty list of {expression, message}'];
  for (const [j, validation] of item.validations.entries()) {
    const at = `${key}.validations[${j}]`;
    if (!isPlain(validation) || typeof validation.expression !== 'string') return [at, 'must be a mapping with a CEL expression'];
    for (const field of ['expression', 'messageExpression'] as const) {
      if (validation[field] === undefined) continue;
      if (typeof validation[field] !== 'string') return [`${at}.${field}`, 'must be a string'];
      const { problem } = compileExpression(validation[field] as string);
      if (problem) return [`${at}.${field}`, `CEL error at column ${problem.start + 1}: ${problem.message}`];
    }
  }
  if (typeof item.messageExpression === 'string') {
    const { problem } = compileExpression(item.messageExpression);
    if (problem) return [`${key}.messageExpression`, `CEL error at column ${problem.start + 1}: ${problem.message}`];
  }
  return undefined;
}

/** Builds Rules from validated custom rule specs (same spec, same Rule object). */
export function buildCustomRules(raw: unknown[]): Rule[] {
  return raw.filter(isPlain).map((spec) => {
    const key = JSON.stringify(spec);
    let rule = built.get(key);
    if (!rule) {
      rule = buildRule(spec);
      built.set(key, rule);
    }
    latest.set(rule.id, rule);
    return rule;
  });
}

const latest = new Map<string, Rule>();

/** The most recently built custom rule of an ID (hover and docs look rules up by ID). */
export function customRuleById(id: string): Rule | undefined {
  return latest.get(id);
}

function buildRule(spec: Plain): Rule {
  const id = String(spec.id);
  const match = isPlain(spec.match) ? spec.match : {};
  const kinds = Array.isArray(match.kinds) && match.kinds.length > 0 ? (match.kinds as string[]) : '*';
  const validations = (spec.validations as Plain[]).map((validation) => validation as unknown as CustomValidation);
  const docs = isPlain(spec.docs) ? spec.docs : { description: typeof spec.docs === 'string' ? spec.docs : '' };
  const title = typeof spec.title === 'string' ? spec.title : id;
  return {
    id,
    title,
    category: 'admission',
    severity: (spec.severity as Severity | undefined) ?? 'warning',
    scope: 'cross-file',
    kinds,
    fixable: false,
    docs: {
      description: String(docs.description ?? `Custom rule ${id} of .kube-hardener.yaml.`),
      rationale: String(docs.rationale ?? ''),
      incorrect: String(docs.incorrect ?? ''),
      correct: String(docs.correct ?? ''),
      fix: String(docs.fix ?? 'None: change the manifest so the validation holds.'),
      references: Array.isArray(docs.references) ? docs.references.map(String) : [],
      notes: `Custom rule declared in .kube-hardener.yaml. Validations:\n${validations.map((validation) => `- \`${validation.expression}\``).join('\n')}`,
    },
    check: (ctx) => checkCustomRule(ctx, spec, match, validations),
  };
}

function checkCustomRule(ctx: RuleContext, spec: Plain, match: Plain, validations: CustomValidation[]): void {
  const target = targetOf(ctx.object, ctx.config, ctx.index);
  if (Array.isArray(match.namespaces) && match.namespaces.length > 0 && !(target.namespaced && match.namespaces.includes(target.namespace))) return;
  if (match.labelSelector !== undefined && !selectorMatches(parseLabelSelector(match.labelSelector), ctx.object.labels)) return;
  const object = toCel(plainValue(ctx.object.yaml, ctx.object.root));
  const sources = admissionSources(ctx.index);
  const user = ctx.config.admissionPolicies?.userInfo ?? { username: 'kube-hardener', groups: ['system:authenticated'] };
  const context: Record<string, unknown> = {
    object,
    oldObject: null,
    params: null,
    variables: {},
    authorizer: sources.authorizer(user),
    request: toCel({ kind: { group: target.group, version: target.version, kind: target.kind }, namespace: target.namespace, name: target.name ?? '', operation: 'CREATE', userInfo: user }),
    namespaceObject: target.namespaced ? toCel(sources.namespace(target.namespace) ?? { metadata: { name: target.namespace, labels: target.namespaceLabels } }) : null,
  };
  for (const validation of validations) {
    const result = evaluateExpression(compileExpression(validation.expression), context);
    if (result.ok && result.value === true) continue;
    const message = !result.ok ? `expression '${validation.expression}' resulted in error: ${result.error}` : messageOf(spec, validation, context);
    const path = validation.fieldPath ? parseFieldPath(validation.fieldPath) : firstObjectPath(validation.expression);
    const node = (path.length > 0 ? nodeForPath(ctx.object.yaml, ctx.object.root, path) : undefined) ?? ctx.object.kindNode;
    ctx.report({ node, message });
  }
}

function messageOf(spec: Plain, validation: CustomValidation, context: Record<string, unknown>): string {
  for (const expression of [validation.messageExpression, spec.messageExpression]) {
    if (typeof expression !== 'string') continue;
    const result = evaluateExpression(compileExpression(expression), context);
    if (result.ok && typeof result.value === 'string' && result.value.trim()) return result.value;
  }
  if (validation.message) return validation.message;
  if (typeof spec.message === 'string' && spec.message) return spec.message;
  return `failed expression: ${validation.expression.trim()}`;
}

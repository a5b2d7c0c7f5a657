// Evaluates the ValidatingAdmissionPolicies of the workspace against one object, for a CREATE,
// as the API server's validating admission policy plugin does: policy and binding matching,
// params, matchConditions, variables, validations, messageExpression, validationActions and
// failurePolicy. Every outcome is a finding; nothing here throws.
import type { Severity } from '../engine/rule.ts';
import type { ObjectFacts } from '../engine/workspace.ts';
import { celText, compileExpression, evaluateExpression, toCel } from './cel.ts';
import { AdmissionTarget, isPlain, matchesResources } from './match.ts';
import { AdmissionObject, AdmissionSources } from './sources.ts';
import { parseLabelSelector, selectorMatches } from '../network/selectors.ts';

type Plain = Record<string, unknown>;

/** The user a request is made as (config `admissionPolicies.userInfo`). */
export interface UserInfo {
  username: string;
  groups: string[];
}

/** One outcome: a failed validation or an evaluation problem, with what to point at. */
export interface AdmissionOutcome {
  severity: Severity;
  message: string;
  /** The validation's fieldPath, if it names one. */
  fieldPath?: string;
  /** The expression that failed (to point at the field it reads first). */
  expression?: string;
  /** The policy's variables (name -> expression), to follow `variables.x` to the field x reads. */
  variables?: Record<string, string>;
}

const ACTION_SEVERITY: Record<string, Severity> = { Deny: 'error', Warn: 'warning', Audit: 'info' };

/** Evaluates every binding of the workspace against an object. */
export function admit(object: Plain | (() => Plain), target: AdmissionTarget, sources: AdmissionSources, user: UserInfo): AdmissionOutcome[] {
  const outcomes: AdmissionOutcome[] = [];
  if (sources.bindings.length === 0) return outcomes;
  // The object is read and converted only once some binding matches it.
  let converted: Plain | undefined;
  const celObject = () => (converted ??= toCel(withNamespace(typeof object === 'function' ? object() : object, target)) as Plain);
  for (const binding of sources.bindings) {
    const policy = typeof binding.spec.policyName === 'string' ? sources.policies.get(binding.spec.policyName) : undefined;
    if (!policy || !hasResourceRules(policy.spec.matchConstraints)) continue;
    if (!matchesResources(policy.spec.matchConstraints, target)) continue;
    if (binding.spec.matchResources !== undefined && !matchesResources(binding.spec.matchResources, target)) continue;
    outcomes.push(...admitWithBinding(celObject(), target, policy, binding, sources, user));
  }
  return outcomes;
}

/** The API server refuses a policy without matchConstraints.resourceRules: such a policy matches nothing. */
export function hasResourceRules(matchConstraints: unknown): boolean {
  return isPlain(matchConstraints) && Array.isArray(matchConstraints.resourceRules) && matchConstraints.resourceRules.length > 0;
}

function withNamespace(object: Plain, target: AdmissionTarget): Plain {
  if (!target.namespaced) return object;
  const metadata = isPlain(object.metadata) ? object.metadata : {};
  if (metadata.namespace) return object;
  return { ...object, metadata: { ...metadata, namespace: target.namespace } };
}

function admitWithBinding(object: Plain, target: AdmissionTarget, policy: AdmissionObject, binding: AdmissionObject, sources: AdmissionSources, user: UserInfo): AdmissionOutcome[] {
  const severity = bindingSeverity(binding);
  if (!severity) return [];
  const names = `ValidatingAdmissionPolicy "${policy.name}", binding "${binding.name}"`;
  const failurePolicy = policy.spec.failurePolicy === 'Ignore' ? 'Ignore' : 'Fail';
  const fail = (message: string): AdmissionOutcome[] =>
    failurePolicy === 'Fail'
      ? [{ severity, message: `${message} (${names}; failurePolicy Fail denies on errors)` }]
      : [{ severity: 'info', message: `${message} (${names}; ignored by failurePolicy Ignore)` }];
  const params = resolveParams(policy, binding, target, sources);
  if ('error' in params) return fail(params.error);
  const outcomes: AdmissionOutcome[] = [];
  for (const param of params.list) {
    const context = buildContext(object, target, param, sources, user, policy);
    const matched = runMatchConditions(policy, context);
    if (matched === false) continue;
    if (typeof matched === 'string') {
      outcomes.push(...fail(matched));
      continue;
    }
    for (const validation of listOf(policy.spec.validations)) {
      if (!isPlain(validation) || typeof validation.expression !== 'string') continue;
      const result = evaluateExpression(compileExpression(validation.expression), context);
      if (!result.ok) {
        outcomes.push(...fail(`expression '${validation.expression}' resulted in error: ${result.error}`).map((outcome) => ({ ...outcome, expression: validation.expression as string })));
        continue;
      }
      if (result.value === true) continue;
      if (result.value !== false) {
        outcomes.push(...fail(`expression '${validation.expression}' must evaluate to bool, not ${celText(result.value)}`));
        continue;
      }
      outcomes.push({
        severity,
        message: `${validationMessage(validation, context)} (${names})`,
        fieldPath: typeof validation.fieldPath === 'string' ? validation.fieldPath : undefined,
        expression: validation.expression,
        variables: variableExpressions(policy),
      });
    }
  }
  return outcomes;
}

/** The strongest severity of a binding's validationActions; undefined when it names none we know. */
function bindingSeverity(binding: AdmissionObject): Severity | undefined {
  const actions = listOf(binding.spec.validationActions).filter((action): action is string => typeof action === 'string' && action in ACTION_SEVERITY);
  for (const action of ['Deny', 'Warn', 'Audit']) if (actions.includes(action)) return ACTION_SEVERITY[action];
  return undefined;
}

/** The params each evaluation runs with: [null] without paramKind, the found params, or an error. */
function resolveParams(policy: AdmissionObject, binding: AdmissionObject, target: AdmissionTarget, sources: AdmissionSources): { list: (Plain | null)[] } | { error: string } {
  const paramKind = policy.spec.paramKind;
  if (!isPlain(paramKind) || typeof paramKind.kind !== 'string') return { list: [null] };
  const ref = binding.spec.paramRef;
  if (!isPlain(ref)) return { error: `policy has paramKind ${paramKind.kind} but binding "${binding.name}" has no paramRef` };
  const namespacedParam = sources.paramScope(String(paramKind.apiVersion ?? 'v1'), paramKind.kind);
  let namespace: string | undefined;
  if (typeof ref.namespace === 'string' && ref.namespace && !namespacedParam) return { error: 'paramRef.namespace must not be provided for a cluster-scoped `paramKind`' };
  if (typeof ref.namespace === 'string' && ref.namespace) namespace = ref.namespace;
  else if (namespacedParam) {
    if (!target.namespaced) return { error: 'cannot use a namespaced paramRef without paramRef.namespace for a cluster-scoped object' };
    namespace = target.namespace;
  }
  const candidates = sources.params(String(paramKind.apiVersion ?? 'v1'), paramKind.kind).filter((facts) => !namespacedParam || facts.namespace === namespace);
  let found: ObjectFacts[];
  if (typeof ref.name === 'string' && ref.name) found = candidates.filter((facts) => facts.name === ref.name);
  else found = candidates.filter((facts) => selectorMatches(parseLabelSelector(ref.selector ?? {}), facts.labels));
  if (found.length > 0) return { list: found.map(paramValue) };
  if (ref.parameterNotFoundAction === 'Deny') {
    const where = namespace ? ` in namespace ${namespace}` : '';
    const which = typeof ref.name === 'string' && ref.name ? ` named "${ref.name}"` : ' matching the selector';
    return { error: `no params found for policy binding with \`Deny\` parameterNotFoundAction (no ${paramKind.kind}${which}${where} in the workspace)` };
  }
  return { list: [] };
}

const paramValues = new WeakMap<object, Plain>();

/** A param as a CEL value, converted once per indexed body. */
function paramValue(facts: ObjectFacts): Plain {
  const body = facts.body as object;
  let value = paramValues.get(body);
  if (!value) paramValues.set(body, (value = toCel(body) as Plain));
  return value;
}

function buildContext(object: Plain, target: AdmissionTarget, params: Plain | null, sources: AdmissionSources, user: UserInfo, policy: AdmissionObject): Record<string, unknown> {
  const context: Record<string, unknown> = {
    object,
    oldObject: null,
    params,
    request: toCel(requestOf(target, user)),
    namespaceObject: target.namespaced ? namespaceValue(sources, target) : null,
    authorizer: sources.authorizer(user),
  };
  context.variables = lazyVariables(policy, context);
  return context;
}

function requestOf(target: AdmissionTarget, user: UserInfo): Plain {
  const kind = { group: target.group, version: target.version, kind: target.kind };
  const resource = { group: target.group, version: target.version, resource: target.resource };
  return {
    kind,
    resource,
    subResource: '',
    requestKind: kind,
    requestResource: resource,
    requestSubResource: '',
    name: target.name ?? '',
    namespace: target.namespace,
    operation: 'CREATE',
    userInfo: { username: user.username, groups: user.groups },
    dryRun: false,
    options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
  };
}

/** The Namespace of the object as a CEL value (converted once per indexed Namespace). */
function namespaceValue(sources: AdmissionSources, target: AdmissionTarget): Plain {
  const body = sources.namespace(target.namespace);
  if (!body) return toCel(syntheticNamespace(target)) as Plain;
  let value = paramValues.get(body);
  if (!value) paramValues.set(body, (value = toCel(body) as Plain));
  return value;
}

function syntheticNamespace(target: AdmissionTarget): Plain {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: target.namespace, labels: target.namespaceLabels } };
}

/** `variables.<name>`, each computed on first use (as Kubernetes does), in declaration order. */
function lazyVariables(policy: AdmissionObject, context: Record<string, unknown>): Plain {
  const variables: Plain = {};
  for (const variable of listOf(policy.spec.variables)) {
    if (!isPlain(variable) || typeof variable.name !== 'string' || typeof variable.expression !== 'string') continue;
    // The API server refuses duplicate names; the first one is used here.
    if (Object.prototype.hasOwnProperty.call(variables, variable.name)) continue;
    const expression = variable.expression;
    let value: { ok: true; value: unknown } | { ok: false; error: string } | undefined;
    Object.defineProperty(variables, variable.name, {
      enumerable: true,
      get: () => {
        const compiled = compileExpression(expression);
        // Kubernetes' messages (k8s.io/apiserver/pkg/admission/plugin/cel/composition.go).
        if (compiled.problem) throw new Error(`composited variable "${variable.name}" fails to compile: ${compiled.problem.message}`);
        value ??= evaluateExpression(compiled, context);
        if (!value.ok) throw new Error(`composited variable "${variable.name}" fails to evaluate: ${value.error}`);
        return value.value;
      },
    });
  }
  return variables;
}

/**
 * false: some matchCondition is false (skip, even when another one erred); a string: the first
 * evaluation error, when none is false; true: all match. As Kubernetes' matchconditions.Matcher.
 */
function runMatchConditions(policy: AdmissionObject, context: Record<string, unknown>): boolean | string {
  let error: string | undefined;
  for (const condition of listOf(policy.spec.matchConditions)) {
    if (!isPlain(condition) || typeof condition.expression !== 'string') continue;
    const result = evaluateExpression(compileExpression(condition.expression), context);
    if (!result.ok) error ??= `matchCondition "${String(condition.name ?? '')}" resulted in error: ${result.error}`;
    else if (result.value !== true) return false;
  }
  return error ?? true;
}

/** Kubernetes' limit on a messageExpression's result (celconfig.MaxEvaluatedMessageExpressionSizeBytes). */
const MAX_MESSAGE_EXPRESSION_LENGTH = 5 * 1024;

function validationMessage(validation: Plain, context: Record<string, unknown>): string {
  if (typeof validation.messageExpression === 'string') {
    const result = evaluateExpression(compileExpression(validation.messageExpression), context);
    if (result.ok && typeof result.value === 'string' && result.value.trim() && !result.value.includes('\n') && result.value.length <= MAX_MESSAGE_EXPRESSION_LENGTH) return result.value;
  }
  if (typeof validation.message === 'string' && validation.message) return validation.message;
  return `failed expression: ${String(validation.expression).trim()}`;
}

function variableExpressions(policy: AdmissionObject): Record<string, string> {
  const result: Record<string, string> = {};
  for (const variable of listOf(policy.spec.variables)) {
    if (isPlain(variable) && typeof variable.name === 'string' && typeof variable.expression === 'string') result[variable.name] = variable.expression;
  }
  return result;
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

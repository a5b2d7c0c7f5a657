// The TestValidate table of Kubernetes' validating admission policy validator, ported as data
// (Apache License 2.0, Copyright The Kubernetes Authors): staging/src/k8s.io/apiserver/pkg/
// admission/plugin/policy/validating/validator_test.go at kubernetes/kubernetes
// 803d40a57714b8d054430fedb25b48c20ba9d52c. The upstream test feeds fake evaluation results; here
// each becomes a real expression with that result: True -> TRUE, False -> FALSE, an error ->
// ERROR (a missing field), a message evaluation -> a messageExpression. A Deny decision is an
// error finding whose message contains the expected text; Admit is no error finding (an error
// ignored by failurePolicy Ignore is an information finding of its own here).
// Not ported: the fake filter's "test error" cases, the audit annotation cases (auditAnnotations
// deny nothing), and "out of budget" (the budget here is per expression, not configurable).

export const TRUE = 'object.spec.replicas > 0';
export const FALSE = 'object.spec.replicas < 0';
export const ERROR = 'object.spec.missing == 1';

export interface ValidatorCase {
  name: string;
  failurePolicy?: 'Fail' | 'Ignore';
  matchConditions?: { name: string; expression: string }[];
  validations: { expression: string; message?: string; messageExpression?: string; reason?: string }[];
  /** The messages of the expected Deny decisions, in order ('' when any message will do). */
  denies: string[];
}

const failed = (message?: string, messageExpression?: string) => ({ expression: FALSE, reason: 'Forbidden', ...(message ? { message } : {}), ...(messageExpression ? { messageExpression } : {}) });

export const VALIDATOR_CASES: ValidatorCase[] = [
  { name: 'test pass', validations: [{ expression: TRUE }], denies: [] },
  { name: 'test multiple pass', validations: [{ expression: TRUE }, { expression: TRUE }], denies: [] },
  { name: 'test error with failurepolicy ignore', failurePolicy: 'Ignore', validations: [{ expression: ERROR }], denies: [] },
  { name: 'test error with failurepolicy nil', validations: [{ expression: ERROR }], denies: [''] },
  { name: 'test fail with failurepolicy fail', failurePolicy: 'Fail', validations: [{ expression: ERROR }], denies: [''] },
  { name: 'test fail with failurepolicy ignore with multiple validations', failurePolicy: 'Ignore', validations: [{ expression: TRUE }, { expression: ERROR }], denies: [] },
  { name: 'test fail with failurepolicy nil with multiple validations', validations: [{ expression: TRUE }, { expression: ERROR }], denies: [''] },
  { name: 'test fail with failurepolicy fail with multiple validations', failurePolicy: 'Fail', validations: [{ expression: TRUE }, { expression: ERROR }], denies: [''] },
  { name: 'test fail with failurepolicy ignore with multiple failed validations', failurePolicy: 'Ignore', validations: [{ expression: ERROR }, { expression: ERROR }], denies: [] },
  { name: 'test fail with failurepolicy nil with multiple failed validations', validations: [{ expression: ERROR }, { expression: ERROR }], denies: ['', ''] },
  { name: 'test fail with failurepolicy fail with multiple failed validations', failurePolicy: 'Fail', validations: [{ expression: ERROR }, { expression: ERROR }], denies: ['', ''] },
  { name: 'test reason for fail no reason set', failurePolicy: 'Fail', validations: [{ expression: FALSE }], denies: [`failed expression: ${FALSE}`] },
  { name: 'test reason for fail reason set', failurePolicy: 'Fail', validations: [failed()], denies: [`failed expression: ${FALSE}`] },
  {
    name: 'test reason for failed validations multiple validations',
    failurePolicy: 'Fail',
    validations: [failed(), { expression: 'object.spec.replicas < -1', reason: 'Unauthorized' }],
    denies: [`failed expression: ${FALSE}`, 'failed expression: object.spec.replicas < -1'],
  },
  { name: 'test message for failed validations', failurePolicy: 'Fail', validations: [failed('test')], denies: ['test'] },
  { name: 'test message for failed validations multiple validations', failurePolicy: 'Fail', validations: [failed('test1'), failed('test2')], denies: ['test1', 'test2'] },
  { name: 'messageExpression successful, empty message', validations: [failed(undefined, "'evaluated message'")], denies: ['evaluated message'] },
  {
    name: 'messageExpression for multiple validations',
    validations: [failed('I am not overwritten'), failed('I am overwritten', "'evaluated message'")],
    denies: ['I am not overwritten', 'evaluated message'],
  },
  { name: 'messageExpression successful, overwritten message', validations: [failed('I am overwritten', "'evaluated message'")], denies: ['evaluated message'] },
  { name: 'messageExpression user failure', validations: [failed('test1', "string(object.spec.missing)")], denies: ['test1'] },
  { name: 'messageExpression eval to empty', validations: [failed('test1', "' '")], denies: ['test1'] },
  { name: 'messageExpression eval to multi-line', validations: [failed('test1', "'hello\\nthere'")], denies: ['test1'] },
  { name: 'messageExpression eval result too long', validations: [failed('test1', `'${'x'.repeat(5 * 1024 + 1)}'`)], denies: ['test1'] },
  { name: 'messageExpression eval to null', validations: [failed('test1', 'null')], denies: ['test1'] },
  { name: 'no match surpresses failure', failurePolicy: 'Fail', matchConditions: [{ name: 'placeholder', expression: 'false' }], validations: [{ expression: ERROR }], denies: [] },
  {
    name: 'match error => presumed match',
    failurePolicy: 'Fail',
    matchConditions: [{ name: 'placeholder', expression: ERROR }],
    validations: [{ expression: ERROR }],
    denies: [''],
  },
];

// The TestMatch table of Kubernetes' matchConditions matcher (same license):
// staging/src/k8s.io/apiserver/pkg/admission/plugin/webhook/matchconditions/matcher_test.go at
// kubernetes/kubernetes 2293553202fa21e3918086dc66cb4154ac7caac9. Each fake result is a condition
// expression (T: TRUE, F: FALSE, E: ERROR). `match`: the policy's (denying) validation runs;
// `none`: it is skipped; `error`: the matchCondition error decides by failurePolicy (Fail or unset:
// a denial naming the error; Ignore: skipped). Not ported: the fake filter's "test error" cases.
export interface MatchConditionCase {
  name: string;
  conditions: ('T' | 'F' | 'E')[];
  failurePolicy?: 'Fail' | 'Ignore';
  expect: 'match' | 'none' | 'error';
}

export const MATCH_CONDITION_CASES: MatchConditionCase[] = [
  { name: 'test single matches', conditions: ['T'], expect: 'match' },
  { name: 'test multiple match', conditions: ['T', 'T'], expect: 'match' },
  { name: 'test empty evals', conditions: [], expect: 'match' },
  { name: 'test single no match', conditions: ['F'], expect: 'none' },
  { name: 'test multiple no match', conditions: ['F', 'F'], expect: 'none' },
  { name: 'test mixed with no match first', conditions: ['F', 'T'], expect: 'none' },
  { name: 'test mixed with no match last', conditions: ['T', 'F'], expect: 'none' },
  { name: 'test mixed with no match middle', conditions: ['T', 'F', 'T'], expect: 'none' },
  { name: 'test mix of true, errors and false', conditions: ['T', 'E', 'F', 'T', 'E'], expect: 'none' },
  { name: 'test mix of true, errors and fail policy not set', conditions: ['T', 'E', 'T', 'E'], expect: 'error' },
  { name: 'test mix of true, errors and fail policy fail', conditions: ['T', 'E', 'T', 'E'], failurePolicy: 'Fail', expect: 'error' },
  { name: 'test mix of true, errors and fail policy ignore', conditions: ['T', 'E', 'T', 'E'], failurePolicy: 'Ignore', expect: 'none' },
];

// The TestCompositedPolicies table (variables) of staging/src/k8s.io/apiserver/pkg/admission/
// plugin/cel/composition_test.go at kubernetes/kubernetes 13172cba5c0e1c6a076dbda4aeebbccaf658c7f1
// (same license); the object is named endpoints1. Not ported: the two cost budget cases.
export interface VariableCase {
  name: string;
  variables: { name: string; expression: string }[];
  expression: string;
  /** A denial containing this text (undefined: the expression is true, no denial). */
  error?: string;
}

export const VARIABLE_CASES: VariableCase[] = [
  { name: 'simple', variables: [{ name: 'name', expression: 'object.metadata.name' }], expression: "variables.name == 'endpoints1'" },
  { name: 'delayed compile error', variables: [{ name: 'name', expression: "1 == '1'" }], expression: "variables.name == 'endpoints1'", error: 'composited variable "name" fails to compile:' },
  {
    name: 'delayed eval error',
    variables: [{ name: 'name', expression: 'object.spec.subsets[114514].addresses.size()' }],
    expression: "variables.name == 'endpoints1'",
    error: 'composited variable "name" fails to evaluate:',
  },
];

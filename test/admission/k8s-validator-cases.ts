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

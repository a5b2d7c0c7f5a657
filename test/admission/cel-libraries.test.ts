import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileExpression, evaluateExpression } from '../../server/src/admission/cel.ts';
import { CASES, OBJECT } from './k8s-cel-cases.ts';

/** Compiles and evaluates; a compile problem comes back as an error too. */
function run(expr: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const compiled = compileExpression(expr);
  if (compiled.problem) return { ok: false, error: compiled.problem.message };
  return evaluateExpression(compiled, { object: OBJECT });
}

describe("Kubernetes CEL libraries (Kubernetes' own test tables)", () => {
  for (const library of new Set(CASES.map((item) => item.library))) {
    test(library, () => {
      const failures: string[] = [];
      for (const item of CASES.filter((candidate) => candidate.library === library)) {
        const result = run(item.expr);
        if (item.error) {
          if (result.ok) failures.push(`${item.expr}: expected an error matching ${item.error}, got ${String(result.value)}`);
          else if (!item.error.test(result.error)) failures.push(`${item.expr}: error "${result.error}" does not match ${item.error}`);
        } else if (!result.ok) failures.push(`${item.expr}: ${result.error}`);
        else if (result.value !== item.value) failures.push(`${item.expr}: expected ${String(item.value)}, got ${String(result.value)}`);
      }
      assert.deepEqual(failures, []);
    });
  }
});

describe('regex guard (JavaScript backtracks where RE2 does not)', () => {
  const unsafe = ['(a+)+$', '(a|aa)*', '(\\w*x?)*', '(\\w+\\s?)*', '(a+a)+', '(x+x+)+y', '(.*a){3,}', '\\1', '(?=a)'];
  const safe = [
    '^([a-z0-9]+\\.)*[a-z]+$',
    // Kubernetes' DNS-1123 subdomain pattern
    '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
    '(-[a-z]+)*',
    '^(\\d+)?$',
    '(abc)+',
    '^registry\\.example\\.com/.*$',
    '(?:[a-z]+,)*',
    '(?P<name>[a-z]+)',
  ];
  test('refuses patterns that could backtrack catastrophically, runs the usual ones', () => {
    for (const pattern of unsafe) {
      const result = run(`"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!".matches(${JSON.stringify(pattern)})`);
      assert.ok(!result.ok && /not evaluated offline/.test(result.error), pattern);
    }
    for (const pattern of safe) assert.ok(run(`"a.b".matches(${JSON.stringify(pattern)})`).ok, pattern);
  });
  test('RE2 inline flags and \\z', () => {
    assert.deepEqual(run('"AB".matches("(?i)ab")'), { ok: true, value: true });
    assert.deepEqual(run('"ab\\n".matches("b\\\\z")'), { ok: true, value: false });
  });
});

describe('two-variable comprehensions, sets, strings', () => {
  test('evaluate as cel-go does', () => {
    for (const expr of [
      '{"a": 1, "b": 2}.all(k, v, v > 0)',
      '{"a": 1, "b": 2}.exists(k, v, k == "b" && v == 2)',
      '[10, 20].existsOne(i, v, i == 1 && v == 20)',
      '[1, 2].transformList(i, v, i + v) == [1, 3]',
      '{"a": 1}.transformMap(k, v, v * 10) == {"a": 10}',
      '[1, 2, 3].transformList(i, v, v > 1, v) == [2, 3]',
      'sets.contains([1, 2, 3], [1, 2])',
      'sets.equivalent([1, 2], [2, 1, 1])',
      'sets.intersects([1], [1, 5])',
      '!sets.intersects([1], [5])',
      '"hello".charAt(1) == "e"',
      '"a-b-c".replace("-", "+") == "a+b+c"',
      '"a-b-c".replace("-", "+", 1) == "a+b-c"',
      '"abc".reverse() == "cba"',
      'cel.bind(x, 2, x * x) == 4',
      'object.?missing.?field.orValue("d") == "d"',
    ]) {
      assert.deepEqual(run(expr), { ok: true, value: true }, expr);
    }
  });
});

describe('authorizer selectors (Kubernetes AuthzSelectors)', () => {
  test('fieldSelector and labelSelector type-check on a resource check', () => {
    const compiled = compileExpression("authorizer.group('').resource('pods').fieldSelector('spec.nodeName=n').labelSelector('a=b').check('list').allowed()");
    assert.equal(compiled.problem, undefined);
  });
});

describe("literal validation (Kubernetes' ValidateDurationLiterals, ValidateTimestampLiterals, ValidateRegexLiterals)", () => {
  test('invalid duration, timestamp and regex literals are compile errors on the literal', () => {
    for (const [expr, literal] of [
      ['duration("1x") == duration("1s")', '"1x"'],
      ['timestamp("bad") == timestamp("2020-01-01T00:00:00Z")', '"bad"'],
      ['object.metadata.name.matches("[")', '"["'],
    ]) {
      const problem = compileExpression(expr).problem;
      assert.ok(problem, expr);
      assert.equal(expr.slice(problem.start, problem.end), literal, expr);
    }
    assert.equal(compileExpression('object.metadata.name.matches("(a+)+$")').problem, undefined, 'valid RE2, only refused at run time');
  });
});

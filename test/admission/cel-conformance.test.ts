// Runs the CEL conformance suite (cel-spec test data, shipped by @bufbuild/cel-spec) through our
// CEL environment (@marcbachmann/cel-js plus the Kubernetes libraries) for what the library claims:
// the tests that need no protobuf messages, bindings or type environment and expect a scalar value
// (or nothing: then the expected value is true).
// The tests it fails today are listed in cel-conformance-known-failures.json: a new failure fails
// this test, and so does a listed one that passes (then update the list:
// UPDATE_CEL_CONFORMANCE=1 node --import tsx --test test/admission/cel-conformance.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tests as conformance } from '@bufbuild/cel-spec/testdata/conformance.js';
import { compileExpression, evaluateExpression } from '../../server/src/admission/cel.ts';

const KNOWN_FAILURES = join(import.meta.dirname, 'cel-conformance-known-failures.json');

interface SuiteData {
  name: string;
  suites?: SuiteData[];
  tests?: { original: { name?: string; expr: string; description?: string; disableMacros?: boolean; value?: Record<string, unknown>; bindings?: unknown; typeEnv?: unknown; container?: string; disableCheck?: boolean } }[];
}

function expectedValue(value: Record<string, unknown>): { ok: boolean; value?: unknown } {
  if ('int64Value' in value) return { ok: true, value: BigInt(value.int64Value as string) };
  if ('doubleValue' in value) return { ok: true, value: value.doubleValue };
  if ('stringValue' in value) return { ok: true, value: value.stringValue };
  if ('boolValue' in value) return { ok: true, value: value.boolValue };
  if ('nullValue' in value) return { ok: true, value: null };
  return { ok: false };
}

function sameValue(actual: unknown, expected: unknown): boolean {
  if (typeof expected === 'number' && Number.isNaN(expected)) return typeof actual === 'number' && Number.isNaN(actual);
  return actual === expected;
}

// Extension libraries Kubernetes' CEL environment does not enable (k8s.io/apiserver/pkg/cel/
// environment/base.go): cel-go's ext.Math, ext.Encoders and cel.block.
const NOT_IN_KUBERNETES = new Set(['math_ext', 'encoders_ext', 'block_ext']);

function run(suite: SuiteData, path: string[], result: { passed: string[]; failed: string[] }): void {
  for (const child of suite.suites ?? []) if (!NOT_IN_KUBERNETES.has(child.name)) run(child, [...path, child.name], result);
  for (const item of suite.tests ?? []) {
    const original = item.original;
    if (original.bindings || original.typeEnv || original.container) continue;
    if (!original.value && Object.keys(original).some((key) => !['name', 'expr', 'description', 'disableCheck', 'disableMacros'].includes(key))) continue;
    if (/TestAllTypes|google\.protobuf|proto[23]?\./.test(original.expr)) continue;
    // A test without an expected result expects true (cel-spec's SimpleTest).
    const expected = expectedValue(original.value ?? { boolValue: true });
    if (!expected.ok) continue;
    const name = [...path, original.name ?? original.expr].join('/');
    const compiled = compileExpression(original.expr);
    const outcome = compiled.problem ? undefined : evaluateExpression(compiled, {});
    (outcome?.ok && sameValue(outcome.value, expected.value) ? result.passed : result.failed).push(name);
  }
}

test('CEL conformance: no failure beyond the known ones', () => {
  const result = { passed: [] as string[], failed: [] as string[] };
  run(conformance as SuiteData, [], result);
  if (process.env.UPDATE_CEL_CONFORMANCE) writeFileSync(KNOWN_FAILURES, `${JSON.stringify(result.failed.sort(), null, 1)}\n`);
  const known = new Set<string>(JSON.parse(readFileSync(KNOWN_FAILURES, 'utf8')));
  const newFailures = result.failed.filter((name) => !known.has(name));
  const nowPassing = result.passed.filter((name) => known.has(name));
  assert.deepEqual(newFailures, [], 'conformance tests that fail and are not listed as known failures');
  assert.deepEqual(nowPassing, [], 'known failures that pass now: update the list');
  assert.ok(result.passed.length >= 914, `${result.passed.length} conformance tests pass`);
  if (process.env.UPDATE_CEL_CONFORMANCE) console.log(`${result.passed.length} pass, ${result.failed.length} known failures`);
});

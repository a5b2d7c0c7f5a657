import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { defineRule } from '../../server/src/engine/rule.ts';
import { HARDENED_POD, run, TEST_RULES, workspace } from './helpers.ts';

const validate = (() => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(join('test', 'cli', 'sarif-schema-2.1.0.json'), 'utf8')));
})();

function assertValidSarif(log: unknown): void {
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
}

/** A cross-file rule that reports every Pod and points, as related information, at every NetworkPolicy's name. */
const POINTS_AT_POLICIES = defineRule({
  ...TEST_RULES[0],
  id: 'test-related',
  kinds: ['Pod'],
  scope: 'cross-file',
  fixable: false,
  check(ctx) {
    const related = ctx.index.ofKind('NetworkPolicy').map((policy) => ({ message: `${policy.name} almost selects it`, path: policy.path, start: policy.start, end: policy.end }));
    ctx.report({ node: ctx.object.nameNode, message: 'no policy selects the pod', related });
  },
});

/** The policy's name is at 5:9-5:13 once a comment line sits above the document. */
const POLICY = '# deny all\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\nspec:\n  podSelector: {}\n';

function scanWithRelated(format: string) {
  const cwd = workspace({ 'pods/pod.yaml': HARDENED_POD, 'policies/deny.yaml': POLICY });
  return run(['scan', '--format', format, '.'], { cwd, rules: [POINTS_AT_POLICIES] }).then((result) => ({ cwd, ...result }));
}

test('stylish: related information follows its finding as indented "related: path:line:col message" lines', async () => {
  const { stdout } = await scanWithRelated('stylish');
  assert.equal(
    stdout,
    [
      'pods/pod.yaml',
      '  4:9  error  no policy selects the pod  test-related',
      '       related: policies/deny.yaml:5:9 deny almost selects it',
      '',
      '1 problem (1 error, 0 warnings, 0 info, 0 hints) in 2 files checked',
      '',
    ].join('\n'),
  );
});

test('json: related information does not change the shape', async () => {
  const { stdout } = await scanWithRelated('json');
  const finding = JSON.parse(stdout).files.find((file: { path: string }) => file.path === 'pods/pod.yaml').findings[0];
  assert.deepEqual(Object.keys(finding), ['rule', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'fixable']);
});

test('sarif: URIs are relative to %SRCROOT% (the working folder); related information becomes relatedLocations', async () => {
  const { cwd, stdout } = await scanWithRelated('sarif');
  const log = JSON.parse(stdout);
  assertValidSarif(log);
  const sourceRoot = log.runs[0].originalUriBaseIds['%SRCROOT%'].uri;
  assert.equal(sourceRoot, `${pathToFileURL(cwd).href}/`);
  const [result] = log.runs[0].results;
  assert.deepEqual(result.locations[0].physicalLocation.artifactLocation, { uri: 'pods/pod.yaml', uriBaseId: '%SRCROOT%' });
  assert.deepEqual(result.relatedLocations, [
    {
      id: 0,
      physicalLocation: {
        artifactLocation: { uri: 'policies/deny.yaml', uriBaseId: '%SRCROOT%' },
        region: { startLine: 5, startColumn: 9, endLine: 5, endColumn: 13 },
      },
      message: { text: 'deny almost selects it' },
    },
  ]);
  assert.equal(new URL(result.relatedLocations[0].physicalLocation.artifactLocation.uri, sourceRoot).href, pathToFileURL(join(cwd, 'policies', 'deny.yaml')).href);
});

test('sarif: a file outside the working folder gets an absolute file URI; standard input its bare name', async () => {
  const root = workspace({ 'a/pod.yaml': HARDENED_POD, 'a/deny.yaml': POLICY, 'b/.keep': '' });
  const log = JSON.parse((await run(['scan', '--format', 'sarif', '../a/pod.yaml', '../a/deny.yaml'], { cwd: join(root, 'b'), rules: [POINTS_AT_POLICIES] })).stdout);
  assertValidSarif(log);
  const [result] = log.runs[0].results;
  assert.deepEqual(result.locations[0].physicalLocation.artifactLocation, { uri: pathToFileURL(join(root, 'a', 'pod.yaml')).href });
  assert.deepEqual(result.relatedLocations[0].physicalLocation.artifactLocation, { uri: pathToFileURL(join(root, 'a', 'deny.yaml')).href });
  const fromStdin = JSON.parse((await run(['scan', '--format', 'sarif', '-'], { cwd: root, stdin: HARDENED_POD, rules: [POINTS_AT_POLICIES] })).stdout);
  assert.deepEqual(fromStdin.runs[0].results[0].locations[0].physicalLocation.artifactLocation, { uri: '%3Cstdin%3E' });
  assert.equal(fromStdin.runs[0].results[0].relatedLocations, undefined, 'no related information, no relatedLocations');
});

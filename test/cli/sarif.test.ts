import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { ALL_RULES } from '../../server/src/engine/registry.ts';
import { ruleDocsUrl } from '../../server/src/engine/rule.ts';
import { PRIVILEGED_POD, run, workspace } from './helpers.ts';

/** The official OASIS SARIF 2.1.0 schema (Committee Specification, JSON Schema draft-07), vendored. */
const schema = JSON.parse(readFileSync(join('test', 'cli', 'sarif-schema-2.1.0.json'), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

function assertValidSarif(log: unknown): void {
  const valid = validate(log);
  assert.ok(valid, `SARIF schema errors: ${JSON.stringify(validate.errors, null, 2)}`);
}

test('sarif: the log validates against the SARIF 2.1.0 schema and names every rule', async () => {
  const cwd = workspace({ 'dir with space/bad.yaml': PRIVILEGED_POD, 'empty.yaml': '\n' });
  const result = await run(['scan', '--format', 'sarif', '.'], { cwd, rules: ALL_RULES });
  assert.equal(result.code, 1);
  const log = JSON.parse(result.stdout);
  assertValidSarif(log);
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema, /sarif-schema-2\.1\.0\.json$/);
  const driver = log.runs[0].tool.driver;
  assert.equal(driver.name, 'kube-hardener');
  assert.match(driver.version, /^\d+\.\d+\.\d+/);
  assert.match(driver.informationUri, /^https:\/\//);
  for (const rule of ALL_RULES) {
    const descriptor = driver.rules.find((candidate: { id: string }) => candidate.id === rule.id);
    assert.ok(descriptor, `rule ${rule.id} is described`);
    assert.equal(descriptor.shortDescription.text, rule.title);
    assert.equal(descriptor.fullDescription.text, rule.docs.description);
    assert.equal(descriptor.helpUri, ruleDocsUrl(rule.id));
    assert.equal(descriptor.defaultConfiguration.level, { error: 'error', warning: 'warning', info: 'note', hint: 'note' }[rule.severity]);
    assert.ok(descriptor.properties.tags.includes(rule.category));
    assert.equal(typeof descriptor.name, 'string');
  }
  const privileged = log.runs[0].results.find((result: { ruleId: string }) => result.ruleId === 'privileged-container');
  assert.equal(driver.rules[privileged.ruleIndex].id, 'privileged-container');
  assert.equal(privileged.level, 'error');
  assert.equal(privileged.message.text, 'container "app" runs privileged: it has full access to the node');
  assert.deepEqual(privileged.locations[0].physicalLocation, {
    artifactLocation: { uri: 'dir%20with%20space/bad.yaml', uriBaseId: '%SRCROOT%' },
    region: { startLine: 10, startColumn: 21, endLine: 10, endColumn: 25 },
  });
  assert.match(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri, /^file:\/\/.*\/$/);
  const notifications = log.runs[0].invocations[0].toolExecutionNotifications;
  assert.deepEqual(notifications.map((n: { message: { text: string } }) => n.message.text), ['skipped: empty file']);
});

test('sarif: info and hint findings become level "note"; stdin and a clean run still validate', async () => {
  const cwd = workspace({ 'bad.yaml': PRIVILEGED_POD });
  for (const [severity, level] of [['info', 'note'], ['hint', 'note'], ['warning', 'warning']]) {
    const result = await run(['scan', '--format', 'sarif', '--rule', `privileged-container=${severity}`, 'bad.yaml'], { cwd });
    const log = JSON.parse(result.stdout);
    assertValidSarif(log);
    assert.deepEqual(log.runs[0].results.map((r: { level: string }) => r.level), [level]);
  }
  const fromStdin = JSON.parse((await run(['scan', '--format', 'sarif', '-'], { cwd, stdin: PRIVILEGED_POD })).stdout);
  assertValidSarif(fromStdin);
  assert.equal(fromStdin.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, '%3Cstdin%3E');
  const clean = JSON.parse((await run(['scan', '--format', 'sarif', '--rule', 'privileged-container=off', 'bad.yaml'], { cwd })).stdout);
  assertValidSarif(clean);
  assert.deepEqual(clean.runs[0].results, []);
});

test('sarif: the validator does reject a broken log', () => {
  assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false, 'driver.name is required');
  assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ level: 'info', message: { text: 'm' } }] }] }), false, 'no "info" level');
});

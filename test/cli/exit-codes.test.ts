import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineRule } from '../../server/src/engine/rule.ts';
import { ALL_RULES } from '../../server/src/engine/registry.ts';
import { HARDENED_POD, PRIVILEGED_POD, run, TEST_RULES, workspace } from './helpers.ts';

function assertOneLineError(result: { code: number; stdout: string; stderr: string }, pattern: RegExp): void {
  assert.equal(result.code, 2);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, pattern);
  assert.equal(result.stderr.trimEnd().split('\n').length, 1, `one line expected: ${result.stderr}`);
}

test('exit 0 when nothing is found, 1 when a finding at or above --fail-on remains', async () => {
  const cwd = workspace({ 'good.yaml': HARDENED_POD, 'bad.yaml': PRIVILEGED_POD });
  assert.equal((await run(['scan', 'good.yaml'], { cwd })).code, 0);
  assert.equal((await run(['scan', 'bad.yaml'], { cwd })).code, 1);
  assert.equal((await run(['scan'], { cwd })).code, 1, 'the default path is the working folder');
});

test('--fail-on sets the threshold; --rule changes severities and turns rules off', async () => {
  const cwd = workspace({ 'bad.yaml': PRIVILEGED_POD });
  assert.equal((await run(['scan', '--fail-on', 'never', 'bad.yaml'], { cwd })).code, 0);
  assert.equal((await run(['scan', '--fail-on=error', 'bad.yaml'], { cwd })).code, 1);
  assert.equal((await run(['scan', '--rule', 'privileged-container=warning', '--fail-on', 'error', 'bad.yaml'], { cwd })).code, 0);
  assert.equal((await run(['scan', '--rule', 'privileged-container=info', 'bad.yaml'], { cwd })).code, 0, 'default --fail-on is warning');
  assert.equal((await run(['scan', '--rule', 'privileged-container=info', '--fail-on', 'info', 'bad.yaml'], { cwd })).code, 1);
  assert.equal((await run(['scan', '--rule', 'privileged-container=hint', '--fail-on', 'info', 'bad.yaml'], { cwd })).code, 0);
  const off = await run(['scan', '--rule', 'privileged-container=off', '--format', 'json', 'bad.yaml'], { cwd });
  assert.equal(off.code, 0);
  assert.deepEqual(JSON.parse(off.stdout).files[0].findings, []);
});

test('usage errors exit 2 with a one-line reason', async () => {
  const cwd = workspace({ 'bad.yaml': PRIVILEGED_POD });
  assertOneLineError(await run(['scan', '--rule', 'no-such-rule=off'], { cwd }), /unknown rule ID "no-such-rule"/);
  assertOneLineError(await run(['scan', '--rule', 'privileged-container=loud'], { cwd }), /--rule privileged-container must be one of off, error, warning, info, hint, not "loud"/);
  assertOneLineError(await run(['scan', '--rule', 'privileged-container'], { cwd }), /--rule needs ID=LEVEL/);
  assertOneLineError(await run(['scan', '--bogus'], { cwd }), /unknown option --bogus/);
  assertOneLineError(await run(['scan', '--format', 'xml'], { cwd }), /--format must be one of stylish, json, sarif, not "xml"/);
  assertOneLineError(await run(['scan', '--profile', 'strict'], { cwd }), /--profile must be one of baseline, restricted/);
  assertOneLineError(await run(['scan', '--fail-on', 'fatal'], { cwd }), /--fail-on must be one of error, warning, info, hint, never/);
  assertOneLineError(await run(['scan', '--kubernetes-version', 'latest'], { cwd }), /--kubernetes-version must look like 1\.33/);
  assertOneLineError(await run(['scan', '--kubernetes-version', '1.15'], { cwd }), /--kubernetes-version "1\.15" is older than 1\.16/);
  assertOneLineError(await run(['scan', '--config'], { cwd }), /option --config needs a value/);
  assertOneLineError(await run(['scan', '--fix=yes'], { cwd }), /option --fix takes no value/);
  assertOneLineError(await run(['lint'], { cwd }), /unknown command "lint"/);
  assertOneLineError(await run([], { cwd }), /missing command/);
});

test('a missing file exits 2 and names it', async () => {
  const cwd = workspace({ 'bad.yaml': PRIVILEGED_POD });
  assertOneLineError(await run(['scan', 'bad.yaml', 'missing.yaml'], { cwd }), /cannot read missing\.yaml: no such file or directory/);
  assertOneLineError(await run(['scan', '--config', 'nowhere.yaml', 'bad.yaml'], { cwd }), /cannot read config nowhere\.yaml: no such file or directory/);
});

test('--help, --version and the rules command exit 0', async () => {
  const cwd = workspace({});
  const help = await run(['--help'], { cwd });
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: kube-hardener scan/);
  for (const option of ['--format', '--fix', '--unsafe-fixes', '--profile', '--rule', '--config', '--kubernetes-version', '--fail-on']) {
    assert.ok(help.stdout.includes(option), `help mentions ${option}`);
  }
  assert.equal((await run(['scan', '-h'], { cwd })).code, 0);
  const version = await run(['--version'], { cwd });
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
  const rules = await run(['rules'], { cwd });
  assert.equal(rules.code, 0);
  assert.match(rules.stdout, /^privileged-container\s+error\s+Privileged container/m);
  assert.equal(rules.stdout.trimEnd().split('\n').length, TEST_RULES.length);
  const allRules = await run(['rules'], { cwd, rules: ALL_RULES });
  assert.equal(allRules.stdout.trimEnd().split('\n').length, ALL_RULES.length);
});

test('--profile picks the Pod Security level: restricted rules are off under baseline', async () => {
  const restrictedOnly = defineRule({
    ...ALL_RULES[0],
    id: 'test-restricted-rule',
    profile: 'restricted',
    kinds: ['Pod'],
    fixable: false,
    check: (ctx) => ctx.report({ message: 'restricted finding' }),
  });
  const rules = [restrictedOnly];
  const cwd = workspace({ 'pod.yaml': HARDENED_POD, 'baseline/.kube-hardener.yaml': 'profile: baseline\n', 'baseline/pod.yaml': HARDENED_POD });
  assert.equal((await run(['scan', 'pod.yaml'], { cwd, rules })).code, 1, 'restricted is the default profile');
  assert.equal((await run(['scan', '--profile', 'baseline', 'pod.yaml'], { cwd, rules })).code, 0);
  assert.equal((await run(['scan', 'baseline'], { cwd, rules })).code, 0, 'the config file sets baseline');
  assert.equal((await run(['scan', '--profile', 'restricted', 'baseline'], { cwd, rules })).code, 1, 'the flag wins over the file');
});

test('a rule that throws is reported on stderr with its id and file; the others still run', async () => {
  const broken = defineRule({ ...ALL_RULES[0], id: 'test-broken-rule', kinds: '*', fixable: false, check: () => { throw new Error('boom'); } });
  const cwd = workspace({ 'bad.yaml': PRIVILEGED_POD });
  const result = await run(['scan', '--format', 'json', 'bad.yaml'], { cwd, rules: [broken, ...TEST_RULES] });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /rule test-broken-rule failed on bad\.yaml \(Pod web\).*boom/);
  assert.deepEqual(JSON.parse(result.stdout).files[0].findings.map((f: { rule: string }) => f.rule), ['privileged-container']);
});

// Unit tests of server/src/lsp/ modules whose edge cases are awkward to reach over the protocol.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFile } from '../../server/src/engine/lint.ts';
import { parseManifestFile } from '../../server/src/engine/parse.ts';
import { resolveConfig } from '../../server/src/engine/config.ts';
import { ALL_RULES } from '../../server/src/engine/registry.ts';
import { defineRule } from '../../server/src/engine/rule.ts';
import { WorkspaceIndex } from '../../server/src/engine/workspace.ts';
import { applyEdits } from '../../server/src/engine/fix.ts';
import { Analysis, lintOptionsFor } from '../../server/src/lsp/analysis.ts';
import type { ClientSupport } from '../../server/src/lsp/capabilities.ts';
import { toDiagnostic } from '../../server/src/lsp/diagnostics.ts';
import { canApply, fixEdit } from '../../server/src/lsp/workspace-edits.ts';
import { LineIndex } from '../../server/src/engine/text.ts';
import { configFileProblems } from '../../server/src/lsp/config-file.ts';
import { minimalEdit } from '../../server/src/lsp/positions.ts';
import { userConfigFromSettings } from '../../server/src/lsp/settings.ts';
import { disableLineEdit } from '../../server/src/lsp/suppress-edits.ts';
import { PRIVILEGED_POD } from './workspace-fixture.ts';

test('minimalEdit trims the common prefix and suffix and never splits a surrogate pair', () => {
  assert.equal(minimalEdit('same', 'same'), undefined);
  assert.deepEqual(minimalEdit('privileged: true\n', 'privileged: false\n'), { start: 12, end: 15, newText: 'fals' });
  const before = 'a: "\u{1F600}"\n';
  const after = 'a: "\u{1F601}"\n';
  const edit = minimalEdit(before, after)!;
  assert.equal(applyEdits(before, [edit]), after);
  assert.equal(edit.newText, '\u{1F601}');
});

test('settings a client sends for values the user never set do not hide the config file', () => {
  const vscodeDefaults = {
    enable: true,
    profile: '',
    kubernetesVersion: '',
    defaultNamespace: '',
    rules: { 'run-as-root': 'error', 'host-port': null },
    suppressions: { allow: null, requireReason: true },
    exclude: [],
    trace: { server: 'off' },
  };
  assert.deepEqual(userConfigFromSettings(vscodeDefaults), { rules: { 'run-as-root': 'error' }, suppressions: { requireReason: true } });
  assert.deepEqual(userConfigFromSettings(null), {});
});

test('kubeHardener.ruleOptions joins the severity of kubeHardener.rules; the old object form still works', () => {
  const settings = {
    rules: { 'host-port': 'error', 'run-as-root': { severity: 'info' } },
    ruleOptions: { 'host-port': { allowedPorts: [443] }, 'image-untrusted-registry': { allowedRegistries: ['r.example.com'] }, 'privileged-container': {} },
  };
  assert.deepEqual(userConfigFromSettings(settings).rules, {
    'host-port': { severity: 'error', allowedPorts: [443] },
    'run-as-root': { severity: 'info' },
    'image-untrusted-registry': { allowedRegistries: ['r.example.com'] },
  });
});

test('a rule that throws is logged by ID and skipped; the other rules still report', () => {
  const broken = defineRule({ ...ALL_RULES.find((rule) => rule.id === 'privileged-container')!, id: 'broken-rule', check: () => { throw new Error('boom'); } });
  const logged: string[] = [];
  const settings = { enabled: true, config: resolveConfig([...ALL_RULES, broken]) };
  const options = { ...lintOptionsFor(settings, new WorkspaceIndex(), (message) => logged.push(message)), rules: [broken, ...ALL_RULES] };
  const findings = lintFile(parseManifestFile('pod.yaml', PRIVILEGED_POD), options);
  assert.ok(findings.some((finding) => finding.ruleId === 'privileged-container'));
  assert.equal(logged.length, 1);
  assert.match(logged[0], /rule broken-rule failed on Pod web in pod\.yaml[^]*boom/);
});

test('disabling a second rule on a line extends the directive above it', () => {
  const text = 'spec:\n  # kube-hardener-disable-next-line host-port -- needed\n  hostPort: 80\n';
  const file = parseManifestFile('a.yaml', text);
  const start = text.indexOf('hostPort');
  const edit = disableLineEdit(file, { ruleId: 'privileged-container', severity: 'error', message: '', start, end: start + 8, fixes: [] })!;
  assert.equal(applyEdits(text, [edit]), 'spec:\n  # kube-hardener-disable-next-line host-port, privileged-container -- needed\n  hostPort: 80\n');
});

test('a problem in .kube-hardener.yaml points at the offending key', () => {
  const [problem] = configFileProblems('profile: baseline\nrules:\n  run-as-root:\n    severity: loud\n');
  assert.match(problem.message, /rules\.run-as-root\.severity/);
  assert.equal(problem.start, 'profile: baseline\nrules:\n  run-as-root:\n    '.length);
  assert.deepEqual(configFileProblems('profile: baseline\n'), []);
  assert.match(configFileProblems('rules: [\n')[0].message, /invalid configuration file/);
});

test('a fix that creates a file becomes CreateFile + its content + the document edit, tied to the version', () => {
  const file = parseManifestFile('/ws/app/pod.yaml', PRIVILEGED_POD);
  const analysis = { uri: 'file:///ws/app/pod.yaml', path: '/ws/app/pod.yaml', version: 7, file } as Analysis;
  const support = { documentChanges: true, createFiles: true } as ClientSupport;
  const fix = { title: 'Add a NetworkPolicy', safe: true, edits: [{ start: 0, end: 1, newText: '#' }], createFiles: [{ path: 'netpol.yaml', text: 'kind: NetworkPolicy\n' }] };
  assert.equal(canApply(fix, { ...support, createFiles: false }), false);
  const edit = fixEdit(analysis, fix, support);
  assert.deepEqual(edit.documentChanges, [
    { kind: 'create', uri: 'file:///ws/app/netpol.yaml', options: { overwrite: false, ignoreIfExists: false } },
    { textDocument: { uri: 'file:///ws/app/netpol.yaml', version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'kind: NetworkPolicy\n' }] },
    { textDocument: { uri: 'file:///ws/app/pod.yaml', version: 7 }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, newText: '#' }] },
  ]);
});

test('related information of a finding points into the other file, in its own lines', () => {
  const file = parseManifestFile('/ws/pod.yaml', PRIVILEGED_POD);
  const other = new LineIndex('a: 1\nkind: Role\n');
  const finding = { ruleId: 'privileged-container', severity: 'error' as const, message: 'm', start: 0, end: 1, fixes: [], related: [{ message: 'the Role', path: '/ws/role.yaml', start: 5, end: 9 }] };
  const diagnostic = toDiagnostic(file, finding, { version: 1, index: 0 }, (path) => (path === '/ws/role.yaml' ? other : undefined));
  assert.deepEqual(diagnostic.relatedInformation, [
    { location: { uri: 'file:///ws/role.yaml', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } } }, message: 'the Role' },
  ]);
});

// Issue #12 in the language server: one menu per spot (the complete fix preferred), one Disable
// entry per scope naming every rule, snippet-selected reasons, a compact hover, parse-error positions.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol/node';
import { AS_VSCODE, snippetText, TestClient } from './harness.ts';
import { ofRule, parsesCleanly, tempWorkspace, TempWorkspace } from './workspace-fixture.ts';

const BARE_POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app # the only container
      image: registry.example.com/app@sha256:${'a'.repeat(64)}
`;

let workspace: TempWorkspace;
let client: TestClient;
let counter = 0;

before(async () => {
  workspace = tempWorkspace();
  client = await TestClient.start({ workspace: workspace.dir, ...AS_VSCODE });
});
after(async () => {
  await client.stop();
  workspace.cleanup();
});

async function openFresh(text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const uri = workspace.uri(`grouping-${++counter}.yaml`);
  await client.open(uri, text);
  const report = await client.pull(uri);
  return { uri, diagnostics: report.kind === 'full' ? report.items : [] };
}

/** The diagnostics on the container's name token and the menu VS Code would ask for there. */
async function menuAtName(uri: string, diagnostics: Diagnostic[]): Promise<{ spot: Diagnostic[]; actions: CodeAction[] }> {
  const [name] = ofRule(diagnostics, 'missing-security-context');
  assert.ok(name, 'missing-security-context flags the container');
  const spot = diagnostics.filter((item) => item.range.start.line === name.range.start.line && item.range.start.character === name.range.start.character);
  const actions = await client.codeActions(uri, { start: name.range.start, end: name.range.start }, spot);
  return { spot, actions };
}

describe('one cause, one place', () => {
  test('the diagnostics stay one per rule (as in the CLI), on one range', async () => {
    const { uri, diagnostics } = await openFresh(BARE_POD);
    const { spot } = await menuAtName(uri, diagnostics);
    const codes = spot.map((item) => item.code);
    for (const rule of ['missing-security-context', 'run-as-root', 'privilege-escalation', 'capabilities-not-dropped']) assert.ok(codes.includes(rule), `${rule} in ${codes.join(', ')}`);
  });

  test('the menu: the complete fix first and preferred, then file fix-all, one Disable per scope, one docs entry', async () => {
    const { uri, diagnostics } = await openFresh(BARE_POD);
    const { spot, actions } = await menuAtName(uri, diagnostics);
    const titles = actions.map((action) => action.title);
    assert.match(titles[0], /^Add a hardened securityContext \(fixes \d+ problems\)$/);
    assert.deepEqual(actions.filter((action) => action.isPreferred).map((action) => action.title), [titles[0]]);
    assert.ok(!titles.some((title) => /^Drop ALL capabilities|^Set allowPrivilegeEscalation/.test(title)), `partial fixes folded: ${titles.join(' | ')}`);
    const fixAll = titles.indexOf('Fix all kube-hardener problems in this file');
    assert.ok(fixAll > 0, titles.join(' | '));
    const disables = titles.filter((title) => title.startsWith('Disable '));
    assert.deepEqual(disables.map((title) => title.replace(/^Disable .* for /, '')), ['this line', 'this object', 'this file']);
    const ruleIds = [...new Set(spot.map((item) => String(item.code)))];
    for (const title of disables) for (const id of ruleIds) assert.ok(title.includes(id), `"${title}" names ${id}`);
    assert.ok(titles.indexOf(disables[0]) > fixAll);
    assert.equal(titles.at(-1), `Show documentation for ${ruleIds.length} rules…`);
    assert.deepEqual(actions.at(-1)!.command, { title: titles.at(-1), command: 'kubeHardener.openRuleDocs', arguments: [ruleIds] });
    assert.ok(actions.length <= 10, `${actions.length} entries`);
    // VS Code sorts by the first diagnostic's message after the preferred action: every entry carries the same.
    for (const action of actions) assert.deepEqual(action.diagnostics, spot);
  });

  test('the preferred fix resolves every finding it claims, in one step', async () => {
    const { uri, diagnostics } = await openFresh(BARE_POD);
    const { actions } = await menuAtName(uri, diagnostics);
    const claimed = Number(/fixes (\d+) problems/.exec(actions[0].title)![1]);
    const before = diagnostics.length;
    await client.applyEdit(actions[0].edit!);
    assert.ok(parsesCleanly(client.text(uri)));
    assert.match(client.text(uri), /# the only container/);
    const report = await client.pull(uri);
    const afterFix = report.kind === 'full' ? report.items : [];
    assert.equal(before - afterFix.length, claimed, afterFix.map((item) => item.code).join(', '));
  });

  test('several fields of one securityContext: one combined fix comes first', async () => {
    const text = BARE_POD.replace('      image:', '      securityContext:\n        procMount: Default\n      image:');
    const { uri, diagnostics } = await openFresh(text);
    const [runAsRoot] = ofRule(diagnostics, 'run-as-root');
    const spot = diagnostics.filter((item) => item.range.start.line === runAsRoot.range.start.line && item.range.start.character === runAsRoot.range.start.character);
    assert.ok(spot.length >= 3, spot.map((item) => item.code).join(', '));
    const actions = await client.codeActions(uri, { start: runAsRoot.range.start, end: runAsRoot.range.start }, spot);
    assert.match(actions[0].title, /^Fix these \d+ problems together$/);
    assert.equal(actions[0].isPreferred, true);
    await client.applyEdit(actions[0].edit!);
    assert.ok(parsesCleanly(client.text(uri)));
    const report = await client.pull(uri);
    const left = report.kind === 'full' ? report.items : [];
    for (const item of spot.filter((item) => item.code !== 'missing-resource-limits')) assert.deepEqual(ofRule(left, String(item.code)), [], `${item.code} left:\n${client.text(uri)}`);
  });
});

describe('suppressions with a real reason', () => {
  test('"Disable ... for this line" is a snippet edit with the reason as the selected tab stop', async () => {
    const { uri, diagnostics } = await openFresh(BARE_POD);
    const { spot, actions } = await menuAtName(uri, diagnostics);
    const line = actions.find((action) => action.title.endsWith('for this line'))!;
    const [change] = line.edit!.documentChanges as { edits: { snippet?: { kind: string; value: string } }[] }[];
    const [edit] = change.edits;
    assert.equal(edit.snippet?.kind, 'snippet');
    assert.match(edit.snippet!.value, /^ {4}# kube-hardener-disable-next-line [a-z-, ]+ -- \$\{1:TODO: reason\}\n$/);
    await client.applyEdit(line.edit!);
    const report = await client.pull(uri);
    const left = report.kind === 'full' ? report.items : [];
    for (const item of spot) assert.deepEqual(ofRule(left, String(item.code)), [], `${item.code} still flagged`);
  });

  test('"for this object" puts every annotation in one snippet, the reason mirrored', async () => {
    const { uri, diagnostics } = await openFresh(BARE_POD);
    const { actions } = await menuAtName(uri, diagnostics);
    const object = actions.find((action) => action.title.endsWith('for this object'))!;
    const [change] = object.edit!.documentChanges as { edits: { snippet?: { value: string } }[] }[];
    assert.equal(change.edits.length, 1);
    const value = change.edits[0].snippet!.value;
    assert.equal(value.match(/\$\{1:TODO: reason\}/g)?.length, 1);
    assert.ok((value.match(/\$1\b/g)?.length ?? 0) >= 2, value);
    assert.match(snippetText(value), /ignore-check\.kube-hardener\.io\/run-as-root: "TODO: reason"/);
  });

  test('"for this file" puts a kube-hardener-disable directive at the top of the document', async () => {
    const { uri, diagnostics } = await openFresh(`# header comment\n${BARE_POD}`);
    const { actions } = await menuAtName(uri, diagnostics);
    const file = actions.find((action) => action.title.endsWith('for this file'))!;
    await client.applyEdit(file.edit!);
    assert.match(client.text(uri), /^# header comment\n# kube-hardener-disable [a-z-, ]+ -- TODO: reason\napiVersion: v1/);
  });

  test('a placeholder reason does not satisfy suppressions.requireReason', async () => {
    const strict = tempWorkspace({ '.kube-hardener.yaml': 'suppressions:\n  requireReason: true\n' });
    const strictClient = await TestClient.start({ workspace: strict.dir, pull: true });
    try {
      const uri = strict.uri('pod.yaml');
      const text = BARE_POD.replace('    - name: app', '    # kube-hardener-disable-next-line run-as-root -- TODO: reason\n    - name: app');
      await strictClient.open(uri, text);
      const report = await strictClient.pull(uri);
      const items = report.kind === 'full' ? report.items : [];
      assert.equal(ofRule(items, 'invalid-suppression').length, 1);
      assert.equal(ofRule(items, 'run-as-root').length, 1);
    } finally {
      await strictClient.stop();
      strict.cleanup();
    }
  });
});

describe('hover and parse errors', () => {
  test('several findings: no stack of rule documents; a list of one line each for clients that do not show them', async () => {
    const { uri, diagnostics } = await openFresh(BARE_POD);
    const [name] = ofRule(diagnostics, 'missing-security-context');
    const hover: any = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: name.range.start });
    assert.doesNotMatch(hover.contents.value, /Why it matters/);
    assert.match(hover.contents.value, /^Quick Fix: \*\*Add a hardened securityContext\*\* fixes \d+ of these \d+ problems\.$/);
    const plainWorkspace = tempWorkspace();
    const plain = await TestClient.start({ workspace: plainWorkspace.dir, pull: true });
    try {
      const other = plainWorkspace.uri('pod.yaml');
      await plain.open(other, BARE_POD);
      const listed: any = await plain.connection.sendRequest('textDocument/hover', { textDocument: { uri: other }, position: name.range.start });
      const lines = listed.contents.value.split('  \n');
      assert.ok(lines.some((line: string) => /has no securityContext.*\[`missing-security-context`\]\(.*missing-security-context\.md\)/.test(line)), listed.contents.value);
      assert.doesNotMatch(listed.contents.value, /Why it matters/);
    } finally {
      await plain.stop();
      plainWorkspace.cleanup();
    }
  });

  test('an unclosed flow sequence is underlined at its bracket, not on the empty line after it', async () => {
    const { diagnostics } = await openFresh('apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports: [80\n\n');
    const [error] = ofRule(diagnostics, 'parse-error');
    assert.deepEqual(error.range, { start: { line: 5, character: 9 }, end: { line: 5, character: 12 } });
  });
});

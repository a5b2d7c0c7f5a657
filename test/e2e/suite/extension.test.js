// The extension in a real VS Code: diagnostics, quick fix, fix-all, workspace scan, restart.
const assert = require('node:assert/strict');
const vscode = require('vscode');
const YAML = require('yaml');
const { ruleOf, findings, waitForFindings, workspaceUri, openFile, codeActions } = require('./helpers.js');

const EXTENSION_ID = 'kube-hardener.kube-hardener';
const has = (rule) => (list) => list.some((d) => ruleOf(d) === rule);
const lacks = (rule) => (list) => list.length > 0 && !list.some((d) => ruleOf(d) === rule);

function assertValidYaml(text) {
  for (const document of YAML.parseAllDocuments(text)) assert.deepEqual(document.errors, [], 'the edited text is valid YAML');
}

suite('kube-hardener in VS Code', () => {
  let document;

  suiteSetup(async () => {
    document = await openFile('privileged-pod.yaml');
  });

  test('the extension activates for a YAML file', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  test('diagnostics arrive with the rule ID as code, a docs link and the source', async () => {
    const list = await waitForFindings(document.uri, has('privileged-container'), 'privileged-container');
    const privileged = list.find((d) => ruleOf(d) === 'privileged-container');
    assert.equal(privileged.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(document.getText(privileged.range), 'true');
    assert.equal(privileged.range.start.line, 11);
    assert.match(String(privileged.code.target), /privileged-container/);
    console.log(`    ${list.length} findings: ${[...new Set(list.map(ruleOf))].join(', ')}`);
  });

  test('the preferred quick fix applies, keeps the comments, and the diagnostic goes away', async () => {
    const before = document.getText();
    const [privileged] = findings(document.uri, 'privileged-container');
    const actions = await codeActions(document.uri, privileged.range, vscode.CodeActionKind.QuickFix.value);
    console.log(`    quick fixes: ${actions.map((action) => action.title).join(' | ')}`);
    // (vscode.executeCodeActionProvider does not return the actions' diagnostics, so match by title.)
    // Turning an explicit `privileged: true` off is an unsafe fix (#8): then no action is preferred.
    const fix = actions.find((action) => action.isPreferred) ?? actions.find((action) => action.title.startsWith('Set privileged: false'));
    assert.ok(fix?.edit, 'a quick fix with an edit');
    assert.match(fix.title, /privileged/);
    assert.ok(actions.some((action) => action.title.startsWith('Disable privileged-container for this line')));
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    assert.equal(document.getText(), before.replace('privileged: true # needed? no', 'privileged: false # needed? no'));
    assertValidYaml(document.getText());
    await waitForFindings(document.uri, lacks('privileged-container'), 'privileged-container to disappear');
  });

  test('source.fixAll.kube-hardener applies the safe fixes of the file', async () => {
    const before = findings(document.uri).length;
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const [fixAll] = await codeActions(document.uri, whole, 'source.fixAll.kube-hardener');
    assert.ok(fixAll?.edit, 'a fix-all action with an edit');
    assert.equal(await vscode.workspace.applyEdit(fixAll.edit), true);
    assertValidYaml(document.getText());
    assert.match(document.getText(), /^# Editor-test fixture: one privileged container/);
    assert.match(document.getText(), /- name: shell # the debugging shell/);
    const after = await waitForFindings(document.uri, (list) => list.length < before, 'fewer findings after fix-all');
    console.log(`    fix-all: ${before} -> ${after.length} findings`);
  });

  test('kubeHardener.fileSummary counts the findings of the open file', async () => {
    const summary = await vscode.commands.executeCommand('kubeHardener.fileSummary', document.uri.toString());
    assert.equal(summary.profile, 'restricted');
    const total = Object.values(summary.counts).reduce((sum, count) => sum + count, 0);
    assert.equal(total, findings(document.uri).length);
  });

  test('Scan Workspace returns a summary and fills the Problems panel for unopened files', async () => {
    const unopened = workspaceUri('apps', 'host-network-deployment.yaml');
    const summary = await vscode.commands.executeCommand('kubeHardener.runWorkspaceScan');
    console.log(`    scan summary: ${JSON.stringify(summary)}`);
    assert.ok(summary.files >= 2, 'at least the two manifests were checked');
    assert.ok(summary.findings.error + summary.findings.warning > 0);
    assert.ok(summary.topRules.length > 0 && summary.topRules.every((entry) => typeof entry.rule === 'string' && entry.count > 0));
    await waitForFindings(unopened, has('host-namespaces'), 'host-namespaces in the unopened file');
  });

  test('Explain RBAC Permissions answers with what a ServiceAccount may do', async () => {
    const markdown = await vscode.commands.executeCommand('kubeHardener.explainRbacPermissions', 'ops/agent');
    assert.equal(typeof markdown, 'string');
    assert.match(markdown, /secrets/);
    assert.match(markdown, /agent-reads-secrets|secret-reader/);
  });

  test('Restart Server re-creates the client, which analyses edits again', async () => {
    await vscode.commands.executeCommand('kubeHardener.restartServer');
    const line = document.getText().split('\n').findIndex((text) => text.includes('privileged: false'));
    const start = document.lineAt(line).text.indexOf('false');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(line, start, line, start + 'false'.length), 'true');
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    await waitForFindings(document.uri, has('privileged-container'), 'privileged-container after the restart');
  });
});

suite('a big document (over 256 KB)', () => {
  test('its diagnostics follow a burst of edits once the typing pauses', async () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n';
    const filler = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: filler\ndata:\n${Array.from({ length: 6000 }, (_, at) => `  key${at}: "${'x'.repeat(40)}"`).join('\n')}\n`;
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: `# a comment\n${filler}---\n${pod}` });
    await vscode.window.showTextDocument(document);
    assert.ok(document.getText().length > 256 * 1024);
    await waitForFindings(document.uri, has('privileged-container'), 'privileged-container in the big document');
    for (const char of 'typing fast') {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, document.lineAt(0).range.end, char);
      assert.equal(await vscode.workspace.applyEdit(edit), true);
    }
    const line = document.getText().split('\n').findIndex((text) => text.includes('privileged: true'));
    const start = document.lineAt(line).text.indexOf('true');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(line, start, line, start + 'true'.length), 'false');
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    await waitForFindings(document.uri, lacks('privileged-container'), 'privileged-container to disappear after the pause');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

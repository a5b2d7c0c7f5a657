// Helpers for the extension-host suites: open fixtures, wait for diagnostics (on the
// onDidChangeDiagnostics event, never on a sleep), read rule IDs from diagnostics.
const vscode = require('vscode');

const SOURCE = 'kube-hardener';
const WAIT_MS = 30000;

/** The rule ID of a diagnostic: `code` is { value, target } when the server sends a docs link. */
function ruleOf(diagnostic) {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

/** kube-hardener's diagnostics of a document, optionally of one rule. */
function findings(uri, rule) {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE && (!rule || ruleOf(d) === rule));
}

/** Resolves with the document's kube-hardener diagnostics once `predicate` holds for them. */
function waitForFindings(uri, predicate, what, timeoutMs = WAIT_MS) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const current = findings(uri);
      if (!predicate(current)) return false;
      finish();
      resolve(current);
      return true;
    };
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      finish();
      const seen = findings(uri).map((d) => `${ruleOf(d)}@${d.range.start.line + 1}`).join(', ');
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} in ${uri.path} (have: ${seen || 'none'})`));
    }, timeoutMs);
    function finish() {
      clearTimeout(timer);
      listener.dispose();
    }
    check();
  });
}

/** A file of the test workspace (a copy of test/e2e/fixtures/workspace). */
function workspaceUri(...segments) {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, ...segments);
}

/** Opens a workspace file in an editor. */
async function openFile(...segments) {
  const document = await vscode.workspace.openTextDocument(workspaceUri(...segments));
  await vscode.window.showTextDocument(document);
  return document;
}

/** The code actions of a kind the providers offer for a range, with edits resolved. */
async function codeActions(uri, range, kind) {
  const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, range, kind, 50);
  return actions ?? [];
}

module.exports = { SOURCE, ruleOf, findings, waitForFindings, workspaceUri, openFile, codeActions };

// The kube-hardener language server: the connection and the wiring of LSP messages to server/src/lsp/.
// Transport from argv (--stdio, --node-ipc, --socket=N, --pipe=NAME); stdio when none is given.
import { CodeActionTriggerKind, createConnection, ProposedFeatures, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { serverCapabilities } from './lsp/capabilities.ts';
import { codeActions } from './lsp/code-actions.ts';
import { executeCommand } from './lsp/commands.ts';
import { resolveCodeAction } from './lsp/fix-all-actions.ts';
import { createContext, ServerContext } from './lsp/context.ts';
import { documentClosed, documentOpened, documentSaved } from './lsp/document-lifecycle.ts';
import { guard, keepProcessAlive } from './lsp/guard.ts';
import { hoverAt } from './lsp/hover.ts';
import { rbacHoverAt } from './lsp/rbac-hover.ts';
import { applyFileEvents, buildInitialIndex, indexFolders, reloadConfiguration, watchYamlFiles } from './lsp/workspace-sync.ts';

if (!process.argv.some((arg) => /^--(stdio|node-ipc|socket|pipe)/.test(arg))) process.argv.push('--stdio');

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let context: ServerContext | undefined;
keepProcessAlive(connection);

/** The session state; requests before initialize are a client bug. */
function ctx(): ServerContext {
  if (!context) throw new Error('the server is not initialized');
  return context;
}

connection.onInitialize((params) => {
  context = createContext(connection, documents, params);
  return { capabilities: serverCapabilities(context.support), serverInfo: { name: 'kube-hardener' } };
});

connection.onInitialized(guard(connection, 'initialized', async () => {
  if (ctx().support.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders(guard(connection, 'workspace folders', async (event) => {
      await indexFolders(ctx(), ctx().folders.change(event), true);
    }, undefined));
  }
  await watchYamlFiles(ctx());
  await buildInitialIndex(ctx());
}, undefined));

documents.onDidOpen(guard(connection, 'didOpen', ({ document }) => documentOpened(ctx(), document), undefined));
documents.onDidChangeContent(guard(connection, 'didChange', ({ document }) => ctx().diagnostics.changed(document), undefined));
documents.onDidClose(guard(connection, 'didClose', ({ document }) => documentClosed(ctx(), document), undefined));
documents.onDidSave(guard(connection, 'didSave', ({ document }) => documentSaved(ctx(), document), undefined));

connection.onDidChangeConfiguration(guard(connection, 'didChangeConfiguration', async (params) => {
  await reloadConfiguration(ctx(), ctx().support.configuration ? undefined : params.settings);
}, undefined));

connection.onDidChangeWatchedFiles(guard(connection, 'didChangeWatchedFiles', (params) => applyFileEvents(ctx(), params.changes), undefined));

connection.languages.diagnostics.on(
  guard(connection, 'textDocument/diagnostic', (params, token) => ctx().diagnostics.answerPull(params, token), { kind: 'full' as const, items: [] }),
);

connection.onCodeAction(guard(connection, 'textDocument/codeAction', async (params) => {
  const document = documents.get(params.textDocument.uri);
  // The lightbulb asks on every cursor move while typing: it never starts a check of a version the
  // diagnostics have not been computed for (VS Code asks again when they arrive).
  if (document && params.context.triggerKind === CodeActionTriggerKind.Automatic && !ctx().analyzer.cached(document)) return [];
  const analysis = document && (await ctx().analyzer.analyze(document));
  return analysis ? codeActions(analysis, params, ctx().support) : [];
}, []));

connection.onCodeActionResolve((action) => guard(connection, 'codeAction/resolve', () => resolveCodeAction(ctx(), action), action)());

connection.onHover(guard(connection, 'textDocument/hover', async (params) => {
  const document = documents.get(params.textDocument.uri);
  const analysis = document && (await ctx().analyzer.analyze(document));
  if (!analysis) return null;
  const findingHover = hoverAt(analysis, params.position, ctx().support);
  if (findingHover) return findingHover;
  // Permissions come from every binding of the workspace, and a hover is never refreshed: wait for the whole index.
  await ctx().tracker.whenBuilt();
  return rbacHoverAt(analysis, params.position, ctx().tracker.index, ctx().support.markdown);
}, null));

connection.onExecuteCommand(
  guard(connection, 'workspace/executeCommand', (params, token, workDone) => executeCommand(ctx(), params, token, workDone), null),
);

// `npm run bench` asks for the heap after typing (the server runs with --expose-gc then); never set otherwise.
if (process.env.KUBE_HARDENER_BENCH_HEAP === '1') {
  connection.onRequest('kubeHardener/benchHeap', () => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage();
  });
}

documents.listen(connection);
connection.listen();

// The kube-hardener language server: the connection and the wiring of LSP messages to server/src/lsp/.
// Transport from argv (--stdio, --node-ipc, --socket=N, --pipe=NAME); stdio when none is given.
import {
  createConnection,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocuments,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { serverCapabilities } from './lsp/capabilities.ts';
import { codeActions } from './lsp/code-actions.ts';
import { executeCommand } from './lsp/commands.ts';
import { isConfigFile } from './lsp/config-file.ts';
import { createContext, ServerContext } from './lsp/context.ts';
import { guard, keepProcessAlive } from './lsp/guard.ts';
import { hoverAt } from './lsp/hover.ts';
import { relintUnopened } from './lsp/unopened-files.ts';
import { uriToPath } from './lsp/uris.ts';
import { applyFileEvents, indexWorkspace, reloadConfiguration } from './lsp/workspace-sync.ts';

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
  const { support } = ctx();
  if (support.watchedFilesRegistration) {
    await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml}' }] });
  }
  if (support.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders(guard(connection, 'workspace folders', async (event) => {
      await indexWorkspace(ctx(), ctx().folders.change(event));
    }, undefined));
  }
  await indexWorkspace(ctx());
}, undefined));

documents.onDidOpen(guard(connection, 'didOpen', ({ document }) => {
  const { tracker, diagnostics, scanned } = ctx();
  tracker.setOpen(uriToPath(document.uri), true);
  if (diagnostics.pull && scanned.delete(document.uri)) diagnostics.publishUnopened(document.uri, []);
  diagnostics.opened(document);
}, undefined));

documents.onDidChangeContent(guard(connection, 'didChange', ({ document }) => ctx().diagnostics.changed(document), undefined));

documents.onDidClose(guard(connection, 'didClose', async ({ document }) => {
  const { tracker, analyzer, diagnostics, scanned } = ctx();
  const path = uriToPath(document.uri);
  tracker.setOpen(path, false);
  analyzer.forget(document.uri);
  diagnostics.closed(document.uri);
  const settings = await ctx().settings.forPath(path);
  diagnostics.recheck(affectedOpenUris(await tracker.updateFromDisk(path, settings.config)));
  if (scanned.has(document.uri)) await relintUnopened(ctx(), document.uri);
}, undefined));

documents.onDidSave(guard(connection, 'didSave', async ({ document }) => {
  if (isConfigFile(uriToPath(document.uri)) && !ctx().support.watchedFilesRegistration) await reloadConfiguration(ctx());
}, undefined));

connection.onDidChangeConfiguration(guard(connection, 'didChangeConfiguration', async (params) => {
  await reloadConfiguration(ctx(), ctx().support.configuration ? undefined : params.settings);
}, undefined));

connection.onDidChangeWatchedFiles(guard(connection, 'didChangeWatchedFiles', (params) => applyFileEvents(ctx(), params.changes), undefined));

connection.languages.diagnostics.on(
  guard(connection, 'textDocument/diagnostic', (params, token) => ctx().diagnostics.answerPull(params, token), { kind: 'full' as const, items: [] }),
);

connection.onCodeAction(guard(connection, 'textDocument/codeAction', async (params) => {
  const document = documents.get(params.textDocument.uri);
  const analysis = document && (await ctx().analyzer.analyze(document));
  return analysis ? codeActions(analysis, params, ctx().support) : [];
}, []));

connection.onHover(guard(connection, 'textDocument/hover', async (params) => {
  const document = documents.get(params.textDocument.uri);
  const analysis = document && (await ctx().analyzer.analyze(document));
  return analysis ? hoverAt(analysis, params.position, ctx().support.markdown) : null;
}, null));

connection.onExecuteCommand(guard(connection, 'workspace/executeCommand', (params, token) => executeCommand(ctx(), params, token), null));

function affectedOpenUris(paths: string[]): string[] {
  return paths.map((path) => ctx().openDocument(path)?.uri).filter((uri): uri is string => uri !== undefined);
}

documents.listen(connection);
connection.listen();

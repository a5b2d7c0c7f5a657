import * as vscode from 'vscode';
import { ServerConnection } from './server-connection.ts';
import { registerCommands, restoreScan } from './commands.ts';
import { createLanguageStatus } from './status.ts';
import { MarkdownView } from './markdown-view.ts';

let connection: ServerConnection | undefined;

/**
 * Starts the extension: extension-lifetime pieces (output channel, commands, status item,
 * markdown view) go into context.subscriptions; the language client lives in ServerConnection,
 * which Restart Server re-creates alone.
 */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Kube Hardener', { log: true });
  const markdown = new MarkdownView();
  connection = new ServerConnection(context, output);
  context.subscriptions.push(output, markdown, connection);
  registerCommands({ context, connection, output, markdown });
  createLanguageStatus(context, connection);
  const running = connection;
  context.subscriptions.push(running.onDidStart(() => void restoreScan({ context, connection: running, output })));
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('kubeHardener.enable')) void connection?.restart();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void connection?.restart()),
  );
  try {
    await connection.start();
  } catch (error) {
    output.error(`The Kube Hardener server did not start: ${error instanceof Error ? error.message : String(error)}`);
    void vscode.window.showErrorMessage('Kube Hardener: the language server did not start. See the "Kube Hardener" output.');
  }
}

/** Stops the language server; VS Code disposes the rest. */
export async function deactivate(): Promise<void> {
  await connection?.stop();
  connection = undefined;
}

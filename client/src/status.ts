import * as vscode from 'vscode';
import type { ServerConnection } from './server-connection.ts';
import { COMMANDS } from '../../server/src/lsp/command-ids.ts';
import { describeFileStatus, FileSummary } from './summary.ts';

const REFRESH_DELAY_MS = 150;
const YAML_SELECTOR: vscode.DocumentSelector = [{ language: 'yaml' }];

/**
 * The YAML language status item: the active profile and the active file's finding count (from
 * the server command kubeHardener.fileSummary), refreshed when diagnostics or the editor change.
 */
export function createLanguageStatus(context: vscode.ExtensionContext, connection: ServerConnection): void {
  const item = vscode.languages.createLanguageStatusItem('kubeHardener.status', YAML_SELECTOR);
  item.name = 'Kube Hardener';
  item.text = 'Kube Hardener';
  item.command = { title: 'Show Problems', command: 'workbench.actions.view.problems' };
  let timer: NodeJS.Timeout | undefined;
  let generation = 0;
  const refresh = async () => {
    const current = ++generation;
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'yaml' || !connection.isRunning) {
      item.text = connection.isRunning ? 'Kube Hardener' : 'Kube Hardener (stopped)';
      item.detail = undefined;
      return;
    }
    item.busy = true;
    try {
      const summary = await connection.executeServerCommand<FileSummary>(COMMANDS.fileSummary, connection.uriToServer(document.uri));
      if (current !== generation || !summary) return;
      Object.assign(item, describeFileStatus(summary));
      item.severity = summary.counts.error > 0 ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    } catch {
      if (current === generation) item.detail = 'file summary unavailable';
    } finally {
      if (current === generation) item.busy = false;
    }
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void refresh(), REFRESH_DELAY_MS);
  };
  const isActive = (uris: readonly vscode.Uri[]) => {
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    return active !== undefined && uris.some((uri) => uri.toString() === active);
  };
  context.subscriptions.push(
    item,
    { dispose: () => timer && clearTimeout(timer) },
    vscode.languages.onDidChangeDiagnostics((event) => isActive(event.uris) && schedule()),
    vscode.window.onDidChangeActiveTextEditor(schedule),
    vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('kubeHardener') && schedule()),
    connection.onDidStart(schedule),
  );
  schedule();
}

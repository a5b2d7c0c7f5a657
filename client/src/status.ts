import * as vscode from 'vscode';
import type { ServerConnection } from './server-connection.ts';
import { COMMANDS } from '../../server/src/lsp/command-ids.ts';
import { describeFileStatus, FileSummary, summaryFromDiagnostics } from './summary.ts';

const REFRESH_DELAY_MS = 150;
const YAML_SELECTOR: vscode.DocumentSelector = [{ language: 'yaml' }];

/**
 * The YAML language status item: the active profile and the active file's finding count (from
 * the server command kubeHardener.fileSummary when the editor, the settings or the server change;
 * new diagnostics of the file are counted here, since asking the server would check a text the
 * user may have changed since: in a big file, a second check of the whole text per typing pause).
 */
export function createLanguageStatus(context: vscode.ExtensionContext, connection: ServerConnection): void {
  const item = vscode.languages.createLanguageStatusItem('kubeHardener.status', YAML_SELECTOR);
  item.name = 'Kube Hardener';
  item.text = 'Kube Hardener';
  item.command = { title: 'Show Problems', command: 'workbench.actions.view.problems' };
  let timer: NodeJS.Timeout | undefined;
  let generation = 0;
  /** The server's last summary and the document it is for. */
  let last: { uri: string; summary: FileSummary } | undefined;
  const show = (summary: FileSummary) => {
    Object.assign(item, describeFileStatus(summary));
    item.severity = summary.counts.error > 0 ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  };
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
      last = { uri: document.uri.toString(), summary };
      show(summary);
    } catch {
      if (current === generation) item.detail = 'file summary unavailable';
    } finally {
      if (current === generation) item.busy = false;
    }
  };
  const schedule = () => {
    last = undefined;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void refresh();
    }, REFRESH_DELAY_MS);
  };
  /** New diagnostics of the active file: counted here once the server has summarised this file. */
  const recount = () => {
    const uri = vscode.window.activeTextEditor?.document.uri;
    if (!uri || last?.uri !== uri.toString() || last.summary.enabled === false || timer) return schedule();
    generation++;
    item.busy = false;
    last.summary = summaryFromDiagnostics(last.summary, vscode.languages.getDiagnostics(uri));
    show(last.summary);
  };
  const isActive = (uris: readonly vscode.Uri[]) => {
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    return active !== undefined && uris.some((uri) => uri.toString() === active);
  };
  context.subscriptions.push(
    item,
    { dispose: () => timer && clearTimeout(timer) },
    vscode.languages.onDidChangeDiagnostics((event) => isActive(event.uris) && recount()),
    vscode.window.onDidChangeActiveTextEditor(schedule),
    vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('kubeHardener') && schedule()),
    connection.onDidStart(schedule),
  );
  schedule();
}

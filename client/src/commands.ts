import * as vscode from 'vscode';
import type { ServerConnection } from './server-connection.ts';
import type { MarkdownView } from './markdown-view.ts';
import { describeScanSummary, describeScanToast, ScanSummary, totalFindings } from './summary.ts';
import { pickRuleId } from './rule-picker.ts';
import { parseIdentityLoosely } from '../../server/src/rbac/subjects.ts';
import { CLIENT_COMMANDS, COMMANDS } from '../../server/src/lsp/command-ids.ts';

/**
 * Palette command IDs. They differ from the server's command IDs (kubeHardener.scanWorkspace,
 * ...) because vscode-languageclient registers the server's commands under their own IDs; these
 * add the UI around them (pickers, input boxes, summaries).
 */
export const PALETTE_COMMANDS = {
  scanWorkspace: 'kubeHardener.runWorkspaceScan',
  fixAllInFile: 'kubeHardener.fixAllInActiveFile',
  /** The same, titled "Kube Hardener: Fix All in File" for the editor context menu (which shows no category). */
  fixAllInFileFromMenu: 'kubeHardener.fixAllInActiveFileFromMenu',
  showRuleDocs: 'kubeHardener.openRuleDocs',
  restartServer: 'kubeHardener.restartServer',
  explainRbac: 'kubeHardener.explainRbacPermissions',
} as const;

/** What the rbac-cluster-wide-binding quick fix passes: the binding's document version and range, and a suggested namespace. */
interface RoleBindingConversion {
  uri: string;
  version: number;
  range: unknown;
  namespace: string;
}

interface CommandDeps {
  context: vscode.ExtensionContext;
  connection: ServerConnection;
  output: vscode.LogOutputChannel;
  markdown: MarkdownView;
}

/** Registers the palette commands for the extension's lifetime. */
export function registerCommands(deps: CommandDeps): void {
  const handlers: Record<string, (...args: any[]) => unknown> = {
    [PALETTE_COMMANDS.scanWorkspace]: () => scanWorkspace(deps),
    [PALETTE_COMMANDS.fixAllInFile]: (uri?: vscode.Uri | string) => fixAllInFile(deps, uri),
    [PALETTE_COMMANDS.fixAllInFileFromMenu]: (uri?: vscode.Uri | string) => fixAllInFile(deps, uri),
    [PALETTE_COMMANDS.showRuleDocs]: (ruleId?: string | string[]) => showRuleDocs(deps, ruleId),
    [PALETTE_COMMANDS.restartServer]: () => restartServer(deps),
    [PALETTE_COMMANDS.explainRbac]: (subject?: string) => explainRbac(deps, subject),
    [CLIENT_COMMANDS.convertToRoleBinding]: (conversion?: RoleBindingConversion) => convertToRoleBinding(deps, conversion),
  };
  for (const [id, handler] of Object.entries(handlers)) {
    deps.context.subscriptions.push(vscode.commands.registerCommand(id, (...args) => reportFailure(deps, id, handler(...args))));
  }
}

async function reportFailure<T>(deps: CommandDeps, id: string, result: T | Promise<T>): Promise<T | undefined> {
  try {
    return await result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.output.error(`${id} failed: ${message}`);
    void vscode.window.showErrorMessage(`Kube Hardener: ${message}`);
    return undefined;
  }
}

/** The workspaceState key that remembers a scan, so that a restarted server shows its results again. */
export const SCANNED_KEY = 'kubeHardener.workspaceScanned';

/** Scans with a cancellable notification (file count, current file), then a toast linking the details. */
async function scanWorkspace({ context, connection, output }: CommandDeps): Promise<ScanSummary | undefined> {
  const summary = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Kube Hardener: scanning the workspace', cancellable: true },
    (progress, token) => {
      let reported = 0;
      return connection.executeServerCommandWithProgress<ScanSummary>(COMMANDS.scanWorkspace, [{ notify: false }], token, (percentage, message) => {
        const increment = percentage === undefined ? undefined : Math.max(0, percentage - reported);
        if (percentage !== undefined) reported = percentage;
        progress.report({ message, increment });
      });
    },
  );
  if (!summary) return undefined;
  await context.workspaceState.update(SCANNED_KEY, !summary.cancelled);
  output.info(describeScanSummary(summary));
  void showScanToast(output, summary);
  return summary;
}

async function showScanToast(output: vscode.LogOutputChannel, summary: ScanSummary): Promise<void> {
  const details = 'Show Details';
  const problems = 'Open Problems';
  const buttons = totalFindings(summary.findings) > 0 ? [problems, details] : [details];
  const picked = await vscode.window.showInformationMessage(describeScanToast(summary), ...buttons);
  if (picked === details) output.show(true);
  if (picked === problems) await vscode.commands.executeCommand('workbench.actions.view.problems');
}

/** After a (re)start of the server: the results of a scan done before come back, without any UI. */
export async function restoreScan({ context, connection, output }: Pick<CommandDeps, 'context' | 'connection' | 'output'>): Promise<void> {
  if (!context.workspaceState.get<boolean>(SCANNED_KEY)) return;
  try {
    const summary = await connection.executeServerCommand<ScanSummary>(COMMANDS.scanWorkspace, { notify: false });
    output.info(`Results of the last workspace scan restored: ${describeScanSummary(summary).split('\n')[0]}`);
  } catch (error) {
    output.warn(`Could not restore the last workspace scan: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function fixAllInFile({ connection }: CommandDeps, uri?: vscode.Uri | string): Promise<unknown> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target) {
    void vscode.window.showInformationMessage('Kube Hardener: open a YAML file to fix.');
    return undefined;
  }
  const serverUri = typeof target === 'string' ? target : connection.uriToServer(target);
  return connection.executeServerCommand(COMMANDS.fixAllInFile, serverUri);
}

async function showRuleDocs(deps: CommandDeps, ruleId?: string | string[]): Promise<void> {
  const id = typeof ruleId === 'string' ? ruleId : await pickRuleId(deps.context, Array.isArray(ruleId) ? ruleId : undefined);
  if (!id) return;
  const result = await deps.connection.executeServerCommand<unknown>(COMMANDS.showRuleDocs, id, { openExternal: false });
  const markdown = markdownOf(result);
  if (markdown) await deps.markdown.show(id, markdown);
}

async function restartServer({ connection, output }: CommandDeps): Promise<void> {
  output.info('Restarting the Kube Hardener server.');
  await connection.restart();
  void vscode.window.setStatusBarMessage('Kube Hardener server restarted', 3000);
}

async function explainRbac(deps: CommandDeps, subject?: string): Promise<unknown> {
  const target = typeof subject === 'string' ? subject : await vscode.window.showInputBox({
    title: 'Kube Hardener: Explain RBAC Permissions',
    prompt: 'Subject: ServiceAccount namespace/name (or system:serviceaccount:namespace:name), User name or Group name',
    placeHolder: 'e.g. ServiceAccount ci/deployer, ci/deployer, User alice, Group system:authenticated',
    ignoreFocusOut: true,
    validateInput: subjectProblem,
  });
  if (!target) return undefined;
  const result = await deps.connection.executeServerCommand<unknown>(COMMANDS.explainRbac, target);
  const markdown = markdownOf(result) ?? `\`\`\`json\n${JSON.stringify(result, null, 2)}\n\`\`\``;
  deps.output.info(`RBAC permissions of ${target}:\n${markdown}`);
  await deps.markdown.show(`rbac-${target}`, markdown);
  return result;
}

/** Asks for the namespace (prefilled with the suggestion), then lets the server convert the ClusterRoleBinding. */
async function convertToRoleBinding({ connection }: CommandDeps, conversion?: RoleBindingConversion): Promise<unknown> {
  if (!conversion) return undefined;
  const namespace = await vscode.window.showInputBox({
    title: 'Kube Hardener: Convert to a RoleBinding',
    prompt: 'Namespace of the RoleBinding: the subjects keep the role there and lose it in every other namespace',
    value: conversion.namespace,
    valueSelection: [0, conversion.namespace.length],
    ignoreFocusOut: true,
    validateInput: namespaceProblem,
  });
  if (namespace === undefined) return undefined;
  return connection.executeServerCommand(COMMANDS.applyRoleBindingConversion, { ...conversion, namespace: namespace.trim() });
}

/** Checked as the user types, with the server's own parser: the box stays open until the subject is valid. */
export function subjectProblem(value: string): string | undefined {
  if (value.trim() === '') return 'A subject: ServiceAccount namespace/name, User name or Group name';
  try {
    parseIdentityLoosely(value);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function namespaceProblem(value: string): string | undefined {
  const name = value.trim();
  if (name.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) return undefined;
  return 'A namespace name: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters';
}

/** The markdown in a server command's answer: a string, or an object with `markdown`/`value`. */
function markdownOf(result: unknown): string | undefined {
  if (typeof result === 'string') return result;
  if (typeof result === 'object' && result !== null) {
    const { markdown, value } = result as { markdown?: unknown; value?: unknown };
    if (typeof markdown === 'string') return markdown;
    if (typeof value === 'string') return value;
  }
  return undefined;
}

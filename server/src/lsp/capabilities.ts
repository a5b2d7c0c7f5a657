import {
  ClientCapabilities,
  CodeActionKind,
  ServerCapabilities,
  TextDocumentSyncKind,
} from 'vscode-languageserver';

/** The command IDs the server executes (workspace/executeCommand). */
export const COMMANDS = {
  scanWorkspace: 'kubeHardener.scanWorkspace',
  fixAllInFile: 'kubeHardener.fixAllInFile',
  showRuleDocs: 'kubeHardener.showRuleDocs',
  fileSummary: 'kubeHardener.fileSummary',
  explainRbac: 'kubeHardener.explainRbac',
} as const;

/** The code action kind of "apply every safe fix", for `editor.codeActionsOnSave`. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.kube-hardener`;

/** What the client can do, read once from its initialize capabilities. */
export interface ClientSupport {
  pullDiagnostics: boolean;
  diagnosticRefresh: boolean;
  configuration: boolean;
  workspaceFolders: boolean;
  workDoneProgress: boolean;
  showDocument: boolean;
  documentChanges: boolean;
  createFiles: boolean;
  watchedFilesRegistration: boolean;
  markdown: boolean;
  /** codeAction/resolve can fill in an action's edit later. */
  resolveEdit: boolean;
}

/** Reads the client capabilities the server adapts to. */
export function readClientSupport(capabilities: ClientCapabilities): ClientSupport {
  const workspace = capabilities.workspace;
  const hoverFormats = capabilities.textDocument?.hover?.contentFormat;
  const codeAction = capabilities.textDocument?.codeAction;
  return {
    pullDiagnostics: capabilities.textDocument?.diagnostic !== undefined,
    diagnosticRefresh: workspace?.diagnostics?.refreshSupport === true,
    configuration: workspace?.configuration === true,
    workspaceFolders: workspace?.workspaceFolders === true,
    workDoneProgress: capabilities.window?.workDoneProgress === true,
    showDocument: capabilities.window?.showDocument?.support === true,
    documentChanges: workspace?.workspaceEdit?.documentChanges === true,
    createFiles: workspace?.workspaceEdit?.resourceOperations?.includes('create') === true,
    watchedFilesRegistration: workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    markdown: hoverFormats === undefined || hoverFormats.includes('markdown'),
    resolveEdit: codeAction?.dataSupport === true && codeAction.resolveSupport?.properties.includes('edit') === true,
  };
}

/** The capabilities the server announces, given what the client supports. */
export function serverCapabilities(support: ClientSupport): ServerCapabilities {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    diagnosticProvider: support.pullDiagnostics
      ? { identifier: 'kube-hardener', interFileDependencies: true, workspaceDiagnostics: false }
      : undefined,
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: support.resolveEdit },
    hoverProvider: true,
    executeCommandProvider: { commands: Object.values(COMMANDS) },
    workspace: support.workspaceFolders ? { workspaceFolders: { supported: true, changeNotifications: true } } : undefined,
  };
}

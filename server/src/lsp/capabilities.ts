import {
  ClientCapabilities,
  CodeActionKind,
  ServerCapabilities,
  TextDocumentSyncKind,
} from './protocol.ts';

import { COMMANDS } from './command-ids.ts';

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
  /** The CLIENT_COMMANDS the client runs itself. */
  clientCommands: string[];
  /** Workspace edits may hold snippet edits (LSP 3.18 SnippetTextEdit): a suppression's reason gets selected. */
  snippetEdits: boolean;
  /**
   * The client shows each diagnostic under the cursor in the hover itself (VS Code does, one line
   * with its code and link; the extension says so in its initializationOptions).
   */
  diagnosticsInHover: boolean;
}

/** Reads the client capabilities (and the client commands its initialization options list) the server adapts to. */
export function readClientSupport(capabilities: ClientCapabilities, initializationOptions?: unknown): ClientSupport {
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
    clientCommands: clientCommandsOf(initializationOptions),
    snippetEdits: (workspace?.workspaceEdit as { snippetEditSupport?: boolean } | undefined)?.snippetEditSupport === true,
    diagnosticsInHover: (initializationOptions as { diagnosticsInHover?: unknown } | null | undefined)?.diagnosticsInHover === true,
  };
}

function clientCommandsOf(initializationOptions: unknown): string[] {
  const listed = (initializationOptions as { clientCommands?: unknown } | null | undefined)?.clientCommands;
  return Array.isArray(listed) ? listed.filter((command): command is string => typeof command === 'string') : [];
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

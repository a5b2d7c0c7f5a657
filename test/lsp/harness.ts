// A minimal LSP client for the language server tests: spawns the bundled dist/server.js over stdio,
// records what the server sends and lets tests wait on those events (never on fixed sleeps).
import { ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ApplyWorkspaceEditRequest,
  ClientCapabilities,
  CodeAction,
  CodeActionRequest,
  ConfigurationRequest,
  createProtocolConnection,
  Diagnostic,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticReport,
  DocumentDiagnosticRequest,
  ExecuteCommandRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  Range,
  RegistrationRequest,
  ShowDocumentRequest,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentContentChangeEvent,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
  WorkspaceEdit,
  DiagnosticRefreshRequest,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'node:url';
import type { TempWorkspace } from './workspace-fixture.ts';

/** The bundled server (`npm run build`); tests run from the repository root, as `npm test` does. */
export const SERVER = resolve('dist', 'server.js');
const WAIT_LIMIT_MS = 20_000;

/** How the test client introduces itself to the server. */
export interface ClientOptions {
  /** The workspace folder (a temp folder). */
  workspace: string;
  /** Declare pull diagnostics (LSP 3.17) instead of push only. */
  pull?: boolean;
  /** Declare codeAction/resolve support for edits (as VS Code does). */
  resolve?: boolean;
  /** Settings answered for the `kubeHardener` section. */
  settings?: Record<string, unknown>;
  /** Extra environment variables of the server process. */
  env?: Record<string, string>;
  /** Declare LSP 3.18 snippet edits in workspace edits (as VS Code does). */
  snippets?: boolean;
  /** initializationOptions of the initialize request (the VS Code extension lists its client commands there). */
  initializationOptions?: unknown;
}

/** What the VS Code extension declares: pull diagnostics, resolved and snippet edits, its client commands, diagnostics in hovers. */
export const AS_VSCODE: Omit<ClientOptions, 'workspace'> = {
  pull: true,
  resolve: true,
  snippets: true,
  initializationOptions: { clientCommands: ['kubeHardener.openRuleDocs'], diagnosticsInHover: true },
};

/** An event the server sent: a notification or a request, with its params. */
export interface ServerEvent {
  method: string;
  params: any;
}

/** A test LSP client over the server's stdio. */
export class TestClient {
  readonly events: ServerEvent[] = [];
  readonly documents = new Map<string, TextDocument>();
  settings: Record<string, unknown>;
  /** Called with each progress notification; a test can cancel from here. */
  onProgress?: (token: string | number, value: any) => void;
  private readonly emitter = new EventEmitter();
  private stderr = '';

  private constructor(readonly connection: ProtocolConnection, readonly child: ChildProcess, options: ClientOptions) {
    this.settings = options.settings ?? {};
    child.stderr!.on('data', (chunk) => (this.stderr += chunk));
    this.listen();
  }

  /** Spawns the server, initializes it with a pull or push client's capabilities, and sends initialized. */
  static async start(options: ClientOptions): Promise<TestClient> {
    if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` first`);
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new TestClient(connection, child, options);
    connection.listen();
    const folder = pathToFileURL(options.workspace).href;
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: folder,
      workspaceFolders: [{ uri: folder, name: 'workspace' }],
      capabilities: capabilities(options.pull ?? false, options.resolve ?? false, options.snippets ?? false),
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  private record(method: string, params: unknown): void {
    const event = { method, params };
    this.events.push(event);
    this.emitter.emit('event', event);
  }

  private listen(): void {
    const c = this.connection;
    c.onNotification(PublishDiagnosticsNotification.type, (params) => this.record(PublishDiagnosticsNotification.method, params));
    c.onNotification(ShowMessageNotification.type, (params) => this.record(ShowMessageNotification.method, params));
    c.onNotification(LogMessageNotification.type, (params) => this.record(LogMessageNotification.method, params));
    c.onRequest(ConfigurationRequest.type, (params) => {
      this.record(ConfigurationRequest.method, params);
      return params.items.map((item) => (item.section === 'kubeHardener' ? this.settings : null));
    });
    c.onRequest(WorkDoneProgressCreateRequest.type, (params) => {
      this.record(WorkDoneProgressCreateRequest.method, params);
      c.onProgress(WorkDoneProgress.type, params.token, (value) => {
        this.record('$/progress', { token: params.token, value });
        this.onProgress?.(params.token, value);
      });
    });
    c.onRequest(RegistrationRequest.type, (params) => this.record(RegistrationRequest.method, params));
    c.onRequest(DiagnosticRefreshRequest.type, () => this.record(DiagnosticRefreshRequest.method, {}));
    c.onRequest(ShowDocumentRequest.type, (params) => {
      this.record(ShowDocumentRequest.method, params);
      return { success: true };
    });
    c.onRequest(ApplyWorkspaceEditRequest.type, async (params) => {
      this.record(ApplyWorkspaceEditRequest.method, params);
      await this.applyEdit(params.edit);
      return { applied: true };
    });
  }

  /** Resolves with the first event (already received or future) that matches; rejects after 20 s. */
  waitFor(predicate: (event: ServerEvent) => boolean, what = 'an event', from = 0): Promise<ServerEvent> {
    const found = this.events.slice(from).find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.emitter.off('event', listener);
        reject(new Error(`timed out waiting for ${what}\nserver log:\n${this.log()}`));
      }, WAIT_LIMIT_MS);
      const listener = (event: ServerEvent) => {
        if (!predicate(event)) return;
        clearTimeout(timer);
        this.emitter.off('event', listener);
        resolve(event);
      };
      this.emitter.on('event', listener);
    });
  }

  /** Waits for pushed diagnostics of a URI (for a document version, if given) that satisfy a predicate. */
  async waitForDiagnostics(uri: string, predicate: (diagnostics: Diagnostic[]) => boolean = () => true, version?: number): Promise<Diagnostic[]> {
    const event = await this.waitFor(
      (candidate) =>
        candidate.method === PublishDiagnosticsNotification.method &&
        candidate.params.uri === uri &&
        (version === undefined || candidate.params.version === version) &&
        predicate(candidate.params.diagnostics),
      `diagnostics of ${uri}`,
    );
    return event.params.diagnostics;
  }

  /** Opens a document with a text. */
  async open(uri: string, text: string): Promise<void> {
    this.documents.set(uri, TextDocument.create(uri, 'yaml', 1, text));
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  }

  /** Sends incremental changes; returns the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const document = this.documents.get(uri)!;
    const updated = TextDocument.update(document, changes, document.version + 1);
    this.documents.set(uri, updated);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: updated.version }, contentChanges: changes });
    return updated.version;
  }

  text(uri: string): string {
    return this.documents.get(uri)!.getText();
  }

  /** Applies a workspace edit to the open documents, as an editor would, sending the changes. */
  async applyEdit(edit: WorkspaceEdit): Promise<number> {
    const perDocument: [string, { range: Range; newText: string }[]][] = [];
    for (const change of edit.documentChanges ?? []) {
      if ('textDocument' in change) perDocument.push([change.textDocument.uri, change.edits.map(asPlainEdit)]);
    }
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) perDocument.push([uri, edits]);
    let version = 0;
    for (const [uri, edits] of perDocument) {
      const document = this.documents.get(uri);
      if (!document) continue;
      const sorted = [...edits].sort((a, b) => document.offsetAt(b.range.start) - document.offsetAt(a.range.start));
      version = await this.change(uri, sorted.map((e) => ({ range: e.range, text: e.newText })));
    }
    return version;
  }

  /** Pulls a document's diagnostics (textDocument/diagnostic). */
  pull(uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
    return this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, previousResultId });
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    return this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, only } }) as Promise<CodeAction[]>;
  }

  command(command: string, ...args: unknown[]): Promise<any> {
    return this.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  }

  /** Tells the server that files changed on disk (workspace/didChangeWatchedFiles). */
  async filesChanged(changes: { uri: string; type: FileChangeType }[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  /** Changes the settings and tells the server, as VS Code does (the server then asks for them). */
  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  log(): string {
    const logs = this.events.filter((event) => event.method === LogMessageNotification.method).map((event) => event.params.message);
    return [...logs, this.stderr].join('\n');
  }

  /** Shuts the server down politely and waits for its exit. */
  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      this.child.kill();
    }
    await exited;
    this.connection.dispose();
  }
}

function capabilities(pull: boolean, resolve: boolean, snippets: boolean): ClientCapabilities {
  return {
    workspace: {
      configuration: true,
      workspaceFolders: true,
      applyEdit: true,
      workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'], ...(snippets ? { snippetEditSupport: true } : {}) },
      didChangeWatchedFiles: { dynamicRegistration: true },
      diagnostics: pull ? { refreshSupport: true } : undefined,
    },
    textDocument: {
      synchronization: { dynamicRegistration: false },
      publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
      diagnostic: pull ? { dynamicRegistration: false, relatedDocumentSupport: false } : undefined,
      codeAction: {
        codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
        isPreferredSupport: true,
        dataSupport: resolve,
        resolveSupport: resolve ? { properties: ['edit'] } : undefined,
      },
      hover: { contentFormat: ['markdown', 'plaintext'] },
    },
    window: { workDoneProgress: true, showDocument: { support: true } },
  };
}

/** Starts a server on a temp workspace, runs a test body with it, then stops the server and removes the workspace. */
export async function withServer(
  workspace: TempWorkspace,
  options: Omit<ClientOptions, 'workspace'>,
  body: (client: TestClient, workspace: TempWorkspace) => Promise<void>,
): Promise<void> {
  try {
    const client = await TestClient.start({ ...options, workspace: workspace.dir });
    try {
      await body(client, workspace);
    } finally {
      await client.stop();
    }
  } finally {
    workspace.cleanup();
  }
}

/** A text edit or a snippet edit as the text an editor leaves once the user accepts the placeholders. */
function asPlainEdit(edit: { range: Range; newText?: string; snippet?: { value: string } }): { range: Range; newText: string } {
  if (edit.newText !== undefined || !edit.snippet) return { range: edit.range, newText: edit.newText ?? '' };
  return { range: edit.range, newText: snippetText(edit.snippet.value) };
}

/** The text of a snippet with each tab stop's default (mirrors take it too). */
export function snippetText(snippet: string): string {
  const defaults = new Map<string, string>();
  for (const match of snippet.matchAll(/(?<!\\)\$\{(\d+):([^}]*)\}/g)) defaults.set(match[1], match[2]);
  return snippet
    .replace(/(?<!\\)\$\{(\d+):([^}]*)\}/g, (_, _index, text: string) => text)
    .replace(/(?<!\\)\$(\d+)/g, (_, index: string) => defaults.get(index) ?? '')
    .replace(/\\([\\$}])/g, '$1');
}

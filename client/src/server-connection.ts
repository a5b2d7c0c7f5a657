import * as vscode from 'vscode';
import {
  CancellationToken,
  ExecuteCommandRequest,
  WorkDoneProgress,
  WorkDoneProgressBegin,
  WorkDoneProgressReport,
  LanguageClient,
  LanguageClientOptions,
  Middleware,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import { CLIENT_COMMANDS } from '../../server/src/lsp/command-ids.ts';
import { CheckDurations, pullDelayMs, waitUnlessCancelled } from './pull-pacing.ts';

/** The client ID: vscode-languageclient reads `kubeHardener.trace.server` from it. */
export const CLIENT_ID = 'kubeHardener';
const CLIENT_NAME = 'Kube Hardener';

/**
 * The language client and everything that lives exactly as long as it. Restarting the server
 * disposes and re-creates only this; commands, the output channel and the status item belong
 * to the extension and survive.
 */
export class ServerConnection implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private clientDisposables: vscode.Disposable[] = [];
  private readonly started = new vscode.EventEmitter<void>();
  /** Fires each time a (re)started client is running. */
  readonly onDidStart = this.started.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  /** Starts the server unless `kubeHardener.enable` is false. */
  async start(): Promise<void> {
    if (this.client) return;
    if (!vscode.workspace.getConfiguration('kubeHardener').get<boolean>('enable', true)) {
      this.output.info('kubeHardener.enable is false: the server is not started.');
      return;
    }
    const startedAt = Date.now();
    const client = createLanguageClient(this.context, this.output, this.clientDisposables);
    this.client = client;
    await client.start();
    this.output.info(`Kube Hardener server running after ${Date.now() - startedAt} ms`);
    this.started.fire();
  }

  /** Stops the server and disposes what belonged to it. */
  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    try {
      if (client && client.state !== State.Stopped) await client.stop(5000);
    } finally {
      for (const disposable of this.clientDisposables.splice(0)) disposable.dispose();
    }
  }

  /** Stops and starts a fresh client (settings and file watchers are read anew). */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** True while a client is running. */
  get isRunning(): boolean {
    return this.client?.state === State.Running;
  }

  /** Runs a server command (workspace/executeCommand) and returns its result. */
  async executeServerCommand<T>(command: string, ...args: unknown[]): Promise<T> {
    if (!this.client) throw new Error('The Kube Hardener server is not running (is kubeHardener.enable false?).');
    if (this.client.state !== State.Running) await this.client.start();
    return this.client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }) as Promise<T>;
  }

  /**
   * Runs a server command with a work-done token: `onProgress` gets its percentage and message,
   * and cancelling `token` cancels the request (the server stops between files).
   */
  async executeServerCommandWithProgress<T>(
    command: string,
    args: unknown[],
    token: vscode.CancellationToken,
    onProgress: (percentage: number | undefined, message: string | undefined) => void,
  ): Promise<T> {
    if (!this.client) throw new Error('The Kube Hardener server is not running (is kubeHardener.enable false?).');
    const client = this.client;
    if (client.state !== State.Running) await client.start();
    const workDoneToken = `kube-hardener-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const listener = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
      if (value.kind === 'begin' || value.kind === 'report') {
        const step = value as WorkDoneProgressBegin | WorkDoneProgressReport;
        onProgress(step.percentage, step.message);
      }
    });
    try {
      return (await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args, workDoneToken }, token as CancellationToken)) as T;
    } finally {
      listener.dispose();
    }
  }

  /** Converts a VS Code URI to the string the server expects. */
  uriToServer(uri: vscode.Uri): string {
    return this.client ? this.client.code2ProtocolConverter.asUri(uri) : uri.toString();
  }

  dispose(): void {
    void this.stop();
    this.started.dispose();
  }
}

/**
 * The client pushes the settings once right after initialize; the server reads them itself
 * (workspace/configuration) and takes a push for a change, reloading its configuration and
 * workspace index. Dropping that first push saves a second index build at start-up.
 */
function skipInitialConfigurationPush(): NonNullable<Middleware['workspace']>['didChangeConfiguration'] {
  let initial = true;
  return (sections, next) => {
    if (initial) {
      initial = false;
      return Promise.resolve();
    }
    return next(sections);
  };
}

/**
 * Pulls a big document's diagnostics only after a typing pause as long as its last check took
 * (see pull-pacing.ts); a change during the pause cancels the pull.
 */
function pullAfterTypingPause(durations: CheckDurations): Middleware['provideDiagnostics'] {
  return async (document, previousResultId, token, next) => {
    if (document instanceof vscode.Uri) return next(document, previousResultId, token);
    const key = document.uri.toString();
    // The offset of the end (kept by the extension host) rather than getText(), which would copy a big text on each pull.
    const delay = pullDelayMs(document.offsetAt(new vscode.Position(document.lineCount, 0)), durations.lastMs(key));
    if (delay > 0 && !(await waitUnlessCancelled(delay, token))) throw new vscode.CancellationError();
    const started = Date.now();
    const report = await next(document, previousResultId, token);
    if (!token.isCancellationRequested) durations.record(key, Date.now() - started);
    return report;
  };
}

function createLanguageClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  disposables: vscode.Disposable[],
): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6012'] } },
  };
  const checkDurations = new CheckDurations();
  disposables.push(vscode.workspace.onDidCloseTextDocument((document) => checkDurations.forget(document.uri.toString())));
  const yamlWatcher = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}');
  const configWatcher = vscode.workspace.createFileSystemWatcher('**/.kube-hardener.yaml');
  disposables.push(yamlWatcher, configWatcher);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: { configurationSection: CLIENT_ID, fileEvents: [yamlWatcher, configWatcher] },
    outputChannel: output,
    middleware: { workspace: { didChangeConfiguration: skipInitialConfigurationPush() }, provideDiagnostics: pullAfterTypingPause(checkDurations) },
    // The code action commands this extension runs itself (the server offers them only to clients that list them).
    // VS Code lists each diagnostic under the cursor in the hover itself: the server then adds no list of its own.
    initializationOptions: { clientCommands: Object.values(CLIENT_COMMANDS), diagnosticsInHover: true },
  };
  const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  disposables.push(client);
  return client;
}

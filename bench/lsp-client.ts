// A minimal LSP client for the benchmark: spawns a server over stdio, opens a document, makes
// single-character edits and times edit -> diagnostics, in push (publishDiagnostics) or pull
// (textDocument/diagnostic) mode. Peak RSS of the server comes from /proc (VmHWM).
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

export type SyncMode = 'push' | 'pull';

export interface ServerHandle {
  child: ChildProcess;
  rpc: MessageConnection;
  mode: SyncMode;
  spawnedAt: number;
  /** Resolves with the time (performance.now) the server logged that it indexed the workspace. */
  indexed: Promise<number>;
  /** Waiters for published diagnostics, by uri. */
  onPublish: Map<string, (params: { version?: number; diagnostics: unknown[] }) => void>;
}

/** Spawns the server at `serverJs` for a workspace root, initializes it and sends `initialized`. */
export async function startServer(serverJs: string, root: string, mode: SyncMode, nodeArgs: string[] = [], env: Record<string, string> = {}): Promise<ServerHandle> {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  const rpc = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const onPublish = new Map<string, (params: { version?: number; diagnostics: unknown[] }) => void>();
  let markIndexed!: (at: number) => void;
  const indexed = new Promise<number>((resolve) => (markIndexed = resolve));
  rpc.onNotification('window/logMessage', (params: { message: string }) => {
    if (/indexed \d+ YAML files/.test(params.message)) markIndexed(performance.now());
  });
  rpc.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number; diagnostics: unknown[] }) => onPublish.get(params.uri)?.(params));
  rpc.onRequest(() => null);
  rpc.listen();
  const textDocument = mode === 'pull' ? { diagnostic: { dynamicRegistration: false }, synchronization: {} } : { publishDiagnostics: { versionSupport: true } };
  await rpc.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'bench' }],
    capabilities: { textDocument, workspace: { workspaceFolders: true, diagnostics: { refreshSupport: mode === 'pull' } } },
  });
  await rpc.sendNotification('initialized', {});
  return { child, rpc, mode, spawnedAt, indexed, onPublish };
}

/** Opens a document; resolves with the time its first diagnostics arrived. */
export async function openDocument(server: ServerHandle, uri: string, text: string): Promise<number> {
  const published = server.mode === 'push' ? nextPublish(server, uri, 1) : undefined;
  await server.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  if (published) await published;
  else await pull(server, uri);
  return performance.now();
}

/** Replaces one character at `offset` (document version `version`); resolves with the milliseconds until its diagnostics. */
export async function editAndWait(server: ServerHandle, uri: string, text: string, offset: number, char: string, version: number): Promise<number> {
  const position = positionAt(text, offset);
  const range = { start: position, end: { line: position.line, character: position.character + 1 } };
  const start = performance.now();
  const published = server.mode === 'push' ? nextPublish(server, uri, version) : undefined;
  await server.rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: char }] });
  if (published) await published;
  else await pull(server, uri);
  return performance.now() - start;
}

/** Inserts `char` at `offset` (document version `version`), as typing does; resolves with the milliseconds until its diagnostics. */
export async function typeAndWait(server: ServerHandle, uri: string, text: string, offset: number, char: string, version: number): Promise<number> {
  const position = positionAt(text, offset);
  const start = performance.now();
  const published = server.mode === 'push' ? nextPublish(server, uri, version) : undefined;
  await server.rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: position, end: position }, text: char }] });
  if (published) await published;
  else await pull(server, uri);
  return performance.now() - start;
}

/** The server's peak resident set so far, in MB (Linux /proc), or NaN. */
export function serverPeakRssMb(server: ServerHandle): number {
  try {
    const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]) / 1024;
  } catch {
    return NaN;
  }
}

/** The server's current resident set, in MB (Linux /proc), or NaN. */
export function serverRssMb(server: ServerHandle): number {
  try {
    const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
  } catch {
    return NaN;
  }
}

/** Shuts the server down (it exits on `exit`), killing it if it does not go within 5 s. */
export async function stopServer(server: ServerHandle): Promise<void> {
  const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
  try {
    await Promise.race([server.rpc.sendRequest('shutdown'), delay(3000)]);
    await server.rpc.sendNotification('exit');
  } catch {
    // the server may be gone already
  }
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  server.rpc.dispose();
}

async function pull(server: ServerHandle, uri: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await server.rpc.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
      return;
    } catch {
      // ServerCancelled (the document changed): pull again, as VS Code does
    }
  }
}

function nextPublish(server: ServerHandle, uri: string, version: number): Promise<void> {
  return new Promise((resolve) => {
    server.onPublish.set(uri, (params) => {
      if (params.version !== undefined && params.version < version) return;
      server.onPublish.delete(uri);
      resolve();
    });
  });
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, character: offset - lineStart };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

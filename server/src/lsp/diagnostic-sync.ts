import {
  CancellationToken,
  Connection,
  Diagnostic,
  DocumentDiagnosticParams,
  DocumentDiagnosticReport,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
} from './protocol.ts';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../engine/lint.ts';
import type { ManifestFile } from '../engine/parse.ts';
import type { Analysis, Analyzer } from './analysis.ts';
import type { ClientSupport } from './capabilities.ts';
import { LinesOf, toDiagnostics } from './diagnostics.ts';

/**
 * Delivers diagnostics of open documents: answers textDocument/diagnostic for pull clients, and
 * publishes them for push clients. No fixed wait after a keystroke: a check is queued behind the
 * messages already received, so a newer change that arrives first cancels it, and results of an
 * outdated version are dropped.
 */
export class DiagnosticSync {
  private readonly timers = new Map<string, NodeJS.Immediate>();
  private readonly published = new Map<string, string>();
  /** The version each document was opened with: TextDocuments reports the opening as a change too. */
  private readonly openedVersions = new Map<string, number>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly analyzer: Analyzer,
    private readonly support: ClientSupport,
    private readonly linesOf: LinesOf,
  ) {}

  /** True when the client pulls diagnostics (textDocument/diagnostic) instead of taking pushes. */
  get pull(): boolean {
    return this.support.pullDiagnostics;
  }

  /** The diagnostics of an analysis. */
  diagnosticsOf(analysis: Analysis): Diagnostic[] {
    return this.diagnosticsOfFile(analysis.file, analysis.findings, analysis.version);
  }

  /** The diagnostics of a checked file (of a document version, or from the disk when version is undefined). */
  diagnosticsOfFile(file: ManifestFile, findings: Finding[], version: number | undefined): Diagnostic[] {
    return toDiagnostics(file, findings, version, this.linesOf);
  }

  /** A document was opened: push clients get its diagnostics at once. */
  opened(document: TextDocument): void {
    this.cancelTimer(document.uri);
    this.openedVersions.set(document.uri, document.version);
    if (!this.pull) void this.validate(document.uri);
  }

  /** A document's text changed: push clients get new diagnostics at once (a later change cancels the check). */
  changed(document: TextDocument): void {
    if (this.openedVersions.get(document.uri) === document.version) return;
    this.openedVersions.delete(document.uri);
    if (this.pull) return;
    this.cancelTimer(document.uri);
    // Two turns of the event loop: the connection handles one received message per turn, so a change
    // already waiting behind this one (a burst of typing, a paste) cancels this check first.
    this.timers.set(document.uri, setImmediate(() => this.timers.set(document.uri, setImmediate(() => void this.validate(document.uri)))));
  }

  /** A document was closed: its state goes and push clients see its diagnostics cleared. */
  closed(uri: string): void {
    this.cancelTimer(uri);
    this.published.delete(uri);
    this.openedVersions.delete(uri);
    if (!this.pull) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** Checks the given open documents again (cross-file facts they read changed). */
  recheck(uris: string[]): void {
    if (uris.length === 0) return;
    this.analyzer.invalidate(uris);
    if (this.pull) void this.requestRefresh();
    else for (const uri of uris) void this.validate(uri);
  }

  /** Checks every open document again (settings or a config file changed). */
  refreshAll(): void {
    this.recheck(this.documents.keys());
  }

  /** Pushes diagnostics of a file the editor has not opened (workspace scan), for pull clients too. */
  publishUnopened(uri: string, diagnostics: Diagnostic[]): void {
    void this.connection.sendDiagnostics({ uri, diagnostics });
  }

  /** Answers a pull request at once: the cached or a new analysis (a cancelled request is not worked on). */
  async answerPull(params: DocumentDiagnosticParams, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    const document = this.documents.get(params.textDocument.uri);
    if (!document) return { kind: 'full', items: [] };
    await new Promise((resolve) => setImmediate(resolve));
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    const analysis = await this.analyzer.analyze(document);
    if (!analysis) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'the document changed', { retriggerRequest: true });
    if (params.previousResultId === analysis.resultId) return { kind: 'unchanged', resultId: analysis.resultId };
    return { kind: 'full', resultId: analysis.resultId, items: this.diagnosticsOf(analysis) };
  }

  private async validate(uri: string): Promise<void> {
    this.cancelTimer(uri);
    const document = this.documents.get(uri);
    if (!document) return;
    try {
      const analysis = await this.analyzer.analyze(document);
      if (!analysis || this.documents.get(uri)?.version !== analysis.version) return;
      if (this.published.get(uri) === analysis.resultId) return;
      this.published.set(uri, analysis.resultId);
      await this.connection.sendDiagnostics({ uri, version: analysis.version, diagnostics: this.diagnosticsOf(analysis) });
    } catch (error) {
      this.connection.console.error(`kube-hardener: checking ${uri} failed: ${error instanceof Error ? error.stack : String(error)}`);
    }
  }

  private async requestRefresh(): Promise<void> {
    if (!this.support.diagnosticRefresh) return;
    try {
      await this.connection.languages.diagnostics.refresh();
    } catch (error) {
      this.connection.console.warn(`kube-hardener: diagnostic refresh failed: ${String(error)}`);
    }
  }

  private cancelTimer(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearImmediate(timer);
    this.timers.delete(uri);
  }
}

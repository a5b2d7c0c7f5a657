import { readFileSync } from 'node:fs';
import type { Connection, InitializeParams, TextDocuments } from './protocol.ts';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../engine/text.ts';
import { Analyzer } from './analysis.ts';
import { ClientSupport, readClientSupport } from './capabilities.ts';
import { DiagnosticSync } from './diagnostic-sync.ts';
import { WorkspaceFolders } from './folders.ts';
import { IndexTracker } from './index-tracker.ts';
import { SettingsStore } from './settings.ts';
import { pathToUri, uriToPath } from './uris.ts';

/** The state of one server session, shared by the handlers. */
export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  support: ClientSupport;
  folders: WorkspaceFolders;
  settings: SettingsStore;
  tracker: IndexTracker;
  analyzer: Analyzer;
  diagnostics: DiagnosticSync;
  /** URIs of unopened files whose diagnostics a workspace scan pushed. */
  scanned: Set<string>;
  /** The open document of a file path, if the editor has it open. */
  openDocument(path: string): TextDocument | undefined;
  /** The URIs of those of the given file paths that the editor has open. */
  openUris(paths: Iterable<string>): string[];
}

/** Builds the session state from the initialize request. */
export function createContext(connection: Connection, documents: TextDocuments<TextDocument>, params: InitializeParams): ServerContext {
  const support = readClientSupport(params.capabilities, params.initializationOptions);
  const folders = new WorkspaceFolders();
  folders.initialize(params);
  const settings = new SettingsStore(connection, support, folders);
  const tracker = new IndexTracker();
  const openDocument = (path: string) => documents.get(pathToUri(path)) ?? documents.all().find((document) => uriToPath(document.uri) === path);
  const openUris = (paths: Iterable<string>) => [...paths].map((path) => openDocument(path)?.uri).filter((uri): uri is string => uri !== undefined);
  let diagnostics: DiagnosticSync | undefined;
  const analyzer = new Analyzer(connection, settings, tracker, (paths) => diagnostics?.recheck(openUris(paths)));
  const linesOf = (path: string) => linesOfFile(path, openDocument(path));
  diagnostics = new DiagnosticSync(connection, documents, analyzer, support, linesOf);
  return { connection, documents, support, folders, settings, tracker, analyzer, diagnostics, scanned: new Set(), openDocument, openUris };
}

/** Line index of a file for related-information ranges: the editor's text, else the disk's. */
function linesOfFile(path: string, document: TextDocument | undefined): LineIndex | undefined {
  if (document) return new LineIndex(document.getText());
  try {
    return new LineIndex(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

import { format } from 'node:util';
import type { Connection } from 'vscode-languageserver';
import type { Diagnostic } from 'vscode-languageserver';
import { shapeJsonOf } from './diagnostics.ts';

/** vscode-jsonrpc's content type encoder contract (what StreamMessageWriter calls for every message). */
interface ContentTypeEncoder {
  readonly name: string;
  encode(message: unknown, options: { charset: string }): Promise<Uint8Array>;
}

const PLACEHOLDER = '\u0000kube-hardener-diagnostics\u0000';
const PLACEHOLDER_JSON = JSON.stringify(PLACEHOLDER);
/** Below this many diagnostics the plain JSON.stringify is as fast. */
const MIN_SPLICED = 32;

/**
 * Encodes messages as vscode-jsonrpc's default encoder does (application/json), except that a
 * diagnostics list (published, or a pull report's items) is written from the JSON each diagnostic's
 * shape already has: a big file's 5,000 diagnostics are a few MB of JSON on every keystroke, and
 * nearly all of them are the unchanged documents' diagnostics of the previous keystroke.
 */
export const diagnosticsJsonEncoder: ContentTypeEncoder = {
  name: 'application/json',
  encode(message, options) {
    try {
      return Promise.resolve(Buffer.from(messageJson(message), options.charset as BufferEncoding));
    } catch (error) {
      return Promise.reject(error);
    }
  },
};

/** The JSON of a message (exported for tests: it must equal JSON.stringify's, apart from key order). */
export function messageJson(message: unknown): string {
  const list = diagnosticsListOf(message);
  if (!list || list.length < MIN_SPLICED) return JSON.stringify(message);
  let replaced = false;
  const json = JSON.stringify(message, (_key, value: unknown) => {
    if (value !== list || replaced) return value;
    replaced = true;
    return PLACEHOLDER;
  });
  const at = json.indexOf(PLACEHOLDER_JSON);
  if (!replaced || at === -1) return JSON.stringify(message);
  return `${json.slice(0, at)}[${list.map(diagnosticJson).join(',')}]${json.slice(at + PLACEHOLDER_JSON.length)}`;
}

function diagnosticsListOf(message: unknown): unknown[] | undefined {
  const { params, result } = (message ?? {}) as { params?: { diagnostics?: unknown }; result?: { items?: unknown } };
  const list = params?.diagnostics ?? result?.items;
  return Array.isArray(list) ? list : undefined;
}

function diagnosticJson(item: unknown): string {
  const diagnostic = item as Diagnostic;
  const shape = shapeJsonOf(diagnostic);
  if (shape === undefined) return JSON.stringify(item) ?? 'null';
  return diagnostic.data === undefined ? `${shape}}` : `${shape},"data":${JSON.stringify(diagnostic.data)}}`;
}

/**
 * Sends console output to the client's log, as vscode-languageserver does for `--stdio` when it
 * creates the streams itself: stdout carries the protocol and must not see a stray log line.
 */
export function redirectConsole(connection: Connection): void {
  const log = (...args: unknown[]) => connection.console.log(format(...args));
  console.log = log;
  console.info = (...args: unknown[]) => connection.console.info(format(...args));
  console.debug = log;
  console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
  console.error = (...args: unknown[]) => connection.console.error(format(...args));
  console.trace = log;
  console.dir = (value: unknown) => log(value);
}

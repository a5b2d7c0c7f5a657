// When the client asks the server for a document's diagnostics (pull model). No `vscode` import,
// so that unit tests can load it.
//
// vscode-languageclient pulls after every change it sends, and a newer change cancels the pull in
// flight. The server cannot stop a check it has started, so in a big file a keystroke could start
// a check that the next keystroke made useless: on a 2-core machine that work competes with the
// editor for the CPU. A big document is therefore pulled only after a typing pause as long as its
// last check took (at most TYPING_PAUSE_MS): the pull waits here, where the next change cancels it
// before it reaches the server. The server checks only the documents an edit changed, so the pause
// is usually a few tens of ms; it is a fixed cost only for a big file whose checks are slow.

/** Documents at least this long (in characters) are checked only after a typing pause. */
export const BIG_DOCUMENT_CHARS = 256 * 1024;

/** The longest typing pause, in ms, after which a big document is checked (before its first check, too). */
export const TYPING_PAUSE_MS = 250;

/** How long a pull of a document of `length` characters waits for further changes first (0: none). */
export function pullDelayMs(length: number, lastCheckMs = TYPING_PAUSE_MS): number {
  return length >= BIG_DOCUMENT_CHARS ? Math.min(TYPING_PAUSE_MS, Math.max(0, Math.round(lastCheckMs))) : 0;
}

/** How long the last completed check of each document took. */
export class CheckDurations {
  private readonly byDocument = new Map<string, number>();

  lastMs(document: string): number | undefined {
    return this.byDocument.get(document);
  }

  record(document: string, ms: number): void {
    this.byDocument.set(document, ms);
  }

  forget(document: string): void {
    this.byDocument.delete(document);
  }
}

/** The part of a cancellation token this needs (vscode's and the protocol's both fit). */
export interface CancellationSignal {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

/** Resolves true after `ms`, or false as soon as `token` is cancelled. */
export function waitUnlessCancelled(ms: number, token: CancellationSignal): Promise<boolean> {
  if (token.isCancellationRequested) return Promise.resolve(false);
  return new Promise((resolve) => {
    const subscription = token.onCancellationRequested(() => {
      clearTimeout(timer);
      subscription.dispose();
      resolve(false);
    });
    const timer = setTimeout(() => {
      subscription.dispose();
      resolve(true);
    }, ms);
  });
}

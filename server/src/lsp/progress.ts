import { CancellationToken, WorkDoneProgressServerReporter } from 'vscode-languageserver';
import type { ServerContext } from './context.ts';

const REPORT_INTERVAL_MS = 100;

/** A work-done progress shown by the client (when it can), reporting at most every 100 ms. */
export interface Progress {
  /** Cancelled when the user cancels the progress in the client. */
  token: CancellationToken;
  report(done: number, total: number, message: string): void;
  done(): void;
}

/** Starts a window/workDoneProgress; a silent one when the client has no progress support. */
export async function startProgress(ctx: ServerContext, title: string, cancellable: boolean): Promise<Progress> {
  let reporter: WorkDoneProgressServerReporter | undefined;
  if (ctx.support.workDoneProgress) {
    try {
      reporter = await ctx.connection.window.createWorkDoneProgress();
      reporter.begin(title, 0, undefined, cancellable);
    } catch (error) {
      ctx.connection.console.warn(`kube-hardener: no progress shown: ${String(error)}`);
      reporter = undefined;
    }
  }
  let lastReport = 0;
  return {
    token: reporter?.token ?? CancellationToken.None,
    report(done, total, message) {
      const now = Date.now();
      if (!reporter || now - lastReport < REPORT_INTERVAL_MS) return;
      lastReport = now;
      reporter.report(total === 0 ? 100 : Math.floor((done / total) * 100), message);
    },
    done() {
      reporter?.done();
    },
  };
}

/** Lets queued messages (cancellations, edits) in between long work. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

import { CancellationToken, WorkDoneProgressReporter } from './protocol.ts';
import type { ServerContext } from './context.ts';

const REPORT_INTERVAL_MS = 100;

/** A work-done progress shown by the client (when it can), reporting at most every 100 ms. */
export interface Progress {
  /** Cancelled when the user cancels the progress in the client. */
  token: CancellationToken;
  report(done: number, total: number, message: string): void;
  done(): void;
}

/**
 * Starts a work-done progress: on the client's token when the request carried one (`attached`),
 * else one the server creates (window/workDoneProgress/create); silent when the client has no
 * progress support.
 */
export async function startProgress(ctx: ServerContext, title: string, cancellable: boolean, attached?: WorkDoneProgressReporter): Promise<Progress> {
  let reporter: WorkDoneProgressReporter | undefined;
  let token = CancellationToken.None;
  if (attached && !WorkDoneProgressReporter.isNullInstance(attached)) {
    reporter = attached;
    reporter.begin(title, 0, undefined, cancellable);
  } else if (ctx.support.workDoneProgress) {
    try {
      const created = await ctx.connection.window.createWorkDoneProgress();
      token = created.token;
      reporter = created;
      reporter.begin(title, 0, undefined, cancellable);
    } catch (error) {
      ctx.connection.console.warn(`kube-hardener: no progress shown: ${String(error)}`);
      reporter = undefined;
    }
  }
  let lastReport = 0;
  return {
    token,
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

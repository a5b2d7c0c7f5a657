import { ResponseError, type Connection } from './protocol.ts';

/**
 * Wraps a handler so that no input can take the server down: an exception is logged to the
 * client's console and the fallback answered instead. Response errors (cancellation) pass through.
 */
export function guard<A extends unknown[], R>(
  connection: Connection,
  name: string,
  handler: (...args: A) => R | Promise<R>,
  fallback: R,
): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      connection.console.error(`kube-hardener: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fallback;
    }
  };
}

/** Logs what escaped every handler instead of letting the process die. */
export function keepProcessAlive(connection: Connection): void {
  process.on('uncaughtException', (error) => connection.console.error(`kube-hardener: uncaught error: ${error.stack ?? error.message}`));
  process.on('unhandledRejection', (reason) => connection.console.error(`kube-hardener: unhandled rejection: ${String(reason)}`));
}

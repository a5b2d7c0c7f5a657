/**
 * Gives memory back to the system after a full index run. Indexing a big workspace grows V8's
 * young generation to its maximum (32 MB: the facts the index keeps survive their first
 * collections) and leaves old-generation pages free but mapped; V8's memory reducer returns them
 * only after several seconds without allocation. One memory-reducing collection at the end of
 * the run does it at once (10,000 files: about 0.1-0.2 s, RSS -40 MB).
 *
 * Node 20 offers such a collection only through the inspector (HeapProfiler.collectGarbage, a
 * low-memory notification); `gc()` would need --expose-gc and does not shrink the young generation.
 */
const MAX_WAIT_MS = 5000;

/** Runs one memory-reducing garbage collection; resolves false where none could be run. */
export function returnMemory(): Promise<boolean> {
  let inspector: typeof import('node:inspector');
  try {
    // Loaded when first needed, by require: the server runs from a code cache, where import() is unavailable.
    inspector = require('node:inspector') as typeof import('node:inspector');
  } catch {
    return Promise.resolve(false); // a Node built without the inspector
  }
  return new Promise((resolve) => {
    const session = new inspector.Session();
    // The answer comes from a V8 platform task, where no microtask runs and where disconnecting
    // the session hangs: settle from a macrotask.
    let settled = false;
    const settle = (done: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      setImmediate(() => {
        session.disconnect();
        resolve(done);
      });
    };
    // Never hold the index back for long, whatever the inspector does.
    const timer = setTimeout(() => settle(false), MAX_WAIT_MS);
    try {
      session.connect();
      session.post('HeapProfiler.collectGarbage', (error) => settle(!error));
    } catch {
      settle(false);
    }
  });
}

// The fuzzer's worker process: runs the engine or CLI checks of one input per message, so that the
// parent can kill it when an input hangs (a synchronous loop cannot be interrupted in-process).
import { checkCli } from './cli-check.ts';
import { checkEngine, Failure } from './oracle.ts';

/** A request to the worker. */
export interface CheckRequest {
  id: number;
  check: 'engine' | 'cli';
  text: string;
  hangMs: number;
}

/** The worker's answer. */
export interface CheckReply {
  id: number;
  failure?: Failure;
}

process.on('message', async (request: CheckRequest) => {
  let failure: Failure | undefined;
  try {
    failure = request.check === 'engine' ? checkEngine(request.text, request.hangMs) : await checkCli(request.text, request.hangMs);
  } catch (error) {
    failure = { kind: 'crash', detail: `checker: ${(error as Error)?.stack ?? error}` };
  }
  process.send!({ id: request.id, failure } satisfies CheckReply);
});
// Warm up (module loading and JIT compilation are not the first input's time), then say ready.
const WARM_UP = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: warm # up\nspec:\n  hostNetwork: true\n  containers:\n    - name: a\n      image: a\n';
for (let n = 0; n < 3; n++) checkEngine(WARM_UP, 1e9);
process.send!({ id: -1 });

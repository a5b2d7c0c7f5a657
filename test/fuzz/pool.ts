// Runs checks in a worker process with a watchdog: an input that gets no answer in time is a hang,
// the worker is killed and a fresh one takes the next input.
import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { Failure } from './oracle.ts';
import type { CheckReply, CheckRequest } from './worker.ts';

const WORKER = join(__dirname, 'worker.ts');

/** One worker process, restarted after a hang or a death. */
export class CheckWorker {
  private child?: ChildProcess;
  private ready?: Promise<void>;
  private nextId = 0;
  private pending = new Map<number, (reply: CheckReply) => void>();

  private start(): Promise<void> {
    const child = fork(WORKER, [], { execArgv: ['--import', 'tsx', '--max-old-space-size=2048'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.child = child;
    child.stderr!.resume();
    this.ready = new Promise((resolve) => {
      child.on('message', (reply: CheckReply) => {
        if (reply.id === -1) return resolve();
        this.pending.get(reply.id)?.(reply);
        this.pending.delete(reply.id);
      });
    });
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      for (const [id, answer] of this.pending) answer({ id, failure: { kind: 'crash', detail: `the worker died (${signal ?? code})` } });
      this.pending.clear();
    });
    return this.ready;
  }

  /** Checks one input; no answer within `watchdogMs` is reported as a hang. */
  async check(check: CheckRequest['check'], text: string, hangMs: number, watchdogMs: number): Promise<Failure | undefined> {
    if (!this.child) await this.start();
    else await this.ready;
    const id = this.nextId++;
    const child = this.child!;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.child = undefined;
        child.kill('SIGKILL');
        resolve({ kind: 'hang', detail: `${check} check: no answer after ${watchdogMs} ms` });
      }, watchdogMs);
      this.pending.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply.failure);
      });
      child.send({ id, check, text, hangMs } satisfies CheckRequest);
    });
  }

  stop(): void {
    const child = this.child;
    this.child = undefined;
    child?.kill('SIGKILL');
  }
}

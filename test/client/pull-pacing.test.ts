import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BIG_DOCUMENT_CHARS, CheckDurations, pullDelayMs, TYPING_PAUSE_MS, waitUnlessCancelled } from '../../client/src/pull-pacing.ts';

/** A cancellation token that can be cancelled by hand. */
function tokenSource() {
  const listeners: (() => void)[] = [];
  const token = {
    isCancellationRequested: false,
    onCancellationRequested(listener: () => void) {
      listeners.push(listener);
      return { dispose: () => listeners.splice(listeners.indexOf(listener), 1) };
    },
  };
  return { token, cancel: () => ((token.isCancellationRequested = true), [...listeners].forEach((listener) => listener())), listeners };
}

test('small documents are pulled at once, big ones after a typing pause', () => {
  assert.equal(pullDelayMs(0), 0);
  assert.equal(pullDelayMs(BIG_DOCUMENT_CHARS - 1), 0);
  assert.equal(pullDelayMs(BIG_DOCUMENT_CHARS), TYPING_PAUSE_MS);
  assert.equal(pullDelayMs(2_000_000), TYPING_PAUSE_MS);
});

test('a big document waits as long as its last check took, at most the full pause', () => {
  assert.equal(pullDelayMs(BIG_DOCUMENT_CHARS, 40), 40);
  assert.equal(pullDelayMs(BIG_DOCUMENT_CHARS, 0), 0);
  assert.equal(pullDelayMs(BIG_DOCUMENT_CHARS, 5_000), TYPING_PAUSE_MS);
  assert.equal(pullDelayMs(BIG_DOCUMENT_CHARS - 1, 5_000), 0);
  const durations = new CheckDurations();
  assert.equal(durations.lastMs('file:///a.yaml'), undefined);
  durations.record('file:///a.yaml', 35);
  assert.equal(pullDelayMs(BIG_DOCUMENT_CHARS, durations.lastMs('file:///a.yaml')), 35);
  durations.forget('file:///a.yaml');
  assert.equal(durations.lastMs('file:///a.yaml'), undefined);
});

test('the wait ends true when nothing cancels it, and leaves no listener behind', async () => {
  const source = tokenSource();
  assert.equal(await waitUnlessCancelled(5, source.token), true);
  assert.equal(source.listeners.length, 0);
});

test('a change during the wait (a cancelled token) ends it at once with false', async () => {
  const source = tokenSource();
  const waiting = waitUnlessCancelled(60_000, source.token);
  source.cancel();
  assert.equal(await waiting, false);
  assert.equal(source.listeners.length, 0);
});

test('an already cancelled token does not wait', async () => {
  const source = tokenSource();
  source.cancel();
  assert.equal(await waitUnlessCancelled(60_000, source.token), false);
});

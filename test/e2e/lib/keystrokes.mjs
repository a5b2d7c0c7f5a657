// Timing keystrokes in the page: from the keydown event (its timeStamp, taken when the browser
// received the input, so a busy main thread counts) to just after the next rendered frame
// (a task queued from requestAnimationFrame runs once that frame is painted).

/** Installs the keydown listener that records each keystroke's latency into window.__khKeys. */
export async function installKeystrokeProbe(page) {
  await page.evaluate(() => {
    const state = { samples: [], pending: 0 };
    window.__khKeys = state;
    window.addEventListener(
      'keydown',
      (event) => {
        const start = event.timeStamp;
        state.pending += 1;
        requestAnimationFrame(() =>
          setTimeout(() => {
            state.samples.push(performance.now() - start);
            state.pending -= 1;
          }, 0),
        );
      },
      true,
    );
  });
}

/**
 * Types `text` one key at a time, `gapMs` apart (a typist's pace), and returns each key's latency
 * in ms (keydown to the next painted frame).
 */
export async function typeMeasured(page, text, gapMs) {
  const latencies = [];
  for (const char of text) {
    await page.evaluate(() => {
      window.__khKeys.samples = [];
    });
    await page.keyboard.type(char);
    const samples = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const check = () => (window.__khKeys.pending === 0 ? resolve(window.__khKeys.samples) : setTimeout(check, 1));
          check();
        }),
    );
    latencies.push(...samples);
    if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  return latencies;
}

/** The status bar's Problems label ("Warnings: 44" and the like). */
export function problemsLabel(page) {
  return page.evaluate(() => document.querySelector('[id="status.problems"]')?.getAttribute('aria-label') ?? '');
}

/** Count, median, p95, mean and max of a list of milliseconds (one decimal). */
export function summarize(values) {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  const at = (fraction) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]);
  const round = (value) => Math.round(value * 10) / 10;
  const mean = sorted.length === 0 ? NaN : sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return { count: sorted.length, median: round(at(0.5)), p95: round(at(0.95)), mean: round(mean), max: round(sorted.at(-1) ?? NaN) };
}

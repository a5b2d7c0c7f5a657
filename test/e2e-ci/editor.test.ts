// The editor tests (test/e2e/run-all.sh) as part of `npm test`, so that their results count in the
// test summary. They need Chromium, Neovim and code-server (test/e2e/setup.sh) and the packaged
// kube-hardener.vsix (npm run package), so they run only with KH_EDITOR_TESTS=1 or CI=true; .ci/run
// sets both up first. Output goes to test-results/editor-tests.log; a failure shows its tail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LOG = `${ROOT}test-results/editor-tests.log`;
const enabled = process.env.KH_EDITOR_TESTS === '1' || process.env.CI === 'true';
const skip = enabled ? false : 'editor tests run with KH_EDITOR_TESTS=1 or CI=true (or: npm run test:editor)';
const STEP_TIMEOUT_MS = 10 * 60_000;

/** Runs one step of run-all.sh; resolves with its exit code and output. */
function runStep(step: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['test/e2e/run-all.sh', step], {
      cwd: ROOT,
      env: { ...process.env, KH_SKIP_SETUP: '1', KH_SKIP_BUILD: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk;
      appendFileSync(LOG, chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Lines worth showing in the test report: timings, summary and failures. */
function highlights(output: string): string[] {
  return output.split('\n').filter((line) => /TIMING|\bPASS\b|\bFAIL\b|passing|failing|exit code|diagnostics after|FIXED/.test(line));
}

for (const [step, title] of [
  ['exthost', 'extension tests (Mocha, @vscode/test-electron contract) in code-server\'s VS Code extension host'],
  ['ui', 'packaged .vsix in code-server + Chromium: Problems panel within 2 s, quick fix from the lightbulb menu'],
  ['ui-editor', 'code-server + Chromium: one menu per spot, selected reason, Settings UI, scan summary (#12)'],
  ['nvim', 'headless Neovim: diagnostics and a quick fix over stdio'],
  ['emacs', 'Emacs (batch) + eglot: diagnostics over stdio'],
] as const) {
  test(`editor: ${title}`, { skip, timeout: STEP_TIMEOUT_MS }, async (t) => {
    mkdirSync(`${ROOT}test-results`, { recursive: true });
    if (step === 'ui' || step === 'ui-editor') assert.ok(existsSync(`${ROOT}kube-hardener.vsix`), 'kube-hardener.vsix exists (run npm run package first)');
    const { code, output } = await runStep(step);
    for (const line of highlights(output)) t.diagnostic(line.trim());
    assert.equal(code, 0, `run-all.sh ${step} failed; the end of its output:\n${output.split('\n').slice(-60).join('\n')}`);
  });
}

#!/usr/bin/env node
// What the extension costs per keystroke in a real editor (issue #12, "Big files stay fluid"):
// two code-servers in one run, one with the packaged extension and one without, each with a
// copy of a big manifest (argo-cd's 34k-line install.yaml), each driven by its own headless
// Chromium. Rounds alternate between them (on, off, then off, on, ...) so both see the same load.
// Each round types a burst of characters at one spot (a securityContext value, a comment) and
// measures each keystroke in the page: from the keydown event to just after the next rendered
// frame. With the extension on, the Problems count of the status bar also times the diagnostics:
// the last keystroke of the comment burst adds a finding (a probe), its deletion after a pause
// removes it again. Not part of npm test; writes bench/editor-results.json and prints a table.
// Usage: npm run bench:editor [-- --rounds 4 --chars 60 --gap 60 --file path/to/install.yaml
//        --compare other.vsix]   (--compare adds a third editor with another build, e.g. main's)
// Skips (exit 0) when code-server, Chromium, playwright-core or the manifest is missing.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT, freshRunDir, missingTools } from './lib/env.mjs';
import { installVsix, startCodeServer } from './lib/vscode-server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { installKeystrokeProbe, problemsLabel, summarize, typeMeasured } from './lib/keystrokes.mjs';

const EXTENSION_ID = 'kube-hardener.kube-hardener';
const FILE_NAME = 'install.yaml';
const ARGO_MIRROR = process.env.KH_ARGO_CD_GIT || '/work/.mirror/argoproj+argo-cd/repo';
const RESULTS = join(ROOT, 'bench/editor-results.json');
const VALUE_TEXT = 'abcdefghijklmnopqrstuvwxyz';
const COMMENT_TEXT = ' # keep this profile in line with the restricted pod security standard';
const STEP_TIMEOUT = 60_000;

const log = (message) => console.log(`[bench:editor] ${message}`);

function options() {
  const arg = (name, fallback) => {
    const at = process.argv.indexOf(`--${name}`);
    return at > 0 ? process.argv[at + 1] : fallback;
  };
  return {
    rounds: Number(arg('rounds', 4)),
    chars: Number(arg('chars', 60)),
    gapMs: Number(arg('gap', 60)),
    file: arg('file', process.env.KH_BENCH_FILE),
    vsix: resolve(arg('vsix', join(ROOT, 'kube-hardener.vsix'))),
    compare: arg('compare') && resolve(arg('compare')),
    build: !process.argv.includes('--no-build') && process.env.KH_SKIP_BUILD !== '1',
  };
}

/** The manifest's text: --file, or argo-cd's manifests/install.yaml from a local git mirror; undefined when neither exists. */
function manifestText(file) {
  if (file) return existsSync(file) ? { text: readFileSync(file, 'utf8'), source: file } : undefined;
  if (!existsSync(ARGO_MIRROR)) return undefined;
  try {
    const commit = execFileSync('git', ['--git-dir', ARGO_MIRROR, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    const text = execFileSync('git', ['--git-dir', ARGO_MIRROR, 'show', 'HEAD:manifests/install.yaml'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    return { text, source: `argoproj/argo-cd ${commit.slice(0, 7)} manifests/install.yaml` };
  } catch {
    return undefined;
  }
}

/** The spots of a round, found in the text: a securityContext value, the line before `runAsNonRoot: true` (comment), that line (probe). */
function spotsOf(text) {
  const lines = text.split('\n');
  const probe = lines.findIndex((line, at) => /^\s+runAsNonRoot: true$/.test(line) && /^\s+readOnlyRootFilesystem: true$/.test(lines[at - 1] ?? ''));
  const value = lines.findIndex((line, at) => at > probe && /^\s+type: RuntimeDefault$/.test(line));
  if (probe < 0 || value < 0) throw new Error('the manifest has no "readOnlyRootFilesystem: true / runAsNonRoot: true / type: RuntimeDefault" lines');
  const at = (index) => ({ line: index + 1, column: lines[index].length + 1 });
  return { value: at(value), comment: at(probe - 1), probe: at(probe) };
}

async function main() {
  const opts = options();
  const missing = missingTools();
  if (missing) return skip(`${missing} (run bash test/e2e/setup.sh)`);
  const manifest = manifestText(opts.file);
  if (!manifest) return skip(`no manifest: pass --file path/to/argo-cd/manifests/install.yaml (or KH_BENCH_FILE), or keep a git mirror of argo-cd at ${ARGO_MIRROR} (KH_ARGO_CD_GIT)`);
  if (opts.build) {
    log('npm run package');
    const built = spawnSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`npm run package failed:\n${built.stdout}${built.stderr}`);
  }
  if (!existsSync(opts.vsix)) throw new Error(`${opts.vsix} is missing: run npm run package`);
  const spots = spotsOf(manifest.text);
  log(`${manifest.source}: ${manifest.text.split('\n').length} lines, ${(manifest.text.length / 1e6).toFixed(2)} MB; spots ${JSON.stringify(spots)}`);
  if (opts.compare && !existsSync(opts.compare)) throw new Error(`${opts.compare} is missing`);
  const editors = { on: await startEditor('on', manifest.text, opts.vsix) };
  if (opts.compare) editors.compare = await startEditor('compare', manifest.text, opts.compare);
  editors.off = await startEditor('off', manifest.text);
  try {
    for (const editor of Object.values(editors)) await openManifest(editor);
    const samples = await measure(editors, spots, opts);
    report(samples, opts, manifest);
  } finally {
    for (const editor of Object.values(editors)) {
      await editor.browser?.context.close().catch(() => {});
      await editor.server.stop();
    }
  }
}

function skip(reason) {
  log(`skipped: ${reason}`);
  process.exit(0);
}

async function startEditor(name, text, vsix) {
  const runDir = freshRunDir(`bench-editor-${name}`);
  const workspace = join(runDir, 'ws');
  mkdirSync(workspace, { recursive: true });
  writeFileSync(join(workspace, FILE_NAME), text);
  if (vsix) log(`${name}: ${installVsix(runDir, vsix).split('\n').pop()}`);
  const server = await startCodeServer(runDir, { 'workbench.colorTheme': 'Default Dark Modern', 'files.autoSave': 'off' });
  const browser = await launchBrowser(runDir);
  browser.page.setDefaultTimeout(STEP_TIMEOUT);
  return { name, server, browser, page: browser.page, workspace, withExtension: Boolean(vsix) };
}

/** Opens the manifest; with the extension, waits for its findings in the status bar's Problems count. */
async function openManifest(editor) {
  const { page, server, withExtension } = editor;
  await page.goto(`${server.origin}/?folder=${encodeURIComponent(editor.workspace)}`, { waitUntil: 'domcontentloaded' });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: FILE_NAME }).first().waitFor({ timeout: 180_000 });
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill(FILE_NAME);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: FILE_NAME }).first().click();
  await page.locator('.tab.active', { hasText: FILE_NAME }).first().waitFor();
  // Under load, VS Code may give up its workspaceContains search: opening the YAML file activates it then.
  if (withExtension) await server.waitForActivation(EXTENSION_ID, 120_000);
  if (withExtension) await page.waitForFunction(() => /\d/.test(document.querySelector('[id="status.problems"]')?.getAttribute('aria-label') ?? '') && !/^No Problems/.test(document.querySelector('[id="status.problems"]')?.getAttribute('aria-label') ?? ''), null, { timeout: 120_000 });
  await installKeystrokeProbe(page);
  editor.baseline = withExtension ? await stableProblemsLabel(page) : await problemsLabel(page);
  log(`${editor.name}: ${FILE_NAME} open, Problems: ${editor.baseline}`);
}

/**
 * The Problems label once it has not changed for 5 s: the cross-file findings follow the first
 * ones when the workspace index is built.
 */
async function stableProblemsLabel(page) {
  const deadline = Date.now() + 180_000;
  let label = await problemsLabel(page);
  let since = Date.now();
  while (Date.now() - since < 5000) {
    if (Date.now() > deadline) throw new Error(`the Problems count did not settle (last: ${label})`);
    await sleep(250);
    const now = await problemsLabel(page);
    if (now !== label) [label, since] = [now, Date.now()];
  }
  return label;
}

/**
 * Interleaved rounds (the order of the editors rotates each round), after one warm-up round that
 * is not counted; returns the samples by editor and spot.
 */
async function measure(editors, spots, opts) {
  const names = Object.keys(editors);
  const samples = Object.fromEntries(names.map((name) => [name, { value: [], comment: [], diagnostics: { lastKey: [], afterPause: [] } }]));
  for (const editor of Object.values(editors)) await settle(editor, 1000);
  for (let round = 0; round <= opts.rounds; round += 1) {
    const order = names.map((_, at) => names[(at + round) % names.length]);
    if (round % 2 === 1) order.reverse();
    for (const spot of ['value', 'comment']) {
      for (const name of order) {
        const editor = editors[name];
        const result = spot === 'value' ? await valueRound(editor, spots, opts) : await commentRound(editor, spots, opts);
        const label = round === 0 ? 'warm-up' : `round ${round}`;
        log(`${label} ${name} ${spot}: median ${median(result.keys).toFixed(1)} ms${result.diagnostics ? `, diagnostics ${result.diagnostics.lastKey} / ${result.diagnostics.afterPause} ms` : ''}`);
        if (round === 0) continue;
        samples[name][spot].push(...result.keys);
        if (result.diagnostics) {
          samples[name].diagnostics.lastKey.push(result.diagnostics.lastKey);
          samples[name].diagnostics.afterPause.push(result.diagnostics.afterPause);
        }
      }
    }
  }
  return samples;
}

function textOf(base, count) {
  return base.repeat(Math.ceil(count / base.length)).slice(0, count);
}

/** Types a burst at the end of a securityContext value (`type: RuntimeDefault...`), then deletes it. */
async function valueRound(editor, spots, opts) {
  await goTo(editor.page, spots.value);
  const keys = await typeMeasured(editor.page, textOf(VALUE_TEXT, opts.chars), opts.gapMs);
  await deleteToEnd(editor, spots.value);
  return { keys };
}

/**
 * Types a comment at the end of the line before `runAsNonRoot: true`, then (keystrokes at the
 * same pace) goes down to that value and types `x`: with the extension, a new finding appears
 * (lastKey: ms from that keystroke to the new count). After a pause, Backspace removes it
 * (afterPause: ms to the old count). Then the comment is deleted.
 */
async function commentRound(editor, spots, opts) {
  const { page } = editor;
  const withDiagnostics = editor.withExtension;
  await goTo(page, spots.comment);
  const keys = await typeMeasured(page, textOf(COMMENT_TEXT, opts.chars), opts.gapMs);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await sleep(opts.gapMs);
  const before = await problemsLabel(page);
  const probeStart = Date.now();
  keys.push(...(await typeMeasured(page, 'x', 0)));
  const lastKey = withDiagnostics ? await countChange(page, before, probeStart) : undefined;
  await sleep(1000);
  const pauseStart = Date.now();
  await page.keyboard.press('Backspace');
  const afterPause = withDiagnostics ? await countChange(page, undefined, pauseStart, before) : undefined;
  await deleteToEnd(editor, spots.comment);
  return { keys, diagnostics: withDiagnostics ? { lastKey, afterPause } : undefined };
}

/** Milliseconds from `start` until the status bar's Problems label differs from `from` (or equals `to`). */
async function countChange(page, from, start, to) {
  await page.waitForFunction(
    ([previous, wanted]) => {
      const label = document.querySelector('[id="status.problems"]')?.getAttribute('aria-label') ?? '';
      return wanted ? label === wanted : label !== previous;
    },
    [from, to],
    { polling: 5, timeout: STEP_TIMEOUT },
  );
  return Date.now() - start;
}

/** Selects from the spot's original end of line to the end of the line and deletes it; waits for quiet. */
async function deleteToEnd(editor, spot) {
  await goTo(editor.page, spot);
  await editor.page.keyboard.press('Shift+End');
  await editor.page.keyboard.press('Delete');
  await settle(editor, 800);
}

/** Waits until the Problems count is back to the opening one (extension on) and then `quietMs`. */
async function settle(editor, quietMs) {
  if (editor.withExtension) {
    await editor.page.waitForFunction((label) => document.querySelector('[id="status.problems"]')?.getAttribute('aria-label') === label, editor.baseline, { polling: 20 });
  }
  await sleep(quietMs);
}

/** Puts the cursor at a line and column (Go to Line), waiting for the status bar to show it. */
async function goTo(page, { line, column }) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.fill(`:${line}:${column}`);
  await input.press('Enter');
  await page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).first().waitFor();
  await page.locator('.monaco-editor.focused').first().waitFor();
}

function median(values) {
  return summarize(values).median;
}

function sleep(ms) {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}

function report(samples, opts, manifest) {
  const names = Object.keys(samples).filter((name) => name !== 'off');
  const title = { on: 'extension on', compare: `extension on (${opts.compare?.split('/').pop()})` };
  const rows = [];
  for (const spot of ['value', 'comment']) {
    const off = summarize(samples.off[spot]);
    const row = { measurement: `keystroke -> next frame, ${spot === 'value' ? 'securityContext value' : 'comment'}`, off };
    for (const name of names) {
      row[name] = summarize(samples[name][spot]);
      row[`${name}MinusOff`] = { median: round1(row[name].median - off.median), p95: round1(row[name].p95 - off.p95) };
    }
    rows.push(row);
  }
  const diagnostics = Object.fromEntries(names.map((name) => [name, { lastKeyOfBurst: summarize(samples[name].diagnostics.lastKey), afterPause: summarize(samples[name].diagnostics.afterPause) }]));
  const command = `npm run bench:editor -- --rounds ${opts.rounds} --chars ${opts.chars} --gap ${opts.gapMs}${opts.compare ? ` --compare ${opts.compare.split('/').pop()}` : ''}`;
  const result = {
    command,
    date: new Date().toISOString(),
    load: `load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}`,
    manifest: { source: manifest.source, lines: manifest.text.split('\n').length, bytes: Buffer.byteLength(manifest.text) },
    config: { rounds: opts.rounds, chars: opts.chars, gapMs: opts.gapMs, compare: opts.compare },
    keystrokes: rows,
    diagnostics,
    raw: samples,
  };
  mkdirSync(join(ROOT, 'bench'), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\n${command} on ${result.date.slice(0, 16).replace('T', ' ')} UTC, ${result.load}; ${manifest.source}, ${result.manifest.lines} lines, ${result.manifest.bytes} bytes\n`);
  console.log(`| measurement (median / p95) | ${names.map((name) => `${title[name]} | ${name} - off`).join(' | ')} | extension off |`);
  console.log(`|---|${names.map(() => '---:|---:').join('|')}|---:|`);
  const cell = (value) => `${value.median} / ${value.p95} ms`;
  const diff = (value) => `${sign(value.median)} / ${sign(value.p95)} ms`;
  for (const row of rows) {
    console.log(`| ${row.measurement} (${row.off.count} keys each) | ${names.map((name) => `${cell(row[name])} | ${diff(row[`${name}MinusOff`])}`).join(' | ')} | ${cell(row.off)} |`);
  }
  for (const [key, what] of [['lastKeyOfBurst', 'last keystroke of a burst'], ['afterPause', 'one keystroke after a 1 s pause']]) {
    console.log(`| diagnostics: ${what} -> Problems count (${diagnostics[names[0]][key].count} each) | ${names.map((name) => `${cell(diagnostics[name][key])} | `).join(' | ')} | - |`);
  }
  console.log('\nwritten to bench/editor-results.json');
}

function round1(value) {
  return Math.round(value * 10) / 10;
}

function sign(value) {
  return value > 0 ? `+${value}` : String(value);
}

main().catch((error) => {
  console.error(`[bench:editor] FAIL: ${error.stack ?? error}`);
  process.exit(1);
});

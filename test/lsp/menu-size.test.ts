// Issue #12: the Ctrl+. menu stays readable at every spot of examples/insecure (at most 10 entries),
// and the partial fixes folded into a complete one are what keeps it there (ARCHITECTURE.md,
// "The editor: one cause, one place").
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol/node';
import { AS_VSCODE, TestClient } from './harness.ts';
import { tempWorkspace, TempWorkspace } from './workspace-fixture.ts';
import { yamlFilesUnder } from '../helpers/files.ts';

const MAX_ENTRIES = 10;
const NOT_A_FIX = /^(Disable |Show documentation|Fix all )/;

let workspace: TempWorkspace;
let client: TestClient;

before(async () => {
  workspace = tempWorkspace();
  cpSync(join(import.meta.dirname, '../../examples'), workspace.dir, { recursive: true });
  client = await TestClient.start({ workspace: workspace.dir, ...AS_VSCODE });
});
after(async () => {
  await client.stop();
  workspace.cleanup();
});

/** The diagnostics grouped by the position they start at (what VS Code sends for a cursor there). */
function spots(diagnostics: Diagnostic[]): Diagnostic[][] {
  const byStart = new Map<string, Diagnostic[]>();
  for (const diagnostic of diagnostics) {
    const key = `${diagnostic.range.start.line}:${diagnostic.range.start.character}`;
    byStart.set(key, [...(byStart.get(key) ?? []), diagnostic]);
  }
  return [...byStart.values()];
}

const plain = (title: string) => title.replace(/ \(fixes \d+ problems\)$/, '');
const fixTitles = (actions: CodeAction[]) => actions.map((action) => plain(action.title)).filter((title) => !NOT_A_FIX.test(title));

/**
 * Where a complete fix absorbs partial ones (a workload container without securityContext), the
 * menu stays at 10 entries or fewer, and listing the absorbed partial fixes too would push it past
 * 10: the reason they stay folded. At a node agent (a static control-plane pod) every
 * securityContext fix is unsafe, and the unsafe partial fixes fold into the unsafe complete one.
 */
test('folding partial fixes into the complete one keeps the menu at 10 entries or fewer; offering them would not', async (t) => {
  let worst = { entries: 0, where: '', titles: [] as string[] };
  let worstFolding = { entries: 0, unfolded: 0, where: '', folded: [] as string[] };
  for (const path of yamlFilesUnder(join(workspace.dir, 'insecure'))) {
    const uri = workspace.uri(relative(workspace.dir, path));
    await client.open(uri, readFileSync(path, 'utf8'));
    const report = await client.pull(uri);
    for (const spot of spots(report.kind === 'full' ? report.items : [])) {
      const at = { start: spot[0].range.start, end: spot[0].range.start };
      const titles = (await client.codeActions(uri, at, spot)).map((action) => action.title);
      const where = `${relative(workspace.dir, path)}:${at.start.line + 1}`;
      if (titles.length > worst.entries) worst = { entries: titles.length, where, titles };
      if (spot.length < 2) continue;
      // The fixes each finding offers on its own; those missing from the menu were folded.
      const own = new Set<string>();
      for (const diagnostic of spot) for (const title of fixTitles(await client.codeActions(uri, at, [diagnostic]))) own.add(title);
      const folded = [...own].filter((title) => !titles.map(plain).includes(title));
      if (folded.length > 0 && titles.length + folded.length > worstFolding.unfolded) {
        worstFolding = { entries: titles.length, unfolded: titles.length + folded.length, where, folded };
      }
    }
  }
  t.diagnostic(`worst spot overall ${worst.where}: ${worst.entries} entries: ${worst.titles.join(' | ')}`);
  t.diagnostic(`worst spot with folded fixes ${worstFolding.where}: ${worstFolding.entries} entries; ${worstFolding.unfolded} if these were offered too: ${worstFolding.folded.join(' | ')}`);
  assert.ok(worst.entries <= MAX_ENTRIES, `${worst.entries} entries at ${worst.where}: ${worst.titles.join(' | ')}`);
  assert.ok(worstFolding.entries > 0, 'some spot of examples/insecure folds partial fixes');
  assert.ok(worstFolding.entries <= MAX_ENTRIES, `${worstFolding.entries} entries at ${worstFolding.where}`);
  assert.ok(worstFolding.unfolded > MAX_ENTRIES, 'the folded partial fixes would fit: ARCHITECTURE.md says they stay folded because they do not');
});

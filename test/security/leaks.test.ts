// No secret value leaks (issue #9, item 4): canary values planted in env values, Secret data and
// stringData, ConfigMap credentials, EncryptionConfiguration keys and malformed YAML never show up in
// any CLI output format, in the language server's diagnostics, code actions, hovers or log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CodeActionRequest, HoverRequest, PublishDiagnosticsNotification } from 'vscode-languageserver-protocol/node';
import { ALL_RULES } from '../../server/src/engine/registry.ts';
import { run, workspace } from '../cli/helpers.ts';
import { withServer } from '../lsp/harness.ts';
import { tempWorkspace } from '../lsp/workspace-fixture.ts';
import { leakedIn, MALFORMED, WELL_FORMED } from './canaries.ts';

async function cliOutputs(files: Record<string, string>): Promise<Record<string, string>> {
  const outputs: Record<string, string> = {};
  for (const format of ['stylish', 'json', 'sarif']) {
    for (const fix of [[], ['--fix', '--unsafe-fixes']]) {
      const cwd = workspace(files);
      const result = await run(['scan', '--format', format, ...fix, '.'], { cwd, rules: ALL_RULES });
      assert.notEqual(result.code, 2, result.stderr);
      outputs[`${format}${fix.length ? ' --fix' : ''}`] = result.stdout + result.stderr;
    }
  }
  return outputs;
}

function assertNoLeak(outputs: Record<string, string>): void {
  for (const [where, text] of Object.entries(outputs)) assert.deepEqual(leakedIn(text), [], `a canary leaked into ${where}:\n${text.slice(0, 2000)}`);
}

test('leaks: no secret value of a well-formed manifest appears in stylish, JSON or SARIF output', async () => {
  const outputs = await cliOutputs(WELL_FORMED);
  assert.match(outputs.json, /secret-in-env/, 'the planted secrets are found');
  assert.match(outputs.json, /credentials-in-configmap/);
  assertNoLeak(outputs);
});

for (const [name, text] of Object.entries(MALFORMED)) {
  test(`leaks: a parse error in ${name} quotes no secret value (stylish, JSON, SARIF)`, async () => {
    const outputs = await cliOutputs({ [name]: text });
    // An alias of an unknown anchor is no syntax error: the document is read without its value.
    if (name !== 'alias.yaml') assert.match(outputs.json, /parse-error/, 'the file is reported as broken');
    assertNoLeak(outputs);
  });
}

test('leaks: the language server never sends a canary in diagnostics, code actions, hovers or its log', async () => {
  const files = { ...WELL_FORMED, ...MALFORMED };
  const ws = tempWorkspace(files);
  await withServer(ws, { settings: { trace: { server: 'verbose' } } }, async (client) => {
    await client.connection.sendNotification('$/setTrace', { value: 'verbose' });
    const traces: string[] = [];
    client.connection.onNotification('$/logTrace', (params: { message: string; verbose?: string }) => {
      traces.push(`${params.message}\n${params.verbose ?? ''}`);
    });
    const answers: unknown[] = [];
    for (const [name, text] of Object.entries(files)) {
      const uri = ws.uri(name);
      await client.open(uri, text);
      const diagnostics = await client.waitForDiagnostics(uri, () => true, 1);
      const lines = text.split('\n');
      for (let line = 0; line < lines.length; line++) {
        for (const character of [0, lines[line].indexOf(':') + 2, lines[line].length - 1]) {
          answers.push(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character: Math.max(0, character) } }));
        }
        const range = { start: { line, character: 0 }, end: { line, character: lines[line].length } };
        answers.push(await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics } }));
      }
    }
    assert.ok(client.events.some((e) => e.method === PublishDiagnosticsNotification.method && e.params.diagnostics.some((d: { code?: string }) => d.code === 'parse-error')));
    const sent = client.events
      .filter((e) => e.method !== 'workspace/applyEdit')
      .map((e) => JSON.stringify(e))
      .join('\n');
    assertNoLeak({ 'server events': sent, 'hover and code-action answers': JSON.stringify(answers), 'server log': client.log(), 'server trace': traces.join('\n') });
  });
});

// Acceptance through the language server (dist/server.js): cross-file findings of an open document
// follow changes in other files of its namespace, and only the affected documents are checked again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeAction, Diagnostic, DidChangeWatchedFilesNotification, FileChangeType, PublishDiagnosticsNotification } from 'vscode-languageserver-protocol/node';
import { TestClient } from '../lsp/harness.ts';
import { copyFixture } from './workspace-scan.ts';

const RULE = 'missing-network-policy';

const webPolicy = (app: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-allow
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: ${app}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector: {}
      ports:
        - port: 8080
`;

const messageOf = (diagnostic: Diagnostic) => (typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value);
const missing = (diagnostics: Diagnostic[]) => diagnostics.filter((diagnostic) => diagnostic.code === RULE);
const directions = (diagnostics: Diagnostic[]) => missing(diagnostics).map((diagnostic) => /for (ingress|egress)/.exec(messageOf(diagnostic))![1]).sort();

describe('network rules in the language server', () => {
  let dir: string;
  let client: TestClient;
  const uri = (path: string) => pathToFileURL(join(dir, path)).href;

  before(async () => {
    dir = copyFixture('basic');
    client = await TestClient.start({ workspace: dir });
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('didOpen: the workload reports open ingress in namespace shop, pointing to the policy that almost selects it', async () => {
    const web = uri('apps/web.yaml');
    await client.open(web, readFixture(dir, 'apps/web.yaml'));
    const diagnostics = await client.waitForDiagnostics(web, (items) => directions(items).join() === 'ingress');
    const [finding] = missing(diagnostics);
    assert.match(messageOf(finding), /namespace "shop"/);
    assert.equal(finding.relatedInformation?.[0].location.uri, uri('policies/shop.yaml'));
    assert.deepEqual(finding.relatedInformation?.[0].location.range.start, { line: 25, character: 8 });
  });

  test('the quick fixes are workspace edits: CreateFile + insert for the default deny, an append for the workload policy', async () => {
    const web = uri('apps/web.yaml');
    const diagnostics = await client.waitForDiagnostics(web, (items) => missing(items).length === 1);
    const actions = (await client.codeActions(web, missing(diagnostics)[0].range, missing(diagnostics))) as CodeAction[];
    const titles = actions.map((action) => action.title);
    assert.ok(titles.includes('Add a default-deny NetworkPolicy for namespace shop (unsafe)'), titles.join('\n'));
    assert.ok(titles.includes('Add a NetworkPolicy for this workload (unsafe)'), titles.join('\n'));
    const create = actions.find((action) => action.title.startsWith('Add a default-deny'))!.edit!.documentChanges!;
    const created = uri('apps/networkpolicy-default-deny-shop.yaml');
    assert.deepEqual(create[0], { kind: 'create', uri: created, options: { overwrite: false, ignoreIfExists: false } });
    assert.ok('textDocument' in create[1] && create[1].textDocument.uri === created);
    assert.match((create[1] as { edits: { newText: string }[] }).edits[0].newText, /kind: NetworkPolicy[\s\S]*namespace: shop/);
    const append = actions.find((action) => action.title.startsWith('Add a NetworkPolicy'))!.edit!.documentChanges!;
    assert.ok('textDocument' in append[0] && append[0].textDocument.uri === web);
  });

  test('opening, then editing, a policy file of the same namespace updates the workload only', async () => {
    const web = uri('apps/web.yaml');
    const billing = uri('billing/billing.yaml');
    await client.open(billing, readFixture(dir, 'billing/billing.yaml'));
    await client.waitForDiagnostics(billing, (items) => missing(items).length === 2);
    const billingPublishes = () => client.events.filter((event) => event.method === PublishDiagnosticsNotification.method && event.params.uri === billing).length;
    const billingBefore = billingPublishes();

    const policy = uri('apps/web-allow.yaml');
    const from = client.events.length;
    await client.open(policy, webPolicy('web'));
    await client.waitFor((event) => event.method === PublishDiagnosticsNotification.method && event.params.uri === web && missing(event.params.diagnostics).length === 0, 'web covered', from);

    const edit = client.events.length;
    const line = webPolicy('web').split('\n').findIndex((text) => text.includes('app: web'));
    await client.change(policy, [{ range: { start: { line, character: 11 }, end: { line, character: 14 } }, text: 'api' }]);
    await client.waitFor((event) => event.method === PublishDiagnosticsNotification.method && event.params.uri === web && directions(event.params.diagnostics).join() === 'ingress', 'web open again', edit);
    assert.equal(billingPublishes(), billingBefore, 'billing (another namespace) was not checked again');
  });

  test('a kustomization change on disk moves the workload to the new namespace', async () => {
    const web = uri('apps/web.yaml');
    writeFileSync(join(dir, 'apps', 'kustomization.yaml'), readFixture(dir, 'apps/kustomization.yaml').replace('namespace: shop', 'namespace: store'));
    const from = client.events.length;
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('apps/kustomization.yaml'), type: FileChangeType.Changed }] });
    const event = await client.waitFor(
      (candidate) => candidate.method === PublishDiagnosticsNotification.method && candidate.params.uri === web && missing(candidate.params.diagnostics).some((d: Diagnostic) => messageOf(d).includes('"store"')),
      'web in namespace store',
      from,
    );
    assert.deepEqual(directions(event.params.diagnostics), ['egress', 'ingress']);
  });
});

function readFixture(dir: string, path: string): string {
  return readFileSync(join(dir, path), 'utf8');
}

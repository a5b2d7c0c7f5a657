// Acceptance through the CLI: fixture workspaces (kustomization namespaces, matchExpressions, a
// policy in another namespace, an empty podSelector, Calico and Cilium policies) give the expected
// findings per file; both fixes leave no missing-network-policy and YAML that passes every rule.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyEdits } from '../../server/src/engine/fix.ts';
import { ALL_RULES } from '../../server/src/engine/registry.ts';
import { byFile, copyFixture, FIXTURES, lintInWorkspace, NETWORK_RULE_IDS, relativeTo, scanJson, ScannedFile } from './workspace-scan.ts';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

/** What each file of fixtures/basic must report (network rules only). */
const BASIC_EXPECTED: Record<string, string[]> = {
  'apps/web.yaml': ['4:9 missing-network-policy ingress'],
  'billing/billing.yaml': ['4:9 missing-network-policy egress', '4:9 missing-network-policy ingress'],
  'calico/calico.yaml': ['32:9 missing-network-policy ingress', '4:9 namespace-pod-security-unenforced'],
  'loose/debug-pod.yaml': ['5:9 missing-network-policy egress', '5:9 missing-network-policy ingress'],
  'policies/shop.yaml': ['29:3 dangling-network-policy'],
};

function messagesOf(files: ScannedFile[], path: string): string[] {
  return files.find((file) => file.path === path)?.findings.map((finding) => finding.message) ?? [];
}

describe('fixture workspace "basic" through the CLI', () => {
  test('expected findings per file (runCli, network rules)', async () => {
    const { files } = await scanJson(join(FIXTURES, 'basic'));
    assert.deepEqual(byFile(files), BASIC_EXPECTED);
    assert.match(messagesOf(files, 'apps/web.yaml')[0], /namespace "shop"/, 'namespace from apps/kustomization.yaml');
    assert.ok(messagesOf(files, 'calico/calico.yaml').some((message) => /CronJob queues\/cleanup.*namespace "queues"/.test(message)));
    assert.ok(messagesOf(files, 'loose/debug-pod.yaml').every((message) => message.includes('namespace "default"')));
  });

  test('the bundled CLI (dist/cli.js, every rule) reports the same network findings', () => {
    const child = spawnSync(process.execPath, [CLI, 'scan', '--format', 'json', '--fail-on', 'never', '.'], { cwd: join(FIXTURES, 'basic'), encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    const { files } = JSON.parse(child.stdout) as { files: ScannedFile[] };
    assert.deepEqual(byFile(files, NETWORK_RULE_IDS), BASIC_EXPECTED);
  });

  test('fixture "flannel": every NetworkPolicy is reported as not enforced', async () => {
    const { files } = await scanJson(join(FIXTURES, 'flannel'));
    assert.deepEqual(byFile(files), { 'shop/app.yaml': ['22:9 network-policy-not-enforced'] });
  });
});

describe('related information', () => {
  test('a dangling policy and the workload it almost selects point to each other', () => {
    const dir = join(FIXTURES, 'basic');
    const web = lintInWorkspace(dir, 'apps/web.yaml');
    const [ingress] = web.findings.filter((finding) => finding.ruleId === 'missing-network-policy');
    assert.equal(ingress.related?.length, 1);
    const [toPolicy] = ingress.related!;
    assert.equal(relativeTo(dir, toPolicy.path), 'policies/shop.yaml');
    assert.equal(readFileSync(toPolicy.path, 'utf8').slice(toPolicy.start, toPolicy.end), 'web-ingress');
    assert.match(toPolicy.message, /almost selects these pods: it wants tier=backend, the pods have tier=frontend/);

    const policies = lintInWorkspace(dir, 'policies/shop.yaml');
    const [dangling] = policies.findings.filter((finding) => finding.ruleId === 'dangling-network-policy');
    assert.deepEqual(dangling.related!.map((related) => relativeTo(dir, related.path)).sort(), ['apps/api/api.yaml', 'apps/web.yaml'], 'web and api both differ by one label');
    const toWorkload = dangling.related!.find((related) => related.path.endsWith('web.yaml'))!;
    assert.equal(readFileSync(toWorkload.path, 'utf8').slice(toWorkload.start, toWorkload.end), 'web');
    assert.match(toWorkload.message, /Deployment shop\/web almost matches: its pods have tier=frontend/);
  });
});

describe('fixes', () => {
  test('--fix --unsafe-fixes writes default-deny files (never clobbering), and a re-scan is clean', async () => {
    const dir = copyFixture('basic');
    writeFileSync(join(dir, 'billing', 'networkpolicy-default-deny-billing.yaml'), '# mine, keep\n');
    const fixed = await scanJson(dir, undefined, ['--fix', '--unsafe-fixes']);
    const created = ['apps/networkpolicy-default-deny-shop.yaml', 'billing/networkpolicy-default-deny-billing-2.yaml', 'calico/networkpolicy-default-deny-queues.yaml', 'loose/networkpolicy-default-deny-default.yaml'];
    for (const path of created) assert.ok(existsSync(join(dir, path)), `${path} created\n${fixed.stderr}`);
    assert.equal(readFileSync(join(dir, 'billing', 'networkpolicy-default-deny-billing.yaml'), 'utf8'), '# mine, keep\n');
    assert.match(readFileSync(join(dir, created[0]), 'utf8'), /namespace: shop/, 'a kustomization namespace is written out');
    assert.doesNotMatch(readFileSync(join(dir, created[3]), 'utf8'), /namespace:/, 'the default namespace is left implicit');
    assert.doesNotMatch(readFileSync(join(dir, 'apps', 'web.yaml'), 'utf8'), /NetworkPolicy/, 'the default-deny file made the allow-list fix unnecessary');

    const rescan = await scanJson(dir);
    assert.deepEqual(byFile(rescan.files), { 'policies/shop.yaml': ['29:3 dangling-network-policy'] });
    const everyRule = await scanJson(dir, ALL_RULES);
    for (const path of created) assert.deepEqual(everyRule.files.find((file) => file.path === path)?.findings, [], `${path} passes every rule`);
  });

  test('"Add a NetworkPolicy for this workload" appends a policy that covers it and passes every rule', async () => {
    const dir = copyFixture('basic');
    const { text, findings } = lintInWorkspace(dir, 'billing/billing.yaml');
    const fix = findings.find((finding) => finding.ruleId === 'missing-network-policy')!.fixes.find((candidate) => candidate.title === 'Add a NetworkPolicy for this workload')!;
    assert.equal(fix.safe, false);
    const fixedText = applyEdits(text, fix.edits);
    writeFileSync(join(dir, 'billing', 'billing.yaml'), fixedText);
    assert.match(fixedText, /port: 8443/);

    const rescan = await scanJson(dir);
    assert.equal(byFile(rescan.files)['billing/billing.yaml'], undefined);
    const appendedFrom = fixedText.indexOf('---', text.length - 1);
    const after = lintInWorkspace(dir, 'billing/billing.yaml').findings.filter((finding) => finding.start >= appendedFrom);
    assert.deepEqual(after.map((finding) => `${finding.ruleId}: ${finding.message}`), [], 'the appended policy passes every rule');
  });

  test('the default-deny fix offered in the editor names a file next to the workload', () => {
    const { findings } = lintInWorkspace(join(FIXTURES, 'basic'), 'calico/calico.yaml');
    const fix = findings.find((finding) => finding.ruleId === 'missing-network-policy')!.fixes[0];
    assert.equal(fix.title, 'Add a default-deny NetworkPolicy for namespace queues');
    assert.deepEqual(fix.createFiles?.map((file) => file.path), ['networkpolicy-default-deny-queues.yaml']);
    assert.deepEqual(fix.edits, []);
  });
});

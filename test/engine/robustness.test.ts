import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBytes } from '../../server/src/cli/files.ts';
import { factsOfFile } from '../../server/src/engine/facts.ts';
import { lintText, type LintResult } from '../../server/src/engine/lint.ts';
import { parseManifestFile } from '../../server/src/engine/parse.ts';
import { ruleById } from '../../server/src/engine/registry.ts';
import { lintOptions } from '../helpers/lint.ts';

const privileged = [ruleById('privileged-container')!];

function pod(name: string, extra = ''): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n${extra}spec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n`;
}

/** `rule@line:column` (1-based) of each finding. */
function located(result: LintResult): string[] {
  return result.findings.map((finding) => {
    const { line, column } = result.file.lines.position(finding.start);
    return `${finding.ruleId}@${line + 1}:${column + 1}`;
  });
}

describe('YAML that is not Kubernetes', () => {
  const workflow = `name: ci\non:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm test\n        env:\n          PASSWORD: \${{ secrets.PASSWORD }}\n`;
  const compose = `services:\n  web:\n    image: nginx:latest\n    privileged: true\n    network_mode: host\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n    environment:\n      DB_PASSWORD: hunter2\n`;
  for (const [name, text] of [['a GitHub workflow', workflow], ['a docker-compose file', compose]]) {
    test(`${name} gives no finding with every rule on`, () => {
      const result = lintText('file.yaml', text, lintOptions());
      assert.equal(result.file.skipped, undefined);
      assert.deepEqual(result.findings, []);
    });
  }
});

describe('files that are not checked get a reason', () => {
  test('a Helm template', () => {
    const helm = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "app.fullname" . }}\nspec:\n  replicas: {{ .Values.replicas }}\n`;
    const result = lintText('templates/deployment.yaml', helm, lintOptions());
    assert.match(result.file.skipped ?? '', /Helm or Go template/);
    assert.deepEqual(result.findings, []);
  });
  test('binary, empty and blank text', () => {
    assert.equal(lintText('a.yaml', 'kind: Pod\u0000\u0001', lintOptions()).file.skipped, 'binary file');
    assert.equal(lintText('a.yaml', '', lintOptions()).file.skipped, 'empty file');
    assert.equal(lintText('a.yaml', ' \n\t\n', lintOptions()).file.skipped, 'empty file');
  });
  test('bytes that are not UTF-8, or binary, are skipped when the CLI decodes them', () => {
    assert.match(decodeBytes(new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9])).skipped ?? '', /not UTF-8/);
    assert.equal(decodeBytes(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00])).skipped, 'binary file');
    assert.equal(decodeBytes(new Uint8Array()).skipped, 'empty file');
    assert.deepEqual(decodeBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x3a, 0x20, 0x62])), { text: 'a: b', bom: true });
  });
  test('a 50 MB file finishes with a skip reason', () => {
    const big = 'key: value\n'.repeat(5_000_000);
    assert.ok(big.length >= 50 * 1000 * 1000);
    const result = lintText('big.yaml', big, lintOptions());
    assert.match(result.file.skipped ?? '', /larger than 20 MB/);
    assert.deepEqual(result.findings, []);
  });
});

test('a YAML alias bomb ("billion laughs") finishes without crashing and the rest is still checked', () => {
  const levels = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
  const bomb = levels
    .map((level, i) => `    ${level}: &${level} [${i === 0 ? Array(9).fill('"lol"').join(', ') : Array(9).fill(`*${levels[i - 1]}`).join(', ')}]`)
    .join('\n');
  const text = [
    pod('bomb', `  annotations:\n${bomb}\n`),
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: laughs\n  labels: {x: y}\nrules:\n  - apiGroups: [""]\n    resources: &r [pods]\n    verbs: [get]\n  - laughs:\n${bomb}\n`,
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: laughs\ndata:\n${bomb.replace(/^ {4}/gm, '  ')}\n`,
  ].join('---\n');
  const result = lintText('bomb.yaml', text, lintOptions());
  assert.equal(result.file.skipped, undefined);
  assert.ok(result.findings.some((finding) => finding.ruleId === 'privileged-container'), 'the Pod is still checked');
  assert.ok(!result.findings.some((finding) => finding.ruleId === 'parse-error'));
  const facts = factsOfFile(parseManifestFile('bomb.yaml', text), () => 'default');
  assert.deepEqual(facts.map((fact) => fact.kind), ['Pod', 'Role', 'ConfigMap']);
});

test('a multi-document file with one broken document: one parse error there, the others still checked', () => {
  const broken = 'apiVersion: v1\nkind: Pod\n  bad: indent\nspec: {}\n';
  const text = [pod('first'), broken, pod('third')].join('---\n');
  const result = lintText('multi.yaml', text, { ...lintOptions(), rules: privileged });
  assert.deepEqual(located(result), ['privileged-container@10:21', 'parse-error@13:7', 'privileged-container@26:21']);
});

test('CRLF and BOM files give the same lines and columns', () => {
  const expected = ['privileged-container@10:21'];
  const text = pod('web');
  assert.deepEqual(located(lintText('lf.yaml', text, { ...lintOptions(), rules: privileged })), expected);
  assert.deepEqual(located(lintText('crlf.yaml', text.replace(/\n/g, '\r\n'), { ...lintOptions(), rules: privileged })), expected);
  assert.deepEqual(located(lintText('bom.yaml', `\uFEFF${text}`, { ...lintOptions(), rules: privileged })), expected);
  const crlfBom = lintText('both.yaml', `\uFEFF${text.replace(/\n/g, '\r\n')}`, { ...lintOptions(), rules: privileged });
  assert.deepEqual(located(crlfBom), expected);
  const finding = crlfBom.findings[0];
  assert.equal(crlfBom.file.text.slice(finding.start, finding.end), 'true');
});

describe('suppressions', () => {
  const lint = (text: string, config = {}) => located(lintText('s.yaml', text, { ...lintOptions(config), rules: privileged }));
  const withComment = (comment: string) => pod('web').replace('        privileged: true', `        ${comment}\n        privileged: true`);

  test('a next-line comment with a reason silences the finding on the next line', () => {
    assert.deepEqual(lint(withComment('# kube-hardener-disable-next-line privileged-container -- needs /dev/fuse')), []);
  });
  test('a document-level comment silences its document only', () => {
    const text = `# kube-hardener-disable privileged-container -- legacy node agent\n${pod('agent')}---\n${pod('web')}`;
    assert.deepEqual(lint(text), ['privileged-container@22:21']);
  });
  test('an ignore-check annotation silences its object', () => {
    const annotated = pod('web', '  annotations:\n    ignore-check.kube-hardener.io/privileged-container: "GPU driver installer"\n');
    assert.deepEqual(lint(annotated), []);
  });
  test('suppressions.allow false (strict CI) ignores comments and annotations', () => {
    const strict = { suppressions: { allow: false } };
    assert.deepEqual(lint(withComment('# kube-hardener-disable-next-line privileged-container -- why'), strict), ['privileged-container@11:21']);
    const annotated = pod('web', '  annotations:\n    ignore-check.kube-hardener.io/privileged-container: "why"\n');
    assert.deepEqual(lint(annotated, strict), ['privileged-container@12:21']);
  });
  test('requireReason: a suppression without a reason has no effect and is reported', () => {
    const config = { suppressions: { requireReason: true } };
    assert.deepEqual(lint(withComment('# kube-hardener-disable-next-line privileged-container'), config), ['invalid-suppression@10:9', 'privileged-container@11:21']);
    assert.deepEqual(lint(withComment('# kube-hardener-disable-next-line privileged-container -- reviewed in SEC-12'), config), []);
  });
  test('an unused suppression is reported as a warning', () => {
    const text = pod('web').replace('        privileged: true', '        # kube-hardener-disable-next-line privileged-container -- stale\n        privileged: false');
    const result = lintText('s.yaml', text, { ...lintOptions(), rules: privileged });
    assert.deepEqual(located(result), ['unused-suppression@10:9']);
    assert.equal(result.findings[0].severity, 'warning');
  });
  test('a suppression of a rule that did not run this time is neither unknown nor unused', () => {
    const text = withComment('# kube-hardener-disable-next-line privileged-container, missing-network-policy -- reviewed');
    assert.deepEqual(lint(text), []);
  });
  test('reports about an annotation suppression point at the annotation key', () => {
    const annotated = pod('web', '  annotations:\n    ignore-check.kube-hardener.io/not-a-rule: "typo"\n    ignore-check.kube-hardener.io/privileged-container: "GPU driver"\n');
    assert.deepEqual(lint(annotated), ['invalid-suppression@6:5']);
    const unused = pod('web', '  annotations:\n    ignore-check.kube-hardener.io/privileged-container: "stale"\n').replace('privileged: true', 'privileged: false');
    assert.deepEqual(lint(unused), ['unused-suppression@6:5']);
  });
  test('an unknown rule ID in a suppression is reported and names the ID', () => {
    const result = lintText('s.yaml', withComment('# kube-hardener-disable-next-line privileged-containers -- typo'), { ...lintOptions(), rules: privileged });
    assert.deepEqual(located(result), ['invalid-suppression@10:9', 'privileged-container@11:21']);
    assert.match(result.findings[0].message, /unknown rule ID "privileged-containers"/);
  });
});

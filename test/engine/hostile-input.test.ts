import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../server/src/engine/lint.ts';
import { parseCacheUsage, parseDocumentText, setParseCacheCapacity } from '../../server/src/engine/parse.ts';
import { MAX_MERGED_KEYS } from '../../server/src/engine/expansion.ts';
import { ruleById } from '../../server/src/engine/registry.ts';
import { lintOptions } from '../helpers/lint.ts';

// Hostile input (#9): every case finishes, with a parse finding or a skip reason, and the rest of
// the file is still checked. None of these tests times anything: a regression shows as a hang.

const privileged = [ruleById('privileged-container')!];
const POD = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n`;

function rulesOf(text: string, rules = lintOptions().rules): string[] {
  return lintText('hostile.yaml', text, { ...lintOptions(), rules }).findings.map((finding) => finding.ruleId);
}

describe('merge keys', () => {
  test('a mapping that merges itself is a parse error, and the other documents are still checked', () => {
    const selfMerge = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec: &s\n  a: 1\n  <<: [*s, *s, *s, *s]\n  containers: []\n`;
    const result = lintText('self.yaml', `${selfMerge}---\n${POD}`, lintOptions());
    const parseErrors = result.findings.filter((finding) => finding.ruleId === 'parse-error');
    assert.equal(parseErrors.length, 1);
    assert.match(parseErrors[0].message, /merge key \(<<\) includes the mapping that contains it/);
    assert.ok(result.findings.some((finding) => finding.ruleId === 'privileged-container'));
  });

  test('merges nested 5 deep, each merging the level below 4 times, are followed', () => {
    const levels = ['  l0: &l0 {a: 1, b: 2, c: 3}'];
    for (let i = 1; i <= 5; i++) levels.push(`  l${i}: &l${i} {<<: [*l${i - 1}, *l${i - 1}, *l${i - 1}, *l${i - 1}], k${i}: 1}`);
    const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nx:\n${levels.join('\n')}\nspec:\n  <<: *l5\n  template:\n    <<: *l5\n    spec:\n      <<: *l5\n      containers:\n        - <<: *l5\n          name: a\n          image: b\n          securityContext: {privileged: true}\n`;
    assert.deepEqual(rulesOf(text, privileged), ['privileged-container']);
  });

  test(`merges that expand to more than ${MAX_MERGED_KEYS} keys are a parse error and are not followed`, () => {
    const levels = ['  l0: &l0 {a: 1, b: 2, c: 3, d: 4}'];
    for (let i = 1; i <= 8; i++) levels.push(`  l${i}: &l${i} {<<: [*l${i - 1}, *l${i - 1}, *l${i - 1}, *l${i - 1}]}`);
    const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nx:\n${levels.join('\n')}\nspec:\n  <<: *l8\n`;
    const result = lintText('bomb.yaml', text, lintOptions());
    assert.ok(result.findings.some((finding) => finding.ruleId === 'parse-error' && /expand to more than/.test(finding.message)));
  });
});

describe('deep, large and many', () => {
  test('10,000 levels of nesting: a parse error or a clean result, no crash', () => {
    const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    const deepMaps = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\nx: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`;
    for (const text of [deep, deepMaps]) {
      const result = lintText('deep.yaml', `${text}---\n${POD}`, lintOptions());
      assert.equal(result.file.skipped, undefined);
      assert.ok(result.findings.some((finding) => finding.ruleId === 'privileged-container'), 'the next document is still checked');
    }
  });

  test('a single 50 MB scalar is skipped with the size reason', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: ${'x'.repeat(50 * 1024 * 1024)}\n`;
    const result = lintText('big.yaml', text, lintOptions());
    assert.match(result.file.skipped ?? '', /larger than 20 MB/);
  });

  test('100,000 documents in one file are all read', () => {
    const text = Array.from({ length: 100_000 }, (_, i) => `a${i}: 1\n`).join('---\n');
    const result = lintText('many.yaml', text, { ...lintOptions(), rules: privileged });
    assert.equal(result.file.docs.length, 100_000);
    assert.deepEqual(result.findings, []);
  });

  test('a million blank or space-only lines are scanned in linear time', () => {
    for (const filler of ['\n', ' \n', '\r\n']) {
      const text = `a: 1\n${filler.repeat(1_000_000)}---\n${filler.repeat(500_000)}${POD}`;
      assert.deepEqual(rulesOf(text, privileged), ['privileged-container']);
    }
  });

  test('NUL bytes make a file binary; a BOM and invalid UTF-8 are covered by the CLI decoder tests', () => {
    assert.equal(lintText('nul.yaml', `${POD}\u0000`, lintOptions()).file.skipped, 'binary file');
  });
});

describe('parse errors quote none of the document', () => {
  for (const line of ['password: !Welcome2024!', 'token: "Welcome2024\\q"', 'key: @Welcome2024', 'k: *Welcome2024', '%Welcome2024 x\n---\na: 1', 'a: [Welcome2024']) {
    test(JSON.stringify(line), () => {
      const result = lintText('leak.yaml', `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  ${line}\n`, lintOptions());
      for (const finding of result.findings) assert.ok(!finding.message.includes('Welcome2024'), finding.message);
    });
  }
  test('the tag with no suffix gets a message that names the problem', () => {
    const [finding] = lintText('leak.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: !Welcome2024!\n', lintOptions()).findings.filter((each) => each.ruleId === 'parse-error');
    assert.match(finding.message, /tag/);
  });
});

test('the parse cache is bounded by bytes, whatever the number of documents', () => {
  setParseCacheCapacity();
  const { capacity } = parseCacheUsage();
  const body = `k: ${'v'.repeat(70_000)}\n`; // 70 KB, an editor buffer being typed in
  for (let edit = 0; edit < 200; edit++) parseDocumentText(`${body}edit: ${edit}\n`);
  const usage = parseCacheUsage();
  assert.ok(usage.bytes <= capacity, `${usage.bytes} <= ${capacity}`);
  assert.ok(usage.entries < 200);
});

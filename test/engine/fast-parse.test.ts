import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText } from '../../server/src/engine/lint.ts';
import { parseManifestFile, setFastParse } from '../../server/src/engine/parse.ts';
import { WorkspaceIndex } from '../../server/src/engine/workspace.ts';
import { factsOfFile } from '../../server/src/engine/facts.ts';
import { fastParseDocument } from '../../server/src/engine/fast-parse.ts';
import { documentTexts, fastParseDifference } from '../helpers/fast-parse-compare.ts';
import { lintOptions } from '../helpers/lint.ts';
import { bigFile, manifestFor } from '../../bench/corpus.ts';
import { yamlFilesUnder } from '../helpers/files.ts';

const ROOT = join(import.meta.dirname, '..', '..');

function readText(path: string): string {
  const text = readFileSync(path, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const FIXTURES = [...yamlFilesUnder(join(ROOT, 'test'), { skipHidden: true }), ...yamlFilesUnder(join(ROOT, 'examples'), { skipHidden: true })];

test('the fast parse builds the nodes yaml builds, on every YAML document of test/ and examples/', () => {
  let fast = 0;
  let documents = 0;
  const differences: string[] = [];
  for (const path of FIXTURES) {
    for (const doc of documentTexts(readText(path))) {
      documents++;
      const result = fastParseDifference(doc);
      if (result.fast) fast++;
      if (result.difference) differences.push(`${path.slice(ROOT.length + 1)}: ${result.difference}`);
    }
  }
  assert.deepEqual(differences.slice(0, 10), []);
  // The subset covers what manifests are written in: most documents take the fast path.
  assert.ok(fast > documents * 0.9, `${fast} of ${documents} documents took the fast path`);
});

test('the fast parse builds the nodes yaml builds, on samples of the bench corpora', () => {
  const texts = [bigFile(2000).text, ...Array.from({ length: 200 }, (_, index) => manifestFor(index * 7, index % 2 === 0 ? 'spread' : 'concentrated').text)];
  const differences: string[] = [];
  let fast = 0;
  let documents = 0;
  for (const text of texts) {
    for (const doc of documentTexts(text)) {
      documents++;
      const result = fastParseDifference(doc);
      if (result.fast) fast++;
      if (result.difference) differences.push(result.difference);
    }
  }
  assert.deepEqual(differences.slice(0, 10), []);
  assert.equal(fast, documents);
});

test('the fast parse gives up outside its subset', () => {
  const outside = [
    'a: &x 1\nb: *x\n',
    'a: !!str 1\n',
    'base: &b {x: 1}\nc:\n  <<: *b\n',
    '%YAML 1.1\n---\na: 1\n',
    'a: "two\n  lines"\n',
    'a: plain\n  continued\n',
    '? complex\n: key\n',
    'a:\tb\n',
    'a: 1\r\nb: 2\r\n',
    'a: [1,\n  2]\n',
    'a: b: c\n',
    'just a scalar\n',
    'a: |+\n  kept\n\n',
    'a: |2\n   x\n',
    'a:\n# comment\nb: 1\n',
  ];
  for (const text of outside) assert.equal(fastParseDocument(text), undefined, JSON.stringify(text));
});

/** The findings of linting a file alone (indexed with itself), as comparable data. */
function findingsOf(path: string, text: string): string {
  const index = new WorkspaceIndex();
  index.setFile(path, factsOfFile(parseManifestFile(path, text), () => 'default'));
  const options = { ...lintOptions({}, undefined, index), onRuleError: () => {} };
  return JSON.stringify(lintText(path, text, options).findings);
}

test('lint findings, messages, ranges and fixes are identical with and without the fast parse', () => {
  // Every fixture but the 4,500 pod-security-admission cases, of which every eighth (their parses are all compared above).
  const files = FIXTURES.filter((path, index) => !/[/\\]fixtures[/\\]psa[/\\]/.test(path) || index % 8 === 0);
  const differing: string[] = [];
  try {
    for (const path of files) {
      const text = readText(path);
      setFastParse(true);
      const fast = findingsOf(path, text);
      setFastParse(false);
      const full = findingsOf(path, text);
      if (fast !== full) differing.push(path.slice(ROOT.length + 1));
    }
  } finally {
    setFastParse(true);
  }
  assert.ok(files.length > 400, `${files.length} files compared`);
  assert.deepEqual(differing, []);
});

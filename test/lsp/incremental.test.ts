// Typing into a big multi-document file: the editor's incremental path (per-document results,
// moved findings, reused diagnostic ranges, released parses) must give exactly what a fresh lint of
// the same text gives, after every edit, including edits that add or remove lines and documents,
// break the YAML, add suppressions and change what other files' cross-file findings read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '../../server/src/engine/config.ts';
import { Finding, lintFile } from '../../server/src/engine/lint.ts';
import { ManifestFile, parseManifestFile, releaseParses } from '../../server/src/engine/parse.ts';
import { ALL_RULES } from '../../server/src/engine/registry.ts';
import { toDiagnostics } from '../../server/src/lsp/diagnostics.ts';
import { IndexTracker } from '../../server/src/lsp/index-tracker.ts';

const EXAMPLES = join(__dirname, '..', '..', 'examples', 'insecure');
const BIG = '/ws/big.yaml';
const OTHER = '/ws/other.yaml';
const config = resolveConfig(ALL_RULES);

/** The insecure examples, several times over, as one file of many documents. */
function bigText(): string {
  const parts = readdirSync(EXAMPLES)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => readFileSync(join(EXAMPLES, name), 'utf8').replace(/\n*$/, '\n'));
  const copies: string[] = [];
  for (let copy = 0; copy < 4; copy++) copies.push(parts.join('---\n').replaceAll('namespace: ', `namespace: c${copy}-`));
  return copies.join('---\n');
}

/** Another file of the workspace that cross-file rules read (a policy, a binding, a workload). */
const OTHER_TEXT = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: c1-shop
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes: [Ingress]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: reader
  namespace: c2-shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: pod-reader
subjects:
  - kind: ServiceAccount
    name: default
    namespace: c2-shop
`;

/** A small deterministic random source (the edits must be the same on every run). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

type Edit = (text: string, at: number) => string;

/** Edits a user makes: single characters, new lines, deleted lines, new and removed documents, broken YAML, suppressions, namespace changes. */
const EDITS: Edit[] = [
  (text, at) => text.slice(0, at) + 'x' + text.slice(at),
  (text, at) => text.slice(0, at) + text.slice(at + 1),
  (text, at) => text.slice(0, lineStart(text, at)) + '\n' + text.slice(lineStart(text, at)),
  (text, at) => {
    const start = lineStart(text, at);
    const end = text.indexOf('\n', start);
    return end === -1 ? text : text.slice(0, start) + text.slice(end + 1);
  },
  (text, at) => text.slice(0, lineStart(text, at)) + '---\n' + text.slice(lineStart(text, at)),
  (text, at) => {
    const marker = text.indexOf('---\n', at);
    return marker === -1 ? text : text.slice(0, marker) + text.slice(marker + 4);
  },
  (text, at) => text.slice(0, at) + ': [' + text.slice(at),
  (text, at) => text.slice(0, lineStart(text, at)) + '# kube-hardener-disable-next-line privileged-container, no-such-rule\n' + text.slice(lineStart(text, at)),
  (text, at) => {
    const found = text.indexOf('namespace: ', at);
    return found === -1 ? text : text.slice(0, found + 11) + 'z' + text.slice(found + 11);
  },
  (text, at) => text.slice(0, lineStart(text, at)) + '\r\n' + text.slice(lineStart(text, at)),
];

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

/** Findings as plain data (moved findings are objects of their own class). */
function plain(findings: Finding[]): unknown {
  return JSON.parse(JSON.stringify(findings));
}

/** What a fresh server computes for the text: a new index of both files and a lint without reuse. */
function freshLint(text: string): { file: ManifestFile; findings: Finding[] } {
  const tracker = new IndexTracker();
  tracker.update(parseManifestFile(OTHER, OTHER_TEXT), config);
  const file = parseManifestFile(BIG, text);
  tracker.update(file, config);
  tracker.markBuilt();
  return { file, findings: lintFile(file, { config, rules: ALL_RULES, index: tracker.index }) };
}

test('incremental diagnostics equal a fresh lint after every edit of a big multi-document file', () => {
  const tracker = new IndexTracker();
  tracker.update(parseManifestFile(OTHER, OTHER_TEXT), config);
  tracker.markBuilt();
  const next = random(11);
  let text = bigText();
  let previous: ManifestFile | undefined;
  for (let step = 0; step < 120; step++) {
    if (step > 0) text = EDITS[Math.floor(next() * EDITS.length)](text, Math.floor(next() * text.length));
    // As the language server does it: parse (cached per document), index, lint with reuse, diagnostics.
    const file = parseManifestFile(BIG, text, true);
    if (previous) {
      // An unchanged document keeps its very parse, which is what per-document reuse is keyed by.
      const before = new Map(previous.docs.map((doc) => [doc.text, doc.yaml]));
      const reparsed = file.docs.filter((doc) => before.has(doc.text) && before.get(doc.text) !== doc.yaml);
      assert.equal(reparsed.length, 0, `edit ${step} parsed ${reparsed.length} unchanged documents again`);
    }
    tracker.update(file, config);
    const findings = lintFile(file, { config, rules: ALL_RULES, index: tracker.index, reuseResults: true });
    const diagnostics = toDiagnostics(file, findings, step, () => undefined);
    if (previous) {
      const kept = new Set(file.docs.map((doc) => doc.yaml));
      releaseParses(previous.docs.filter((doc) => !kept.has(doc.yaml)));
    }
    previous = file;

    const fresh = freshLint(text);
    assert.deepEqual(plain(findings), plain(fresh.findings), `findings after edit ${step}`);
    assert.deepEqual(diagnostics, toDiagnostics(fresh.file, fresh.findings, step, () => undefined), `diagnostics after edit ${step}`);
    if (step === 0) assert.ok(findings.length > 200, `the file trips many rules (${findings.length})`);
  }
});

test('a moved finding still carries its fixes, moved with it', () => {
  const tracker = new IndexTracker();
  tracker.markBuilt();
  const text = bigText();
  const lint = (source: string) => {
    const file = parseManifestFile(BIG, source);
    tracker.update(file, config);
    return lintFile(file, { config, rules: ALL_RULES, index: tracker.index, reuseResults: true });
  };
  lint(text);
  const moved = lint(`# a comment above everything\n${text}`);
  const fresh = freshLint(`# a comment above everything\n${text}`).findings;
  const withFixes = moved.filter((finding) => finding.fixes.length > 0);
  assert.ok(withFixes.length > 50);
  assert.deepEqual(plain(moved), plain(fresh));
  assert.deepEqual(
    moved.map((finding) => ({ ...finding, fixes: finding.fixes })).map((finding) => finding.fixes),
    fresh.map((finding) => finding.fixes),
  );
});


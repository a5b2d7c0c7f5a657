import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES } from '../../server/src/engine/registry.ts';
import { lintText } from '../../server/src/engine/lint.ts';
import { fixAll } from '../../server/src/engine/fix.ts';
import { indexOf, lintOptions, parseErrorsOf, readConfig } from '../helpers/lint.ts';
import { CaretExpectation, describeExpectation, parseCaretFixture } from '../helpers/carets.ts';
import { commentLines } from '../helpers/comments.ts';

const FIXTURES = join('test', 'rules');

function fixtureFiles(dir: string, prefix: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith(prefix) && name.endsWith('.yaml') && !name.endsWith('.fixed.yaml')).sort();
}

for (const rule of ALL_RULES) {
  const dir = join(FIXTURES, rule.id);
  if (!existsSync(dir)) continue;
  const config = existsSync(join(dir, 'config.yaml')) ? readConfig(join(dir, 'config.yaml')) : {};
  /** Each fixture file is its own one-file workspace, so cross-file rules see its objects. */
  const optionsFor = (name: string, text: string) => lintOptions(config, [rule], indexOf({ [name]: text }));

  describe(`rule ${rule.id}`, () => {
    for (const name of fixtureFiles(dir, 'valid')) {
      test(`${name}: no finding`, () => {
        const text = readFileSync(join(dir, name), 'utf8');
        const { findings } = lintText(name, text, optionsFor(name, text));
        assert.deepEqual(findings.map((f) => `${f.ruleId}: ${f.message}`), []);
      });
    }
    for (const name of fixtureFiles(dir, 'invalid')) {
      const { source, expectations } = parseCaretFixture(readFileSync(join(dir, name), 'utf8'));
      const options = optionsFor(name, source);
      test(`${name}: findings under the carets`, () => {
        assert.ok(expectations.length > 0, 'an invalid fixture needs at least one caret expectation');
        const { file, findings } = lintText(name, source, options);
        const actual = findings.map((finding): CaretExpectation => {
          const start = file.lines.position(finding.start);
          const endOnLine = Math.min(finding.end, file.lines.lineEnd(start.line));
          return { line: start.line, column: start.column, length: Math.max(1, endOnLine - finding.start), severity: finding.severity, ruleId: finding.ruleId };
        });
        assert.deepEqual(actual.map(describeExpectation).sort(), expectations.map(describeExpectation).sort());
      });
      const fixedPath = join(dir, name.replace(/\.yaml$/, '.fixed.yaml'));
      if (!rule.fixable) {
        test(`${name}: no fixes offered by a rule without fixes`, () => {
          const { findings } = lintText(name, source, options);
          assert.deepEqual(findings.flatMap((f) => f.fixes.map((fix) => fix.title)), []);
          assert.ok(!existsSync(fixedPath), `${fixedPath} exists but ${rule.id} is not fixable`);
        });
        continue;
      }
      test(`${name}: fix-all gives ${name.replace(/\.yaml$/, '.fixed.yaml')} and removes the fixed findings`, () => {
        assert.ok(existsSync(fixedPath), `missing ${fixedPath}`);
        const result = fixAll(name, source, options, { unsafe: true });
        assert.equal(result.text, readFileSync(fixedPath, 'utf8'));
        assert.deepEqual(parseErrorsOf(result.text), [], 'the fixed YAML parses');
        const fixableLeft = result.remaining.filter((f) => f.ruleId === rule.id && f.fixes.some((fix) => fix.edits.length > 0 && !fix.createFiles?.length));
        assert.deepEqual(fixableLeft.map((f) => f.message), [], 'no fixable finding is left');
        for (const comment of commentLines(source)) assert.ok(result.text.includes(comment), `comment lost: ${comment}`);
        assert.equal(fixAll(name, result.text, options, { unsafe: true }).text, result.text, 'a second fix-all changes nothing');
      });
    }
  });
}

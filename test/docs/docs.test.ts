import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES } from '../../server/src/engine/registry.ts';
import { lintText } from '../../server/src/engine/lint.ts';
import type { Rule } from '../../server/src/engine/rule.ts';
import { currentRuleTable, expectedRuleDocs, renderRuleTable, staleRuleDocs } from '../../scripts/generate-docs.ts';
import { indexOf, lintOptions, readConfig } from '../helpers/lint.ts';
import { CATALOG, catalogEntry } from '../catalog.ts';

const ROOT = '.';
const REGENERATE = 'run `npm run docs` to regenerate';

/** The example's own config: none, unless the rule's fixtures need one (e.g. an allow-list the rule is off without). */
function exampleConfig(rule: Rule) {
  const path = join('test', 'rules', rule.id, 'config.yaml');
  return existsSync(path) ? readConfig(path) : {};
}

/** Lints a docs example with only its rule, the example itself as the workspace. */
function lintExample(rule: Rule, name: string, text: string) {
  return lintText(name, text, lintOptions(exampleConfig(rule), [rule], indexOf({ [name]: text }))).findings;
}

describe('generated docs are up to date', () => {
  for (const [path, content] of expectedRuleDocs(ALL_RULES)) {
    test(path, () => {
      assert.ok(existsSync(join(ROOT, path)), `${path} is missing: ${REGENERATE}`);
      assert.equal(readFileSync(join(ROOT, path), 'utf8'), content, `${path} is stale: ${REGENERATE}`);
    });
  }

  test('README.md rule table', () => {
    const table = currentRuleTable(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    assert.ok(table !== undefined, 'README.md lacks the <!-- rules:start --> / <!-- rules:end --> markers');
    assert.equal(table, renderRuleTable(ALL_RULES), `the rule table in README.md is stale: ${REGENERATE}`);
  });

  test('no docs page for a rule that does not exist', () => {
    assert.deepEqual(staleRuleDocs(ROOT, ALL_RULES), [], `pages without a rule: ${REGENERATE} (it removes them)`);
  });
});

describe('rule docs metadata', () => {
  for (const rule of ALL_RULES) {
    test(`${rule.id}: every section is filled in`, () => {
      const { docs } = rule;
      for (const section of ['description', 'rationale', 'incorrect', 'correct', 'fix'] as const) {
        assert.ok(docs[section]?.trim(), `${rule.id}: docs.${section} is empty`);
      }
      assert.ok(rule.title.trim(), `${rule.id}: title is empty`);
      assert.ok(docs.references.length > 0, `${rule.id}: needs at least one reference`);
      assert.ok(docs.references.every((reference) => reference.trim()), `${rule.id}: empty reference`);
      assert.notEqual(docs.incorrect.trim(), docs.correct.trim(), `${rule.id}: incorrect and correct examples are the same`);
    });

    test(`${rule.id}: the incorrect example is flagged, the correct one is not`, () => {
      const flagged = lintExample(rule, 'incorrect.yaml', rule.docs.incorrect);
      assert.deepEqual(flagged.filter((f) => f.ruleId === 'parse-error').map((f) => f.message), [], 'the incorrect example parses');
      assert.ok(flagged.some((f) => f.ruleId === rule.id), `${rule.id}: docs.incorrect produces no ${rule.id} finding`);
      const clean = lintExample(rule, 'correct.yaml', rule.docs.correct);
      assert.deepEqual(clean.map((f) => `${f.ruleId}: ${f.message}`), [], `${rule.id}: docs.correct must produce no finding`);
    });
  }
});

describe('rules match the catalog', () => {
  for (const rule of ALL_RULES) {
    test(`${rule.id} is in the RULES.md catalog (test/catalog.ts)`, () => {
      assert.ok(catalogEntry(rule.id), `${rule.id} is not a catalog ID: rule IDs must match RULES.md exactly`);
    });

    const entry = catalogEntry(rule.id);
    if (!entry) continue;
    test(`${rule.id}: default severity, level and scope as the catalog says`, () => {
      const letter = rule.severity[0].toUpperCase();
      assert.ok(entry.severity.split('/').includes(letter), `${rule.id}: severity ${rule.severity}, catalog says ${entry.severity}`);
      const profiles = entry.level.split('/').flatMap((level) => ({ B: ['baseline'], R: ['restricted'] })[level] ?? []);
      if (profiles.length > 0) assert.ok(rule.profile && profiles.includes(rule.profile), `${rule.id}: profile ${rule.profile}, catalog level ${entry.level}`);
      else assert.equal(rule.profile, undefined, `${rule.id}: catalog level ${entry.level} is not a Pod Security level`);
      const scope = { X: 'cross-file', C: 'control-plane' }[entry.level];
      assert.equal(rule.scope, scope, `${rule.id}: catalog level ${entry.level} means scope ${scope ?? 'undefined'}`);
    });

    test(`${rule.id} has its fixtures`, () => {
      const dir = join('test', 'rules', rule.id);
      assert.ok(existsSync(join(dir, 'valid.yaml')), `missing ${join(dir, 'valid.yaml')}`);
      assert.ok(existsSync(join(dir, 'invalid.yaml')), `missing ${join(dir, 'invalid.yaml')}`);
      const fixed = join(dir, 'invalid.fixed.yaml');
      if (rule.fixable) assert.ok(existsSync(fixed), `${rule.id} is fixable: missing ${fixed}`);
      else assert.ok(!existsSync(fixed), `${rule.id} is not fixable but ${fixed} exists`);
    });
  }

  test('rule IDs are unique', () => {
    const ids = ALL_RULES.map((rule) => rule.id);
    assert.deepEqual(ids.filter((id, index) => ids.indexOf(id) !== index), []);
  });

  test('sections 1-3 of the catalog are implemented completely', () => {
    const existing = new Set(ALL_RULES.map((rule) => rule.id));
    const missing = CATALOG.filter((entry) => entry.section <= 3 && !existing.has(entry.id)).map((entry) => entry.id);
    assert.deepEqual(missing, [], 'catalog rules of sections 1-3 without an implementation');
  });

  test('registry order follows the catalog', () => {
    const order = ALL_RULES.map((rule) => CATALOG.findIndex((entry) => entry.id === rule.id)).filter((index) => index !== -1);
    const sections = order.map((index) => CATALOG[index].section);
    assert.deepEqual(sections, [...sections].sort((a, b) => a - b), 'ALL_RULES lists the catalog sections in order');
  });
});

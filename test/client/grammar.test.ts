import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const entry = manifest.contributes.grammars.find((grammar: { scopeName: string }) => grammar.scopeName === 'kube-hardener.directives.injection');
const grammar = JSON.parse(readFileSync(new URL(entry.path, root), 'utf8'));

// The grammar's Oniguruma patterns use only syntax that JavaScript regular expressions share.
const regex = (pattern: string) => new RegExp(pattern, 'g');
const { directive, reason } = grammar.repository;
const ruleId = grammar.repository['rule-id'];

/** The parts of a comment's text that the grammar would mark, after `#`. */
function highlight(comment: string): { directive?: string; ruleIds: string[]; reason?: string } {
  const hash = comment.indexOf('#');
  const begin = regex(directive.begin);
  begin.lastIndex = hash + 1;
  const match = begin.exec(comment);
  if (!match || match.index !== hash + 1) return { ruleIds: [] };
  let rest = comment.slice(begin.lastIndex);
  const reasonMatch = regex(reason.match).exec(rest);
  if (reasonMatch) rest = rest.slice(0, reasonMatch.index);
  return { directive: match[1], ruleIds: rest.match(regex(ruleId.match)) ?? [], reason: reasonMatch?.[2] };
}

test('the injection grammar is registered for YAML comments and its file exists', () => {
  assert.deepEqual(entry.injectTo, ['source.yaml']);
  assert.ok(existsSync(new URL(entry.path, root)));
  assert.equal(grammar.scopeName, entry.scopeName);
  assert.match(grammar.injectionSelector, /comment\.line\.number-sign\.yaml/);
});

test('a next-line directive: keyword, rule IDs and the reason', () => {
  assert.deepEqual(highlight('    # kube-hardener-disable-next-line run-as-root, host-port -- legacy agent, see OPS-12'), {
    directive: 'kube-hardener-disable-next-line',
    ruleIds: ['run-as-root', 'host-port'],
    reason: 'legacy agent, see OPS-12',
  });
});

test('a document directive without a reason, directly after the hash', () => {
  assert.deepEqual(highlight('#kube-hardener-disable privileged-container'), {
    directive: 'kube-hardener-disable',
    ruleIds: ['privileged-container'],
    reason: undefined,
  });
});

test('the directive name alone, with an empty reason after the separator', () => {
  assert.deepEqual(highlight('# kube-hardener-disable --'), { directive: 'kube-hardener-disable', ruleIds: [], reason: undefined });
  assert.match(' --', regex(reason.match));
});

test('ordinary comments and mentions mid-sentence are not directives', () => {
  assert.equal(highlight('# see kube-hardener-disable in the README').directive, undefined);
  assert.equal(highlight('# kube-hardener-disabled run-as-root').directive, undefined);
  assert.equal(highlight('# just a comment').directive, undefined);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globMatcher, wildcardMatches } from '../../server/src/engine/glob.ts';

test('glob: * and ? stay within a segment, ** spans segments and matches its folder', () => {
  const cases: [string, string, boolean][] = [
    ['*.yaml', 'pod.yaml', true],
    ['*.yaml', 'deploy/pod.yaml', false],
    ['pod?.yaml', 'pod1.yaml', true],
    ['pod?.yaml', 'pod10.yaml', false],
    ['pod?.yaml', 'pod/.yaml', false],
    ['charts/**', 'charts', true],
    ['charts/**', 'charts/app/templates/x.yaml', true],
    ['charts/**', 'other/charts/x.yaml', false],
    ['**/*.generated.yaml', 'a.generated.yaml', true],
    ['**/*.generated.yaml', 'a/b/c.generated.yaml', true],
    ['**/*.generated.yaml', 'a/b/c.generated.yml', false],
    ['a/**/z.yaml', 'a/z.yaml', true],
    ['a/**/z.yaml', 'a/b/c/z.yaml', true],
    ['./build/', 'build', true],
    ['file[1].yaml', 'file[1].yaml', true],
    ['file[1].yaml', 'file1.yaml', false],
    ['**', 'anything/at/all', true],
  ];
  for (const [pattern, path, expected] of cases) {
    assert.equal(globMatcher([pattern])(path), expected, `${pattern} vs ${path}`);
  }
});

test('glob: a pattern that makes regular expressions backtrack matches in linear time', () => {
  const pattern = `**/${'*a'.repeat(40)}*b`;
  const name = `dir/${'a'.repeat(5_000)}.yaml`;
  assert.equal(globMatcher([pattern])(name), false);
  assert.equal(globMatcher([pattern])(`dir/${'a'.repeat(5_000)}b`), true);
  assert.equal(globMatcher(['**/**'])('a/b'), true);
  assert.equal(globMatcher([''])(''), true);
});

test('image globs (* spans anything) match in linear time too', () => {
  assert.equal(wildcardMatches('ghcr.io/community-plugins/*', 'ghcr.io/community-plugins/a/b:1'), true);
  assert.equal(wildcardMatches('*.example.com/*', 'registry.example.com/app'), true);
  assert.equal(wildcardMatches('a*b', 'acb'), true);
  assert.equal(wildcardMatches('a*b', 'acbd'), false);
  assert.equal(wildcardMatches(`${'*a'.repeat(40)}*b`, 'a'.repeat(20_000)), false);
});

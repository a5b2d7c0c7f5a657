import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globMatcher } from '../../server/src/engine/glob.ts';

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

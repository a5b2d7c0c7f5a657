import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memo } from '../../server/src/engine/memo.ts';

test('a memo remembers a value per object, invisibly to keys, spreads and JSON', () => {
  const cores = memo<object, { size: number } | null>('core');
  const a = { kind: 'Pod' };
  const b = { kind: 'Pod' };
  assert.equal(cores.get(a), undefined);
  cores.set(a, { size: 1 });
  cores.set(b, null);
  assert.deepEqual(cores.get(a), { size: 1 });
  assert.equal(cores.get(b), null);
  cores.set(a, { size: 2 });
  assert.deepEqual(cores.get(a), { size: 2 });
  assert.deepEqual(Object.keys(a), ['kind']);
  assert.equal(JSON.stringify(a), '{"kind":"Pod"}');
  assert.deepEqual({ ...a }, { kind: 'Pod' });
  assert.equal(memo<object, number>('other').get(a), undefined);
});

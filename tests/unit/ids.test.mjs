// Ids derived from text (js/rules/ids.js): a workflow instance's ids are the same in every
// invocation, differ between instances and steps, and are never all zero.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { derivedWords } from '../../js/rules/ids.js';

test('derived ids: the same text gives the same words; different texts differ; never all zero', () => {
  fc.assert(
    fc.property(fc.string(), fc.string(), (a, b) => {
      assert.deepEqual(derivedWords(a, 4), derivedWords(a, 4));
      assert.ok(derivedWords(a, 2).some((w) => w !== 0));
      assert.ok(derivedWords(a, 4).every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff));
      if (a !== b) assert.notDeepEqual(derivedWords(a, 4), derivedWords(b, 4));
    }),
    { numRuns: 2000, seed: 20261206 },
  );
  assert.deepEqual(derivedWords('trace:order-42', 4), derivedWords('trace:order-42', 4));
  assert.notDeepEqual(derivedWords('step:x:a:1:1', 2), derivedWords('step:x:a:1:2', 2));
});

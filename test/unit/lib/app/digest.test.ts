/**
 * The synthesized output of every file in config/ is what test/fixtures/synth-digests.json
 * records: a refactor that changes what would be deployed fails here, and a change on purpose
 * updates the record (`npm run digest -- --write`) so the diff shows which stacks changed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { changedStacks, configFilesIn, synthDigests } from '../../../../lib/app/digest';
import { CONFIG_DIR, ROOT } from '../../../support/synth';

test('every stack of every config/ file synthesizes as recorded', () => {
  const recorded = JSON.parse(
    readFileSync(join(ROOT, 'test', 'fixtures', 'synth-digests.json'), 'utf8'),
  );
  expect(changedStacks(recorded, synthDigests(configFilesIn(CONFIG_DIR)))).toEqual([]);
});

test('a changed, added or removed stack is named', () => {
  const before = { 'a.yaml': { 'x-network': '1', 'x-storage': '2' } };
  const after = { 'a.yaml': { 'x-network': '1', 'x-storage': '3', 'x-catalog': '4' } };
  expect(changedStacks(before, after)).toEqual(['a.yaml x-catalog', 'a.yaml x-storage']);
  expect(changedStacks(after, {})).toEqual([
    'a.yaml x-catalog',
    'a.yaml x-network',
    'a.yaml x-storage',
  ]);
});

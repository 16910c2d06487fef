/**
 * The error catalogue (lib/core/errors.ts) is the one place messages live: every message in it is
 * used somewhere, so a catalogue that outlives its callers fails here.
 */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../../support/synth';

const CATALOGUE = join(ROOT, 'lib', 'core', 'errors.ts');

test('every message of the error catalogue is used', () => {
  const source = readFileSync(CATALOGUE, 'utf8');
  const code = execFileSync('git', ['ls-files', 'lib', 'stacks', 'main.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => f.endsWith('.ts') && f !== 'lib/core/errors.ts')
    .map((f) => readFileSync(join(ROOT, f), 'utf8'))
    .join('\n');
  const unused: string[] = [];
  for (const [, group] of source.matchAll(/^export const (\w+) = \{/gm)) {
    const start = source.indexOf(`export const ${group} = {`);
    const body = source.slice(start, source.indexOf('\n} as const', start));
    // Messages may use each other inside the catalogue too.
    const elsewhere = `${code}\n${source.replace(body, '')}`;
    for (const [, key] of body.matchAll(/^ {2}(\w+):/gm)) {
      if (!new RegExp(`\\b${group}\\.${key}\\b`).test(elsewhere)) unused.push(`${group}.${key}`);
    }
  }
  expect(unused).toEqual([]);
});

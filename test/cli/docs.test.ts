/** The documentation cannot rot: every command it shows exists, and generated parts are fresh. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ports } from '../../lib/core/ports';
import { runEntry } from '../support/cli';
import { ROOT } from '../support/synth';

const documents = [
  'README.md',
  'help',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const scripts = Object.keys(
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as object,
);

describe('documentation', () => {
  test.each(documents)('every `npm run <script>` in %s exists in package.json', (doc) => {
    const text = readFileSync(join(ROOT, doc), 'utf8');
    const used = [...text.matchAll(/npm run ([a-z][a-z0-9:-]*)/g)].map((m) => m[1]!);
    expect(used.filter((s) => !scripts.includes(s))).toEqual([]);
  });

  test('every npm script is documented in help', () => {
    const help = readFileSync(join(ROOT, 'help'), 'utf8');
    const undocumented = scripts.filter(
      (s) =>
        !['format'].includes(s) &&
        !help.includes(`npm run ${s}`) &&
        !(s === 'test' && help.includes('npm test')),
    );
    expect(undocumented).toEqual([]);
  });

  test('the stack diagram in docs/architecture.md is generated from the current code', () => {
    const run = runEntry('lib/cli/graph.ts', ['--check']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
});

test('docs/network-requirements.md lists every port of the catalogue', () => {
  const text = readFileSync(join(ROOT, 'docs', 'network-requirements.md'), 'utf8');
  const missing = Object.values(Ports)
    .map((p) => String(p.port))
    .filter((port) => !new RegExp(`\\b${port}\\b`).test(text));
  expect(missing).toEqual([]);
});

/** `npm run docs:config`: the configuration reference is generated, and a stale page is caught. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEntry } from '../support/cli';
import { ROOT } from '../support/synth';

const ENTRY = 'lib/cli/docs-config.ts';
const DOC = join(ROOT, 'docs', 'configuration.md');

describe('npm run docs:config', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ldm-docs-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('--check passes on the committed docs/configuration.md', () => {
    const run = runEntry(ENTRY, ['--check']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('docs/configuration.md: the configuration reference is up to date\n');
  });

  test('fails if the page is stale, naming the command that fixes it, and leaves it alone', () => {
    const stale = join(dir, 'configuration.md');
    const text = readFileSync(DOC, 'utf8').replace('| `wave` ', '| `waves` ');
    writeFileSync(stale, text);
    const run = runEntry(ENTRY, ['--check', '--file', stale], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'error: Invalid input\n' +
        '  - configuration.md is stale: it is not what the config schema and the prose in lib/docs/configuration-page.ts generate; run npm run docs:config and commit the result\n',
    );
    expect(readFileSync(stale, 'utf8')).toBe(text);
  });

  test('fails if the page is missing', () => {
    const run = runEntry(ENTRY, ['--check', '--file', join(dir, 'missing.md')], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('missing.md is stale');
  });

  test('writes what --check expects: regenerating a stale copy gives the committed page', () => {
    const copy = join(dir, 'configuration.md');
    writeFileSync(copy, 'outdated\n');
    const run = runEntry(ENTRY, ['--file', copy], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('configuration.md: the configuration reference is regenerated\n');
    expect(readFileSync(copy, 'utf8')).toBe(readFileSync(DOC, 'utf8'));
  });

  test('fails if an option is unknown, showing the usage', () => {
    const run = runEntry(ENTRY, ['--chek']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('usage: npm run docs:config -- [--check] [--file <path>]');
  });
});

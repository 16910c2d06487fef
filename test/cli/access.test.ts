/**
 * `npm run access` run as a user runs it: docs/access-example.md is the report of
 * config/example.yaml as the command writes it today, `--json` carries the verdicts and the
 * statements that decided them, and bad input is one line each.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessMessages, Fail } from '../../lib/core/errors';
import { runEntry } from '../support/cli';
import { ROOT } from '../support/synth';

const ENTRY = 'lib/cli/access.ts';
const DOC = join(ROOT, 'docs', 'access-example.md');

describe('npm run access', () => {
  test('docs/access-example.md is the current report of config/example.yaml', () => {
    const run = runEntry(ENTRY, ['--config', 'config/example.yaml', '--out', DOC, '--check']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${AccessMessages.reportCurrent(DOC)}\n`);
  });

  test('fails if the report is stale, naming the command that regenerates it, and leaves it alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ldm-access-'));
    try {
      const stale = join(dir, 'access.md');
      const text = readFileSync(DOC, 'utf8').replace('allowed', 'denied');
      writeFileSync(stale, text);
      const run = runEntry(ENTRY, ['--config', 'config/example.yaml', '--out', stale, '--check']);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `error: Invalid input\n  - ${AccessMessages.reportStale(stale, 'config/example.yaml')}\n`,
      );
      expect(readFileSync(stale, 'utf8')).toBe(text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--json --env: the chosen environments, every call with its verdict and deciding statements', () => {
    const run = runEntry(ENTRY, ['--env', 'prod', '--json'], {
      env: { LDM_CONFIG: 'config/multi-account.yaml' },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ config: 'config/multi-account.yaml', ok: true, problems: [] });
    expect(report.environments.map((e: any) => e.environment)).toEqual(['prod']);
    const calls = report.environments[0].calls;
    expect(calls.find((c: any) => c.id === 'lake-formation/get-object')).toMatchObject({
      expect: 'allowed',
      ok: true,
      decision: 'Allowed',
      decidedBy: [
        expect.objectContaining({
          policy: 'prod-catalog/aws_iam_role_policy.lake-formation-role-policy',
          sid: 'ReadWriteObjects',
        }),
      ],
    });
    expect(calls.find((c: any) => c.id === 'ldm-s3/get-object-outside-endpoints')).toMatchObject({
      expect: 'denied',
      decision: 'ExplicitlyDenied',
      decidedBy: [expect.objectContaining({ sid: 'DenyObjectAccessOutsideVpcEndpoints' })],
    });
  });

  test('an empty LDM_CONFIG means the default config, as for every command', () => {
    const run = runEntry(ENTRY, ['--json'], { env: { LDM_CONFIG: '' } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ config: 'config/example.yaml', ok: true });
  });

  test('bad input is one line each, never a stack trace', () => {
    const unknownEnv = runEntry(ENTRY, ['--env', 'nope', '--env', 'sandbox', '--env', 'prod']);
    expect(unknownEnv.code).toBe(1);
    expect(unknownEnv.stderr).toBe(
      [
        'error: Unknown environment',
        `  - ${Fail.unknownEnvironment('nope', 'config/example.yaml', ['sandbox'])}`,
        `  - ${Fail.unknownEnvironment('prod', 'config/example.yaml', ['sandbox'])}`,
        '',
      ].join('\n'),
    );
    const flag = runEntry(ENTRY, ['--html']);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toMatch(
      /^error: Invalid arguments\n {2}- Unknown option '--html'.*usage: npm run access/,
    );
    const check = runEntry(ENTRY, ['--check']);
    expect(check.stderr).toBe(
      `error: Invalid arguments\n  - ${AccessMessages.usage('--check needs --out <file>')}\n`,
    );
  });
});

/**
 * `npm run bench` cannot rot: run as the README says, from a work folder that does not exist yet
 * (as on a fresh clone), at a small scale (one measured run, 1 and 3 environments), offline. The
 * stock baseline (about 20 s and 1.4 GB a run) and `cdktf synth` (tested in test/cli/plan.test.ts)
 * are left to full runs; the terraform part runs (one stack, with the provider found as the
 * commands find it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOOLS } from '../../lib/app/bench';
import { ROOT } from '../support/synth';

jest.setTimeout(5 * 60_000);

test('npm run bench -- --sizes 1,3 --runs 1 works on a fresh work folder, offline', () => {
  const work = join(mkdtempSync(join(tmpdir(), 'ldm-bench-')), 'not-yet');
  const run = spawnSync(
    'npm',
    [
      'run',
      '--silent',
      'bench',
      '--',
      '--sizes',
      '1,3',
      '--runs',
      '1',
      '--skip-baseline',
      '--skip-cdktf',
      '--work',
      work,
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        LDM_CONFIG: undefined,
        CDKTF_OUTDIR: undefined,
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_PROFILE: undefined,
      },
      encoding: 'utf8',
      timeout: 4 * 60_000,
    },
  );
  expect({ code: run.status, stderr: run.stderr }).toEqual({
    code: 0,
    stderr: expect.not.stringMatching(/error|internal/i),
  });
  const rows = run.stdout.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| tool'));
  expect(
    rows.map((r) =>
      r
        .split('|')
        .slice(1, 4)
        .map((c) => c.trim()),
    ),
  ).toEqual([
    [TOOLS.npm, '1', '5'],
    [TOOLS.node, '1', '5'],
    [TOOLS.npm, '3', '15'],
    [TOOLS.node, '3', '15'],
  ]);
  expect(run.stdout).toMatch(
    /^Terraform, one stack \(sandbox-network\): init \d+\.\d s, validate \d+\.\d s;/m,
  );
  expect(run.stdout).toMatch(/^ {2}(ok {2}|MISS) example through npm run synth: /m);
  const results = JSON.parse(readFileSync(join(work, 'results.json'), 'utf8'));
  expect(results.measurements).toHaveLength(4);
  expect(results.terraform).toMatchObject({ stack: 'sandbox-network' });
  for (const m of results.measurements) {
    expect(m.wallSeconds).toHaveLength(1);
    expect(m.peakRssMib[0]).toBeGreaterThan(10);
  }
});

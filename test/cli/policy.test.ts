/**
 * The policy pack as users meet it: insecure changes made through config fail `npm run synth`
 * naming the rule and leave cdktf.out/ as it was; acknowledged findings synthesize and are printed;
 * `npm run policy` writes JSON and SARIF reports for pipelines.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { runEntry, tree } from '../support/cli';
import { CONFIG_DIR } from '../support/synth';

jest.setTimeout(120_000);

/** A user's checkout: config/ (with the files it refers to) and a changed copy of one example as config/test.yaml. */
function workspace(change: (raw: any) => void = () => {}, base = 'example.yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'ldm-policy-cli-'));
  cpSync(CONFIG_DIR, join(dir, 'config'), { recursive: true });
  const raw = parse(readFileSync(join(CONFIG_DIR, base), 'utf8'));
  change(raw);
  writeFileSync(join(dir, 'config', 'test.yaml'), stringify(raw));
  return dir;
}

const ENV = { LDM_CONFIG: 'config/test.yaml', CDKTF_OUTDIR: undefined };

function synthIn(dir: string) {
  return runEntry('main.ts', [], { cwd: dir, env: ENV });
}

function env(raw: any): any {
  return raw.environments[0];
}

describe('npm run synth refuses insecure changes made through config', () => {
  test.each([
    [
      'versioning is off without an acknowledgement',
      (raw: any) => (env(raw).storage.versioning = false),
      [
        'LDM-S3-005 sandbox-storage aws_s3_bucket.target-bucket',
        'LDM-S3-005 sandbox-storage aws_s3_bucket.log-bucket',
      ],
    ],
    [
      'an on-premises CIDR is half the internet',
      (raw: any) => (env(raw).network.onPremCidrs = ['128.0.0.0/1']),
      ['LDM-SG-001 sandbox-network '],
    ],
    [
      'catalog encryption is left unmanaged without an acknowledgement',
      (raw: any) => (env(raw).catalog.manageEncryptionSettings = false),
      [
        'LDM-GLUE-001 sandbox-catalog aws_glue_catalog_database.database-sales',
        'LDM-GLUE-002 sandbox-catalog aws_glue_catalog_database.database-sales',
      ],
    ],
  ])('fails if %s, naming the rule, and leaves cdktf.out/ as it was', (_what, change, expected) => {
    const dir = workspace();
    expect(synthIn(dir).code).toBe(0);
    const before = tree(join(dir, 'cdktf.out'));

    const raw = parse(readFileSync(join(dir, 'config', 'test.yaml'), 'utf8'));
    change(raw);
    writeFileSync(join(dir, 'config', 'test.yaml'), stringify(raw));
    const run = synthIn(dir);

    expect(run.code).toBe(1);
    const lines = run.stderr.split('\n');
    expect(lines[0]).toMatch(/^error: Policy check failed: \d+ findings? to fix or acknowledge/);
    for (const finding of expected) {
      expect(lines).toContainEqual(
        expect.stringMatching(new RegExp(`^ {2}- ${escape(finding)}.*\\. Why: .+ Fix: .+`)),
      );
    }
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(tree(join(dir, 'cdktf.out'))).toEqual(before);
    expect(existsSync(join(dir, 'cdktf.out.staging'))).toBe(false);
  });

  test('fails if adminCidrs opens an EC2 host to the internet: config validation refuses it first', () => {
    // Defence in depth: were the config check ever relaxed, LDM-SG-001 would stop the synth
    // (test/unit/lib/policy/configs.test.ts feeds the pack such a config directly).
    const dir = workspace(
      (raw) => (env(raw).migrator.adminCidrs = ['0.0.0.0/0']),
      'ec2-remote-agent.yaml',
    );
    const run = synthIn(dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "  - environments[0].migrator.adminCidrs[0]: got '0.0.0.0/0', expected ",
    );
    expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
  });

  test('synthesizes an acknowledged finding and prints it with its reason', () => {
    const dir = workspace((raw) => {
      env(raw).storage.versioning = false;
      raw.acknowledgements = [
        {
          rule: 'LDM-S3-005',
          resource: 'sandbox-storage/aws_s3_bucket.*',
          reason: 'Sandbox data is re-migrated from HDFS on demand (data platform team, 2026-11)',
        },
      ];
    });
    const run = synthIn(dir);
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      'policy: acknowledged LDM-S3-005 sandbox-storage aws_s3_bucket.log-bucket: versioning status is Suspended (reason: Sandbox data is re-migrated from HDFS on demand (data platform team, 2026-11))',
      'policy: acknowledged LDM-S3-005 sandbox-storage aws_s3_bucket.target-bucket: versioning status is Suspended (reason: Sandbox data is re-migrated from HDFS on demand (data platform team, 2026-11))',
    ]);
    expect(existsSync(join(dir, 'cdktf.out', 'stacks', 'sandbox-storage', 'cdk.tf.json'))).toBe(
      true,
    );
  });

  test('fails if an acknowledgement has no reason, before anything is synthesized', () => {
    const dir = workspace((raw) => {
      raw.acknowledgements = [
        { rule: 'LDM-S3-005', resource: 'sandbox-storage/aws_s3_bucket.target-bucket' },
      ];
    });
    const run = synthIn(dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('  - acknowledgements[0].reason: got nothing, expected a reason');
    expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
  });
});

describe('npm run policy', () => {
  test('writes a passing JSON report and SARIF for the example', () => {
    const dir = workspace();
    const run = runEntry(
      'lib/cli/policy.ts',
      ['--report', 'out/policy.json', '--sarif', 'out/policy.sarif'],
      {
        cwd: dir,
        env: ENV,
      },
    );
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(
      /^policy: 5 stacks, \d+ rules: 0 to fix or acknowledge, 0 acknowledged, 0 warnings$/m,
    );
    const report = JSON.parse(readFileSync(join(dir, 'out', 'policy.json'), 'utf8'));
    expect(report).toMatchObject({ passed: true, config: 'config/test.yaml', findings: [] });
    expect(report.rules.length).toBeGreaterThanOrEqual(27);
    const sarif = JSON.parse(readFileSync(join(dir, 'out', 'policy.sarif'), 'utf8'));
    expect(sarif).toMatchObject({ version: '2.1.0', runs: [{ results: [] }] });
  });

  test('fails if a finding blocks, after writing the reports that name it', () => {
    const dir = workspace((raw) => (env(raw).storage.versioning = false));
    const run = runEntry(
      'lib/cli/policy.ts',
      ['--report', 'policy.json', '--sarif', 'policy.sarif'],
      {
        cwd: dir,
        env: ENV,
      },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: Policy check failed: 2 findings/);
    const report = JSON.parse(readFileSync(join(dir, 'policy.json'), 'utf8'));
    expect(report.passed).toBe(false);
    expect(report.findings.map((f: any) => `${f.rule} ${f.target}`)).toEqual([
      'LDM-S3-005 sandbox-storage/aws_s3_bucket.log-bucket',
      'LDM-S3-005 sandbox-storage/aws_s3_bucket.target-bucket',
    ]);
    const sarif = JSON.parse(readFileSync(join(dir, 'policy.sarif'), 'utf8'));
    expect(sarif.runs[0].results.map((r: any) => [r.ruleId, r.level])).toEqual([
      ['LDM-S3-005', 'error'],
      ['LDM-S3-005', 'error'],
    ]);
  });

  test('checks an existing synth folder with --outdir', () => {
    const dir = workspace();
    expect(synthIn(dir).code).toBe(0);
    const run = runEntry('lib/cli/policy.ts', ['--outdir', 'cdktf.out'], { cwd: dir, env: ENV });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('policy: 5 stacks,');
  });

  test('fails if a flag is unknown or --outdir holds no synth', () => {
    const dir = workspace();
    const unknown = runEntry('lib/cli/policy.ts', ['--format', 'xml'], { cwd: dir, env: ENV });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /^error: Invalid arguments\n {2}- .*'--format'.*; usage: npm run policy -- /,
    );
    const empty = runEntry('lib/cli/policy.ts', ['--outdir', 'nowhere'], { cwd: dir, env: ENV });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('nowhere: no synthesized stacks (manifest.json missing)');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

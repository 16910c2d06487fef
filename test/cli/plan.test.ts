/**
 * plan, plan:summary, apply, rollout and bootstrap, run as a user runs them. Terraform is a
 * stand-in script here (it logs its calls and fails where told), so the order of the steps, the
 * stop at the first failure, and every refusal are checked in seconds; test/terraform/plan.test.ts
 * runs the real CLI.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLAN_FILE, PLAN_JSON_FILE, PLAN_RECORD_FILE, sha256 } from '../../lib/gitops/record';
import { runEntry } from '../support/cli';
import { calls, fakeEnv, fakeTerraform, PLAN_FIXTURES, workspace } from '../support/fake-terraform';
import { CONFIG_DIR, ROOT } from '../support/synth';

jest.setTimeout(5 * 60_000);

const FIXTURES = PLAN_FIXTURES;
const STACKS = ['network', 'security', 'storage', 'catalog', 'migrator'].map((l) => `sandbox-${l}`);

const stackDir = (dir: string, stack: string) => join(dir, 'cdktf.out', 'stacks', stack);

describe('npm run plan', () => {
  test('plans every stack in dependency order: init, plan, show; writes the summary and the records', () => {
    const dir = workspace();
    const run = runEntry('lib/cli/plan.ts', [], { cwd: dir, env: fakeEnv(dir) });
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(0);
    const steps = calls(dir).map((l) => l.split(' ').slice(0, 2).join(' '));
    // Each stack is planned after its upstreams, and shown after it is planned.
    const planned = steps.filter((s) => s.endsWith(' plan')).map((s) => s.split(' ')[0]);
    expect(planned).toEqual(STACKS);
    for (const stack of STACKS) {
      const order = ['init', 'plan', 'show'].map((step) => steps.indexOf(`${stack} ${step}`));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      for (const file of [PLAN_FILE, PLAN_JSON_FILE, PLAN_RECORD_FILE]) {
        expect(existsSync(join(stackDir(dir, stack), file))).toBe(true);
      }
      expect(readdirSync(stackDir(dir, stack)).filter((f) => f.includes('override'))).toEqual([]);
    }
    // Progress per stack and step on stderr; the summary on stdout and in the file.
    expect(run.stderr).toMatch(/sandbox-storage\s+plan\s+\d+\.\d+s/);
    expect(run.stdout).toContain('| `sandbox-network` | 4 | 0 | 0 | 0 |');
    expect(readFileSync(join(dir, 'cdktf.out', 'plan-summary.md'), 'utf8')).toBe(run.stdout);
  });

  test('--mock-aws reads no real upstream state: downstream stacks get placeholder outputs', () => {
    const dir = workspace();
    const run = runEntry('lib/cli/plan.ts', ['--mock-aws'], { cwd: dir, env: fakeEnv(dir) });
    expect(run.code).toBe(0);
    expect(calls(dir).some((l) => l.includes(' output '))).toBe(false);
    expect(
      calls(dir)
        .filter((l) => l.includes(' init '))
        .every((l) => l.includes('-reconfigure')),
    ).toBe(true);
    const records = STACKS.map((s) =>
      JSON.parse(readFileSync(join(stackDir(dir, s), PLAN_RECORD_FILE), 'utf8')),
    );
    expect(records.every((r) => r.mode === 'mock-aws')).toBe(true);
    const withPlaceholders = records.filter((r) => r.placeholdersFor.length > 0);
    expect(withPlaceholders.length).toBeGreaterThan(0);
    for (const r of withPlaceholders) {
      for (const upstream of r.placeholdersFor) {
        const state = JSON.parse(
          readFileSync(join(dir, 'cdktf.out', 'placeholders', `${upstream}.tfstate`), 'utf8'),
        );
        expect(state).toMatchObject({ version: 4, resources: [] });
      }
      expect(run.stdout).toContain(`| \`${r.stack}\``);
    }
    expect(run.stdout).toMatch(/planned against placeholder outputs of `sandbox-/);
    expect(run.stdout).toContain('Planned with `--mock-aws`');
  });

  test('plans a stack whose upstream is not deployed yet against placeholders; apply refuses that plan', () => {
    const dir = workspace();
    const env = fakeEnv(dir, { FAKE_TF_UNDEPLOYED: 'sandbox-security' });
    const run = runEntry('lib/cli/plan.ts', [], { cwd: dir, env });
    expect(run.code).toBe(0);
    const record = JSON.parse(
      readFileSync(join(stackDir(dir, 'sandbox-storage'), PLAN_RECORD_FILE), 'utf8'),
    );
    expect(record).toMatchObject({ mode: 'aws', placeholdersFor: ['sandbox-security'] });
    expect(run.stdout).toContain('planned against placeholder outputs of `sandbox-security`');
    expect(existsSync(join(dir, 'cdktf.out', 'placeholders', 'sandbox-security.tfstate'))).toBe(
      true,
    );
    const apply = runEntry('lib/cli/apply.ts', [], { cwd: dir, env });
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain(
      'sandbox-storage: planned against placeholder outputs of sandbox-security, which had none yet; apply sandbox-security first, then plan sandbox-storage again',
    );
    expect(calls(dir).filter((l) => l.split(' ')[1] === 'apply')).toEqual([]);
    // Applying the upstream alone is allowed: its plan read nothing missing.
    expect(
      runEntry('lib/cli/apply.ts', ['--stack', 'sandbox-network', '--stack', 'sandbox-security'], {
        cwd: dir,
        env,
      }).code,
    ).toBe(0);
  });

  test('fails if a terraform step fails: its output and the stack are shown, nothing after it runs', () => {
    const dir = workspace();
    const run = runEntry('lib/cli/plan.ts', [], {
      cwd: dir,
      env: fakeEnv(dir, { FAKE_TF_FAIL: 'sandbox-storage' }),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--- terraform plan in sandbox-storage ---');
    expect(run.stderr).toContain('Error: Unsupported attribute (from the fake)');
    expect(run.stderr).toContain(
      'sandbox-storage: terraform plan failed (its output is above); nothing after sandbox-storage was run',
    );
    expect(calls(dir).some((l) => l.startsWith('sandbox-catalog'))).toBe(false);
    expect(run.stdout).toBe('');
    expect(existsSync(join(stackDir(dir, 'sandbox-storage'), PLAN_RECORD_FILE))).toBe(false);
  });

  test('fails if a plan deletes a protected resource; --allow-destroy lets it through', () => {
    const dir = workspace();
    const env = fakeEnv(dir, { FAKE_TF_SHOW: join(FIXTURES, 'delete-kms-key.json') });
    const blocked = runEntry('lib/cli/plan.ts', ['--stack', 'sandbox-security'], { cwd: dir, env });
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toContain('**Failed**: 1 protected resource');
    expect(blocked.stderr).toContain('error: Destroy guard failed');
    const allowed = runEntry(
      'lib/cli/plan.ts',
      ['--stack', 'sandbox-security', '--allow-destroy', 'sandbox-security:aws_kms_key.data-key'],
      { cwd: dir, env },
    );
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('Allowed by `--allow-destroy`');
  });

  test('fails if --env and --stack are combined, before anything runs', () => {
    const dir = workspace();
    const run = runEntry('lib/cli/plan.ts', ['--env', 'sandbox', '--stack', 'sandbox-network'], {
      cwd: dir,
      env: fakeEnv(dir),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--env and --stack cannot be used together');
    expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
  });

  test('fails if an environment or a stack is unknown, naming the known ones', () => {
    const dir = workspace();
    const env = fakeEnv(dir);
    const badEnv = runEntry('lib/cli/plan.ts', ['--env', 'prod'], { cwd: dir, env });
    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr).toContain("--env 'prod': no such environment; the config has sandbox");
    const badStack = runEntry('lib/cli/plan.ts', ['--stack', 'sandbox-vpc'], { cwd: dir, env });
    expect(badStack.code).toBe(1);
    expect(badStack.stderr).toContain("--stack 'sandbox-vpc': no such stack in the synth");
    expect(calls(dir)).toEqual([]);
  });

  test('fails if a flag is unknown or terraform is missing, without a stack trace', () => {
    const dir = workspace();
    const unknown = runEntry('lib/cli/plan.ts', ['--mock'], { cwd: dir, env: fakeEnv(dir) });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Unknown option '--mock'/);
    const missing = runEntry('lib/cli/plan.ts', [], {
      cwd: dir,
      env: { ...fakeEnv(dir), TERRAFORM_BINARY: join(dir, 'no-such-terraform') },
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      `TERRAFORM_BINARY=${join(dir, 'no-such-terraform')}: not found; set it to a Terraform CLI`,
    );
    for (const run of [unknown, missing]) expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('npm run apply', () => {
  let plannedOnce: string;
  beforeAll(() => {
    plannedOnce = workspace();
    expect(
      runEntry('lib/cli/plan.ts', [], { cwd: plannedOnce, env: fakeEnv(plannedOnce) }).code,
    ).toBe(0);
  });

  /** A copy of a workspace where every stack has a saved plan (made with the fake terraform). */
  function planned(): string {
    const dir = mkdtempSync(join(tmpdir(), 'ldm-plan-cli-'));
    cpSync(plannedOnce, dir, { recursive: true });
    writeFileSync(join(dir, 'terraform.log'), '');
    fakeTerraform(dir);
    return dir;
  }

  test('applies exactly the saved plans in dependency order, then retires them', () => {
    const dir = planned();
    // A folder a synth left behind for a stack that no longer exists: not in the manifest.
    const retired = stackDir(dir, 'retired-network');
    cpSync(stackDir(dir, 'sandbox-network'), retired, { recursive: true });
    const run = runEntry('lib/cli/apply.ts', [], { cwd: dir, env: fakeEnv(dir) });
    expect(run.code).toBe(0);
    const applies = calls(dir).filter((l) => l.split(' ')[1] === 'apply');
    expect(applies).toEqual(
      STACKS.map((s) => `${s} apply -input=false -lock-timeout=120s ${PLAN_FILE} -no-color`),
    );
    for (const s of STACKS) expect(existsSync(join(stackDir(dir, s), PLAN_FILE))).toBe(false);
    expect(calls(dir).some((l) => l.startsWith('retired-network'))).toBe(false);
    expect(existsSync(join(retired, PLAN_FILE))).toBe(true);
    expect(run.stderr).toContain(`applied 5 stacks: ${STACKS.join(', ')}`);
  });

  test('stops at the first failure and says what was applied before it', () => {
    const dir = planned();
    const run = runEntry('lib/cli/apply.ts', [], {
      cwd: dir,
      env: fakeEnv(dir, { FAKE_TF_FAIL: 'sandbox-storage' }),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Error: creating S3 Bucket: AccessDenied (from the fake)');
    expect(run.stderr).toContain(
      'applied before the failure: sandbox-network, sandbox-security; the stacks after it were not applied',
    );
    const applied = calls(dir).filter((l) => l.split(' ')[1] === 'apply');
    expect(applied.map((l) => l.split(' ')[0])).toEqual([
      'sandbox-network',
      'sandbox-security',
      'sandbox-storage',
    ]);
    expect(existsSync(join(stackDir(dir, 'sandbox-storage'), PLAN_FILE))).toBe(true);
  });

  test('refuses everything if one plan is older than its synthesized stack', () => {
    const dir = planned();
    const file = join(stackDir(dir, 'sandbox-catalog'), 'cdk.tf.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.output.extra = { value: 'changed after the plan' };
    writeFileSync(file, JSON.stringify(json));
    const run = runEntry('lib/cli/apply.ts', [], { cwd: dir, env: fakeEnv(dir) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: Nothing applied');
    expect(run.stderr).toContain(
      'sandbox-catalog: the stack was synthesized again with different content after its plan was saved',
    );
    expect(calls(dir).filter((l) => l.split(' ')[1] === 'apply')).toEqual([]);
  });

  test('refuses a plan file swapped after planning, and a stack without a saved plan', () => {
    const dir = planned();
    writeFileSync(join(stackDir(dir, 'sandbox-network'), PLAN_FILE), 'another plan');
    const run = runEntry('lib/cli/apply.ts', ['--env', 'sandbox'], {
      cwd: dir,
      env: fakeEnv(dir),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('sandbox-network: plan.tfplan is not the file npm run plan saved');
    const fresh = workspace();
    expect(runEntry('main.ts', [], { cwd: fresh, env: fakeEnv(fresh) }).code).toBe(0);
    const none = runEntry('lib/cli/apply.ts', ['--stack', 'sandbox-network'], {
      cwd: fresh,
      env: fakeEnv(fresh),
    });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('sandbox-network: no saved plan; run npm run plan');
  });

  test('refuses --mock-aws plans', () => {
    const dir = workspace();
    expect(runEntry('lib/cli/plan.ts', ['--mock-aws'], { cwd: dir, env: fakeEnv(dir) }).code).toBe(
      0,
    );
    const run = runEntry('lib/cli/apply.ts', [], { cwd: dir, env: fakeEnv(dir) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'made with --mock-aws (placeholder credentials, empty state) and can never be applied',
    );
    expect(calls(dir).filter((l) => l.split(' ')[1] === 'apply')).toEqual([]);
  });

  test('stops before a stack whose upstream outputs changed since it was planned', () => {
    const dir = planned();
    const recordPath = join(stackDir(dir, 'sandbox-catalog'), PLAN_RECORD_FILE);
    const record = JSON.parse(readFileSync(recordPath, 'utf8'));
    const upstreams = Object.keys(record.upstreamOutputs);
    expect(upstreams.length).toBeGreaterThan(0);
    record.upstreamOutputs[upstreams[0]!] = sha256('what the outputs were');
    writeFileSync(recordPath, JSON.stringify(record));
    const run = runEntry('lib/cli/apply.ts', [], { cwd: dir, env: fakeEnv(dir) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `sandbox-catalog: the outputs of ${upstreams[0]} it reads are not what they were when it was planned`,
    );
    expect(
      calls(dir)
        .filter((l) => l.split(' ')[1] === 'apply')
        .map((l) => l.split(' ')[0]),
    ).toEqual(['sandbox-network', 'sandbox-security', 'sandbox-storage']);
  });

  test('fails if nothing was synthesized and planned', () => {
    const dir = workspace();
    const run = runEntry('lib/cli/apply.ts', [], { cwd: dir, env: fakeEnv(dir) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cdktf.out/manifest.json: not found; run npm run plan first');
  });

  test('fails on a flag it does not take', () => {
    const dir = workspace();
    const run = runEntry('lib/cli/apply.ts', ['--mock-aws'], { cwd: dir, env: fakeEnv(dir) });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Unknown option '--mock-aws'/);
  });
});

describe('npm run plan:summary', () => {
  const summary = (args: string[]) => runEntry('lib/cli/plan-summary.ts', args);

  test('summarizes plan JSON files; exits 0 when the guard passes', () => {
    const run = summary([join(FIXTURES, 'create-only.json'), join(FIXTURES, 'update.json')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('| `create-only` | 4 | 0 | 0 | 0 |');
    expect(run.stdout).toContain('| `update` | 0 | 2 | 0 | 0 |');
  });

  test('fails the guard on a bucket replace, still printing the summary; --allow-destroy passes it', () => {
    const plan = join(FIXTURES, 'replace-bucket.json');
    const blocked = summary([plan]);
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toContain(
      '`--allow-destroy replace-bucket:aws_s3_bucket.target-bucket`',
    );
    expect(blocked.stderr).toContain('the plan deletes or replaces 1 protected resource');
    const out = join(mkdtempSync(join(tmpdir(), 'ldm-summary-')), 'summary.md');
    const allowed = summary([plan, '--allow-destroy', 'aws_s3_bucket.target-bucket', '--out', out]);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toContain('Allowed by `--allow-destroy`');
  });

  test('fails if a file is missing, is not a plan, or none is given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ldm-summary-'));
    writeFileSync(join(dir, 'state.json'), JSON.stringify({ version: 4, resources: [] }));
    expect(summary([join(dir, 'nope.json')]).stderr).toContain(
      `${join(dir, 'nope.json')}: no such file`,
    );
    const notPlan = summary([join(dir, 'state.json')]);
    expect(notPlan.code).toBe(1);
    expect(notPlan.stderr).toContain('not a Terraform plan');
    const none = summary([]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no plan given: npm run plan:summary -- <plan.json>...');
    const badAllow = summary([join(FIXTURES, 'update.json'), '--allow-destroy', 'bucket']);
    expect(badAllow.code).toBe(1);
    expect(badAllow.stderr).toContain("--allow-destroy 'bucket': expected a resource address");
  });
});

describe('npm run rollout', () => {
  const env = { LDM_CONFIG: join(CONFIG_DIR, 'multi-account.yaml') };

  test('prints the waves and, with --json, the CI matrix', () => {
    const text = runEntry('lib/cli/rollout.ts', [], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^wave 0\n {2}dev /);
    const json = runEntry('lib/cli/rollout.ts', ['--json', '--wave', '1'], { env });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      waves: [1],
      include: [{ environment: 'prod', accountId: '333333333333' }],
    });
    const gitlab = runEntry('lib/cli/rollout.ts', ['--gitlab', '.gitlab/ldm-rollout.yml'], { env });
    expect(JSON.parse(gitlab.stdout).stages).toEqual([
      'wave-0-plan',
      'wave-0-apply',
      'wave-1-plan',
      'wave-1-apply',
    ]);
  });

  test('fails if the wave is unknown or the formats conflict', () => {
    const wave = runEntry('lib/cli/rollout.ts', ['--wave', '7'], { env });
    expect(wave.code).toBe(1);
    expect(wave.stderr).toContain("--wave '7': no environment has that wave; waves are 0, 1");
    const both = runEntry('lib/cli/rollout.ts', ['--json', '--gitlab', 'x.yml'], { env });
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('--json and --gitlab cannot be used together');
  });
});

describe('npm run bootstrap', () => {
  test('fails if the config keeps state locally', () => {
    const dir = workspace();
    const run = runEntry('lib/cli/bootstrap.ts', [], { cwd: dir, env: fakeEnv(dir) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("state.backend is 'local': bootstrap creates the S3 bucket");
  });

  test('plans the state bucket stack, and --apply applies exactly that plan', () => {
    const dir = workspace();
    const env = fakeEnv(dir, { LDM_CONFIG: 'config/multi-account.yaml' });
    const plan = runEntry('lib/cli/bootstrap.ts', [], { cwd: dir, env });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('### State bucket bootstrap of config/multi-account.yaml');
    expect(
      existsSync(join(dir, 'cdktf.out.bootstrap', 'stacks', 'state-bootstrap', PLAN_FILE)),
    ).toBe(true);
    const apply = runEntry('lib/cli/bootstrap.ts', ['--apply'], { cwd: dir, env });
    expect(apply.code).toBe(0);
    expect(
      calls(dir)
        .filter((l) => l.split(' ')[1] === 'apply')
        .map((l) => l.split(' ')[0]),
    ).toEqual(['state-bootstrap']);
  });

  test('fails if --apply comes with --mock-aws, or before any plan', () => {
    const dir = workspace();
    const env = fakeEnv(dir, { LDM_CONFIG: 'config/multi-account.yaml' });
    const both = runEntry('lib/cli/bootstrap.ts', ['--apply', '--mock-aws'], { cwd: dir, env });
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('--apply and --mock-aws cannot be used together');
    const early = runEntry('lib/cli/bootstrap.ts', ['--apply'], { cwd: dir, env });
    expect(early.code).toBe(1);
    expect(early.stderr).toContain(
      'cdktf.out.bootstrap/manifest.json: not found; run npm run bootstrap first',
    );
  });
});

describe('npx cdktf synth --hcl', () => {
  test('writes each stack as HCL (cdk.tf) for teams that review HCL', () => {
    const dir = workspace();
    writeFileSync(
      join(dir, 'cdktf.json'),
      JSON.stringify({
        language: 'typescript',
        app: `node ${join(ROOT, 'lib', 'app', 'bundle.js')} main.ts`,
        projectId: 'ldm-aws-landing-zone',
        sendCrashReports: 'false',
      }),
    );
    const result = spawnSync(join(ROOT, 'node_modules', '.bin', 'cdktf'), ['synth', '--hcl'], {
      cwd: dir,
      env: Object.fromEntries(
        Object.entries({ ...process.env, CHECKPOINT_DISABLE: '1' }).filter(
          ([key]) => key !== 'LDM_CONFIG' && key !== 'CDKTF_OUTDIR',
        ),
      ),
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.stderr).not.toMatch(/ERROR/);
    expect(result.status).toBe(0);
    for (const stack of STACKS) {
      const hcl = readFileSync(join(stackDir(dir, stack), 'cdk.tf'), 'utf8');
      expect(hcl).toMatch(/^terraform \{/);
      expect(hcl).toContain('provider "aws" {');
    }
  });
});

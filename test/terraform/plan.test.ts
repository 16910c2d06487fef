/**
 * `npm run plan -- --mock-aws` on config/example.yaml, end to end with the real Terraform CLI and
 * AWS provider: every stack is planned offline, downstream stacks against placeholder outputs of
 * their upstreams, and apply refuses the result. Also the state bucket stack of
 * config/multi-account.yaml, planned the same way by `npm run bootstrap -- --mock-aws`.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePlanJson } from '../../lib/gitops/plan-json';
import { remoteStateSources, type TerraformJson } from '../../lib/gitops/placeholders';
import {
  PLAN_FILE,
  PLAN_JSON_FILE,
  PLAN_RECORD_FILE,
  type PlanRecord,
} from '../../lib/gitops/record';
import { validateStack } from '../../lib/gitops/terraform';
import { readSynth } from '../../lib/app/synth-output';
import { CONFIG_DIR, ROOT } from '../support/synth';
import { TERRAFORM_BINARY, terraformTierEnv } from '../support/terraform';

jest.setTimeout(20 * 60_000);

const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ldm-plan-e2e-'));
  cpSync(CONFIG_DIR, join(dir, 'config'), { recursive: true });
  return dir;
}

/** Runs a command of the project as a user would, with the terraform tier's environment. */
function run(entry: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(TSX, [join(ROOT, entry), ...args], {
    cwd,
    env: {
      ...terraformTierEnv(),
      TERRAFORM_BINARY,
      LDM_CONFIG: undefined,
      CDKTF_OUTDIR: undefined,
      ...env,
    },
    encoding: 'utf8',
    timeout: 18 * 60_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run plan -- --mock-aws on config/example.yaml', () => {
  const dir = workspace();
  let result: ReturnType<typeof run>;
  beforeAll(() => {
    result = run('lib/cli/plan.ts', ['--mock-aws'], dir);
  });

  test('succeeds offline, with progress per stack and step', () => {
    // On failure, the message shows terraform's output.
    expect({ code: result.code, stderr: result.stderr }).toEqual({
      code: 0,
      stderr: expect.not.stringMatching(/internal error|error:/),
    });
    for (const step of ['init', 'plan', 'show']) {
      expect(result.stderr).toMatch(new RegExp(`sandbox-network\\s+${step}\\s+\\d+\\.\\ds`));
    }
  });

  test('plans every stack of the manifest, in dependency order, each a real plan', () => {
    const stacks = readSynth(join(dir, 'cdktf.out'));
    expect(stacks.map((s) => s.id)).toEqual([
      'sandbox-network',
      'sandbox-security',
      'sandbox-storage',
      'sandbox-catalog',
      'sandbox-migrator',
    ]);
    const rows = result.stdout.split('\n').filter((l) => l.startsWith('| `sandbox-'));
    expect(rows.map((r) => r.split('`')[1])).toEqual(stacks.map((s) => s.id));
    for (const stack of stacks) {
      const plan = parsePlanJson(
        readFileSync(join(stack.dir, PLAN_JSON_FILE), 'utf8'),
        `${stack.id}/${PLAN_JSON_FILE}`,
      );
      expect(plan.errored).toBe(false);
      expect(plan.resource_changes?.length).toBeGreaterThan(0);
      // Everything is new: mock plans start from empty state.
      for (const rc of plan.resource_changes ?? []) {
        if (rc.mode === 'managed') expect(rc.change.actions).toEqual(['create']);
      }
      expect(existsSync(join(stack.dir, PLAN_FILE))).toBe(true);
      expect(readdirSync(stack.dir).filter((f) => f.includes('override'))).toEqual([]);
    }
  });

  test('plans every downstream stack against placeholders for each upstream it reads', () => {
    const stacks = readSynth(join(dir, 'cdktf.out'));
    const jsons = stacks.map((s) => ({
      id: s.id,
      json: JSON.parse(readFileSync(join(s.dir, 'cdk.tf.json'), 'utf8')) as TerraformJson,
    }));
    let downstream = 0;
    for (const stack of stacks) {
      const record = JSON.parse(
        readFileSync(join(stack.dir, PLAN_RECORD_FILE), 'utf8'),
      ) as PlanRecord;
      const reads = [
        ...new Set(
          remoteStateSources(jsons.find((j) => j.id === stack.id)!.json, jsons)
            .filter((s) => s.outputsRead.length > 0)
            .map((s) => s.upstream),
        ),
      ];
      expect(record.mode).toBe('mock-aws');
      expect([...record.placeholdersFor].sort()).toEqual([...reads].sort());
      if (reads.length > 0) {
        downstream += 1;
        expect(result.stdout).toMatch(
          new RegExp(`\\| \`${stack.id}\` .*planned against placeholder outputs of`),
        );
        // The placeholder values reached the plan (KMS key ids are zeros and a counter).
        expect(readFileSync(join(stack.dir, PLAN_JSON_FILE), 'utf8')).toMatch(
          /00000000-0000-0000-0000-\d{12}|placeholder/,
        );
      }
    }
    expect(downstream).toBeGreaterThanOrEqual(3);
  });

  test('apply refuses every one of these plans, and applies nothing', () => {
    const apply = run('lib/cli/apply.ts', [], dir);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('error: Nothing applied');
    expect(apply.stderr.match(/can never be applied/g)?.length).toBe(5);
  });
});

test('npm run bootstrap -- --mock-aws plans the state bucket of config/multi-account.yaml', async () => {
  const dir = workspace();
  const result = run('lib/cli/bootstrap.ts', ['--mock-aws'], dir, {
    LDM_CONFIG: 'config/multi-account.yaml',
  });
  expect(result.stderr).not.toMatch(/internal error/);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/\| `state-bootstrap` \| 17 \| 0 \| 0 \| 0 \|/);
  const plan = JSON.parse(
    readFileSync(
      join(dir, 'cdktf.out.bootstrap', 'stacks', 'state-bootstrap', PLAN_JSON_FILE),
      'utf8',
    ),
  );
  const bucket = plan.resource_changes.find(
    (rc: { address: string }) => rc.address === 'aws_s3_bucket.state-bucket',
  );
  expect(bucket.change.after.bucket).toBe('acme-ldm-tfstate');
  // Like every stack of config/: valid, without warnings.
  const [stack] = readSynth(join(dir, 'cdktf.out.bootstrap'));
  const validation = await validateStack(stack!, terraformTierEnv(), TERRAFORM_BINARY);
  expect(validation).toMatchObject({ ok: true, warnings: [] });
});

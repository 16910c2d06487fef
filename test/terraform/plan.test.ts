/**
 * `npm run plan -- --mock-aws` on config/example.yaml, end to end with the real Terraform CLI and
 * AWS provider: every stack is planned offline, downstream stacks against placeholder outputs of
 * their upstreams, and apply refuses the result. Also the state bucket stack of
 * config/multi-account.yaml, planned the same way by `npm run bootstrap -- --mock-aws`. These
 * plans are the terraform tier's check of those stacks (test/support/tier.ts): a plan validates
 * first, and no plan may warn.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { MOCK_DATA_DIR } from '../../lib/gitops/pipeline';
import { AWS_PROVIDER, terraformPlatform } from '../../lib/gitops/providers';
import { parsePlanJson } from '../../lib/gitops/plan-json';
import { remoteStateSources, type TerraformJson } from '../../lib/gitops/placeholders';
import {
  PLAN_FILE,
  PLAN_JSON_FILE,
  PLAN_RECORD_FILE,
  type PlanRecord,
} from '../../lib/gitops/record';
import { readSynth } from '../../lib/app/synth-output';
import { LAUNCHER } from '../support/cli';
import { CONFIG_DIR } from '../support/synth';
import { terraformTier } from '../support/terraform';
import { withTerraformSlots } from '../../lib/gitops/slots';

jest.setTimeout(20 * 60_000);

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ldm-plan-e2e-'));
  cpSync(CONFIG_DIR, join(dir, 'config'), { recursive: true });
  return dir;
}

/**
 * Runs a command of the project as a user would (its npm script's launcher), offline and with no
 * credentials, as the terraform tier runs terraform (it finds the provider the same way).
 */
async function run(entry: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const tier = await terraformTier();
  // The command runs one terraform at a time: it holds one of the machine's terraform slots.
  const result = await withTerraformSlots(1, async () =>
    spawnSync(process.execPath, [LAUNCHER, entry, ...args], {
      cwd,
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_PROFILE: undefined,
        AWS_EC2_METADATA_DISABLED: 'true',
        TERRAFORM_BINARY: tier.binary,
        LDM_CONFIG: undefined,
        CDKTF_OUTDIR: undefined,
        ...env,
      },
      encoding: 'utf8',
      timeout: 18 * 60_000,
    }),
  );
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A user's own Terraform CLI configuration, as an enterprise user has one: registry credentials,
 * and a provider_installation with a filesystem mirror of their own (a folder of links to the
 * provider the tier found; `direct` when the tier's provider comes from no folder).
 */
async function userCliConfig(): Promise<{ file: string; text: string; mirror?: string }> {
  const { source } = await terraformTier();
  const dir = mkdtempSync(join(tmpdir(), 'ldm-user-tfrc-'));
  let mirror: string | undefined;
  if ('dir' in source) {
    mirror = join(dir, 'corporate-mirror');
    const from = join(source.dir, AWS_PROVIDER.address);
    const to = join(mirror, AWS_PROVIDER.address);
    const platformDir = join(from, AWS_PROVIDER.version, terraformPlatform());
    if (existsSync(platformDir)) {
      const target = join(to, AWS_PROVIDER.version, terraformPlatform());
      mkdirSync(target, { recursive: true });
      for (const name of readdirSync(platformDir))
        symlinkSync(join(platformDir, name), join(target, name));
    } else {
      mkdirSync(to, { recursive: true });
      const zip = `terraform-provider-aws_${AWS_PROVIDER.version}_${terraformPlatform()}.zip`;
      symlinkSync(join(from, zip), join(to, zip));
    }
  }
  const text = [
    'credentials "app.terraform.io" {',
    '  token = "dummy.atlasv1.not-a-real-token"',
    '}',
    'provider_installation {',
    ...(mirror
      ? [
          '  filesystem_mirror {',
          `    path    = ${JSON.stringify(mirror)}`,
          '    include = ["registry.terraform.io/hashicorp/*"]',
          '  }',
          '  direct {',
          '    exclude = ["registry.terraform.io/hashicorp/*"]',
          '  }',
        ]
      : ['  direct {}']),
    '}',
    '',
  ].join('\n');
  const file = join(dir, 'terraformrc');
  writeFileSync(file, text);
  return { file, text, mirror };
}

describe('npm run plan -- --mock-aws on config/example.yaml', () => {
  const dir = workspace();
  let result: Awaited<ReturnType<typeof run>>;
  let user: Awaited<ReturnType<typeof userCliConfig>>;
  beforeAll(async () => {
    // With a CLI configuration of the user's own (and no LDM_TF_PLUGIN_MIRROR): it is used as it
    // is, never replaced.
    user = await userCliConfig();
    result = await run('lib/cli/plan.ts', ['--mock-aws'], dir, {
      TF_CLI_CONFIG_FILE: user.file,
      LDM_TF_PLUGIN_MIRROR: undefined,
    });
  });

  test("uses the user's CLI configuration and mirror, and leaves the file as it was", () => {
    expect(result.stderr).toContain(
      `the AWS provider from the provider_installation of your Terraform CLI configuration ${user.file}`,
    );
    expect(readFileSync(user.file, 'utf8')).toBe(user.text);
    expect(readdirSync(dirname(user.file)).sort()).toEqual(
      user.mirror ? ['corporate-mirror', 'terraformrc'] : ['terraformrc'],
    );
    if (!user.mirror) return;
    for (const stack of readSynth(join(dir, 'cdktf.out'))) {
      const installed = join(
        stack.dir,
        MOCK_DATA_DIR,
        'providers',
        AWS_PROVIDER.address,
        AWS_PROVIDER.version,
        terraformPlatform(),
      );
      expect({
        stack: stack.id,
        from: readlinkSync(installed),
      }).toEqual({
        stack: stack.id,
        from: expect.stringContaining(user.mirror),
      });
    }
  });

  test('succeeds offline, with progress per stack and step, and no warning', () => {
    // On failure, the message shows terraform's output.
    expect({ code: result.code, stderr: result.stderr }).toEqual({
      code: 0,
      stderr: expect.not.stringMatching(/internal error|error:|warning/),
    });
    for (const step of ['init', 'plan', 'show']) {
      expect(result.stderr).toMatch(new RegExp(`sandbox-network\\s+${step}\\s+\\d+\\.\\ds`));
    }
    expect(result.stderr).toMatch(/the AWS provider from /);
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
      // Everything is new: mock plans start from empty state, and create exactly what the stack
      // declares.
      for (const rc of plan.resource_changes ?? []) {
        if (rc.mode === 'managed') expect(rc.change.actions).toEqual(['create']);
      }
      const declared = Object.entries(stack.json.resource ?? {})
        .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
        .sort();
      const created = (plan.resource_changes ?? [])
        .filter((rc) => rc.mode === 'managed')
        .map((rc) => rc.address)
        .sort();
      expect({ stack: stack.id, created }).toEqual({ stack: stack.id, created: declared });
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

  test('apply refuses every one of these plans, and applies nothing', async () => {
    const apply = await run('lib/cli/apply.ts', [], dir);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('error: Nothing applied');
    expect(apply.stderr.match(/can never be applied/g)?.length).toBe(5);
  });
});

test('npm run bootstrap -- --mock-aws plans the state bucket of config/multi-account.yaml', async () => {
  const dir = workspace();
  const result = await run('lib/cli/bootstrap.ts', ['--mock-aws'], dir, {
    LDM_CONFIG: 'config/multi-account.yaml',
  });
  // Like every stack of config/: valid (a plan validates first), without warnings.
  expect(result.stderr).not.toMatch(/internal error|warning/);
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
});

test('npm run plan without --mock-aws, offline and without credentials: one line pointing to --mock-aws, no plan left', async () => {
  const dir = workspace();
  const result = await run('lib/cli/plan.ts', ['--stack', 'sandbox-network'], dir);
  expect(result.code).toBe(1);
  expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(result.stderr).toContain('error: Plan stopped\n');
  expect(result.stderr).toMatch(
    /- sandbox-network: terraform plan found no AWS credentials \(No valid credential sources found\); .* npm run plan -- --mock-aws\n$/,
  );
  const files = readdirSync(dir, { recursive: true }).map(String);
  expect(files.filter((f) => /plan\.tfplan|plan\.json|plan\.record/.test(f))).toEqual([]);
});

test('fails if the user CLI configuration does not parse: one line naming it, before anything is written', async () => {
  const dir = workspace();
  const file = join(dir, 'broken.tfrc');
  writeFileSync(file, 'provider_installation {\n  filesystem_mirror {\n    path =\n}\n');
  const result = await run('lib/cli/plan.ts', ['--mock-aws'], dir, { TF_CLI_CONFIG_FILE: file });
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(
    new RegExp(
      `^error: Terraform cannot be set up\\n {2}- TF_CLI_CONFIG_FILE: Terraform cannot read its CLI configuration ${file.replace(/[.]/g, '\\.')} \\(At \\d+:\\d+: .*\\); fix the file, or set TF_CLI_CONFIG_FILE to another one\\n$`,
    ),
  );
  expect(readdirSync(dir).sort()).toEqual(['broken.tfrc', 'config']);
});

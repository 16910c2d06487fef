/**
 * Tier 6, Terraform's own evaluator: the migrator stack of every environment of every file in
 * config/ is applied by `terraform test` (AWS provider mocked, the other stacks' outputs given to
 * its `terraform_remote_state` lookups, its EC2 hosts given addresses), and the SSM parameter
 * values Terraform computes must equal, byte for byte, what `npm run host-config` renders offline
 * from the same outputs; the preflights, which Terraform compresses and splits in four parameters,
 * must join to `base64gzip` of the offline file. The outputs are made up
 * (test/support/fake-outputs.ts), the same for both sides. All migrator stacks are runs of one `terraform test` (test/support/tftest.ts: one provider
 * schema load for all of them); it also checks them as `terraform validate` would (the real
 * provider validates every resource), so no other suite validates them again.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadConfig } from '../../lib/app/config';
import { PREFLIGHT_PARTS } from '../../lib/core/naming';
import { LAYER_IDS } from '../../stacks';
import { HOST_CONFIG_FILES } from '../../stacks/migrator/files';
import {
  estimatedCompressedBytes,
  MIGRATOR_IDS,
  SSM_ADVANCED_LIMIT,
  SSM_STANDARD_LIMIT,
} from '../../stacks/migrator/stack';
import { runEntry } from '../support/cli';
import {
  environmentSynth,
  fakeAttribute,
  fakeEnvironmentOutputs,
  writeOutputsFiles,
} from '../support/fake-outputs';
import { configFiles, resources, synth } from '../support/synth';
import { tierProgress, tierTerraform } from '../support/terraform';
import { batchResult, type BatchRun, writeTerraformTestBatch } from '../support/tftest';

jest.setTimeout(20 * 60_000);

/** The SSM values the test compares, with the file `host-config --out` writes for each. */
const PUBLISHED = {
  [`aws_ssm_parameter.${MIGRATOR_IDS.configParameter}.value`]: HOST_CONFIG_FILES.json,
  [`aws_ssm_parameter.${MIGRATOR_IDS.scriptParameter}.value`]: HOST_CONFIG_FILES.script,
  [`aws_ssm_parameter.${MIGRATOR_IDS.updateScriptParameter}.value`]: HOST_CONFIG_FILES.updateScript,
};

/** A preflight's parameters, joined: the host's `base64 -d | gunzip` of them is the file. */
const joined = (id: string) =>
  `join("", [${Array.from({ length: PREFLIGHT_PARTS }, (_, i) => `aws_ssm_parameter.${id}-${i + 1}.value`).join(', ')}])`;
const PREFLIGHTS = {
  [joined(MIGRATOR_IDS.preflight)]: HOST_CONFIG_FILES.preflight,
  [joined(MIGRATOR_IDS.glueAgentPreflight)]: HOST_CONFIG_FILES.glueAgentPreflight,
};

interface Case {
  readonly name: string;
  /** The run of the batch. */
  readonly run: BatchRun;
  /** What `npm run host-config -- --out` wrote. */
  readonly rendered: string;
}

/** Synthesizes a config, makes up its outputs, renders offline and writes the terraform test. */
function prepare(file: string): Case[] {
  const config = loadConfig(file);
  const out = synth(config);
  return config.environments.map((environment) => {
    const env = environmentSynth(out.stacks, environment, LAYER_IDS);
    const outputs = fakeEnvironmentOutputs(env);
    const work = mkdtempSync(join(tmpdir(), 'ldm-tftest-'));
    const outputsDir = join(work, 'outputs');
    mkdirSync(outputsDir);
    writeOutputsFiles(outputsDir, env, outputs);

    const rendered = join(work, 'rendered');
    const rendering = runEntry(
      'lib/cli/host-config.ts',
      ['--env', environment.name, '--outputs-dir', outputsDir, '--out', rendered],
      { env: { LDM_CONFIG: file } },
    );
    if (rendering.code !== 0) throw new Error(`host-config failed:\n${rendering.stderr}`);

    const migratorId = `${environment.name}-migrator`;
    const stack = out.stacks[migratorId];
    const remoteState = Object.fromEntries(
      Object.keys(stack.data?.terraform_remote_state ?? {}).map((name: string) => {
        const upstream = name.replace(/^cross-stack-reference-input-/, '');
        const values = outputs.get(upstream);
        if (!values) throw new Error(`${migratorId} reads ${upstream}, which has no outputs`);
        return [name, values];
      }),
    );
    // The stack's own computed attributes its SSM values and hosts use.
    const own = (type: string, attributes: string[]) =>
      Object.keys(resources(stack, type)).map((name) => [
        `${type}.${name}`,
        Object.fromEntries(
          attributes.map((a) => [a, fakeAttribute(env, migratorId, `${type}.${name}.${a}`)!]),
        ),
      ]);
    const preflights = Object.entries(PREFLIGHTS).filter(([, name]) =>
      existsSync(join(rendered, name)),
    );
    const run: BatchRun = {
      name: `${basename(file, '.yaml')}--${migratorId}`,
      command: 'apply',
      stackFile: join(out.outdir, 'stacks', migratorId, 'cdk.tf.json'),
      remoteState,
      resources: Object.fromEntries([
        ...own('aws_instance', ['id', 'private_ip']),
        ...own('aws_launch_template', ['id', 'latest_version']),
      ]),
      expect: Object.fromEntries([
        ...Object.entries(PUBLISHED).map(([expression, name]) => [
          expression,
          join(rendered, name),
        ]),
        // The agent host's preflight only where there is a remote Glue agent.
        ...preflights.map(([expression, name]) => [
          expression,
          { file: join(rendered, name), compressed: true as const },
        ]),
      ]),
      // The stack sizes each part's parameter tier from an estimate: it must not fall short; and
      // every part holds something, within what its tier takes.
      conditions: preflights.flatMap(([expression, name]) => {
        const estimate = estimatedCompressedBytes(readFileSync(join(rendered, name), 'utf8'));
        const id =
          name === HOST_CONFIG_FILES.preflight
            ? MIGRATOR_IDS.preflight
            : MIGRATOR_IDS.glueAgentPreflight;
        const parts = Array.from(
          { length: PREFLIGHT_PARTS },
          (_, i) => `aws_ssm_parameter.${id}-${i + 1}`,
        );
        return [
          {
            condition: `length(nonsensitive(${expression})) <= ${estimate}`,
            message: `${name}: compressed, longer than the ${estimate} characters the stack estimated`,
          },
          {
            condition: `alltrue([for p in [${parts.join(', ')}] : length(nonsensitive(p.value)) > 0 && length(nonsensitive(p.value)) <= (p.tier == "Standard" ? ${SSM_STANDARD_LIMIT} : ${SSM_ADVANCED_LIMIT})])`,
            message: `${name}: a part is empty, or longer than its tier takes`,
          },
        ];
      }),
    };
    return { name: `${basename(file)} ${migratorId}`, run, rendered };
  });
}

/** `terraform init` and `terraform test` of a batch of runs in a fresh folder. */
async function terraformTest(runs: readonly BatchRun[]) {
  const dir = mkdtempSync(join(tmpdir(), 'ldm-tftest-'));
  writeTerraformTestBatch(dir, runs);
  const init = await tierTerraform(['init', '-backend=false', '-input=false'], dir);
  if (init.code !== 0)
    return { code: init.code, log: `init failed:\n${init.stderr}${init.stdout}`, dir };
  const test = await tierTerraform(['test'], dir, { weight: 2 });
  const log = `${test.stdout}${test.stderr}`;
  for (const [name, passed] of Object.entries(batchResult(log).runs)) {
    tierProgress(`terraform test ${name} ${passed ? 'pass' : 'FAIL'}`, test.seconds / runs.length);
  }
  return { code: test.code, log, dir };
}

const CASES = configFiles().flatMap(prepare);

describe('terraform test: the migrator stack publishes what host-config renders offline', () => {
  test('covers every environment of every config', () => {
    expect(CASES.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'example.yaml sandbox-migrator',
        'kerberized-hdfs.yaml kerberos-migrator',
        'ec2-remote-agent.yaml cloud-migrator',
        'multi-account.yaml prod-migrator',
      ]),
    );
  });

  let batch: Awaited<ReturnType<typeof terraformTest>>;
  beforeAll(async () => {
    batch = await terraformTest(CASES.map((c) => c.run));
  });

  test('every stack passes, without warnings', () => {
    // On failure, the message carries Terraform's want/got lines.
    expect({ code: batch.code, log: batch.code === 0 ? '' : batch.log }).toEqual({
      code: 0,
      log: '',
    });
    const { runs, warnings } = batchResult(batch.log);
    expect(runs).toEqual(Object.fromEntries(CASES.map((c) => [c.run.name, true])));
    expect(warnings).toEqual([]);
  });

  test('fails, with the differing line, when the stored value and the offline render differ', async () => {
    const example = CASES.find((c) => c.name === 'example.yaml sandbox-migrator')!;
    const expected = join(
      mkdtempSync(join(tmpdir(), 'ldm-tftest-mismatch-')),
      HOST_CONFIG_FILES.script,
    );
    copyFileSync(join(example.rendered, HOST_CONFIG_FILES.script), expected);
    const script = readFileSync(expected, 'utf8');
    expect(script).toContain(' --aws-region eu-west-1 ');
    writeFileSync(expected, script.replace(' --aws-region eu-west-1 ', ' --aws-region eu-west-2 '));
    const scriptExpression = Object.keys(PUBLISHED).find(
      (e) => PUBLISHED[e] === HOST_CONFIG_FILES.script,
    )!;

    const result = await terraformTest([
      { ...example.run, expect: { [scriptExpression]: expected } },
    ]);
    expect(result.code).toBe(1);
    expect(result.log).toContain('Test assertion failed');
    expect(result.log).toMatch(/want: hive agent add glue .* --aws-region eu-west-2 /);
    expect(result.log).toMatch(/got: {2}hive agent add glue .* --aws-region eu-west-1 /);
  });

  test('fails when the published preflight and the offline one differ by a character', async () => {
    const example = CASES.find((c) => c.name === 'example.yaml sandbox-migrator')!;
    const expected = join(
      mkdtempSync(join(tmpdir(), 'ldm-tftest-preflight-')),
      HOST_CONFIG_FILES.preflight,
    );
    const script = readFileSync(join(example.rendered, HOST_CONFIG_FILES.preflight), 'utf8');
    expect(script).toContain('MAXSKEW=300\n');
    writeFileSync(expected, script.replace('MAXSKEW=300\n', 'MAXSKEW=900\n'));
    const expression = joined(MIGRATOR_IDS.preflight);

    const result = await terraformTest([
      { ...example.run, expect: { [expression]: { file: expected, compressed: true } } },
    ]);
    expect(result.code).toBe(1);
    expect(result.log).toContain('Test assertion failed');
    expect(result.log.replace(/\s+/g, ' ')).toMatch(
      /is not base64gzip of expected\/\S*preflight\.sh: \d+ characters, want \d+/,
    );
  });
});

/**
 * Tier 3: every stack of every file in config/ passes `terraform init -backend=false` and
 * `terraform validate` with the real CLI and the real AWS provider.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadConfig } from '../../lib/app/config';
import { defaultConcurrency, mapLimit, validateStack } from '../../lib/gitops/terraform';
import { readSynth } from '../../lib/app/synth-output';
import { configFiles, configWith, synth } from '../support/synth';
import { TERRAFORM_BINARY, terraformTierEnv } from '../support/terraform';

jest.setTimeout(15 * 60_000);

describe('terraform validate', () => {
  const env = terraformTierEnv();
  const stacks = configFiles().flatMap((file) =>
    readSynth(synth(loadConfig(file)).outdir).map((stack) => ({
      ...stack,
      config: basename(file),
    })),
  );
  let results: Awaited<ReturnType<typeof validateStack>>[];

  beforeAll(async () => {
    results = await mapLimit(stacks, defaultConcurrency(), (stack) =>
      validateStack(stack, env, TERRAFORM_BINARY),
    );
  });

  test('synthesizes at least the example', () => {
    expect(stacks.map((s) => `${s.config}:${s.id}`)).toContain('example.yaml:sandbox-network');
  });

  test('every stack is valid, without warnings', () => {
    const failures = results
      .map((r, i) => ({ ...r, config: stacks[i]!.config }))
      .filter((r) => !r.ok || r.warnings.length > 0)
      .map((r) => `${r.config} ${r.stack}:\n${r.log}${r.warnings.join('\n')}`);
    expect(failures).toEqual([]);
  });
});

test('the tier fails a stack terraform rejects', async () => {
  const [network] = readSynth(synth(configWith()).outdir);
  const file = join(network!.dir, 'cdk.tf.json');
  const json = JSON.parse(readFileSync(file, 'utf8'));
  json.resource.aws_vpc.vpc.no_such_argument = true;
  writeFileSync(file, JSON.stringify(json));
  const result = await validateStack(network!, terraformTierEnv(), TERRAFORM_BINARY);
  expect(result.ok).toBe(false);
  expect(result.log).toMatch(/No argument or block type is named "no_such_argument"/);
});

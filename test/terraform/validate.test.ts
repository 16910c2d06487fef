/**
 * Tier 3: every stack of every file in config/ is checked by the real CLI and the real AWS
 * provider, once per run (test/support/tier.ts says which suite checks which). This suite checks
 * the stacks no plan and no other `terraform test` covers: each is a `command = plan` run of a
 * `terraform test` (test/support/tftest.ts), against a mocked AWS provider through which the real
 * provider validates every resource as `terraform validate` does; its remote-state lookups read
 * made-up outputs of the right shape (test/support/fake-outputs.ts). No warnings allowed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadConfig } from '../../lib/app/config';
import { readSynth } from '../../lib/app/synth-output';
import { terraformConcurrency } from '../../lib/gitops/slots';
import { LAYER_IDS } from '../../stacks';
import {
  environmentSynth,
  fakeEnvironmentOutputs,
  type FakeValue,
  type StackJson,
} from '../support/fake-outputs';
import { configFiles, configWith, synth } from '../support/synth';
import { tierProgress, tierTerraform } from '../support/terraform';
import { batchResult, type BatchRun, writeTerraformTestBatch } from '../support/tftest';
import { CHECKS, synthesizeAll, tierCheck } from '../support/tier';

jest.setTimeout(15 * 60_000);

interface TierStack {
  readonly file: string;
  readonly id: string;
  readonly run: BatchRun;
}

/** Every stack of a config file, with the run that checks it here. */
function stacksOf(file: string): TierStack[] {
  const config = loadConfig(file);
  const outdir = mkdtempSync(join(tmpdir(), 'ldm-validate-'));
  synthesizeAll(config, outdir);
  const stacks = readSynth(outdir);
  const json = Object.fromEntries(stacks.map((s) => [s.id, s.json as StackJson]));
  const outputs = new Map<string, Record<string, FakeValue>>();
  for (const environment of config.environments) {
    const env = environmentSynth(json, environment, LAYER_IDS);
    for (const [id, values] of fakeEnvironmentOutputs(env)) outputs.set(id, values);
  }
  return stacks.map((stack) => {
    const remoteState = Object.fromEntries(
      Object.keys(stack.json.data?.terraform_remote_state ?? {}).map((name) => {
        const upstream = name.replace(/^cross-stack-reference-input-/, '');
        const values = outputs.get(upstream);
        if (!values) throw new Error(`${stack.id} reads ${upstream}, which has no outputs`);
        return [name, values];
      }),
    );
    return {
      file: basename(file),
      id: stack.id,
      run: {
        name: `${basename(file, '.yaml')}--${stack.id}`,
        command: 'plan',
        stackFile: join(stack.dir, 'cdk.tf.json'),
        remoteState,
      },
    };
  });
}

/** `terraform init` and `terraform test` of one batch of runs, in a fresh folder. */
async function check(runs: readonly BatchRun[]) {
  const dir = mkdtempSync(join(tmpdir(), 'ldm-validate-batch-'));
  writeTerraformTestBatch(dir, runs);
  const init = await tierTerraform(['init', '-backend=false', '-input=false'], dir);
  if (init.code !== 0)
    return { code: init.code, log: `init failed:\n${init.stderr}${init.stdout}` };
  const test = await tierTerraform(['test'], dir, { weight: 2 });
  const log = `${test.stdout}${test.stderr}`;
  for (const [name, passed] of Object.entries(batchResult(log).runs)) {
    tierProgress(`validate ${name} ${passed ? 'pass' : 'FAIL'}`, test.seconds / runs.length);
  }
  return { code: test.code, log };
}

const ALL = configFiles().flatMap(stacksOf);
const MINE = ALL.filter((s) => tierCheck(s.file, s.id) === CHECKS.validate);

describe('every stack of every file in config/, checked by the real CLI', () => {
  test('each stack has exactly one check, and this suite has the rest', () => {
    const checks = Object.values(CHECKS) as string[];
    for (const s of ALL) expect(checks).toContain(tierCheck(s.file, s.id));
    expect(ALL.map((s) => `${s.file} ${s.id}`)).toContain('example.yaml sandbox-network');
    expect(ALL.map((s) => `${s.file} ${s.id}`)).toContain('multi-account.yaml state-bootstrap');
    expect(MINE.map((s) => `${s.file} ${s.id}`)).toContain('multi-account.yaml prod-security');
  });

  let results: Awaited<ReturnType<typeof check>>[];
  beforeAll(async () => {
    // As many batches as terraform may run at once: each `terraform test` runs its stacks in turn.
    const batches = Array.from({ length: Math.min(2, terraformConcurrency()) }, (_, i) =>
      MINE.filter((_s, j) => j % Math.min(2, terraformConcurrency()) === i).map((s) => s.run),
    ).filter((b) => b.length > 0);
    results = await Promise.all(batches.map(check));
  });

  test('every stack is valid and plans, without warnings', () => {
    for (const result of results) {
      expect({ code: result.code, log: result.code === 0 ? '' : result.log }).toEqual({
        code: 0,
        log: '',
      });
      expect(batchResult(result.log).warnings).toEqual([]);
    }
    const runs = Object.assign({}, ...results.map((r) => batchResult(r.log).runs));
    expect(runs).toEqual(Object.fromEntries(MINE.map((s) => [s.run.name, true])));
  });
});

test('the tier fails a stack the provider rejects, naming the problem', async () => {
  const [, security] = readSynth(synth(configWith()).outdir);
  const file = join(security!.dir, 'cdk.tf.json');
  const json = JSON.parse(readFileSync(file, 'utf8'));
  // Well-formed, and of the right type, but a value only the real provider's validation refuses:
  // the mocked provider passes validation through to it.
  json.resource.aws_kms_key['data-key'].deletion_window_in_days = 3;
  writeFileSync(file, JSON.stringify(json));
  const result = await check([{ name: 'broken', command: 'plan', stackFile: file }]);
  expect(result.code).not.toBe(0);
  expect(result.log).toMatch(
    /expected deletion_window_in_days to be in the range \(7 - 30\), got 3/,
  );
});

/**
 * Tier 3: the network stack has no upstream inputs, so it plans offline for real, with the real
 * AWS provider. For every file in config/ (and the variants config/ does not show), the network
 * stack of each environment gets the mock-AWS override (placeholder credentials, the provider's
 * skip flags) and is planned as one `command = plan` run of a `terraform test -verbose` (no mocked
 * provider: one terraform process for all the plans, test/support/tftest.ts): each plan must
 * succeed, create exactly the resources the stack declares, and raise no warning of its own. The
 * example's network stack is planned by `npm run plan -- --mock-aws` instead (plan.test.ts), never
 * twice (test/support/tier.ts).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadConfig } from '../../lib/app/config';
import type { Config } from '../../lib/app/schema';
import { synthesize } from '../../lib/app/synth';
import { readSynth, type SynthesizedStack } from '../../lib/app/synth-output';
import { environmentContext } from '../../lib/core/context';
import {
  MOCK_OVERRIDE_FILE,
  mockAwsOverride,
  providerAssumesRole,
} from '../../lib/gitops/terraform';
import { NetworkStack } from '../../stacks/network/stack';
import { configFiles, configWith, rawEnv } from '../support/synth';
import { tierProgress, tierTerraform } from '../support/terraform';
import { batchResult, type BatchRun, writeTerraformTestBatch } from '../support/tftest';
import { CHECKS, tierCheck } from '../support/tier';

jest.setTimeout(15 * 60_000);

const isMine = (file: string, id: string) => tierCheck(file, id) === CHECKS.planNetwork;

interface PlanCase {
  readonly name: string;
  readonly config: Config;
  /** The file in config/ it is, if any (variants are none). */
  readonly file?: string;
}

/** Only the network stacks of a config, synthesized into a fresh folder. */
function synthNetworkStacks(config: Config): SynthesizedStack[] {
  const outdir = mkdtempSync(join(tmpdir(), 'ldm-plan-network-'));
  synthesize(config, outdir, {
    stacks: (app) => {
      for (const environment of config.environments) {
        new NetworkStack(app, { context: environmentContext(config, environment) });
      }
    },
  });
  return readSynth(outdir);
}

/** The resources a stack declares, `type.name`, sorted. */
function declared(stack: SynthesizedStack): string[] {
  const json = JSON.parse(readFileSync(join(stack.dir, 'cdk.tf.json'), 'utf8'));
  return Object.entries<Record<string, unknown>>(json.resource ?? {})
    .flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`))
    .sort();
}

/** A plan run of the stack with the real provider, placeholder credentials and skip flags. */
function planRun(name: string, stack: SynthesizedStack): BatchRun {
  // Only the provider part of the override: a test run ignores the stack's backend.
  const { provider } = mockAwsOverride('unused', providerAssumesRole(stack.json)) as {
    provider: object;
  };
  return {
    name,
    command: 'plan',
    stackFile: join(stack.dir, 'cdk.tf.json'),
    files: { [MOCK_OVERRIDE_FILE]: JSON.stringify({ provider }) },
  };
}

/** `terraform init` and `terraform test -verbose` of the runs, in a fresh folder. */
async function planAll(runs: readonly BatchRun[]) {
  const dir = mkdtempSync(join(tmpdir(), 'ldm-plan-network-batch-'));
  writeTerraformTestBatch(dir, runs, { mockProviders: false });
  const init = await tierTerraform(['init', '-backend=false', '-input=false'], dir);
  if (init.code !== 0)
    return { code: init.code, log: `init failed:\n${init.stderr}${init.stdout}` };
  const test = await tierTerraform(['test', '-verbose'], dir);
  const log = `${test.stdout}${test.stderr}`;
  for (const [name, passed] of Object.entries(batchResult(log).runs)) {
    tierProgress(`plan ${name} ${passed ? 'pass' : 'FAIL'}`, test.seconds / runs.length);
  }
  return { code: test.code, log };
}

describe('terraform plan of the network stack, offline', () => {
  const cases: PlanCase[] = [
    ...configFiles().map((file) => ({ name: basename(file), config: loadConfig(file), file })),
    // Variants no file in config/ shows, so their resources are planned too.
    {
      name: 'example.yaml + outboundInternet',
      config: configWith((raw) => (rawEnv(raw).network.outboundInternet = true)),
    },
    {
      name: 'example.yaml + legacyTunnelCrypto and a four-byte ASN',
      config: configWith((raw) => {
        rawEnv(raw).network.connectivity = {
          type: 'vpn',
          customerGatewayIp: '203.0.113.10',
          bgpAsn: 4200000001,
          amazonSideAsn: 4200000000,
          legacyTunnelCrypto: true,
        };
      }),
    },
  ];
  const runName = (c: PlanCase, id: string) =>
    `${c.name.replace(/\.yaml/, '').replace(/[^A-Za-z0-9_-]+/g, '-')}--${id}`;
  const stacks = cases.flatMap((c) =>
    synthNetworkStacks(c.config)
      // A file's network stack the tier plans elsewhere (the example's) is not planned twice.
      .filter((stack) => !c.file || isMine(c.file, stack.id))
      .map((stack) => ({ stack, name: `${c.name} ${stack.id}`, run: runName(c, stack.id) })),
  );
  let result: Awaited<ReturnType<typeof planAll>>;

  beforeAll(async () => {
    result = await planAll(stacks.map((s) => planRun(s.run, s.stack)));
  });

  test('covers the network stack of every config file the tier gives this suite', () => {
    const names = stacks.map((s) => s.name);
    for (const file of configFiles()) {
      for (const environment of loadConfig(file).environments) {
        const id = `${environment.name}-network`;
        if (isMine(file, id)) expect(names).toContain(`${basename(file)} ${id}`);
        else expect(names).not.toContain(`${basename(file)} ${id}`);
      }
    }
  });

  test('every plan succeeds without warnings', () => {
    expect({ code: result.code, log: result.code === 0 ? '' : result.log }).toEqual({
      code: 0,
      log: '',
    });
    const { runs, warnings } = batchResult(result.log, { mockAws: true });
    expect(runs).toEqual(Object.fromEntries(stacks.map((s) => [s.run, true])));
    expect(warnings).toEqual([]);
  });

  test('every plan creates exactly the resources the stack declares, and changes nothing else', () => {
    const { changes } = batchResult(result.log);
    for (const s of stacks) {
      const actions = changes[s.run] ?? {};
      const created = Object.keys(actions)
        .filter((address) => actions[address] === 'will be created')
        .sort();
      const other = Object.entries(actions).filter(([, action]) => action !== 'will be created');
      expect({ stack: s.name, created, other }).toEqual({
        stack: s.name,
        created: declared(s.stack),
        other: [],
      });
    }
  });
});

test('the plan fails a stack that cannot plan', async () => {
  const [stack] = synthNetworkStacks(configWith());
  const file = join(stack!.dir, 'cdk.tf.json');
  const json = JSON.parse(readFileSync(file, 'utf8'));
  // Well-formed JSON that no plan can resolve.
  json.resource.aws_subnet['private-eu-west-1a'].vpc_id = '${aws_vpc.missing.id}';
  writeFileSync(file, JSON.stringify(json));
  const result = await planAll([planRun('broken', stack!)]);
  expect(result.code).not.toBe(0);
  expect(result.log).toMatch(/Reference to undeclared resource/);
});

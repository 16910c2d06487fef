/**
 * Tier 3: the network stack has no upstream inputs, so it plans offline for real. For every file
 * in config/ (and the variants config/ does not show), the network stack of each environment gets
 * the mock-AWS override (placeholder credentials, the provider's skip flags, local state), then
 * `terraform init` and `terraform plan -out`: the plan must succeed, create exactly the resources
 * the stack declares, and raise no warning of its own.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadConfig } from '../../lib/app/config';
import type { Config } from '../../lib/app/schema';
import {
  defaultConcurrency,
  mapLimit,
  MOCK_OVERRIDE_FILE,
  providerAssumesRole,
  mockAwsOverride,
  runTerraform,
} from '../../lib/gitops/terraform';
import { synthesize } from '../../lib/app/synth';
import { readSynth, type SynthesizedStack } from '../../lib/app/synth-output';
import { environmentContext } from '../../lib/core/context';
import { NetworkStack } from '../../stacks/network/stack';
import { configFiles, configWith, rawEnv } from '../support/synth';
import { TERRAFORM_BINARY, terraformTierEnv } from '../support/terraform';

jest.setTimeout(15 * 60_000);

interface PlanCase {
  readonly name: string;
  readonly config: Config;
}

interface PlanResult {
  readonly stack: string;
  readonly ok: boolean;
  readonly log: string;
  /** Resource addresses the stack declares and the plan's creations. */
  readonly declared: string[];
  readonly created: string[];
  /** Planned actions other than create (there is no prior state, so there must be none). */
  readonly otherActions: string[];
  readonly warnings: string[];
}

/**
 * The one warning the mock override itself causes, for stacks with a deploy role: it turns
 * `assume_role` off with an empty `role_arn` (lib/gitops/terraform.ts), which the provider's schema
 * reports. Not the stack's doing.
 */
const OVERRIDE_WARNING = /The argument "role_arn" is required/;

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

async function planStack(stack: SynthesizedStack, env: NodeJS.ProcessEnv): Promise<PlanResult> {
  const json = JSON.parse(readFileSync(join(stack.dir, 'cdk.tf.json'), 'utf8'));
  const declared = Object.entries<Record<string, unknown>>(json.resource ?? {})
    .flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`))
    .sort();
  const fail = (log: string): PlanResult => ({
    stack: stack.id,
    ok: false,
    log,
    declared,
    created: [],
    otherActions: [],
    warnings: [],
  });

  writeFileSync(
    join(stack.dir, MOCK_OVERRIDE_FILE),
    JSON.stringify(mockAwsOverride(join(stack.dir, 'mock.tfstate'), providerAssumesRole(json))),
  );
  const init = await runTerraform(['init', '-input=false'], stack.dir, env, TERRAFORM_BINARY);
  if (init.code !== 0) return fail(`terraform init failed:\n${init.stderr}${init.stdout}`);

  const plan = await runTerraform(
    ['plan', '-input=false', '-json', '-out=network.tfplan'],
    stack.dir,
    env,
    TERRAFORM_BINARY,
  );
  const messages = plan.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map(
      (line) =>
        JSON.parse(line) as {
          type: string;
          diagnostic?: { severity: string; summary: string; detail?: string };
        },
    );
  const diagnostics = messages.flatMap((m) => (m.type === 'diagnostic' ? [m.diagnostic!] : []));
  const warnings = diagnostics
    .filter((d) => d.severity === 'warning' && !OVERRIDE_WARNING.test(d.detail ?? ''))
    .map((d) => `${d.summary}: ${d.detail ?? ''}`);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (plan.code !== 0 || errors.length > 0) {
    const detail = errors.map((d) => `${d.summary}: ${d.detail ?? ''}`).join('\n');
    return fail(`terraform plan failed:\n${detail || plan.stderr}`);
  }

  const show = await runTerraform(
    ['show', '-json', 'network.tfplan'],
    stack.dir,
    env,
    TERRAFORM_BINARY,
  );
  if (show.code !== 0) return fail(`terraform show failed:\n${show.stderr}`);
  const changes = (
    JSON.parse(show.stdout) as {
      resource_changes?: { address: string; change: { actions: string[] } }[];
    }
  ).resource_changes;
  const created = (changes ?? [])
    .filter((c) => c.change.actions.join() === 'create')
    .map((c) => c.address)
    .sort();
  const otherActions = (changes ?? [])
    .filter((c) => c.change.actions.join() !== 'create')
    .map((c) => `${c.address}: ${c.change.actions.join(',')}`);
  return { stack: stack.id, ok: true, log: '', declared, created, otherActions, warnings };
}

describe('terraform plan of the network stack, offline', () => {
  const env = terraformTierEnv();
  const cases: PlanCase[] = [
    ...configFiles().map((file) => ({ name: basename(file), config: loadConfig(file) })),
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
  const stacks = cases.flatMap((c) =>
    synthNetworkStacks(c.config).map((stack) => ({ ...stack, name: `${c.name} ${stack.id}` })),
  );
  let results: PlanResult[];

  beforeAll(async () => {
    results = await mapLimit(stacks, defaultConcurrency(), (stack) => planStack(stack, env));
  });

  test('covers the network stack of every config file', () => {
    const names = stacks.map((s) => s.name);
    for (const file of configFiles()) {
      for (const environment of loadConfig(file).environments) {
        expect(names).toContain(`${basename(file)} ${environment.name}-network`);
      }
    }
  });

  test('every plan succeeds without warnings', () => {
    const failures = results
      .map((r, i) => ({ ...r, name: stacks[i]!.name }))
      .filter((r) => !r.ok || r.warnings.length > 0)
      .map((r) => `${r.name}:\n${r.log}${r.warnings.join('\n')}`);
    expect(failures).toEqual([]);
  });

  test('every plan creates exactly the resources the stack declares, and changes nothing else', () => {
    for (const result of results.filter((r) => r.ok)) {
      expect({ stack: result.stack, created: result.created }).toEqual({
        stack: result.stack,
        created: result.declared,
      });
      expect(result.otherActions).toEqual([]);
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
  const result = await planStack(stack!, terraformTierEnv());
  expect(result.ok).toBe(false);
  expect(result.log).toMatch(/Reference to undeclared resource/);
});

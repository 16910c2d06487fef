/**
 * The terraform tier's settings: the real CLI, with the AWS provider from wherever
 * lib/gitops/providers.ts finds it (LDM_TF_PLUGIN_MIRROR, your CLI configuration, a mirror on the
 * machine, or the registry), exactly as the commands get it. Nothing needs to be set: on a machine
 * with a provider mirror somewhere usual, `npm test` finds it; with neither mirror nor registry it
 * fails with one line that says what to set.
 *
 * Each terraform command takes a machine-wide slot (lib/gitops/slots.ts), so the jest workers of a
 * run never start more provider processes than the machine has cores; each suite prints one line
 * per stack checked to stderr, so a long run shows where it is.
 */
import { checkTerraform, terraformSetup, type ProviderSource } from '../../lib/gitops/providers';
import { runTerraform, type TerraformRun } from '../../lib/gitops/terraform';
import { withTerraformSlots } from '../../lib/gitops/slots';
import { join } from 'node:path';
import { ROOT } from './synth';

export const TERRAFORM_BINARY = process.env.TERRAFORM_BINARY || 'terraform';

export interface Tier {
  /** The environment terraform runs with: offline, no credentials of yours. */
  readonly env: NodeJS.ProcessEnv;
  readonly binary: string;
  readonly version: string;
  readonly source: ProviderSource;
}

let tier: Promise<Tier> | undefined;

/** The tier's terraform, set up once per test file; fails the suite with one line when it cannot be. */
export function terraformTier(): Promise<Tier> {
  tier ??= (async () => {
    const version = checkTerraform(
      TERRAFORM_BINARY,
      process.env,
      Boolean(process.env.TERRAFORM_BINARY),
    );
    const setup = await terraformSetup({
      env: process.env,
      workDir: join(ROOT, '.cache', 'terraform'),
      // Never a user's credentials or profile: the tier is offline by construction.
      overrides: {
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_SESSION_TOKEN: undefined,
        AWS_PROFILE: undefined,
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });
    return { env: setup.env, binary: TERRAFORM_BINARY, version, source: setup.source };
  })();
  return tier;
}

/** The tier's environment only. */
export async function terraformTierEnv(): Promise<NodeJS.ProcessEnv> {
  return (await terraformTier()).env;
}

/**
 * One terraform command in a machine-wide slot (`weight` 2 for `terraform test`, which starts two
 * provider processes).
 */
export async function tierTerraform(
  args: readonly string[],
  dir: string,
  options: { readonly weight?: number; readonly env?: NodeJS.ProcessEnv } = {},
): Promise<TerraformRun> {
  const t = await terraformTier();
  return withTerraformSlots(options.weight ?? 1, () =>
    runTerraform(args, dir, options.env ?? t.env, t.binary),
  );
}

/** One progress line on stderr: `terraform tier: <what> <seconds>`. */
export function tierProgress(what: string, seconds: number): void {
  process.stderr.write(`terraform tier: ${what} ${seconds.toFixed(1)}s\n`);
}

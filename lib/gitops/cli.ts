/**
 * What the plan, apply, rollout and bootstrap commands share: flag parsing that ends in a
 * UserError (never a stack trace), the terraform settings of a run, and progress lines. The
 * commands in lib/cli pass process.env in; nothing here reads it.
 */
import { join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { PlanFail, UserError } from '../core/errors';
import { assertTerraformInstalled, terraformEnv } from './terraform';
import type { Reporter, TerraformContext } from './pipeline';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, strict; a mistyped or misused flag becomes a UserError. */
export function parseFlags<O extends Options>(
  args: readonly string[],
  options: O,
  positionals = false,
) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: positionals });
  } catch (err) {
    throw new UserError([PlanFail.flag((err as Error).message)], 'Invalid arguments');
  }
}

/** Credentials and profiles a `--mock-aws` run never passes on: it must not reach any account. */
const AWS_CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_ROLE_ARN',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
];

/**
 * The terraform binary (`TERRAFORM_BINARY`, default terraform), checked to be there, with the
 * project's own CLI config (`LDM_TF_PLUGIN_MIRROR`: a provider filesystem mirror; plugin cache in
 * `.cache/terraform/`).
 */
export function terraformContext(
  env: NodeJS.ProcessEnv,
  options: { readonly mockAws: boolean; readonly cwd?: string },
): TerraformContext {
  const binary = env.TERRAFORM_BINARY || 'terraform';
  const version = assertTerraformInstalled(binary);
  const base = { ...env };
  if (options.mockAws) {
    for (const key of AWS_CREDENTIAL_VARIABLES) delete base[key];
    base.AWS_EC2_METADATA_DISABLED = 'true';
  }
  return {
    binary,
    version,
    env: terraformEnv(
      {
        mirrorDir: env.LDM_TF_PLUGIN_MIRROR || undefined,
        workDir: join(resolve(options.cwd ?? '.'), '.cache', 'terraform'),
      },
      base,
    ),
  };
}

/** Progress on stderr: one line per finished step, with its time and the time since the start. */
export function progressReporter(
  write: (text: string) => void,
  now: () => number = Date.now,
): Reporter & { note(text: string): void } {
  const started = now();
  const total = () => `${((now() - started) / 1000).toFixed(1)}s`;
  return {
    step: (stack, step, seconds) =>
      write(
        `[${total().padStart(7)}] ${stack.padEnd(24)} ${step.padEnd(10)} ${seconds.toFixed(1)}s\n`,
      ),
    failure: (stack, step, output) =>
      write(`\n--- terraform ${step} in ${stack} ---\n${output.trimEnd()}\n---\n`),
    note: (text) => write(`[${total().padStart(7)}] ${text}\n`),
  };
}

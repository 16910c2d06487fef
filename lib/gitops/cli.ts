/**
 * What the plan, apply, rollout and bootstrap commands share: the terraform settings of a run,
 * and progress lines. The commands in lib/cli pass process.env in; nothing here reads it.
 */
import { join, resolve } from 'node:path';
import { checkTerraform, describeSource, terraformSetup } from './providers';
import type { Reporter, TerraformContext } from './pipeline';

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
 * environment it runs with: the AWS provider from wherever lib/gitops/providers.ts finds it (your
 * own CLI configuration is kept), the toolkit's own files in `.cache/terraform/`. `notes` (a
 * `TF_CLI_CONFIG_FILE` that does not exist, and where the provider comes from) are for the
 * command to show once it starts terraform.
 */
export async function terraformContext(
  env: NodeJS.ProcessEnv,
  options: { readonly mockAws: boolean; readonly cwd?: string },
): Promise<TerraformContext & { readonly notes: readonly string[] }> {
  const binary = env.TERRAFORM_BINARY || 'terraform';
  const version = checkTerraform(binary, env, Boolean(env.TERRAFORM_BINARY));
  const overrides: Record<string, string | undefined> = {};
  if (options.mockAws) {
    for (const key of AWS_CREDENTIAL_VARIABLES) overrides[key] = undefined;
    overrides.AWS_EC2_METADATA_DISABLED = 'true';
  }
  const setup = await terraformSetup({
    env,
    workDir: join(resolve(options.cwd ?? '.'), '.cache', 'terraform'),
    overrides,
  });
  const notes = [
    ...setup.notes,
    `terraform ${version}; the AWS provider from ${describeSource(setup.source)}`,
  ];
  return { binary, version, env: setup.env, source: setup.source, notes };
}

/**
 * Progress on stderr: one line per finished step, with its time and the time since the start.
 * `later` holds notes back until terraform first reports a step, so a command that stops on bad
 * input before any terraform runs prints its error and nothing else.
 */
export function progressReporter(
  write: (text: string) => void,
  now: () => number = Date.now,
): Reporter & { note(text: string): void; later(lines: readonly string[]): void } {
  const started = now();
  const total = () => `${((now() - started) / 1000).toFixed(1)}s`;
  let pending: readonly string[] = [];
  const note = (text: string) => write(`[${total().padStart(7)}] ${text}\n`);
  const flush = () => {
    const lines = pending;
    pending = [];
    lines.forEach(note);
  };
  return {
    step: (stack, step, seconds) => {
      flush();
      write(
        `[${total().padStart(7)}] ${stack.padEnd(24)} ${step.padEnd(10)} ${seconds.toFixed(1)}s\n`,
      );
    },
    failure: (stack, step, output) => {
      flush();
      write(`\n--- terraform ${step} in ${stack} ---\n${output.trimEnd()}\n---\n`);
    },
    warning: (stack, step, summary) =>
      write(
        `[${total().padStart(7)}] ${stack.padEnd(24)} warning (terraform ${step}): ${summary}\n`,
      ),
    note,
    later: (lines) => {
      pending = [...pending, ...lines];
    },
  };
}

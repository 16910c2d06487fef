/**
 * Running the real Terraform CLI on synthesized stacks: one process per command, its output
 * collected. Where the AWS provider comes from, and the environment terraform runs with, is
 * decided in one place (lib/gitops/providers.ts); how many run at once in lib/gitops/slots.ts.
 * Used by the plan and apply pipeline, the bench and the terraform test tier.
 */
import { spawn } from 'node:child_process';
import type { SynthesizedStack } from '../app/synth-output';
import { UserError } from '../core/errors';
import { classifyInitFailure, type ProviderSource } from './providers';

export interface TerraformRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/** JSON text a command printed, or `undefined` when it printed something else. */
function parseJson<T>(text: string): T | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as T) : undefined;
  } catch {
    return undefined;
  }
}

export function runTerraform(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  binary = 'terraform',
): Promise<TerraformRun> {
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(binary, [...args, '-no-color'], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      resolvePromise({ code: code ?? 1, stdout, stderr, seconds: (Date.now() - started) / 1000 }),
    );
  });
}

export interface ValidationResult {
  readonly stack: string;
  readonly ok: boolean;
  /** Init and validate output, for the failure message. */
  readonly log: string;
  /** Warnings validate reported (deprecated arguments and the like). */
  readonly warnings: readonly string[];
  readonly seconds: number;
  /** Of `seconds`, the part `terraform init` took. */
  readonly initSeconds: number;
}

/**
 * The UserError of a `terraform init` that could not install the provider (one line saying why
 * and what to do), or undefined for any other failure.
 */
export function providerInstallError(
  init: TerraformRun,
  source: ProviderSource | undefined,
): UserError | undefined {
  if (!source || init.code === 0) return undefined;
  const line = classifyInitFailure(`${init.stderr}${init.stdout}`, source);
  return line ? new UserError([line], 'No provider for terraform') : undefined;
}

/**
 * `terraform init -backend=false` + `terraform validate -json` in one stack directory. An init
 * that cannot install the provider throws its one line (given where the provider comes from).
 */
export async function validateStack(
  stack: Pick<SynthesizedStack, 'id' | 'dir'>,
  env: NodeJS.ProcessEnv,
  binary = 'terraform',
  source?: ProviderSource,
): Promise<ValidationResult> {
  const init = await runTerraform(
    ['init', '-backend=false', '-input=false'],
    stack.dir,
    env,
    binary,
  );
  const installError = providerInstallError(init, source);
  if (installError) throw installError;
  if (init.code !== 0) {
    const log = `terraform init failed:\n${init.stderr}${init.stdout}`;
    const seconds = init.seconds;
    return { stack: stack.id, ok: false, log, warnings: [], seconds, initSeconds: seconds };
  }
  const validate = await runTerraform(['validate', '-json'], stack.dir, env, binary);
  const seconds = init.seconds + validate.seconds;
  let diagnostics: { severity: string; summary: string; detail?: string }[] = [];
  try {
    diagnostics = (JSON.parse(validate.stdout) as { diagnostics: typeof diagnostics }).diagnostics;
  } catch {
    // Non-JSON output: report it as is below.
  }
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics
    .filter((d) => d.severity === 'warning')
    .map((d) => `${d.summary}: ${d.detail ?? ''}`);
  const ok = validate.code === 0 && errors.length === 0;
  const log = ok
    ? ''
    : errors.length > 0
      ? errors.map((d) => `${d.summary}: ${d.detail ?? ''}`).join('\n')
      : `${validate.stderr}${validate.stdout}`;
  return { stack: stack.id, ok, log, warnings, seconds, initSeconds: init.seconds };
}

/** The override file `--mock-aws` planning drops next to a stack's cdk.tf.json. */
export const MOCK_OVERRIDE_FILE = 'zz_mock_aws_override.tf.json';

/**
 * Placeholder credentials and the provider's skip flags, so `terraform plan` runs with no AWS
 * account and no network. With placeholder credentials the provider cannot learn the account, so
 * this mode — and only this mode — lifts `allowed_account_ids`; for a stack whose provider assumes
 * a role (`hasAssumeRole`), an empty `role_arn` turns `assume_role` off. State goes to a local file
 * at `statePath`.
 */
export function mockAwsOverride(statePath: string, hasAssumeRole = false): object {
  return {
    provider: {
      aws: {
        access_key: 'mock-access-key',
        secret_key: 'mock-secret-key',
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        skip_region_validation: true,
        allowed_account_ids: null,
        ...(hasAssumeRole ? { assume_role: [{ role_arn: '' }] } : {}),
      },
    },
    terraform: { backend: { local: { path: statePath } } },
  };
}

/** Whether a synthesized stack's AWS provider assumes a role (`deployRoleArn`). */
export function providerAssumesRole(stackJson: { readonly provider?: unknown }): boolean {
  const aws = (stackJson.provider as { aws?: unknown } | undefined)?.aws;
  const blocks = (Array.isArray(aws) ? aws : aws ? [aws] : []) as { assume_role?: unknown }[];
  return blocks.some((p) => Array.isArray(p.assume_role) && p.assume_role.length > 0);
}

/** `terraform output -json` of an initialized stack: output name -> { value, type, sensitive }. */
export async function readStateOutputs(
  dir: string,
  env: NodeJS.ProcessEnv,
  binary = 'terraform',
): Promise<{ run: TerraformRun; outputs?: Record<string, { value?: unknown }> }> {
  const run = await runTerraform(['output', '-json'], dir, env, binary);
  if (run.code !== 0) return { run };
  const text = run.stdout.trim();
  if (!text) return { run, outputs: {} };
  const outputs = parseJson<Record<string, { value?: unknown }>>(text);
  return outputs ? { run, outputs } : { run: { ...run, stderr: `${run.stderr}${text}` } };
}

/** `terraform providers schema -json` of an initialized stack (about 14 MB for the AWS provider). */
export async function readProvidersSchema(
  dir: string,
  env: NodeJS.ProcessEnv,
  binary = 'terraform',
): Promise<{ run: TerraformRun; schema?: object }> {
  const run = await runTerraform(['providers', 'schema', '-json'], dir, env, binary);
  if (run.code !== 0) return { run };
  const schema = parseJson<object>(run.stdout);
  return schema ? { run, schema } : { run: { ...run, stderr: `${run.stderr}${run.stdout}` } };
}

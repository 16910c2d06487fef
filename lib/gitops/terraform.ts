/**
 * Running the real Terraform CLI on synthesized stacks: a CLI config of the project's own making
 * (filesystem mirror when one is given, a shared plugin cache), passed to each child process
 * through TF_CLI_CONFIG_FILE — never a home-directory config. Used by the terraform test tier and
 * the plan tooling.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { SynthesizedStack } from '../app/synth-output';
import { Fail, UserError } from '../core/errors';

export interface TerraformSettings {
  /** A provider filesystem mirror (holds `registry.terraform.io/...`); none means the registry. */
  readonly mirrorDir?: string;
  /** Where the CLI config and the shared plugin cache live. */
  readonly workDir: string;
}

export interface TerraformRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/**
 * Writes the CLI config and returns the environment a terraform child process runs with.
 *
 * With a filesystem mirror (an unpacked layout, as on these machines) `terraform init` links each
 * stack's provider straight to the mirror: nothing is copied, and no plugin cache is used (a
 * shared cache raced under concurrent inits). Without one, providers come from the registry
 * through a shared plugin cache, so stacks do not each download the provider.
 */
export function terraformEnv(
  settings: TerraformSettings,
  base: NodeJS.ProcessEnv,
): NodeJS.ProcessEnv {
  const workDir = resolve(settings.workDir);
  mkdirSync(workDir, { recursive: true });
  const lines: string[] = [];
  if (settings.mirrorDir) {
    lines.push(
      'provider_installation {',
      `  filesystem_mirror {`,
      `    path    = ${JSON.stringify(resolve(settings.mirrorDir))}`,
      `    include = ["registry.terraform.io/hashicorp/*"]`,
      '  }',
      '  direct {',
      `    exclude = ["registry.terraform.io/hashicorp/*"]`,
      '  }',
      '}',
    );
  } else {
    const cacheDir = join(workDir, 'plugin-cache');
    mkdirSync(cacheDir, { recursive: true });
    lines.push(
      `plugin_cache_dir = ${JSON.stringify(cacheDir)}`,
      // Concurrent inits then link from the cache instead of racing to re-verify it.
      'plugin_cache_may_break_dependency_lock_file = true',
    );
  }
  const cliConfig = join(workDir, 'terraform.tfrc');
  writeFileSync(cliConfig, `${lines.join('\n')}\n`);
  return {
    ...base,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
  };
}

/** Fails with install instructions when the binary is not there: the tier never skips silently. */
export function assertTerraformInstalled(binary = 'terraform'): string {
  const probe = spawnSync(binary, ['version', '-json'], {
    encoding: 'utf8',
    timeout: 60_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (probe.error || probe.status !== 0)
    throw new UserError([Fail.terraformMissing()], 'Terraform is missing');
  const version = parseJson<{ terraform_version?: unknown }>(probe.stdout)?.terraform_version;
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+/.test(version)) {
    throw new UserError([Fail.terraformNotTerraform(binary)], 'Terraform is missing');
  }
  return version;
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

/** Runs `fn` over `items`, at most `limit` at a time, keeping the order of results. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** The AWS provider takes ~600 MB per process: one per core keeps a 2-core machine busy, not swapping. */
export function defaultConcurrency(): number {
  return Math.max(1, availableParallelism());
}

export interface ValidationResult {
  readonly stack: string;
  readonly ok: boolean;
  /** Init and validate output, for the failure message. */
  readonly log: string;
  /** Warnings validate reported (deprecated arguments and the like). */
  readonly warnings: readonly string[];
  readonly seconds: number;
}

/** `terraform init -backend=false` + `terraform validate -json` in one stack directory. */
export async function validateStack(
  stack: Pick<SynthesizedStack, 'id' | 'dir'>,
  env: NodeJS.ProcessEnv,
  binary = 'terraform',
): Promise<ValidationResult> {
  const init = await runTerraform(
    ['init', '-backend=false', '-input=false'],
    stack.dir,
    env,
    binary,
  );
  if (init.code !== 0) {
    const log = `terraform init failed:\n${init.stderr}${init.stdout}`;
    return { stack: stack.id, ok: false, log, warnings: [], seconds: init.seconds };
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
  return { stack: stack.id, ok, log, warnings, seconds };
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

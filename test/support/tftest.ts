/**
 * Writes a `terraform test` over synthesized stacks, one `run` each: the stack as the run's module,
 * the AWS provider mocked (or real), the `terraform_remote_state` lookups answered with given
 * outputs (inside `mock_provider "terraform"`, the builtin provider that owns that data source),
 * given values for the stack's own computed attributes (`override_resource`), and asserts that
 * compare expressions of the stack with files byte for byte (a failed one lists the differing
 * lines, want / got) or with a file compressed the way Terraform's `base64gzip` does. Terraform ≥ 1.7.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { terraformWarnings } from '../../lib/gitops/pipeline';
import { AWS_PROVIDER } from '../../lib/gitops/providers';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A file an expression must equal once compressed the way Terraform's `base64gzip` does. */
export interface CompressedFile {
  readonly file: string;
  readonly compressed: true;
}

/** A string literal of HCL's native syntax; `${` and `%{` are escaped, so nothing is a template. */
export function hclString(s: string): string {
  const escaped = s
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\$\{/g, '$${')
    .replace(/%\{/g, '%%{');
  return `"${escaped}"`;
}

function hclValue(v: Json, indent: string): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return hclString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    return v.length === 0
      ? '[]'
      : `[\n${v.map((x) => `${inner}${hclValue(x, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(v);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => `${inner}${hclString(k)} = ${hclValue(x, inner)}`).join('\n')}\n${indent}}`;
}

/** `expression == file(path)`, and on failure every differing line as want / got. */
function textAssert(expression: string, path: string): string {
  const file = `file(${hclString(path)})`;
  const want = `split("\\n", ${file})`;
  const got = `split("\\n", nonsensitive(${expression}))`;
  return [
    '  assert {',
    `    condition     = ${expression} == ${file}`,
    `    error_message = join("\\n", concat(`,
    `      [${hclString(`${expression} differs from ${path}; differing lines (want / got):`)}],`,
    `      [for i in range(max(length(${want}), length(${got}))) :`,
    `        format("line %d:\\n  want: %s\\n  got:  %s", i + 1, try(${want}[i], "<no such line>"), try(${got}[i], "<no such line>"))`,
    `        if try(${want}[i], null) != try(${got}[i], null)]))`,
    '  }',
  ].join('\n');
}

/**
 * `expression == base64gzip(file(path))`. Compressed, the two cannot be compared line by line:
 * the failure names both sizes and the file.
 */
function compressedAssert(expression: string, path: string): string {
  const want = `base64gzip(file(${hclString(path)}))`;
  return [
    '  assert {',
    `    condition     = nonsensitive(${expression}) == ${want}`,
    `    error_message = format(${hclString(`${expression} is not base64gzip of ${path}: %d characters, want %d`)}, length(nonsensitive(${expression})), length(${want}))`,
    '  }',
  ].join('\n');
}

/** One `run` block of a batch: one stack, as the root module of its own run. */
export interface BatchRun {
  /** The run's name and the stack's folder in the batch: letters, digits, `-` and `_`. */
  readonly name: string;
  /** The stack's cdk.tf.json. */
  readonly stackFile: string;
  /** `plan` checks the stack (the real provider validates every resource); `apply` computes it. */
  readonly command: 'plan' | 'apply';
  /** `cross-stack-reference-input-<id>` data source name → its outputs. */
  readonly remoteState?: Readonly<Record<string, Record<string, Json>>>;
  /** Resource address → values of its computed attributes. */
  readonly resources?: Readonly<Record<string, Record<string, Json>>>;
  /**
   * Expression of the stack (`aws_ssm_parameter.cli-script.value`) → the file it must equal byte
   * for byte, or `{ file, compressed: true }`: the expression must equal `base64gzip(file(…))`, so
   * what it holds unpacks to the file byte for byte.
   */
  readonly expect?: Readonly<Record<string, string | CompressedFile>>;
  /** Further conditions the run must meet, each with its error message. */
  readonly conditions?: readonly { readonly condition: string; readonly message: string }[];
  /** Files to put beside the stack (override files): name → content. */
  readonly files?: Readonly<Record<string, string>>;
}

/**
 * A folder where one `terraform init -backend=false && terraform test` checks many stacks, one
 * `run` each: every run has its stack as the root module of its own (module { source }), state
 * of its own, and the same AWS provider (mocked, or the real one: `mockProviders: false`). The
 * runs go one after another in one terraform process, at most one provider process busy: about
 * 1 s of CPU a stack, where `init` and `validate` take 3.4 s. (Not many stacks as child modules of
 * one root module, where every stack's provider block would start a provider process of its own.)
 * Terraform warns that each stack's backend block is ignored in a test run.
 */
export function writeTerraformTestBatch(
  dir: string,
  runs: readonly BatchRun[],
  options: { readonly mockProviders?: boolean } = {},
): void {
  mkdirSync(join(dir, 'tests'), { recursive: true });
  mkdirSync(join(dir, 'expected'), { recursive: true });
  writeFileSync(
    join(dir, 'main.tf.json'),
    JSON.stringify({
      terraform: {
        required_providers: {
          aws: { source: 'hashicorp/aws', version: AWS_PROVIDER.version },
        },
      },
    }),
  );
  const out = [
    '# Generated by the terraform tier (test/support/tftest.ts): do not edit.',
    ...(options.mockProviders === false
      ? []
      : ['mock_provider "aws" {}', 'mock_provider "terraform" {}']),
    '',
  ];
  for (const run of runs) {
    if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(run.name)) throw new Error(`not a run name: ${run.name}`);
    mkdirSync(join(dir, 'stacks', run.name), { recursive: true });
    copyFileSync(run.stackFile, join(dir, 'stacks', run.name, 'cdk.tf.json'));
    for (const [name, text] of Object.entries(run.files ?? {}))
      writeFileSync(join(dir, 'stacks', run.name, name), text);
    out.push(`run "${run.name}" {`, `  command = ${run.command}`, '');
    out.push('  module {', `    source = "./stacks/${run.name}"`, '  }', '');
    for (const [name, outputs] of Object.entries(run.remoteState ?? {})) {
      out.push(
        '  override_data {',
        `    target = data.terraform_remote_state.${name}`,
        '    values = {',
        `      outputs = ${hclValue(outputs, '      ')}`,
        '    }',
        '  }',
      );
    }
    for (const [address, values] of Object.entries(run.resources ?? {})) {
      out.push(
        '  override_resource {',
        `    target = ${address}`,
        `    values = ${hclValue(values, '    ')}`,
        '  }',
      );
    }
    const asserts = Object.entries(run.expect ?? {}).map(([expression, expected], i) => {
      const file = typeof expected === 'string' ? expected : expected.file;
      const name = `${run.name}-${i}-${file.split('/').pop()}`;
      copyFileSync(file, join(dir, 'expected', name));
      return typeof expected === 'string'
        ? textAssert(expression, `expected/${name}`)
        : compressedAssert(expression, `expected/${name}`);
    });
    for (const { condition, message } of run.conditions ?? []) {
      asserts.push(
        [
          '  assert {',
          `    condition     = ${condition}`,
          `    error_message = ${hclString(message)}`,
          '  }',
        ].join('\n'),
      );
    }
    if (asserts.length > 0) out.push(asserts.join('\n\n'));
    out.push('}', '');
  }
  writeFileSync(join(dir, 'tests', 'tier.tftest.hcl'), out.join('\n'));
}

export interface BatchResult {
  /** Run name → passed. */
  readonly runs: Readonly<Record<string, boolean>>;
  /** Warning summaries, other than the ignored backend blocks every run has. */
  readonly warnings: readonly string[];
  /** With `terraform test -verbose`, each run's planned resource changes: address → action. */
  readonly changes: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** What `terraform test -no-color` printed: each run's verdict, and the warnings. */
export function batchResult(output: string, options: { mockAws?: boolean } = {}): BatchResult {
  const runs: Record<string, boolean> = {};
  for (const m of output.matchAll(/^\s*run "([^"]+)"\.\.\. (pass|fail|skip)/gm))
    runs[m[1]!] = m[2] === 'pass';
  // The stacks' backend blocks: ignored in a test run, as they should be.
  const warnings = terraformWarnings(output, options.mockAws).filter(
    (w) => w !== 'Backend configuration ignored',
  );
  // `-verbose` prints each run's plan after its verdict: `  # <address> will be created`.
  const changes: Record<string, Record<string, string>> = {};
  const sections = output.split(/^\s*run "([^"]+)"\.\.\. \w+$/m);
  for (let i = 1; i < sections.length; i += 2) {
    const actions: Record<string, string> = {};
    for (const m of sections[i + 1]!.matchAll(/^ {2}# (\S+) (.+)$/gm)) actions[m[1]!] = m[2]!;
    changes[sections[i]!] = actions;
  }
  return { runs, warnings, changes };
}

/**
 * `npm run host-config -- --env <name> --outputs-dir <dir> [--out <dir>] [--json | --preflight |
 * --glue-agent-preflight]`: renders the migrator host's configuration offline, from the
 * `terraform output -json` files of the environment's stacks (`<dir>/<stack-id>.json`), for a
 * host on premises or anywhere else that does not read SSM Parameter Store. Without `--out` it
 * prints the LDM CLI script (or, with `--json`, the JSON document; with `--preflight`, the
 * migrator host's preflight; with `--glue-agent-preflight`, the remote Glue agent host's); with
 * `--out` it writes every file into that folder. The config comes from LDM_CONFIG (default
 * config/example.yaml), like synth.
 */
import { configPathFrom, loadConfig, selectEnvironments } from '../app/config';
import { Fail, UserError } from '../core/errors';
import { writeHostConfig } from '../../stacks/migrator/files';
import { readHostConfigInput } from '../../stacks/migrator/outputs-files';
import { type HostConfig, renderHostConfig } from '../../stacks/migrator/render';
import { parseFlags, runCli } from '../app/run-cli';

/** What the command prints without `--out`. */
type Print = 'script' | 'json' | 'preflight' | 'glue-agent-preflight';

interface Flags {
  readonly env: string;
  readonly outputsDir: string;
  readonly out?: string;
  readonly print: Print;
}

/** The flags that choose what to print, one at most. */
const PRINT_FLAGS = ['json', 'preflight', 'glue-agent-preflight'] as const;

function flagsOf(argv: readonly string[]): Flags {
  const { values } = parseFlags(
    argv,
    {
      env: { type: 'string' },
      'outputs-dir': { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      preflight: { type: 'boolean', default: false },
      'glue-agent-preflight': { type: 'boolean', default: false },
    },
    { usage: Fail.usage },
  );
  const missing = (['env', 'outputs-dir'] as const).filter((flag) => !values[flag]);
  if (missing.length > 0) {
    throw new UserError(
      missing.map((flag) => Fail.usage(`--${flag} is required`)),
      'Invalid arguments',
    );
  }
  for (const flag of ['env', 'outputs-dir', 'out'] as const) {
    if (values[flag] === '') {
      throw new UserError([Fail.usage(`--${flag} needs a value`)], 'Invalid arguments');
    }
  }
  const chosen = PRINT_FLAGS.filter((flag) => values[flag]);
  if (chosen.length > 1) {
    throw new UserError(
      [Fail.usage(`${chosen.map((f) => `--${f}`).join(' and ')}: choose one to print`)],
      'Invalid arguments',
    );
  }
  if (values.out !== undefined && chosen.length > 0) {
    throw new UserError(
      [Fail.usage(`--${chosen[0]} prints one file; with --out every file is written`)],
      'Invalid arguments',
    );
  }
  return {
    env: values.env!,
    outputsDir: values['outputs-dir']!,
    out: values.out,
    print: chosen[0] ?? 'script',
  };
}

export function main(argv: readonly string[], env: NodeJS.ProcessEnv): void {
  const flags = flagsOf(argv);
  const configPath = configPathFrom(env);
  const config = loadConfig(configPath);
  const environment = selectEnvironments(config, [flags.env], configPath).environments[0]!;
  const rendered = renderHostConfig(readHostConfigInput(config, environment, flags.outputsDir));
  if (flags.out === undefined) {
    process.stdout.write(printed(rendered, flags.print, environment.name));
    return;
  }
  const written = writeHostConfig(flags.out, rendered, (file) =>
    process.stderr.write(`removed ${file} (an earlier render's, which no longer applies)\n`),
  );
  for (const file of written) process.stderr.write(`wrote ${file}\n`);
}

/** The one file the command prints. */
function printed(rendered: HostConfig, print: Print, envName: string): string {
  switch (print) {
    case 'script':
      return rendered.script;
    case 'json':
      return rendered.json;
    case 'preflight':
      return rendered.preflight;
    case 'glue-agent-preflight':
      if (rendered.glueAgentPreflight === undefined) {
        throw new UserError([Fail.noRemoteGlueAgent(envName)], 'Invalid arguments');
      }
      return rendered.glueAgentPreflight;
  }
}

if (require.main === module) void runCli(() => main(process.argv.slice(2), process.env));

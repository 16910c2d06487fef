/**
 * `npm run host-config -- --env <name> --outputs-dir <dir> [--out <dir>] [--json]`: renders the
 * migrator host's configuration offline, from the `terraform output -json` files of the
 * environment's stacks (`<dir>/<stack-id>.json`), for a host on premises or anywhere else that
 * does not read SSM Parameter Store. Without `--out` it prints the LDM CLI script (or, with
 * `--json`, the JSON document); with `--out` it writes every file into that folder. The config
 * comes from LDM_CONFIG (default config/example.yaml), like synth.
 */
import { parseArgs } from 'node:util';
import { configPathFrom, loadConfig } from '../app/config';
import { Fail, UserError } from '../core/errors';
import { writeHostConfig } from '../../stacks/migrator/files';
import { readHostConfigInput } from '../../stacks/migrator/outputs-files';
import { renderHostConfig } from '../../stacks/migrator/render';
import { runCli } from '../app/run-cli';

interface Flags {
  readonly env: string;
  readonly outputsDir: string;
  readonly out?: string;
  readonly json: boolean;
}

function parseFlags(argv: string[]): Flags {
  let values: { env?: string; 'outputs-dir'?: string; out?: string; json?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        env: { type: 'string' },
        'outputs-dir': { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UserError([Fail.usage((err as Error).message)], 'Invalid command line');
  }
  const missing = (['env', 'outputs-dir'] as const).filter((flag) => !values[flag]);
  if (missing.length > 0) {
    throw new UserError(
      missing.map((flag) => Fail.usage(`--${flag} is required`)),
      'Invalid command line',
    );
  }
  for (const flag of ['env', 'outputs-dir', 'out'] as const) {
    if (values[flag] === '') {
      throw new UserError([Fail.usage(`--${flag} needs a value`)], 'Invalid command line');
    }
  }
  if (values.out !== undefined && values.json) {
    throw new UserError(
      [Fail.usage('--json prints the JSON document; with --out every file is written')],
      'Invalid command line',
    );
  }
  return {
    env: values.env!,
    outputsDir: values['outputs-dir']!,
    out: values.out,
    json: values.json ?? false,
  };
}

export function main(argv: readonly string[], env: NodeJS.ProcessEnv): void {
  const flags = parseFlags([...argv]);
  const configPath = configPathFrom(env);
  const config = loadConfig(configPath);
  const environment = config.environments.find((e) => e.name === flags.env);
  if (!environment) {
    throw new UserError(
      [
        Fail.unknownEnvironment(
          flags.env,
          configPath,
          config.environments.map((e) => e.name),
        ),
      ],
      'Unknown environment',
    );
  }
  const rendered = renderHostConfig(readHostConfigInput(config, environment, flags.outputsDir));
  if (flags.out === undefined) {
    process.stdout.write(flags.json ? rendered.json : rendered.script);
    return;
  }
  const written = writeHostConfig(flags.out, rendered, (file) =>
    process.stderr.write(`removed ${file} (an earlier render's, which no longer applies)\n`),
  );
  for (const file of written) process.stderr.write(`wrote ${file}\n`);
}

if (require.main === module) void runCli(() => main(process.argv.slice(2), process.env));

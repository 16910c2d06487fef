/**
 * The layers' outputs, read back from `terraform output -json` files: what the migrator stack's
 * renderer gets as objects at synth time, `npm run host-config` reads from the files the user
 * wrote after applying each stack. The fields and their types come from the layers' output schemas
 * (RENDERER_READS); cdktf marks cross-stack outputs sensitive, and `terraform output -json` prints
 * their values all the same, so are they read here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { Config, Environment } from '../../lib/app/schema';
import { hostsToLaunch } from '../../lib/core/context';
import { Fail, UserError } from '../../lib/core/errors';
import { stackId } from '../../lib/core/naming';
import { readOutputs } from '../../lib/core/outputs';
import { type HostConfigInput, networkReads, RENDERER_READS } from './render';

/** The outputs of one `terraform output -json` file, by output name. */
export type OutputValues = ReadonlyMap<string, unknown>;

/** Parses the text of `terraform output -json`; problems name the file. */
export function parseOutputsJson(text: string, file: string): OutputValues {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UserError(
      [Fail.outputsFileNotJson(file, (err as Error).message.replace(/\s+/g, ' '))],
      'Cannot read the stack outputs',
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UserError([Fail.outputsFileNotOutputs(file)], 'Cannot read the stack outputs');
  }
  const values = new Map<string, unknown>();
  for (const [name, output] of Object.entries(parsed)) {
    if (output === null || typeof output !== 'object' || !('value' in output)) {
      throw new UserError([Fail.outputsFileNotOutputs(file)], 'Cannot read the stack outputs');
    }
    values.set(name, (output as { value: unknown }).value);
  }
  return values;
}

/** What the renderer needs from each stack's outputs, for this environment's settings. */
export function requiredOutputs(environment: Environment) {
  const { migrator } = environment;
  return {
    network: networkReads(environment),
    security:
      migrator.credentials === 'roles-anywhere'
        ? RENDERER_READS.security.required({ rolesAnywhere: true })
        : RENDERER_READS.security.omit({ rolesAnywhere: true }),
    storage: RENDERER_READS.storage,
    catalog: RENDERER_READS.catalog,
    migrator:
      migrator.remoteGlueAgent && hostsToLaunch(migrator).glueAgent
        ? RENDERER_READS.migrator
        : undefined,
  };
}

/**
 * Reads `<dir>/<stack-id>.json` of every stack the environment's host configuration draws on and
 * builds the renderer's input. Every missing file and output is reported together.
 */
export function readHostConfigInput(
  config: Config,
  environment: Environment,
  outputsDir: string,
): HostConfigInput {
  const problems: string[] = [];
  const read = <S extends z.ZodType>(layer: string, schema: S | undefined) => {
    if (!schema) return undefined;
    const id = stackId(environment.name, layer);
    const file = join(outputsDir, `${id}.json`);
    try {
      const result = readOutputs(schema, parseOutputsJson(readOutputsFile(file, id), file), file);
      problems.push(...result.problems);
      return result.value;
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  };
  const required = requiredOutputs(environment);
  const network = read('network', required.network);
  const security = read('security', required.security);
  const storage = read('storage', required.storage);
  const catalog = read('catalog', required.catalog);
  const migrator = read('migrator', required.migrator);
  if (problems.length > 0 || !security || !storage || !catalog) {
    throw new UserError(problems, 'Cannot read the stack outputs');
  }
  return {
    project: config.project,
    environment,
    network,
    security,
    storage,
    catalog,
    glueAgentHostIp: migrator?.glueAgentHost.privateIp,
  };
}

function readOutputsFile(file: string, stack: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(
      [
        code === 'ENOENT'
          ? Fail.outputsFileMissing(file, stack)
          : Fail.outputsFileUnreadable(file, code ?? String(err)),
      ],
      'Cannot read the stack outputs',
    );
  }
}

/**
 * The layers' typed outputs, read back from `terraform output -json` files: the inverse of
 * `flattenOutputs` (lib/outputs.ts). Every layer publishes `endpoints.s3.dnsName` as the output
 * `endpoints_s3_dns_name`; a shape says which fields to read and whether each is a string or a
 * list, and the reader rebuilds the nested object. cdktf marks cross-stack outputs sensitive;
 * `terraform output -json` prints their values all the same, and so are they read here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config, Environment } from '../../lib/app/schema';
import { hostsToLaunch } from './hosts';
import { Fail, UserError } from '../../lib/core/errors';
import { type Layer, stackId } from '../../lib/core/naming';
import { outputName } from '../../lib/core/outputs';
import type { HostConfigInput } from './render';

/** A leaf of an outputs object: a string output or a list of strings. */
export type OutputKind = 'string' | 'list';
/** Which fields of an outputs object to read (nested like the object). */
export interface OutputShape {
  readonly [field: string]: OutputKind | OutputShape;
}

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

/**
 * Rebuilds the object `shape` describes from output values named like `flattenOutputs` names
 * them. Returns the object and one problem per missing or malformed output.
 */
export function unflattenOutputs(
  values: OutputValues,
  shape: OutputShape,
  file: string,
  path: readonly string[] = [],
): { value: Record<string, unknown>; problems: string[] } {
  const value: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [field, kind] of Object.entries(shape)) {
    if (typeof kind === 'object') {
      const nested = unflattenOutputs(values, kind, file, [...path, field]);
      value[field] = nested.value;
      problems.push(...nested.problems);
      continue;
    }
    const name = outputName([...path, field]);
    const raw = values.get(name);
    if (raw === undefined) {
      problems.push(Fail.outputMissing(file, name));
    } else if (kind === 'string' ? typeof raw !== 'string' : !isStringList(raw)) {
      problems.push(
        Fail.outputMalformed(file, name, kind === 'string' ? 'a string' : 'a list of strings'),
      );
    } else {
      value[field] = raw;
    }
  }
  return { value, problems };
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** What the renderer needs from each stack, for this environment's settings. */
export function requiredOutputs(environment: Environment): Partial<Record<Layer, OutputShape>> {
  const { migrator } = environment;
  return {
    ...(migrator.placement === 'on-premises'
      ? { network: { endpoints: { s3: { dnsName: 'string' } } } }
      : {}),
    security: {
      kmsKeyArn: 'string',
      migratorRoleArn: 'string',
      ...(migrator.credentials === 'roles-anywhere'
        ? { rolesAnywhere: { trustAnchorArn: 'string', profileArn: 'string' } }
        : {}),
    },
    storage: { bucketName: 'string' },
    catalog: {
      catalogId: 'string',
      databaseNames: 'list',
      databaseLocationUris: 'list',
      warehousePrefix: 'string',
      glueEndpointDnsName: 'string',
    },
    ...(migrator.remoteGlueAgent && hostsToLaunch(migrator).glueAgent
      ? { migrator: { glueAgentHost: { privateIp: 'string' } } }
      : {}),
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
  const outputs: Partial<Record<Layer, Record<string, unknown>>> = {};
  for (const [layer, shape] of Object.entries(requiredOutputs(environment)) as [
    Layer,
    OutputShape,
  ][]) {
    const id = stackId(environment.name, layer);
    const file = join(outputsDir, `${id}.json`);
    let values: OutputValues;
    try {
      values = parseOutputsJson(readOutputsFile(file, id), file);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      problems.push(...err.problems);
      continue;
    }
    const read = unflattenOutputs(values, shape, file);
    problems.push(...read.problems);
    outputs[layer] = read.value;
  }
  if (problems.length > 0) throw new UserError(problems, 'Cannot read the stack outputs');

  const migrator = outputs.migrator as { glueAgentHost?: { privateIp: string } } | undefined;
  return {
    project: config.project,
    environment,
    network: outputs.network as HostConfigInput['network'],
    security: outputs.security as unknown as HostConfigInput['security'],
    storage: outputs.storage as unknown as HostConfigInput['storage'],
    catalog: outputs.catalog as unknown as HostConfigInput['catalog'],
    glueAgentHostIp: migrator?.glueAgentHost?.privateIp,
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

/**
 * The layers' outputs, read back from `terraform output -json` files: what the migrator stack's
 * renderer gets as objects at synth time, `npm run host-config` reads from the files the user
 * wrote after applying each stack. The fields and their types come from the layers' output schemas
 * (RENDERER_READS); cdktf marks cross-stack outputs sensitive, and `terraform output -json` prints
 * their values all the same, so are they read here.
 */
import { join } from 'node:path';
import type { z } from 'zod';
import type { Config, Environment } from '../../lib/app/schema';
import { hostsToLaunch } from '../../lib/core/context';
import { Fail, UserError } from '../../lib/core/errors';
import { readTextFile, UnreadableFile } from '../../lib/core/files';
import { resourceNames, stackId } from '../../lib/core/naming';
import { readOutputs } from '../../lib/core/outputs';
import { databaseLocation, parseS3Uri } from '../catalog/locations';
import { isGlueDatabaseName } from '../catalog/names';
import { type HostConfigInput, networkReads, RENDERER_READS } from './render';

/** `terraform output -json` of a stack is a few KB; far more is not one. */
const MAX_OUTPUTS_FILE_BYTES = 16 * 1024 * 1024;

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
  const file = (layer: string) => join(outputsDir, `${stackId(environment.name, layer)}.json`);
  const bucketName = targetBucketOf(config, environment);
  if (storage) problems.push(...storageOutputProblems(bucketName, storage, file('storage')));
  if (catalog)
    problems.push(...catalogOutputProblems(environment, bucketName, catalog, file('catalog')));
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
    return readTextFile(file, MAX_OUTPUTS_FILE_BYTES);
  } catch (err) {
    if (!(err instanceof UnreadableFile)) throw err;
    throw new UserError(
      [
        err.code === 'ENOENT'
          ? Fail.outputsFileMissing(file, stack)
          : Fail.outputsFileUnreadable(file, err.reason),
      ],
      'Cannot read the stack outputs',
    );
  }
}

/** The target bucket the config names, or generates. */
function targetBucketOf(config: Config, environment: Environment): string {
  return resourceNames({
    project: config.project,
    envName: environment.name,
    accountId: environment.accountId,
    region: environment.region,
    bucketName: environment.storage.bucketName,
  }).targetBucket;
}

/**
 * The storage outputs against the config: the target bucket is the one the config names (or
 * generates). Outputs of another config, or a hand-edited file, would send LDM elsewhere.
 */
export function storageOutputProblems(
  expected: string,
  storage: { readonly bucketName: string },
  file: string,
): string[] {
  return storage.bucketName === expected
    ? []
    : [Fail.outputNotConfigured(file, 'bucket_name', storage.bucketName, expected)];
}

/**
 * The catalog outputs against Glue's rules and the config: the databases the config lists, each
 * name a Glue name (no `../` reaches a path mapping), each paired with its one location where the
 * config puts it, the warehouse prefix and the catalog the config names. Lists of different
 * lengths would pair names with the wrong locations, or none.
 */
export function catalogOutputProblems(
  environment: Environment,
  bucketName: string,
  catalog: z.infer<typeof RENDERER_READS.catalog>,
  file: string,
): string[] {
  const { databaseNames: names, databaseLocationUris: locations } = catalog;
  const problems: string[] = [];
  const configured = environment.catalog;
  const expectedCatalogId = configured.catalogId ?? environment.accountId;
  if (catalog.catalogId !== expectedCatalogId) {
    problems.push(
      Fail.outputNotConfigured(file, 'catalog_id', catalog.catalogId, expectedCatalogId),
    );
  }
  if (catalog.warehousePrefix !== configured.warehousePrefix) {
    problems.push(
      Fail.outputNotConfigured(
        file,
        'warehouse_prefix',
        catalog.warehousePrefix,
        configured.warehousePrefix,
      ),
    );
  }
  if (names.length !== locations.length) {
    problems.push(Fail.outputDatabaseLists(file, names.length, locations.length));
  }
  const invalid = names.filter((name) => !isGlueDatabaseName(name));
  problems.push(...invalid.map((name) => Fail.outputDatabaseName(file, name)));
  const expectedNames = configured.databases.map((db) => db.name);
  if ([...names].sort().join('\n') !== [...expectedNames].sort().join('\n')) {
    problems.push(Fail.outputNotConfigured(file, 'database_names', names, expectedNames));
  }
  if (problems.length > 0) return problems;
  names.forEach((name, i) => {
    const uri = locations[i]!;
    if (!parseS3Uri(uri)) {
      problems.push(Fail.outputLocation(file, name, uri));
      return;
    }
    const db = configured.databases.find((d) => d.name === name)!;
    const expected = databaseLocation(db, bucketName, configured.warehousePrefix);
    if (uri !== expected) {
      problems.push(
        Fail.outputNotConfigured(file, `the location of database ${name}`, uri, expected),
      );
    }
  });
  return problems;
}

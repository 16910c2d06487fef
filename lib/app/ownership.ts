/**
 * One account, one owner: rules across the environments of one file, for what would otherwise only
 * fail at apply, or worse, be fought over by two stacks that each think they own it.
 *
 * - Account-and-region singletons: the Glue Data Catalog's encryption settings and its resource
 *   policy exist once per account and region. Two environments there may not both manage one.
 *   (Lake Formation registration is not one: it registers an S3 location, the environment's own
 *   target bucket, and bucket names are unique across the file by the next rule.)
 * - Bucket names are global: no two buckets of the file (target and access-log buckets, given or
 *   generated, the state bucket and its log bucket) may share a name.
 * - A Glue catalog (an account's, in a region) has one namespace of databases: no two environments
 *   writing into the same catalog may list the same database.
 *
 * Like every cross-field rule, these run on a config that may be partly invalid, so each reads only
 * values of the right type.
 */
import { Expect } from '../core/errors';
import { resourceNames, stateBootstrapNames } from '../core/naming';

type Add = (path: PropertyKey[], input: unknown, message: string) => void;

/** What these rules read of the config, as parsed so far. */
interface PartialConfig {
  readonly project?: unknown;
  readonly state?: unknown;
  readonly environments?: unknown;
}

type Env = Record<string, unknown> & {
  readonly storage?: Record<string, unknown>;
  readonly catalog?: Record<string, unknown>;
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** An account-and-region-wide setting an environment may manage. */
interface Singleton {
  /** What it is, for the message. */
  readonly what: string;
  /** The config field whose path the problem is reported at, and which resolves it. */
  readonly field: readonly string[];
  readonly resolve: string;
  /** Whether the environment's stacks manage it. */
  readonly managedBy: (catalog: Record<string, unknown>) => boolean;
}

export const ACCOUNT_REGION_SINGLETONS: readonly Singleton[] = [
  {
    what: 'the Glue Data Catalog encryption settings',
    field: ['catalog', 'manageEncryptionSettings'],
    resolve: 'set catalog.manageEncryptionSettings: false on all but one of them',
    // The schema's default: managed unless the catalog is another account's.
    managedBy: (c) =>
      typeof c.manageEncryptionSettings === 'boolean'
        ? c.manageEncryptionSettings
        : c.catalogId === undefined,
  },
  {
    what: 'the Glue Data Catalog resource policy (crossAccountReaders)',
    field: ['catalog', 'crossAccountReaders'],
    resolve: 'list the readers in catalog.crossAccountReaders of one of them only',
    managedBy: (c) => Array.isArray(c.crossAccountReaders) && c.crossAccountReaders.length > 0,
  },
];

export function checkOwnership(cfg: PartialConfig, add: Add): void {
  // An environment whose name repeats an earlier one's is reported for that alone.
  const names = new Set<unknown>();
  const envs = (Array.isArray(cfg.environments) ? cfg.environments : []).map((e) => {
    if (!isRecord(e) || names.has(e.name)) return undefined;
    names.add(e.name);
    return e as Env;
  });
  checkSingletons(envs, add);
  checkBucketNames(cfg, envs, add);
  checkDatabaseNames(envs, add);
}

const label = (env: Env | undefined, i: number) => str(env?.name) ?? `environments[${i}]`;

function checkSingletons(envs: readonly (Env | undefined)[], add: Add): void {
  for (const singleton of ACCOUNT_REGION_SINGLETONS) {
    const owners = new Map<string, number>();
    envs.forEach((env, i) => {
      const account = str(env?.accountId);
      const region = str(env?.region);
      if (!env || !account || !region || !isRecord(env.catalog)) return;
      if (!singleton.managedBy(env.catalog)) return;
      const scope = `${account} ${region}`;
      const first = owners.get(scope);
      if (first === undefined) {
        owners.set(scope, i);
        return;
      }
      add(
        ['environments', i, ...singleton.field],
        env.catalog[singleton.field[1]!],
        Expect.oneOwnerPerAccountRegion({
          what: singleton.what,
          first: label(envs[first], first),
          second: label(env, i),
          account,
          region,
          resolve: singleton.resolve,
        }),
      );
    });
  }
}

interface BucketUse {
  readonly name: string;
  /** Where the name comes from, for the path and the message. */
  readonly path: PropertyKey[];
  readonly what: string;
  /** The config field that sets it: the resolution. */
  readonly setting: string;
}

function checkBucketNames(cfg: PartialConfig, envs: readonly (Env | undefined)[], add: Add): void {
  const uses: BucketUse[] = [];
  const state = isRecord(cfg.state) ? cfg.state : undefined;
  const stateBucket = state?.backend === 's3' && isRecord(state.s3) ? str(state.s3.bucket) : '';
  if (stateBucket) {
    const setting = 'state.s3.bucket';
    uses.push({
      name: stateBucket,
      path: ['state', 's3', 'bucket'],
      what: 'the state bucket',
      setting,
    });
    uses.push({
      name: stateBootstrapNames(stateBucket).logBucket,
      path: ['state', 's3', 'bucket'],
      what: "the state bucket's access-log bucket",
      setting,
    });
  }
  const project = str(cfg.project);
  envs.forEach((env, i) => {
    const name = str(env?.name);
    const accountId = str(env?.accountId);
    const region = str(env?.region);
    if (!env || !project || !name || !accountId || !region) return;
    const storage = isRecord(env.storage) ? env.storage : {};
    const given = { target: str(storage.bucketName), log: str(storage.logBucketName) };
    const names = resourceNames({
      project,
      envName: name,
      accountId,
      region,
      bucketName: given.target,
      logBucketName: given.log,
    });
    const use = (bucket: string, field: 'bucketName' | 'logBucketName', what: string) =>
      uses.push({
        name: bucket,
        path: [
          'environments',
          i,
          ...(storage[field] !== undefined ? ['storage', field] : ['name']),
        ],
        what: `the ${what} of environment ${name}`,
        setting: `environments[${i}].storage.${field}`,
      });
    use(names.targetBucket, 'bucketName', 'target bucket');
    use(names.logBucket, 'logBucketName', 'access-log bucket');
  });
  const first = new Map<string, BucketUse>();
  for (const use of uses) {
    const earlier = first.get(use.name);
    if (!earlier) {
      first.set(use.name, use);
      continue;
    }
    // Two given names in one environment have a message of their own (checkStorage).
    const sameField = (u: BucketUse) => u.path.slice(0, 2).join() === use.path.slice(0, 2).join();
    if (sameField(earlier) && earlier.path.at(-2) === 'storage' && use.path.at(-2) === 'storage')
      continue;
    add(
      use.path,
      use.name,
      Expect.uniqueBucketName({ earlier: earlier.what, later: use.what, setting: use.setting }),
    );
  }
}

function checkDatabaseNames(envs: readonly (Env | undefined)[], add: Add): void {
  // catalog (account region) -> database name -> the first environment listing it
  const seen = new Map<string, Map<string, number>>();
  envs.forEach((env, i) => {
    const region = str(env?.region);
    const catalog = env && isRecord(env.catalog) ? env.catalog : undefined;
    const account = str(catalog?.catalogId) ?? str(env?.accountId);
    if (!env || !region || !account || !Array.isArray(catalog?.databases)) return;
    const scope = `${account} ${region}`;
    const names = seen.get(scope) ?? new Map<string, number>();
    seen.set(scope, names);
    const own = new Set<string>();
    (catalog.databases as unknown[]).forEach((db, j) => {
      const name = isRecord(db) ? str(db.name) : undefined;
      // Repeats within one environment have a message of their own (checkCatalog).
      if (!name || own.has(name)) return;
      own.add(name);
      const first = names.get(name);
      if (first === undefined) {
        names.set(name, i);
        return;
      }
      add(
        ['environments', i, 'catalog', 'databases', j, 'name'],
        name,
        Expect.uniqueDatabaseInCatalog({
          first: label(envs[first], first),
          second: label(env, i),
          account,
          region,
        }),
      );
    });
  });
}

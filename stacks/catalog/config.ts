/**
 * `environments[].catalog`: the Glue Data Catalog HiveMigrator writes into — its encryption, the
 * databases (and where their data lands), who else may read them.
 */
import { z } from 'zod';
import { Expect } from '../../lib/core/errors';
import { glueDatabaseNameExpectation, isGlueDatabaseName } from './names';
import { KEY_PREFIX, parseS3Uri } from './locations';
import { resourceNames } from '../../lib/core/naming';
import {
  accountId,
  accountOfArn,
  type AddProblem,
  type CheckContext,
  isPrintableText,
  type PartialEnvironment,
  roleArn,
} from '../../lib/core/fields';

/** Where databases without a `locationUri` of their own live in the target bucket. */
export const DEFAULT_WAREHOUSE_PREFIX = 'warehouse';

export const databaseSchema = z.strictObject({
  name: z
    .string({ error: Expect.glueDatabaseName })
    .refine(isGlueDatabaseName, { error: (iss) => glueDatabaseNameExpectation(iss.input) })
    .meta({
      title: '1-255 of `a-z0-9_`, unique',
      description: "The Glue database name: the Hive database's name, in lower case.",
    }),
  description: z
    .string({ error: Expect.databaseDescription })
    .max(2048, { error: Expect.databaseDescription })
    .refine((v) => isPrintableText(v, true), { error: Expect.databaseDescription })
    .optional()
    .meta({
      title: 'text, at most 2048 characters',
      description:
        "The database's description: free text, written as it is (Terraform template syntax such as `${…}` included); no control characters but tabs and line breaks, no bidirectional-formatting or zero-width characters.",
    }),
  locationUri: z
    .string({ error: Expect.s3LocationUri })
    .refine((v) => parseS3Uri(v) !== undefined, { error: Expect.s3LocationUri })
    .optional()
    .meta({
      title: '`s3://bucket/key`',
      description:
        "Where the database's tables live; must be in the target bucket unless `allowLocationOutsideTargetBucket` is set.",
      defaultText: '`s3://<target bucket>/<warehousePrefix>/<name>.db`',
    }),
  allowLocationOutsideTargetBucket: z.boolean().default(false).meta({
    description:
      "Accept a `locationUri` outside the target bucket: that data is then not covered by the target bucket's encryption, policy and lifecycle, nor by the migrator role's S3 permissions.",
  }),
});

/** A consumer of the catalog in another account: an account id or an IAM role ARN. */
const catalogReader = z
  .string({ error: Expect.catalogReader })
  .refine((v) => accountId.safeParse(v).success || roleArn.safeParse(v).success, {
    error: Expect.catalogReader,
  })
  .meta({ title: 'account id or IAM role ARN' });

export const catalogSchema = z
  .strictObject({
    databases: z
      .array(databaseSchema)
      .default([])
      .meta({ description: 'Glue databases to create, one per Hive database being migrated.' }),
    warehousePrefix: z
      .string({ error: Expect.keyPrefix })
      .regex(KEY_PREFIX, { error: Expect.keyPrefix })
      .default(DEFAULT_WAREHOUSE_PREFIX)
      .meta({
        title: 'key prefix, no leading or trailing `/`',
        description:
          'Key prefix of the default database locations: `s3://<target bucket>/<warehousePrefix>/<name>.db`.',
      }),
    catalogId: accountId.optional().meta({
      description:
        "Write into another account's Data Catalog (HiveMigrator's `--glue-catalog-id`); not the environment's own account. The stack then creates nothing and only publishes the id; that account grants access.",
      defaultText: "none: the environment's own catalog",
    }),
    manageEncryptionSettings: z.boolean().optional().meta({
      description:
        "Manage the Data Catalog encryption settings (SSE-KMS with the environment's key, connection passwords encrypted). They are account-and-region-wide: turn this off where another team owns them. `true` is refused with `catalogId`.",
      defaultText: '`true`, `false` with `catalogId`',
    }),
    crossAccountReaders: z.array(catalogReader).default([]).meta({
      title: 'list of account ids or IAM role ARNs',
      description:
        "Accounts or roles in other accounts that may read the databases above through the catalog's resource policy (one per account and region, which this stack then owns). Each listed once, none in the environment's own account; needs at least one database; refused with `catalogId`.",
    }),
    registerWithLakeFormation: z.boolean().default(false).meta({
      description:
        'Register the target bucket with Lake Formation, through a role of its own. Refused with `catalogId`.',
    }),
  })
  .transform((c) => ({
    ...c,
    manageEncryptionSettings: c.manageEncryptionSettings ?? c.catalogId === undefined,
  }));

export type CatalogConfig = z.infer<typeof catalogSchema>;
export type DatabaseConfig = z.infer<typeof databaseSchema>;

/** Rules that span catalog fields (and the environment's identity). */
export function checkCatalog(
  env: PartialEnvironment,
  add: AddProblem,
  context: CheckContext,
): void {
  const catalog = env.catalog;
  if (!catalog) return;
  const own = typeof env.accountId === 'string' ? env.accountId : undefined;
  const databases = Array.isArray(catalog.databases)
    ? (catalog.databases as (Record<string, unknown> | undefined)[])
    : [];

  // Database names are unique (Glue has one namespace per catalog).
  const seen = new Set<unknown>();
  databases.forEach((db, i) => {
    if (typeof db?.name !== 'string') return;
    if (seen.has(db.name))
      add(['catalog', 'databases', i, 'name'], db.name, Expect.uniqueDatabaseName);
    seen.add(db.name);
  });

  // Locations stay in the target bucket unless a database says otherwise.
  const targetBucket =
    typeof env.name === 'string' && own && typeof env.region === 'string' && context.project
      ? resourceNames({
          project: context.project,
          envName: env.name,
          accountId: own,
          region: env.region,
          bucketName:
            typeof env.storage?.bucketName === 'string' ? env.storage.bucketName : undefined,
        }).targetBucket
      : undefined;
  const inTargetBucket = (bucket: string): boolean | undefined =>
    targetBucket === undefined ? undefined : bucket === targetBucket;
  databases.forEach((db, i) => {
    const location = typeof db?.locationUri === 'string' ? parseS3Uri(db.locationUri) : undefined;
    if (!location || db?.allowLocationOutsideTargetBucket === true) return;
    if (inTargetBucket(location.bucket) === false) {
      add(
        ['catalog', 'databases', i, 'locationUri'],
        db?.locationUri,
        Expect.locationInTargetBucket,
      );
    }
  });

  // Another account's catalog: this stack creates nothing, so nothing may ask it to.
  if (typeof catalog.catalogId === 'string') {
    if (own && catalog.catalogId === own) {
      add(['catalog', 'catalogId'], catalog.catalogId, Expect.catalogIdOtherAccount(own));
    }
    if (catalog.manageEncryptionSettings === true) {
      add(['catalog', 'manageEncryptionSettings'], true, Expect.notWithCatalogId);
    }
    if (Array.isArray(catalog.crossAccountReaders) && catalog.crossAccountReaders.length > 0) {
      add(['catalog', 'crossAccountReaders'], catalog.crossAccountReaders, Expect.notWithCatalogId);
    }
    if (catalog.registerWithLakeFormation === true) {
      add(['catalog', 'registerWithLakeFormation'], true, Expect.notWithCatalogId);
    }
  }

  // Cross-account readers: other accounts only, each once, and something to read.
  const readers = Array.isArray(catalog.crossAccountReaders)
    ? (catalog.crossAccountReaders as unknown[])
    : [];
  const seenReaders = new Set<unknown>();
  readers.forEach((reader, i) => {
    if (typeof reader !== 'string') return;
    const account = /^\d{12}$/.test(reader) ? reader : accountOfArn(reader);
    if (own && account === own) {
      add(['catalog', 'crossAccountReaders', i], reader, Expect.catalogReaderOtherAccount(own));
    }
    if (seenReaders.has(reader)) {
      add(['catalog', 'crossAccountReaders', i], reader, Expect.uniqueCatalogReader);
    }
    seenReaders.add(reader);
  });
  if (readers.length > 0 && databases.length === 0) {
    add(['catalog', 'crossAccountReaders'], readers, Expect.catalogReadersNeedDatabases);
  }
}

/**
 * `environments[].migrator.source`: the rest of the migration, beside the target the landing zone
 * builds — the source HDFS filesystem, HiveMigrator's Hive agent on the source metastore, and the
 * migrations (one Hive rule per database, the metadata migration, a data migration per database).
 * Everything here ends up in LDM CLI commands, so each value is checked to be one word LDM's CLI
 * and a POSIX shell read the same (see quote.ts): ids and principals need no quoting at all, and
 * paths follow the host path rule.
 */
import { z } from 'zod';
import { Expect } from '../../lib/core/errors';
import type { AddProblem, CheckContext, PartialEnvironment } from '../../lib/core/fields';
import { resourceNames } from '../../lib/core/naming';
import { DEFAULT_WAREHOUSE_PREFIX } from '../catalog/config';
import { databaseLocation } from '../catalog/locations';
import { DEFAULT_HIVE_WAREHOUSE_PATH, HOST_PATH } from './hosts';
import { isMapped, pathMappings } from './mappings';

/** `hdfs://nameservice1`, `hdfs://namenode.example.com:8020`: what `--default-fs` takes. */
const HDFS_URI = /^hdfs:\/\/[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(:\d{1,5})?$/;

/**
 * A Kerberos principal, `primary[/instance][@REALM]` (`hdfs@EXAMPLE.COM`,
 * `hive/_HOST@EXAMPLE.COM`): letters, digits, `.`, `_` and `-` in each part, not starting with `-`
 * or `.`, so it is written bare.
 */
export const KERBEROS_PRINCIPAL =
  /^[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9._-]+)?(@[A-Za-z0-9._-]+)?$/;

/** An id LDM's CLI reads as one word, written bare: a migration's `--migration-id`. */
export const LDM_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** An absolute path that can also stand in a comma-separated list (`--properties-files`). */
const LIST_PATH = /^(\/[A-Za-z0-9._+@=:-]+(?: [A-Za-z0-9._+@=:-]+)*)+$/;

const hostPath = z
  .string({ error: Expect.hostPath })
  .regex(HOST_PATH, { error: Expect.hostPath })
  .meta({ title: 'absolute path' });

const kerberosSchema = z.strictObject({
  principal: z
    .string({ error: Expect.kerberosPrincipal })
    .regex(KERBEROS_PRINCIPAL, { error: Expect.kerberosPrincipal })
    .meta({
      title: '`primary[/instance][@REALM]`',
      description: 'The Kerberos principal (`--kerberos-principal`).',
    }),
  keytab: hostPath.meta({
    description: 'The keytab holding its key, on the LDM host (`--kerberos-keytab`).',
  }),
});

const migrationSchema = z.strictObject({
  id: z.string({ error: Expect.ldmId }).regex(LDM_ID, { error: Expect.ldmId }).meta({
    title: '1-128 of `A-Za-z0-9._-`, unique',
    description: "The migration's id in LDM (`--migration-id`).",
  }),
  path: hostPath.meta({
    description:
      "The source directory it migrates (`--path`): a path mapping's source path or under one, so the data lands where the Glue databases point.",
  }),
});

export const sourceSchema = z.strictObject({
  hdfs: z
    .strictObject({
      defaultFs: z
        .string({ error: Expect.hdfsUri })
        .regex(HDFS_URI, { error: Expect.hdfsUri })
        .optional()
        .meta({
          title: '`hdfs://<nameservice or host[:port]>`',
          description:
            "The source cluster's `fs.defaultFS`: the source is added with `filesystem add hdfs --source --default-fs …`. Omit it to let LDM discover the cluster's configuration (`filesystem auto-discover-source hdfs`).",
        }),
      hadoopConfigPath: z
        .string({ error: Expect.hadoopConfigPath })
        .regex(LIST_PATH, { error: Expect.hadoopConfigPath })
        .optional()
        .meta({
          title: 'absolute path, no commas',
          description:
            "The directory of the cluster's `core-site.xml` and `hdfs-site.xml`, passed as `--properties-files` (required for NameNode HA). Only with `defaultFs`.",
        }),
      kerberos: kerberosSchema.optional().meta({
        description:
          'With Kerberos on the cluster: a principal that maps to the HDFS superuser, and its keytab (readable by the LDM service user, `hdfs` by default).',
      }),
    })
    .prefault({})
    .meta({ description: 'The source filesystem: the cluster LDM reads data from.' }),
  hive: z
    .strictObject({
      configPath: hostPath.optional().meta({
        description:
          "The directory of the Hive configuration files (`--config-path`); LDM's default for the distribution when omitted.",
      }),
      kerberos: kerberosSchema.optional().meta({
        description:
          "With Kerberos on the cluster: Hive's principal (`hive/_HOST@REALM` works) and keytab, owned by the HiveMigrator service user (`hive` by default).",
      }),
    })
    .optional()
    .meta({
      description:
        "HiveMigrator's agent on the source metastore (`hive agent add hive`). With it and `catalog.databases`, the script adds one Hive rule per database and the metadata migration.",
    }),
  migrations: z.array(migrationSchema).optional().meta({
    description:
      "Data migrations (`migration add`). Each path must be a path mapping's source path or lie under one (the Hive warehouse, or a database's directory when databases have locations of their own).",
    defaultText:
      'one per database in the target bucket: `<project>-<env>-<database>` of `<hiveWarehousePath>/<database>.db`',
  }),
  start: z.boolean().default(false).meta({
    description:
      'Start the migrations the script creates: `migration run` for each data migration, `--auto-start` on the metadata migration. Off: they wait for `migration run` and `hive migration start`.',
  }),
});

export type SourceConfig = z.infer<typeof sourceSchema>;

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Rules that span the source and other fields: Hadoop config with auto-discovery, migration paths. */
export function checkSource(
  env: PartialEnvironment,
  add: AddProblem,
  context: CheckContext = {},
): void {
  const source = env.migrator?.source;
  if (!isObject(source)) return;
  const path = (...rest: PropertyKey[]) => ['migrator', 'source', ...rest];
  const hdfs = isObject(source.hdfs) ? source.hdfs : {};
  if (hdfs.hadoopConfigPath !== undefined && hdfs.defaultFs === undefined) {
    add(path('hdfs', 'hadoopConfigPath'), hdfs.hadoopConfigPath, Expect.hadoopConfigNeedsDefaultFs);
  }

  const migrations = Array.isArray(source.migrations) ? (source.migrations as unknown[]) : [];
  const ids = migrations.map((m) => (isObject(m) ? m.id : undefined));
  ids.forEach((id, i) => {
    if (typeof id === 'string' && ids.indexOf(id) !== i) {
      add(path('migrations', i, 'id'), id, Expect.listedOnce);
    }
  });
  const mappings = configuredMappings(env, context);
  if (!mappings) return;
  migrations.forEach((m, i) => {
    if (isObject(m) && typeof m.path === 'string' && HOST_PATH.test(m.path)) {
      if (!isMapped(m.path, mappings)) {
        add(
          path('migrations', i, 'path'),
          m.path,
          Expect.migrationOutsideMappings(mappings.map((p) => p.sourcePath)),
        );
      }
    }
  });
}

/** The path mappings the config leads to, when every field they depend on is valid. */
function configuredMappings(env: PartialEnvironment, context: CheckContext) {
  const { project } = context;
  const { name, accountId, region } = env;
  if (
    project === undefined ||
    typeof name !== 'string' ||
    typeof accountId !== 'string' ||
    typeof region !== 'string'
  ) {
    return undefined;
  }
  const bucketName = env.storage?.bucketName;
  const bucket =
    typeof bucketName === 'string'
      ? bucketName
      : resourceNames({ project, envName: name, accountId, region }).targetBucket;
  const prefix = env.catalog?.warehousePrefix ?? DEFAULT_WAREHOUSE_PREFIX;
  const hosts = env.migrator?.hosts;
  const warehousePath =
    (isObject(hosts) ? hosts.hiveWarehousePath : undefined) ?? DEFAULT_HIVE_WAREHOUSE_PATH;
  const databases = Array.isArray(env.catalog?.databases) ? env.catalog.databases : [];
  if (typeof prefix !== 'string' || typeof warehousePath !== 'string') return undefined;
  const named = databases.flatMap((db) =>
    isObject(db) && typeof db.name === 'string'
      ? [
          {
            name: db.name,
            locationUri: databaseLocation(
              {
                name: db.name,
                locationUri: typeof db.locationUri === 'string' ? db.locationUri : undefined,
              },
              bucket,
              prefix,
            ),
          },
        ]
      : [],
  );
  return pathMappings({ bucket, warehousePrefix: prefix, warehousePath, databases: named });
}

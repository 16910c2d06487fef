/**
 * The policy documents of the catalog layer, as plain objects: the Data Catalog's resource policy
 * for cross-account readers, and the role Lake Formation assumes for the target bucket.
 */
import { dnsSuffixOf } from '../../lib/core/regions';
import {
  type GlueCatalogRef,
  glueCatalogArn,
  glueDatabaseArn,
  glueTablesArn,
} from '../../lib/core/glue-arns';
import type { PolicyStatement, PolicyDocument } from '../../lib/core/iam';
export type { PolicyStatement, PolicyDocument };

/**
 * What a reader of the catalog may do: look databases, tables and partitions up. Nothing that
 * creates, changes or deletes; no user-defined functions, no search across the whole catalog.
 */
export const CATALOG_READ_ACTIONS = [
  'glue:GetDatabase',
  'glue:GetDatabases',
  'glue:GetTable',
  'glue:GetTables',
  'glue:GetTableVersion',
  'glue:GetTableVersions',
  'glue:GetPartition',
  'glue:GetPartitions',
  'glue:BatchGetPartition',
] as const;

/** A reader as the policy names it: an account id becomes the account's root principal. */
export function readerPrincipal(partition: string, reader: string): string {
  return /^\d{12}$/.test(reader) ? `arn:${partition}:iam::${reader}:root` : reader;
}

/**
 * The Data Catalog resource policy: the listed accounts and roles may read the listed databases and
 * their tables (and the catalog, which every such call is also authorised against).
 */
export function catalogReadPolicy(args: {
  readonly catalog: GlueCatalogRef;
  readonly databases: readonly string[];
  readonly readers: readonly string[];
}): PolicyDocument {
  const { catalog, databases, readers } = args;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'CrossAccountReadMigratedDatabases',
        Effect: 'Allow',
        Principal: { AWS: readers.map((r) => readerPrincipal(catalog.partition, r)) },
        Action: [...CATALOG_READ_ACTIONS],
        Resource: [
          glueCatalogArn(catalog),
          ...databases.map((db) => glueDatabaseArn(catalog, db)),
          ...databases.map((db) => glueTablesArn(catalog, db)),
        ],
      },
    ],
  };
}

/** Lake Formation, and only Lake Formation, may assume the role registered for the bucket. */
export function lakeFormationTrustPolicy(): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'LakeFormationAssumesRole',
        Effect: 'Allow',
        Principal: { Service: 'lakeformation.amazonaws.com' },
        Action: 'sts:AssumeRole',
      },
    ],
  };
}

/**
 * What Lake Formation needs on a registered location (its documented user-defined role): objects
 * read and written, the bucket listed, and the bucket's SSE-KMS key used, through S3 only.
 */
export function lakeFormationDataAccessPolicy(args: {
  readonly region: string;
  readonly bucketArn: string;
  readonly kmsKeyArn: string;
}): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReadWriteObjects',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        Resource: `${args.bucketArn}/*`,
      },
      {
        Sid: 'ListBucket',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: args.bucketArn,
      },
      {
        Sid: 'UseBucketKey',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        Resource: args.kmsKeyArn,
        Condition: {
          StringEquals: { 'kms:ViaService': `s3.${args.region}.${dnsSuffixOf(args.region)}` },
        },
      },
    ],
  };
}

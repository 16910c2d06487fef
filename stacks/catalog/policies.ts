/**
 * The policy documents of the catalog layer, as plain objects: the Data Catalog's resource policy
 * for cross-account readers, and the role Lake Formation assumes for the target bucket.
 */
import {
  type AwsScope,
  type GlueCatalogRef,
  glueCatalogArn,
  glueDatabaseArn,
  glueTablesArn,
  principalArn,
  regionalArn,
  SERVICE_PRINCIPALS,
} from '../../lib/core/arns';
import { type PolicyDocument, policyDocument, serviceTrustPolicy } from '../../lib/core/iam';
import { dnsSuffixOf } from '../../lib/core/regions';

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
  return policyDocument({
    Sid: 'CrossAccountReadMigratedDatabases',
    Effect: 'Allow',
    Principal: { AWS: readers.map((r) => principalArn(catalog.partition, r)) },
    Action: [...CATALOG_READ_ACTIONS],
    Resource: [
      glueCatalogArn(catalog),
      ...databases.map((db) => glueDatabaseArn(catalog, db)),
      ...databases.map((db) => glueTablesArn(catalog, db)),
    ],
  });
}

/**
 * Lake Formation, and only Lake Formation acting for this account in this region, may assume the
 * role registered for the bucket: the confused-deputy conditions Lake Formation documents
 * (`aws:SourceAccount`, and `aws:SourceArn` in the only form it supports,
 * `arn:<partition>:lakeformation:<region>:<account>:*`).
 */
export function lakeFormationTrustPolicy(scope: AwsScope): PolicyDocument {
  return serviceTrustPolicy(
    'LakeFormationAssumesRole',
    SERVICE_PRINCIPALS.lakeFormation,
    scope.accountId,
    regionalArn(scope, 'lakeformation', '*'),
  );
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
  return policyDocument(
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
  );
}

/**
 * Where policies point: an environment's partition, region and account, and every ARN, service
 * endpoint and principal computed from them at synth time. Names come from the naming function, so
 * no ARN here needs a lookup or a cross-stack reference.
 */
import { dnsSuffixOf, partitionOf } from './regions';

/** The account and region one environment deploys into. */
export interface AwsScope {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** `amazonaws.com`, or `amazonaws.com.cn` in China. */
  readonly dnsSuffix: string;
}

export function awsScope(region: string, accountId: string): AwsScope {
  return { partition: partitionOf(region), region, accountId, dnsSuffix: dnsSuffixOf(region) };
}

/** The account as a principal: in a key policy, "whoever this account's IAM policies allow". */
export function accountRootArn(s: Pick<AwsScope, 'partition' | 'accountId'>): string {
  return `arn:${s.partition}:iam::${s.accountId}:root`;
}

/** An IAM role of the account, from its name (roles the toolkit names need no lookup). */
export function iamRoleArn(s: Pick<AwsScope, 'partition' | 'accountId'>, name: string): string {
  return `arn:${s.partition}:iam::${s.accountId}:role/${name}`;
}

/** A principal given as a 12-digit account id (its root) or an IAM ARN (as it is). */
export function principalArn(partition: string, accountOrArn: string): string {
  return /^\d{12}$/.test(accountOrArn)
    ? accountRootArn({ partition, accountId: accountOrArn })
    : accountOrArn;
}

/** An S3 bucket (bucket ARNs name neither region nor account). */
export function s3BucketArn(partition: string, bucket: string): string {
  return `arn:${partition}:s3:::${bucket}`;
}

/** Every object of a bucket. */
export function s3ObjectsArn(partition: string, bucket: string): string {
  return `${s3BucketArn(partition, bucket)}/*`;
}

type Regional = Pick<AwsScope, 'partition' | 'region' | 'accountId'>;

/** A resource of a regional service in the scope's account: `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export function regionalArn(s: Regional, service: string, resource: string): string {
  return `arn:${s.partition}:${service}:${s.region}:${s.accountId}:${resource}`;
}

/** An SSM parameter, from its name (which starts with `/`). */
export function ssmParameterArn(s: Regional, name: string): string {
  return regionalArn(s, 'ssm', `parameter${name}`);
}

/** A CloudWatch log group, from its name (no `:*` suffix; `*` for every group). */
export function logGroupArn(s: Regional, name: string): string {
  return regionalArn(s, 'logs', `log-group:${name}`);
}

/** The regional endpoint name a service calls KMS through, for `kms:ViaService`. */
export function viaService(s: Pick<AwsScope, 'region' | 'dnsSuffix'>, service: string): string {
  return `${service}.${s.region}.${s.dnsSuffix}`;
}

/** Service principals of trust and resource policies (global names, valid in every partition). */
export const SERVICE_PRINCIPALS = {
  ec2: 'ec2.amazonaws.com',
  rolesAnywhere: 'rolesanywhere.amazonaws.com',
  lakeFormation: 'lakeformation.amazonaws.com',
  vpcFlowLogs: 'vpc-flow-logs.amazonaws.com',
  /** Sends S3 event notifications. */
  s3: 's3.amazonaws.com',
  /** Delivers S3 server access logs. */
  s3Logging: 'logging.s3.amazonaws.com',
} as const;

/**
 * Which Data Catalog: the account that owns it, in a region of a partition. Glue ARNs are computed,
 * never read back from AWS: the catalog id is an account id and database names come from the
 * config, so policies in any stack can name them at synth time.
 */
export interface GlueCatalogRef {
  readonly partition: string;
  readonly region: string;
  /** The owning account id (Glue's catalog id). */
  readonly catalogId: string;
}

function glueArn(c: GlueCatalogRef, resource: string): string {
  return regionalArn({ ...c, accountId: c.catalogId }, 'glue', resource);
}

/** Everything of a catalog (its databases, tables, functions): a perimeter, never a grant. */
export function glueCatalogResourcesArn(c: GlueCatalogRef): string {
  return glueArn(c, '*');
}

/** The catalog itself: every Glue call on a database or table is also authorised against it. */
export function glueCatalogArn(c: GlueCatalogRef): string {
  return glueArn(c, 'catalog');
}

export function glueDatabaseArn(c: GlueCatalogRef, database: string): string {
  return glueArn(c, `database/${database}`);
}

/** Every table of a database (partitions are authorised against their table). */
export function glueTablesArn(c: GlueCatalogRef, database: string): string {
  return glueArn(c, `table/${database}/*`);
}

/** The user-defined functions of a database. */
export function glueFunctionsArn(c: GlueCatalogRef, database: string): string {
  return glueArn(c, `userDefinedFunction/${database}/*`);
}

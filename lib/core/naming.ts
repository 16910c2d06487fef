/**
 * The one naming function. Every stack id and every name a resource carries in AWS comes from
 * here, so names are computed at synth time (no cross-stack reference needed for them) and a
 * rename is visible in one diff. Changing a name replaces the resource that carries it: see
 * CHANGELOG.md before touching anything below.
 */

/** A stack's id: `<env>-<layer>` (a contract; the layers are listed in stacks/index.ts). */
export function stackId(envName: string, layer: string): string {
  return `${envName}-${layer}`;
}

/** What a name depends on: the project prefix and the environment's identity. */
export interface NameInputs {
  readonly project: string;
  readonly envName: string;
  readonly accountId: string;
  readonly region: string;
  /** `storage.bucketName`: replaces the generated target bucket name. */
  readonly bucketName?: string;
  /** `storage.logBucketName`: replaces the generated access-log bucket name. */
  readonly logBucketName?: string;
}

/** AWS limits the generated names must respect, checked by config validation. */
export const NAME_LIMITS = {
  s3Bucket: 63,
  iamRole: 64,
  securityGroup: 255,
} as const;

export interface ResourceNames {
  /** `<project>-<env>`: the prefix of every other name. */
  readonly prefix: string;
  /** The S3 target bucket: globally unique through account and region. */
  readonly targetBucket: string;
  /** The S3 server access log bucket of the target bucket. */
  readonly logBucket: string;
  /** The KMS alias of the environment's data key. */
  readonly kmsAlias: string;
  /** The IAM role LDM and HiveMigrator's Glue agent use. */
  readonly migratorRole: string;
  /** The migrator role's instance profile (EC2 hosts: the migrator host, the remote Glue agent host). */
  readonly migratorInstanceProfile: string;
  /** Customer managed policies holding the migrator role's Glue permissions: `<name>-1`, `<name>-2`, … */
  readonly migratorGluePolicy: string;
  /** IAM Roles Anywhere trust anchor (the CA) and profile through which on-prem hosts get the migrator role. */
  readonly rolesAnywhereTrustAnchor: string;
  readonly rolesAnywhereProfile: string;
  /** The trust anchor's certificate revocation list (only with `rolesAnywhere.crlFile`). */
  readonly rolesAnywhereCrl: string;
  /** The IAM role VPC flow logs use to write to CloudWatch Logs. */
  readonly flowLogRole: string;
  /** The IAM role Lake Formation assumes for the target bucket (only with registerWithLakeFormation). */
  readonly lakeFormationRole: string;
  /** The CloudWatch log group of the VPC flow logs. */
  readonly flowLogGroup: string;
  /** The CloudWatch log group the EC2 hosts write their logs to (only with an instance profile). */
  readonly hostLogGroup: string;
  /** Security groups. */
  readonly endpointSecurityGroup: string;
  /** The Route 53 Resolver inbound endpoint and its security group (`resolverInboundEndpoint`). */
  readonly resolverEndpoint: string;
  readonly resolverSecurityGroup: string;
  readonly migratorSecurityGroup: string;
  readonly glueAgentSecurityGroup: string;
  /** SSM Parameter Store path under which the host configuration is published. */
  readonly ssmPrefix: string;
  /** SSM parameters of the host configuration: the JSON document and the LDM CLI script. */
  readonly hostConfigParameter: string;
  readonly cliScriptParameter: string;
  /** The LDM CLI script for every run after the first (`update`/`configure` instead of `add`). */
  readonly cliUpdateScriptParameter: string;
  /**
   * The host preflights, each compressed (gzip, base64) and split in `PREFLIGHT_PARTS` parameters:
   * the migrator host's, and the remote Glue agent host's.
   */
  readonly preflightParameters: readonly string[];
  readonly glueAgentPreflightParameters: readonly string[];
  /** Ids inside LDM: the S3 target filesystem and HiveMigrator's Glue agent. */
  readonly ldmFileSystemId: string;
  readonly ldmGlueAgent: string;
  /** Ids inside LDM (`migrator.source`): the source HDFS filesystem, the Hive agent on the source
   * metastore, the metadata migration. Per-database ids come from `ldmDatabaseId`. */
  readonly ldmSourceFileSystemId: string;
  readonly ldmHiveAgent: string;
  readonly ldmMetadataMigration: string;
  /** EC2 hosts (launch templates and Name tags): LDM's and the remote Glue agent's. */
  readonly migratorHost: string;
  readonly glueAgentHost: string;
}

export function resourceNames(n: NameInputs): ResourceNames {
  const prefix = `${n.project}-${n.envName}`;
  const globalPrefix = `${prefix}-${n.accountId}-${n.region}`;
  return {
    prefix,
    targetBucket: n.bucketName ?? `${globalPrefix}-data`,
    logBucket: n.logBucketName ?? `${globalPrefix}-logs`,
    kmsAlias: `alias/${prefix}-data`,
    migratorRole: `${prefix}-migrator`,
    migratorInstanceProfile: `${prefix}-migrator`,
    migratorGluePolicy: `${prefix}-migrator-glue`,
    rolesAnywhereTrustAnchor: `${prefix}-migrator-ca`,
    rolesAnywhereProfile: `${prefix}-migrator`,
    rolesAnywhereCrl: `${prefix}-migrator-ca-crl`,
    flowLogRole: `${prefix}-vpc-flow-logs`,
    lakeFormationRole: `${prefix}-lake-formation`,
    flowLogGroup: `/${n.project}/${n.envName}/vpc-flow-logs`,
    hostLogGroup: `/${n.project}/${n.envName}/migrator-hosts`,
    endpointSecurityGroup: `${prefix}-vpc-endpoints`,
    resolverEndpoint: `${prefix}-inbound`,
    resolverSecurityGroup: `${prefix}-dns-resolver`,
    migratorSecurityGroup: `${prefix}-migrator-host`,
    glueAgentSecurityGroup: `${prefix}-glue-agent`,
    ssmPrefix: `/${n.project}/${n.envName}/migrator`,
    hostConfigParameter: `/${n.project}/${n.envName}/migrator/host-config.json`,
    cliScriptParameter: `/${n.project}/${n.envName}/migrator/cli-script`,
    cliUpdateScriptParameter: `/${n.project}/${n.envName}/migrator/cli-update-script`,
    preflightParameters: parts(`/${n.project}/${n.envName}/migrator/preflight`),
    glueAgentPreflightParameters: parts(`/${n.project}/${n.envName}/migrator/glue-agent-preflight`),
    ldmFileSystemId: `${prefix}-s3`,
    ldmGlueAgent: `${prefix}-glue`,
    ldmSourceFileSystemId: `${prefix}-hdfs`,
    ldmHiveAgent: `${prefix}-hive`,
    ldmMetadataMigration: `${prefix}-metadata`,
    migratorHost: `${prefix}-migrator`,
    glueAgentHost: `${prefix}-glue-agent`,
  };
}

/**
 * How many SSM parameters a compressed preflight is split into: each part stays in the free
 * Standard tier (4 KB) for a preflight of up to about 16 KB compressed (the largest today is 11 KB).
 */
export const PREFLIGHT_PARTS = 4;

/** `<name>-1` … `<name>-4`: a value split in `PREFLIGHT_PARTS` SSM parameters. */
function parts(name: string): string[] {
  return Array.from({ length: PREFLIGHT_PARTS }, (_, i) => `${name}-${i + 1}`);
}

/** The id inside LDM of a database's Hive rule and data migration: `<project>-<env>-<database>`. */
export function ldmDatabaseId(names: Pick<ResourceNames, 'prefix'>, database: string): string {
  return `${names.prefix}-${database}`;
}

/** Tags every resource carries through the provider's default_tags. */
export const RESERVED_TAG_KEYS = ['Project', 'Environment', 'ManagedBy'] as const;

export function defaultTags(project: string, envName: string, extra: Record<string, string>) {
  return { ...extra, Project: project, Environment: envName, ManagedBy: 'ldm-aws-landing-zone' };
}

/** The stack `npm run bootstrap` plans and applies (local state): the S3 state bucket and its key. */
export const BOOTSTRAP_STACK_ID = 'state-bootstrap';

export interface StateBootstrapNames {
  /** The KMS alias of the state bucket's key (KMS aliases allow no dots: they become hyphens). */
  readonly kmsAlias: string;
  /** The bootstrap stack's own local state file, relative to its working directory. */
  readonly localStatePath: string;
  /** The server access log bucket of the state bucket: `<bucket>-logs`, within S3's 63 characters. */
  readonly logBucket: string;
}

export function stateBootstrapNames(bucket: string): StateBootstrapNames {
  return {
    kmsAlias: `alias/tfstate-${bucket.replace(/\./g, '-')}`,
    localStatePath: `../../../terraform-state/${BOOTSTRAP_STACK_ID}-${bucket}.tfstate`,
    logBucket: `${bucket.slice(0, NAME_LIMITS.s3Bucket - '-logs'.length).replace(/[.-]+$/, '')}-logs`,
  };
}

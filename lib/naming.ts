/**
 * The one naming function. Every stack id and every name a resource carries in AWS comes from
 * here, so names are computed at synth time (no cross-stack reference needed for them) and a
 * rename is visible in one diff. Changing a name replaces the resource that carries it: see
 * CHANGELOG.md before touching anything below.
 */

/** The layers, in dependency order. Stack ids are `<env>-<layer>` (a contract). */
export const LAYERS = ['network', 'security', 'storage', 'catalog', 'migrator'] as const;
export type Layer = (typeof LAYERS)[number];

export function stackId(envName: string, layer: Layer): string {
  return `${envName}-${layer}`;
}

/** Parses `<env>-<layer>` back; `undefined` for anything else. */
export function parseStackId(id: string): { envName: string; layer: Layer } | undefined {
  const layer = LAYERS.find((l) => id.endsWith(`-${l}`));
  if (!layer) return undefined;
  return { envName: id.slice(0, -(layer.length + 1)), layer };
}

/** What a name depends on: the project prefix and the environment's identity. */
export interface NameInputs {
  readonly project: string;
  readonly envName: string;
  readonly accountId: string;
  readonly region: string;
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
  /** The IAM role VPC flow logs use to write to CloudWatch Logs. */
  readonly flowLogRole: string;
  /** The CloudWatch log group of the VPC flow logs. */
  readonly flowLogGroup: string;
  /** Security groups. */
  readonly endpointSecurityGroup: string;
  readonly migratorSecurityGroup: string;
  readonly glueAgentSecurityGroup: string;
  /** SSM Parameter Store path under which the host configuration is published. */
  readonly ssmPrefix: string;
}

export function resourceNames(n: NameInputs): ResourceNames {
  const prefix = `${n.project}-${n.envName}`;
  const globalPrefix = `${prefix}-${n.accountId}-${n.region}`;
  return {
    prefix,
    targetBucket: `${globalPrefix}-data`,
    logBucket: `${globalPrefix}-logs`,
    kmsAlias: `alias/${prefix}-data`,
    migratorRole: `${prefix}-migrator`,
    flowLogRole: `${prefix}-vpc-flow-logs`,
    flowLogGroup: `/${n.project}/${n.envName}/vpc-flow-logs`,
    endpointSecurityGroup: `${prefix}-vpc-endpoints`,
    migratorSecurityGroup: `${prefix}-migrator-host`,
    glueAgentSecurityGroup: `${prefix}-glue-agent`,
    ssmPrefix: `/${n.project}/${n.envName}/migrator`,
  };
}

/** Tags every resource carries through the provider's default_tags. */
export const RESERVED_TAG_KEYS = ['Project', 'Environment', 'ManagedBy'] as const;

export function defaultTags(project: string, envName: string, extra: Record<string, string>) {
  return { ...extra, Project: project, Environment: envName, ManagedBy: 'ldm-aws-landing-zone' };
}

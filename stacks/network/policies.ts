/**
 * The network layer's policy documents: the VPC endpoints' (a perimeter around the environment's
 * account and buckets) and the flow log role's trust and permissions.
 */
import {
  type AwsScope,
  glueCatalogResourcesArn,
  logGroupArn,
  regionalArn,
  s3BucketArn,
  s3ObjectsArn,
  SERVICE_PRINCIPALS,
} from '../../lib/core/arns';
import {
  type PolicyDocument,
  policyDocument,
  type PolicyStatement,
  serviceTrustPolicy,
} from '../../lib/core/iam';
import type { InterfaceService } from './endpoints';

/** Who and where: the inputs of every policy this layer writes. */
export interface PolicyContext extends AwsScope {
  /** The environment's S3 target bucket and its access-log bucket (names from lib/core/naming.ts). */
  readonly targetBucket: string;
  readonly logBucket: string;
  /**
   * Another account whose Data Catalog HiveMigrator writes into (`catalog.catalogId`): the Glue
   * endpoint admits it too. @default none
   */
  readonly catalogId?: string;
}

/** What LDM does in its target bucket (S3A: list, read, write, delete, multipart uploads). */
export const S3_TARGET_BUCKET_ACTIONS = [
  's3:GetBucketLocation',
  's3:ListBucket',
  's3:ListBucketMultipartUploads',
  's3:GetObject',
  's3:PutObject',
  's3:DeleteObject',
  's3:ListMultipartUploadParts',
  's3:AbortMultipartUpload',
] as const;

/** Reading the access logs of the target bucket from inside (audits); nothing writes there through an endpoint. */
export const S3_LOG_BUCKET_ACTIONS = ['s3:GetBucketLocation', 's3:ListBucket', 's3:GetObject'];

/**
 * AWS-owned buckets a host in the VPC reads without credentials: SSM Agent and its documents,
 * patch baselines, and the Amazon Linux 2023 package repositories. They are reached through the
 * gateway endpoint only (no outbound internet by default), so its policy must let them through.
 */
export function awsOwnedHostBuckets(region: string): string[] {
  return [
    `amazon-ssm-${region}`,
    `amazon-ssm-packages-${region}`,
    `aws-ssm-${region}`,
    `${region}-birdwatcher-prod`,
    `aws-ssm-distributor-file-${region}`,
    `aws-ssm-document-attachments-${region}`,
    `patch-baseline-snapshot-${region}`,
    `al2023-repos-${region}-de612dc2`,
  ];
}

const inAccount = (accountId: string) => ({
  StringEquals: { 'aws:PrincipalAccount': accountId },
});

/**
 * The S3 endpoints' policy: principals of the environment's account, and only in the
 * environment's buckets (plus listing bucket names, which has no bucket to scope to). The gateway
 * endpoint of an environment with a host in AWS also lets anonymous reads of the AWS-owned
 * buckets in `awsOwnedHostBuckets` through.
 */
export function s3EndpointPolicy(
  ctx: PolicyContext,
  endpoint: 'interface' | 'gateway',
  hostInAws: boolean,
): PolicyDocument {
  const { partition } = ctx;
  const target = s3BucketArn(partition, ctx.targetBucket);
  const logs = s3BucketArn(partition, ctx.logBucket);
  const statements: PolicyStatement[] = [
    {
      Sid: 'TargetBucket',
      Effect: 'Allow',
      Principal: '*',
      Action: [...S3_TARGET_BUCKET_ACTIONS],
      Resource: [target, `${target}/*`],
      Condition: inAccount(ctx.accountId),
    },
    {
      Sid: 'AccessLogBucketRead',
      Effect: 'Allow',
      Principal: '*',
      Action: [...S3_LOG_BUCKET_ACTIONS],
      Resource: [logs, `${logs}/*`],
      Condition: inAccount(ctx.accountId),
    },
    {
      Sid: 'ListBucketNames',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:ListAllMyBuckets',
      Resource: '*',
      Condition: inAccount(ctx.accountId),
    },
  ];
  if (endpoint === 'gateway' && hostInAws) {
    statements.push({
      Sid: 'AwsOwnedHostBucketsRead',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: awsOwnedHostBuckets(ctx.region).map((b) => s3ObjectsArn(partition, b)),
    });
  }
  return policyDocument(...statements);
}

/**
 * The policy of an S3 gateway endpoint added to the route tables of an existing VPC
 * (`existingVpc.s3GatewayEndpoint`): AWS's full-access default, written out. Every workload on
 * those route tables now reaches S3 through it, and must keep reaching every bucket it reached
 * before; the environment's own data keeps its perimeter in the target bucket's policy.
 */
export function sharedGatewayEndpointPolicy(): PolicyDocument {
  return policyDocument({
    Sid: 'EveryWorkloadOfTheVpc',
    Effect: 'Allow',
    Principal: '*',
    Action: '*',
    Resource: '*',
  });
}

/**
 * Policies of the other interface endpoints, as a resource perimeter: through the Glue, KMS and
 * CloudWatch Logs endpoints, principals of the account reach resources of the account in the
 * region and nothing else (and, through Glue, the catalog of `catalog.catalogId`). STS, SSM, SSM messages and EC2 messages keep the AWS default (full
 * access): their calls name no resource of the account (AssumeRole's callers and the SSM Agent's
 * instance messages), and role trust policies and IAM already decide who gets what.
 */
export function interfaceEndpointPolicy(
  service: InterfaceService,
  ctx: PolicyContext,
  hostInAws: boolean,
): PolicyDocument | undefined {
  const { partition } = ctx;
  const perimeter = (sid: string, action: string, resource: string | string[]): PolicyDocument =>
    policyDocument({
      Sid: sid,
      Effect: 'Allow',
      Principal: '*',
      Action: action,
      Resource: resource,
      Condition: inAccount(ctx.accountId),
    });
  switch (service) {
    case 's3':
      return s3EndpointPolicy(ctx, 'interface', hostInAws);
    case 'glue': {
      const catalog = (catalogId: string) =>
        glueCatalogResourcesArn({ partition, region: ctx.region, catalogId });
      return perimeter(
        'AccountGlueDataCatalog',
        'glue:*',
        ctx.catalogId && ctx.catalogId !== ctx.accountId
          ? [catalog(ctx.accountId), catalog(ctx.catalogId)]
          : catalog(ctx.accountId),
      );
    }
    case 'kms':
      return perimeter('AccountKeys', 'kms:*', regionalArn(ctx, 'kms', 'key/*'));
    case 'logs':
      return perimeter('AccountLogGroups', 'logs:*', logGroupArn(ctx, '*'));
    default:
      return undefined;
  }
}

/**
 * Trust of the flow log role: the VPC Flow Logs service, and only for flow logs of the
 * environment's account and region (the confused-deputy conditions AWS recommends).
 */
export function flowLogTrustPolicy(ctx: AwsScope) {
  return serviceTrustPolicy(
    'VpcFlowLogsOfThisAccount',
    SERVICE_PRINCIPALS.vpcFlowLogs,
    ctx.accountId,
    regionalArn(ctx, 'ec2', 'vpc-flow-log/*'),
  );
}

/** What the flow log role may do: write streams of its own log group, nothing else. */
export function flowLogWritePolicy(ctx: AwsScope, logGroupName: string) {
  const group = logGroupArn(ctx, logGroupName);
  return policyDocument({
    Sid: 'WriteFlowLogGroup',
    Effect: 'Allow',
    Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
    // The group itself, and its streams (`…:log-group:<name>:log-stream:<stream>`; `:*` also
    // matches the `…:log-group:<name>:*` form older APIs evaluate).
    Resource: [group, `${group}:*`],
  });
}

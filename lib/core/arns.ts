/**
 * Where the security layer's policies point: the environment's partition, region and account, and
 * the ARNs, service endpoints and principals computed from them at synth time (no lookups, no
 * cross-stack references).
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
export function accountRootArn(s: AwsScope): string {
  return `arn:${s.partition}:iam::${s.accountId}:root`;
}

export function bucketArn(s: AwsScope, bucket: string): string {
  return `arn:${s.partition}:s3:::${bucket}`;
}

/** Every object of a bucket. */
export function objectsArn(s: AwsScope, bucket: string): string {
  return `${bucketArn(s, bucket)}/*`;
}

/** The regional endpoint name a service calls KMS through, for `kms:ViaService`. */
export function viaService(s: AwsScope, service: 's3' | 'glue' | 'ssm'): string {
  return `${service}.${s.region}.${s.dnsSuffix}`;
}

/** Service principals of the role's trust policies (global names, valid in every partition). */
export const SERVICE_PRINCIPALS = {
  ec2: 'ec2.amazonaws.com',
  rolesAnywhere: 'rolesanywhere.amazonaws.com',
} as const;

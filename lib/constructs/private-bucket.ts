/**
 * A private S3 bucket, the way every bucket of the toolkit is made (the target bucket and its
 * access-log bucket, the Terraform state bucket and its log bucket): all four public-access blocks,
 * ACLs off (the bucket owner owns every object), default encryption, versioning, lifecycle rules
 * with explicit filters, `force_destroy` off and Terraform's `prevent_destroy` on, and the bucket
 * policy put after the public-access block so the two never race. No Object Lock: LDM overwrites
 * files and replays deletes, which a lock would refuse (and a lock cannot be turned off again).
 *
 * Resources are added to the stack itself, with construct ids `<id>`, `<id>-public-access-block`,
 * and so on: their Terraform addresses are a contract (a renamed id replaces a bucket full of data).
 */
import type { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import {
  S3BucketServerSideEncryptionConfigurationA,
  type S3BucketServerSideEncryptionConfigurationRuleA,
} from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { SERVICE_PRINCIPALS } from '../core/arns';
import { type PolicyDocument, policyDocument, type PolicyStatement } from '../core/iam';

export interface PrivateBucketProps {
  /** The bucket's name in S3. */
  readonly name: string;
  /** The default encryption rule (SSE-KMS with a key, or SSE-S3 where log delivery needs it). */
  readonly encryption: S3BucketServerSideEncryptionConfigurationRuleA;
  /**
   * `false` suspends versioning: `Disabled` is accepted only for a bucket that was never
   * versioned, `Suspended` turns it off on any bucket and keeps the versions already there.
   */
  readonly versioning: boolean;
  readonly lifecycle: LifecycleSettings;
  /**
   * The ownership controls' construct id suffix. @default `-ownership-controls`. The state
   * bucket's predates this construct (`-ownership`) and keeps it: a renamed id replaces the resource.
   */
  readonly ownershipSuffix?: string;
}

export interface PrivateBucket {
  readonly id: string;
  readonly bucket: S3Bucket;
  readonly publicAccessBlock: S3BucketPublicAccessBlock;
  readonly versioning: S3BucketVersioningA;
}

export function privateBucket(
  scope: Construct,
  id: string,
  props: PrivateBucketProps,
): PrivateBucket {
  const bucket = new S3Bucket(scope, id, {
    bucket: props.name,
    forceDestroy: false,
    objectLockEnabled: false,
    lifecycle: { preventDestroy: true },
  });
  const publicAccessBlock = new S3BucketPublicAccessBlock(scope, `${id}-public-access-block`, {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, `${id}${props.ownershipSuffix ?? '-ownership-controls'}`, {
    bucket: bucket.id,
    rule: { objectOwnership: 'BucketOwnerEnforced' },
  });
  new S3BucketServerSideEncryptionConfigurationA(scope, `${id}-encryption`, {
    bucket: bucket.id,
    rule: [props.encryption],
  });
  const versioning = new S3BucketVersioningA(scope, `${id}-versioning`, {
    bucket: bucket.id,
    versioningConfiguration: { status: props.versioning ? 'Enabled' : 'Suspended' },
  });
  new S3BucketLifecycleConfiguration(scope, `${id}-lifecycle`, {
    bucket: bucket.id,
    rule: lifecycleRules(props.lifecycle),
    // Rules on noncurrent versions act on the versioning state: set it first.
    dependsOn: [versioning],
  });
  return { id, bucket, publicAccessBlock, versioning };
}

/** The bucket's policy, put after its public-access block so the two never race. */
export function bucketPolicy(
  scope: Construct,
  target: PrivateBucket,
  document: PolicyDocument,
): S3BucketPolicy {
  return new S3BucketPolicy(scope, `${target.id}-policy`, {
    bucket: target.bucket.id,
    policy: JSON.stringify(document),
    dependsOn: [target.publicAccessBlock],
  });
}

/** Where in a log bucket the server access logs of the bucket it records land. */
export const ACCESS_LOG_PREFIX = 's3-access-logs/';

/** Every request over plain HTTP is refused, whoever makes it. */
export function denyInsecureTransport(service: 's3' | 'sqs', resources: string[]): PolicyStatement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: `${service}:*`,
    Resource: resources,
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/**
 * The access-log bucket's policy: S3's logging service may write the target bucket's logs under
 * their prefix, for this account and that bucket only (the confused-deputy guard), and nothing
 * travels without TLS.
 */
export function logBucketPolicy(args: {
  readonly logBucketArn: string;
  readonly sourceBucketArn: string;
  readonly accountId: string;
}): PolicyDocument {
  const { logBucketArn, sourceBucketArn, accountId } = args;
  return policyDocument(denyInsecureTransport('s3', [logBucketArn, `${logBucketArn}/*`]), {
    Sid: 'AllowServerAccessLogDelivery',
    Effect: 'Allow',
    Principal: { Service: SERVICE_PRINCIPALS.s3Logging },
    Action: 's3:PutObject',
    Resource: `${logBucketArn}/${ACCESS_LOG_PREFIX}*`,
    Condition: {
      ArnLike: { 'aws:SourceArn': sourceBucketArn },
      StringEquals: { 'aws:SourceAccount': accountId },
    },
  });
}

/*
 * Lifecycle rules, as plain objects in the shape of Terraform's
 * `aws_s3_bucket_lifecycle_configuration` rule blocks. Every rule carries an explicit filter: the
 * AWS provider 5.x warns about a rule without one, and a rule that names the whole bucket as
 * `prefix = ""` says so on purpose.
 */

export interface LifecycleRule {
  readonly id: string;
  readonly status: 'Enabled';
  /** One block; `prefix: ''` is the whole bucket. */
  readonly filter: { readonly prefix: string }[];
  readonly abortIncompleteMultipartUpload?: { readonly daysAfterInitiation: number }[];
  readonly expiration?: { readonly days?: number; readonly expiredObjectDeleteMarker?: boolean }[];
  readonly noncurrentVersionExpiration?: { readonly noncurrentDays: number }[];
}

export interface LifecycleSettings {
  /** Days after which an unfinished multipart upload is aborted and its parts deleted. */
  readonly abortIncompleteMultipartUploadDays: number;
  /** Days a version is kept after it stopped being current. */
  readonly noncurrentVersionExpirationDays: number;
  /** Days after which current objects expire; none keeps them. */
  readonly expirationDays?: number;
}

/** A filter that names every object of the bucket. */
const wholeBucket = () => [{ prefix: '' }];

/**
 * The rules of one bucket:
 * - interrupted multipart uploads (S3A uploads big files in parts) are aborted, so their invisible
 *   parts stop costing money;
 * - noncurrent versions (what LDM's overwrites and replayed deletes leave behind) expire, and so do
 *   delete markers once no version is left behind them. The rule stays when versioning is
 *   suspended: versions kept while it was on still expire;
 * - with `expirationDays`, current objects expire (the access logs' retention).
 */
export function lifecycleRules(settings: LifecycleSettings): LifecycleRule[] {
  const rules: LifecycleRule[] = [
    {
      id: 'abort-incomplete-multipart-uploads',
      status: 'Enabled',
      filter: wholeBucket(),
      abortIncompleteMultipartUpload: [
        { daysAfterInitiation: settings.abortIncompleteMultipartUploadDays },
      ],
    },
    {
      id: 'expire-noncurrent-versions',
      status: 'Enabled',
      filter: wholeBucket(),
      noncurrentVersionExpiration: [{ noncurrentDays: settings.noncurrentVersionExpirationDays }],
      expiration: [{ expiredObjectDeleteMarker: true }],
    },
  ];
  if (settings.expirationDays !== undefined) {
    // S3 takes expiration days and expired-delete-marker cleanup only in separate rules.
    rules.push({
      id: 'expire-objects',
      status: 'Enabled',
      filter: wholeBucket(),
      expiration: [{ days: settings.expirationDays }],
    });
  }
  return rules;
}

/**
 * `<env>-storage`: the S3 target bucket that holds the migrated data, and the bucket that keeps its
 * access logs. Both are private (all four public-access blocks, ACLs off), encrypted, versioned,
 * cleaned up by lifecycle rules, TLS-only, and protected against `destroy`. Optionally, the target
 * bucket's object events feed an SQS queue, for LDM's live migration from S3.
 *
 * Construct ids of the buckets and the queue are a contract (test/unit/storage.test.ts pins their
 * Terraform addresses): renaming one replaces a bucket full of migrated data.
 */
import type { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import {
  S3BucketServerSideEncryptionConfigurationA,
  type S3BucketServerSideEncryptionConfigurationRuleA,
} from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { BaseStack, type LayerStackProps } from '../../lib/constructs/base-stack';
import type { NetworkOutputs, SecurityOutputs, StorageOutputs } from '../../lib/core/outputs';
import { resourceNames } from '../../lib/core/naming';
import { partitionOf } from '../../lib/core/regions';
import { type LifecycleSettings, lifecycleRules } from '../../lib/constructs/lifecycle';
import {
  ACCESS_LOG_PREFIX,
  logBucketPolicy,
  type PolicyDocument,
  s3BucketArn,
  sourceQueuePolicy,
  sqsQueueArn,
  targetBucketPolicy,
} from './policies';

export interface StorageStackProps extends LayerStackProps {
  /** The S3 VPC endpoints, for `storage.restrictToVpcEndpoints`. */
  readonly network: NetworkOutputs;
  /** The environment's KMS key and the LDM role. */
  readonly security: SecurityOutputs;
}

/** Events LDM's live migration from S3 needs: every object created and every object removed. */
export const S3_SOURCE_EVENTS = ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'];

/** SQS's longest retention: events survive two weeks of LDM being down. */
export const S3_SOURCE_QUEUE_RETENTION_SECONDS = 14 * 24 * 60 * 60;

interface PrivateBucket {
  readonly id: string;
  readonly bucket: S3Bucket;
  readonly publicAccessBlock: S3BucketPublicAccessBlock;
  readonly versioning: S3BucketVersioningA;
}

export class StorageStack extends BaseStack {
  readonly outputs: StorageOutputs;

  constructor(scope: Construct, props: StorageStackProps) {
    super(scope, 'storage', props);
    const { accountId, region, storage } = this.environment;
    const partition = partitionOf(region);
    const { targetBucket, logBucket, s3SourceQueue } = resourceNames({
      project: this.config.project,
      envName: this.environment.name,
      accountId,
      region,
      bucketName: storage.bucketName,
      logBucketName: storage.logBucketName,
    });
    const targetArn = s3BucketArn(partition, targetBucket);
    const logArn = s3BucketArn(partition, logBucket);

    // The log bucket uses SSE-S3, not the environment's key. AWS delivers server access logs into
    // an SSE-KMS bucket only with a customer managed key whose key policy lets
    // logging.s3.amazonaws.com generate data keys (never with aws/s3, never DSSE-KMS). That would
    // open the data key to a service that never needs the data, and a missing grant makes log
    // delivery fail silently. The logs hold request metadata, not migrated data.
    const logs = this.privateBucket('log-bucket', logBucket, {
      applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' },
    });
    this.lifecycle(logs, {
      abortIncompleteMultipartUploadDays: storage.abortIncompleteMultipartUploadDays,
      noncurrentVersionExpirationDays: storage.noncurrentVersionExpirationDays,
      expirationDays: storage.accessLogRetentionDays,
    });
    const logsPolicy = this.bucketPolicy(
      logs,
      logBucketPolicy({ logBucketArn: logArn, sourceBucketArn: targetArn, accountId }),
    );

    const target = this.privateBucket('target-bucket', targetBucket, {
      applyServerSideEncryptionByDefault: {
        sseAlgorithm: 'aws:kms',
        kmsMasterKeyId: props.security.kmsKeyArn,
      },
      // One data key per bucket instead of one KMS call per object: petabytes of small Hive files
      // would otherwise cost a KMS request each.
      bucketKeyEnabled: true,
    });
    this.lifecycle(target, {
      abortIncompleteMultipartUploadDays: storage.abortIncompleteMultipartUploadDays,
      noncurrentVersionExpirationDays: storage.noncurrentVersionExpirationDays,
    });
    const exempt = [
      ...storage.administratorArns,
      ...(storage.allowMigratorOutsideVpcEndpoints ? [props.security.migratorRoleArn] : []),
    ];
    this.bucketPolicy(
      target,
      targetBucketPolicy({
        bucketArn: targetArn,
        kmsKeyArn: props.security.kmsKeyArn,
        perimeter: storage.restrictToVpcEndpoints
          ? {
              endpointIds: [props.network.endpoints.s3.id, props.network.s3GatewayEndpointId],
              exemptPrincipalArns: exempt,
            }
          : undefined,
      }),
    );
    new S3BucketLoggingA(this, 'target-bucket-logging', {
      bucket: target.bucket.id,
      targetBucket: logs.bucket.id,
      targetPrefix: ACCESS_LOG_PREFIX,
      // <prefix><account>/<region>/<bucket>/<yyyy>/<mm>/<dd>/…: queryable by date (Athena
      // partition projection) without listing the whole prefix.
      targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: 'EventTime' } },
      dependsOn: [logsPolicy],
    });

    let sourceQueue: StorageOutputs['s3SourceQueue'];
    if (storage.s3Source) {
      const queue = new SqsQueue(this, 's3-source-queue', {
        name: s3SourceQueue,
        // SSE-SQS: S3 can publish to it without a grant on the environment's KMS key.
        sqsManagedSseEnabled: true,
        messageRetentionSeconds: S3_SOURCE_QUEUE_RETENTION_SECONDS,
        receiveWaitTimeSeconds: 20,
      });
      const queuePolicy = new SqsQueuePolicy(this, 's3-source-queue-policy', {
        queueUrl: queue.url,
        policy: JSON.stringify(
          sourceQueuePolicy({
            queueArn: sqsQueueArn(partition, region, accountId, s3SourceQueue),
            bucketArn: targetArn,
            accountId,
            consumerRoleArn: props.security.migratorRoleArn,
          }),
        ),
      });
      // S3 checks that it may send to the queue when the notification is put: policy first.
      new S3BucketNotification(this, 'target-bucket-notifications', {
        bucket: target.bucket.id,
        queue: [{ id: 'ldm-s3-source', queueArn: queue.arn, events: S3_SOURCE_EVENTS }],
        dependsOn: [queuePolicy],
      });
      sourceQueue = { url: queue.url, arn: queue.arn };
    }

    this.outputs = this.publish({
      bucketName: targetBucket,
      bucketArn: targetArn,
      logBucketName: logBucket,
      logBucketArn: logArn,
      s3SourceQueue: sourceQueue,
    });
  }

  /**
   * A bucket nobody can make public or lose by accident: all four public-access blocks, ACLs off
   * (the bucket owner owns every object), default encryption, versioning from `storage.versioning`,
   * `force_destroy` off and Terraform's `prevent_destroy` on. No Object Lock: LDM overwrites files
   * and replays deletes, which a lock would refuse (and a lock cannot be turned off again).
   */
  private privateBucket(
    id: string,
    name: string,
    encryption: S3BucketServerSideEncryptionConfigurationRuleA,
  ): PrivateBucket {
    const bucket = new S3Bucket(this, id, {
      bucket: name,
      forceDestroy: false,
      objectLockEnabled: false,
      lifecycle: { preventDestroy: true },
    });
    const publicAccessBlock = new S3BucketPublicAccessBlock(this, `${id}-public-access-block`, {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, `${id}-ownership-controls`, {
      bucket: bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, `${id}-encryption`, {
      bucket: bucket.id,
      rule: [encryption],
    });
    const versioning = new S3BucketVersioningA(this, `${id}-versioning`, {
      bucket: bucket.id,
      // `Disabled` is accepted only for a bucket that was never versioned; `Suspended` turns
      // versioning off on any bucket and keeps the versions already there.
      versioningConfiguration: {
        status: this.environment.storage.versioning ? 'Enabled' : 'Suspended',
      },
    });
    return { id, bucket, publicAccessBlock, versioning };
  }

  private lifecycle(target: PrivateBucket, settings: LifecycleSettings): void {
    new S3BucketLifecycleConfiguration(this, `${target.id}-lifecycle`, {
      bucket: target.bucket.id,
      rule: lifecycleRules(settings),
      // Rules on noncurrent versions act on the versioning state: set it first.
      dependsOn: [target.versioning],
    });
  }

  /** A bucket policy, put after the public-access block so the two never race. */
  private bucketPolicy(target: PrivateBucket, document: PolicyDocument): S3BucketPolicy {
    return new S3BucketPolicy(this, `${target.id}-policy`, {
      bucket: target.bucket.id,
      policy: JSON.stringify(document),
      dependsOn: [target.publicAccessBlock],
    });
  }
}

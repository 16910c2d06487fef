/**
 * `<env>-storage`: the S3 target bucket that holds the migrated data, and the bucket that keeps its
 * access logs. Both are private (all four public-access blocks, ACLs off), encrypted, versioned,
 * cleaned up by lifecycle rules, TLS-only, and protected against `destroy`.
 *
 * Construct ids of the buckets are a contract (test/unit/stacks/storage/storage.test.ts pins their
 * Terraform addresses): renaming one replaces a bucket full of migrated data.
 */
import type { Construct } from 'constructs';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { BaseStack, type LayerStackProps } from '../../lib/constructs/base-stack';
import {
  ACCESS_LOG_PREFIX,
  bucketPolicy,
  logBucketPolicy,
  privateBucket,
} from '../../lib/constructs/private-bucket';
import { iamRoleArn, s3BucketArn } from '../../lib/core/arns';
import type { NetworkOutputs } from '../network/outputs';
import type { SecurityOutputs } from '../security/outputs';
import { type StorageOutputs, storageOutputs } from './outputs';
import { targetBucketPolicy } from './policies';

export interface StorageStackProps extends LayerStackProps {
  /** The S3 VPC endpoints, for `storage.restrictToVpcEndpoints`. */
  readonly network: NetworkOutputs;
  /** The environment's KMS key and the LDM role. */
  readonly security: SecurityOutputs;
}

export class StorageStack extends BaseStack {
  readonly outputs: StorageOutputs;

  constructor(scope: Construct, props: StorageStackProps) {
    super(scope, 'storage', props);
    const { storage } = this.environment;
    const { accountId, partition } = this.context.aws;
    const { targetBucket, logBucket } = this.names;
    const targetArn = s3BucketArn(partition, targetBucket);
    const logArn = s3BucketArn(partition, logBucket);

    // The log bucket uses SSE-S3, not the environment's key. AWS delivers server access logs into
    // an SSE-KMS bucket only with a customer managed key whose key policy lets
    // logging.s3.amazonaws.com generate data keys (never with aws/s3, never DSSE-KMS). That would
    // open the data key to a service that never needs the data, and a missing grant makes log
    // delivery fail silently. The logs hold request metadata, not migrated data.
    const logs = privateBucket(this, 'log-bucket', {
      name: logBucket,
      encryption: { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
      versioning: storage.versioning,
      lifecycle: {
        abortIncompleteMultipartUploadDays: storage.abortIncompleteMultipartUploadDays,
        noncurrentVersionExpirationDays: storage.noncurrentVersionExpirationDays,
        expirationDays: storage.accessLogRetentionDays,
      },
    });
    const logsPolicy = bucketPolicy(
      this,
      logs,
      logBucketPolicy({ logBucketArn: logArn, sourceBucketArn: targetArn, accountId }),
    );

    const target = privateBucket(this, 'target-bucket', {
      name: targetBucket,
      encryption: {
        applyServerSideEncryptionByDefault: {
          sseAlgorithm: 'aws:kms',
          kmsMasterKeyId: props.security.kmsKeyArn,
        },
        // One data key per bucket instead of one KMS call per object: petabytes of small Hive
        // files would otherwise cost a KMS request each.
        bucketKeyEnabled: true,
      },
      versioning: storage.versioning,
      lifecycle: {
        abortIncompleteMultipartUploadDays: storage.abortIncompleteMultipartUploadDays,
        noncurrentVersionExpirationDays: storage.noncurrentVersionExpirationDays,
      },
    });
    // Lake Formation vends its role's credentials to engines (Athena, EMR) that call S3 from
    // outside the VPC; only Lake Formation may assume that role (stacks/catalog/policies.ts).
    const lakeFormation = this.environment.catalog.registerWithLakeFormation;
    const exempt = [
      ...storage.administratorArns,
      ...(storage.allowMigratorOutsideVpcEndpoints ? [props.security.migratorRoleArn] : []),
      ...(lakeFormation ? [iamRoleArn(this.context.aws, this.names.lakeFormationRole)] : []),
    ];
    bucketPolicy(
      this,
      target,
      targetBucketPolicy({
        bucketArn: targetArn,
        kmsKeyArn: props.security.kmsKeyArn,
        perimeter: storage.restrictToVpcEndpoints
          ? {
              endpointIds: [
                props.network.endpoints.s3.id,
                ...(props.network.s3GatewayEndpointId ? [props.network.s3GatewayEndpointId] : []),
              ],
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

    this.outputs = this.publish(storageOutputs, {
      bucketName: targetBucket,
      bucketArn: targetArn,
      logBucketName: logBucket,
      logBucketArn: logArn,
    });
  }
}

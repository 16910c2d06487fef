/**
 * `state-bootstrap`: the S3 bucket the s3 backend keeps every stack's state in, and the KMS key
 * that encrypts it. Deployed once per state account by `npm run bootstrap`, with local state (the
 * bucket cannot hold the state of its own creation). Versioned, SSE-KMS, public access blocked,
 * TLS only, server access logs to a log bucket of its own, and `prevent_destroy` on the buckets and
 * the key.
 */
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import type { Config } from '../app/schema';
import {
  ACCESS_LOG_PREFIX,
  bucketPolicy,
  logBucketPolicy,
  privateBucket,
} from '../constructs/private-bucket';
import { s3BucketArn } from '../core/arns';
import { terraformLiterals } from '../core/literal';
import { BOOTSTRAP_STACK_ID, defaultTags, stateBootstrapNames } from '../core/naming';
import { partitionOf } from '../core/regions';
import { stateBootstrapTarget, stateBucketPolicy, stateKeyPolicy } from './state-bucket';

/** Days a replaced state version is kept (and the state bucket's access logs). */
const STATE_VERSION_RETENTION_DAYS = 365;

export interface StateBootstrapStackProps {
  readonly config: Config;
}

export class StateBootstrapStack extends TerraformStack {
  readonly bucketName: string;
  readonly accountId: string;

  constructor(scope: Construct, props: StateBootstrapStackProps) {
    super(scope, BOOTSTRAP_STACK_ID);
    const { s3, accountId } = stateBootstrapTarget(props.config.state);
    const names = stateBootstrapNames(s3.bucket);
    const partition = partitionOf(s3.region);
    this.bucketName = s3.bucket;
    this.accountId = accountId;

    new AwsProvider(this, 'aws', {
      region: s3.region,
      allowedAccountIds: [accountId],
      defaultTags: [
        {
          // Config strings are literals, as in every layer (lib/core/literal.ts).
          tags: terraformLiterals(
            defaultTags(props.config.project, 'terraform-state', props.config.tags),
          ),
        },
      ],
    });
    new LocalBackend(this, { path: names.localStatePath });

    const key = new KmsKey(this, 'state-key', {
      description: `Terraform state in s3://${s3.bucket}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: JSON.stringify(stateKeyPolicy(partition, accountId)),
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, 'state-key-alias', { name: names.kmsAlias, targetKeyId: key.keyId });

    // The state bucket and its server access log bucket predate the private bucket construct:
    // their ownership controls keep the `-ownership` construct id.
    const bucket = privateBucket(this, 'state-bucket', {
      name: s3.bucket,
      encryption: {
        applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.arn },
        bucketKeyEnabled: true,
      },
      versioning: true,
      // Old state versions are the way back from a bad apply: kept for a year.
      lifecycle: {
        abortIncompleteMultipartUploadDays: 7,
        noncurrentVersionExpirationDays: STATE_VERSION_RETENTION_DAYS,
      },
      ownershipSuffix: '-ownership',
    });
    bucketPolicy(this, bucket, stateBucketPolicy(s3BucketArn(partition, s3.bucket)));

    // Who read or wrote state: server access logs, in a bucket of their own (SSE-S3, the only
    // encryption S3 log delivery takes without a grant on the state key).
    const logs = privateBucket(this, 'state-log-bucket', {
      name: names.logBucket,
      encryption: { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
      versioning: true,
      lifecycle: {
        abortIncompleteMultipartUploadDays: 7,
        noncurrentVersionExpirationDays: 30,
        expirationDays: STATE_VERSION_RETENTION_DAYS,
      },
      ownershipSuffix: '-ownership',
    });
    const logsPolicy = bucketPolicy(
      this,
      logs,
      logBucketPolicy({
        logBucketArn: s3BucketArn(partition, names.logBucket),
        sourceBucketArn: s3BucketArn(partition, s3.bucket),
        accountId,
      }),
    );
    new S3BucketLoggingA(this, 'state-bucket-logging', {
      bucket: bucket.bucket.id,
      targetBucket: logs.bucket.id,
      targetPrefix: ACCESS_LOG_PREFIX,
      dependsOn: [logsPolicy],
    });

    new TerraformOutput(this, 'state_bucket_name', { value: s3.bucket, staticId: true });
    new TerraformOutput(this, 'state_bucket_arn', { value: bucket.bucket.arn, staticId: true });
    new TerraformOutput(this, 'state_kms_key_arn', { value: key.arn, staticId: true });
    new TerraformOutput(this, 'state_log_bucket_name', { value: names.logBucket, staticId: true });
  }
}

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
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { ACCESS_LOG_PREFIX, logBucketPolicy, s3BucketArn } from '../../stacks/storage/policies';
import { type LifecycleSettings, lifecycleRules } from '../constructs/lifecycle';
import type { Config } from '../app/schema';
import { BOOTSTRAP_STACK_ID, defaultTags, stateBootstrapNames } from '../core/naming';
import { stateBootstrapTarget, stateBucketPolicy, stateKeyPolicy } from './state-bucket';
import { partitionOf } from '../core/regions';

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
        { tags: defaultTags(props.config.project, 'terraform-state', props.config.tags) },
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

    const bucket = new S3Bucket(this, 'state-bucket', {
      bucket: s3.bucket,
      forceDestroy: false,
      lifecycle: { preventDestroy: true },
    });
    new S3BucketOwnershipControls(this, 'state-bucket-ownership', {
      bucket: bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    const publicAccess = new S3BucketPublicAccessBlock(this, 'state-bucket-public-access-block', {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const versioning = new S3BucketVersioningA(this, 'state-bucket-versioning', {
      bucket: bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'state-bucket-encryption', {
      bucket: bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.arn },
          bucketKeyEnabled: true,
        },
      ],
    });
    new S3BucketPolicy(this, 'state-bucket-policy', {
      bucket: bucket.id,
      policy: JSON.stringify(stateBucketPolicy(`arn:${partition}:s3:::${s3.bucket}`)),
      // S3 refuses bucket policies while the public access block is being written.
      dependsOn: [publicAccess],
    });
    // Old state versions are the way back from a bad apply: kept for a year.
    this.lifecycle('state-bucket', bucket, versioning, {
      abortIncompleteMultipartUploadDays: 7,
      noncurrentVersionExpirationDays: STATE_VERSION_RETENTION_DAYS,
    });

    // Who read or wrote state: server access logs, in a bucket of their own (SSE-S3, the only
    // encryption S3 log delivery takes without a grant on the state key).
    const logs = new S3Bucket(this, 'state-log-bucket', {
      bucket: names.logBucket,
      forceDestroy: false,
      lifecycle: { preventDestroy: true },
    });
    new S3BucketOwnershipControls(this, 'state-log-bucket-ownership', {
      bucket: logs.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    const logsPublicAccess = new S3BucketPublicAccessBlock(
      this,
      'state-log-bucket-public-access-block',
      {
        bucket: logs.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
    );
    const logsVersioning = new S3BucketVersioningA(this, 'state-log-bucket-versioning', {
      bucket: logs.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'state-log-bucket-encryption', {
      bucket: logs.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    this.lifecycle('state-log-bucket', logs, logsVersioning, {
      abortIncompleteMultipartUploadDays: 7,
      noncurrentVersionExpirationDays: 30,
      expirationDays: STATE_VERSION_RETENTION_DAYS,
    });
    const logsPolicy = new S3BucketPolicy(this, 'state-log-bucket-policy', {
      bucket: logs.id,
      policy: JSON.stringify(
        logBucketPolicy({
          logBucketArn: s3BucketArn(partition, names.logBucket),
          sourceBucketArn: s3BucketArn(partition, s3.bucket),
          accountId,
        }),
      ),
      dependsOn: [logsPublicAccess],
    });
    new S3BucketLoggingA(this, 'state-bucket-logging', {
      bucket: bucket.id,
      targetBucket: logs.id,
      targetPrefix: ACCESS_LOG_PREFIX,
      dependsOn: [logsPolicy],
    });

    new TerraformOutput(this, 'state_bucket_name', { value: s3.bucket, staticId: true });
    new TerraformOutput(this, 'state_bucket_arn', { value: bucket.arn, staticId: true });
    new TerraformOutput(this, 'state_kms_key_arn', { value: key.arn, staticId: true });
    new TerraformOutput(this, 'state_log_bucket_name', { value: names.logBucket, staticId: true });
  }

  private lifecycle(
    id: string,
    bucket: S3Bucket,
    versioning: S3BucketVersioningA,
    settings: LifecycleSettings,
  ): void {
    new S3BucketLifecycleConfiguration(this, `${id}-lifecycle`, {
      bucket: bucket.id,
      rule: lifecycleRules(settings),
      dependsOn: [versioning],
    });
  }
}

/** `<env>-storage`: the private, encrypted S3 target bucket. */
import type { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { BaseStack, type LayerStackProps } from './base';
import type { SecurityOutputs, StorageOutputs } from '../lib/outputs';

export interface StorageStackProps extends LayerStackProps {
  readonly security: SecurityOutputs;
}

export class StorageStack extends BaseStack {
  readonly outputs: StorageOutputs;

  constructor(scope: Construct, props: StorageStackProps) {
    super(scope, 'storage', props);

    const bucket = new S3Bucket(this, 'target-bucket', {
      bucket: this.names.targetBucket,
      forceDestroy: false,
      lifecycle: { preventDestroy: true },
    });
    new S3BucketPublicAccessBlock(this, 'target-bucket-public-access-block', {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'target-bucket-encryption', {
      bucket: bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: {
            sseAlgorithm: 'aws:kms',
            kmsMasterKeyId: props.security.kmsKeyArn,
          },
          bucketKeyEnabled: true,
        },
      ],
    });

    this.outputs = this.publish({
      bucketName: this.names.targetBucket,
      bucketArn: bucket.arn,
      logBucketName: this.names.logBucket,
    });
  }
}

import { buckets, configsFor, isLogTarget } from '../buckets';
import { block, blocks } from '../stack';
import type { Rule } from '../types';

const KMS_ALGORITHMS = ['aws:kms', 'aws:kms:dsse'];

export const s3KmsEncryption: Rule = {
  id: 'LDM-S3-003',
  title: 'S3 buckets encrypt by default with SSE-KMS and a named key',
  reason:
    "Objects are encrypted whatever the writer sends, with the environment's key, whose use is logged and revocable.",
  severity: 'error',
  fix: 'Give the bucket an aws_s3_bucket_server_side_encryption_configuration with sse_algorithm aws:kms and kms_master_key_id set (SSE-S3 only on a server access log bucket).',
  checkov: ['CKV_AWS_145', 'CKV_AWS_19'],
  cdkNag: ['AwsSolutions-S3 (S3BucketServerSideEncryptionEnabled)', 'S3DefaultEncryptionKMS'],
  check: (stack) =>
    buckets(stack).flatMap((bucket) => {
      const configs = configsFor(
        stack,
        'aws_s3_bucket_server_side_encryption_configuration',
        bucket,
      );
      const defaults = configs
        .flatMap((c) => blocks(c.body.rule))
        .map((r) => block(r.apply_server_side_encryption_by_default));
      if (defaults.length === 0)
        return [{ resource: bucket.address, detail: 'no default encryption configured' }];
      const kms = defaults.filter((d) => KMS_ALGORITHMS.includes(String(d.sse_algorithm)));
      if (kms.some((d) => typeof d.kms_master_key_id === 'string' && d.kms_master_key_id !== ''))
        return [];
      // S3 server access logs can only be delivered to a bucket encrypted with SSE-S3.
      if (isLogTarget(stack, bucket) && defaults.some((d) => d.sse_algorithm === 'AES256'))
        return [];
      const detail =
        kms.length > 0
          ? 'SSE-KMS without kms_master_key_id (the AWS managed key)'
          : `sse_algorithm is ${defaults.map((d) => String(d.sse_algorithm)).join(', ')}`;
      return [{ resource: bucket.address, detail }];
    }),
};

import { buckets, configsFor } from '../buckets';
import { isTrue } from '../stack';
import type { Rule } from '../types';

const FLAGS = [
  'block_public_acls',
  'block_public_policy',
  'ignore_public_acls',
  'restrict_public_buckets',
] as const;

export const s3PublicAccessBlock: Rule = {
  id: 'LDM-S3-001',
  title: 'S3 buckets block all public access',
  reason: 'A bucket of migrated Hadoop data must never become public through an ACL or a policy.',
  severity: 'error',
  fix: 'Give the bucket an aws_s3_bucket_public_access_block with all four settings true.',
  checkov: ['CKV2_AWS_6', 'CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56'],
  cdkNag: ['AwsSolutions-S2 (S3BucketLevelPublicAccessProhibited)'],
  check: (stack) =>
    buckets(stack).flatMap((bucket) => {
      const blocks = configsFor(stack, 'aws_s3_bucket_public_access_block', bucket);
      if (blocks.length === 0)
        return [{ resource: bucket.address, detail: 'no aws_s3_bucket_public_access_block' }];
      const off = FLAGS.filter((flag) => !blocks.some((b) => isTrue(b.body[flag])));
      return off.length === 0
        ? []
        : [{ resource: bucket.address, detail: `${off.join(', ')} not true` }];
    }),
};

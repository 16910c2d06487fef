import { buckets, configsFor } from '../buckets';
import { block } from '../stack';
import type { Rule } from '../types';

export const s3Versioning: Rule = {
  id: 'LDM-S3-005',
  title: 'S3 buckets keep object versions',
  reason:
    'LDM overwrites files and replays deletes: versions are the way back from a bad migration or a careless delete.',
  severity: 'error',
  fix: 'Set storage.versioning: true (an aws_s3_bucket_versioning with status Enabled), or acknowledge the finding with the reason.',
  checkov: ['CKV_AWS_21'],
  cdkNag: ['S3BucketVersioningEnabled'],
  check: (stack) =>
    buckets(stack).flatMap((bucket) => {
      const configs = configsFor(stack, 'aws_s3_bucket_versioning', bucket);
      const statuses = configs.map((c) => block(c.body.versioning_configuration).status);
      if (statuses.includes('Enabled')) return [];
      const detail =
        configs.length === 0
          ? 'no aws_s3_bucket_versioning'
          : `versioning status is ${statuses.map(String).join(', ')}`;
      return [{ resource: bucket.address, detail }];
    }),
};

import { buckets, configsFor, isLogTarget } from '../buckets';
import { pointsAt } from '../stack';
import type { Rule } from '../types';

export const s3AccessLogging: Rule = {
  id: 'LDM-S3-007',
  title: 'S3 buckets log access to a separate log bucket',
  reason:
    'Server access logs are the record of who read or changed migrated data, and the evidence after an incident.',
  severity: 'error',
  fix: 'Give the bucket an aws_s3_bucket_logging whose target_bucket is the log bucket (log buckets themselves are exempt).',
  checkov: ['CKV_AWS_18'],
  cdkNag: ['AwsSolutions-S1 (S3BucketLoggingEnabled)'],
  check: (stack) =>
    buckets(stack)
      .filter((bucket) => !isLogTarget(stack, bucket))
      .flatMap((bucket) => {
        const logging = configsFor(stack, 'aws_s3_bucket_logging', bucket);
        if (logging.length === 0)
          return [{ resource: bucket.address, detail: 'no aws_s3_bucket_logging' }];
        if (
          logging.every((l) => pointsAt(l.body.target_bucket, bucket, ['id', 'bucket'], 'bucket'))
        )
          return [{ resource: bucket.address, detail: 'the bucket logs into itself' }];
        return [];
      }),
};

import { buckets, configsFor } from '../buckets';
import { type Body, block, blocks } from '../stack';
import type { Rule } from '../types';

export const s3AbortMultipart: Rule = {
  id: 'LDM-S3-006',
  title: 'S3 buckets abort incomplete multipart uploads',
  reason:
    'Interrupted S3A uploads leave parts that are billed forever and never show up in a listing.',
  severity: 'error',
  fix: 'Add an enabled lifecycle rule for the whole bucket with abort_incomplete_multipart_upload (storage.abortIncompleteMultipartUploadDays).',
  checkov: ['CKV_AWS_300', 'CKV2_AWS_61'],
  cdkNag: [],
  check: (stack) =>
    buckets(stack).flatMap((bucket) => {
      const configs = configsFor(stack, 'aws_s3_bucket_lifecycle_configuration', bucket);
      const rules = configs.flatMap((c) => blocks(c.body.rule));
      const aborting = rules.filter(
        (r) =>
          r.status === 'Enabled' &&
          typeof block(r.abort_incomplete_multipart_upload).days_after_initiation === 'number',
      );
      if (aborting.some(wholeBucket)) return [];
      const detail =
        configs.length === 0
          ? 'no aws_s3_bucket_lifecycle_configuration'
          : aborting.length > 0
            ? 'the rule that aborts multipart uploads covers only part of the bucket'
            : 'no enabled rule has abort_incomplete_multipart_upload';
      return [{ resource: bucket.address, detail }];
    }),
};

/** A rule without a filter, or with an empty one (`filter {}` or `prefix = ""`), covers every key. */
function wholeBucket(rule: Body): boolean {
  const filter = block(rule.filter);
  const prefix = filter.prefix ?? rule.prefix;
  const narrowed =
    (typeof prefix === 'string' && prefix !== '') ||
    blocks(filter.tag).length > 0 ||
    blocks(filter.and).length > 0;
  return !narrowed;
}

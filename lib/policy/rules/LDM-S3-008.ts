import { buckets } from '../buckets';
import { isTrue } from '../stack';
import type { Rule } from '../types';

export const s3NoForceDestroy: Rule = {
  id: 'LDM-S3-008',
  title: 'S3 buckets are never force-destroyed',
  reason:
    'force_destroy lets a destroy (or a replacement) delete every object in the bucket without asking.',
  severity: 'error',
  fix: 'Set force_destroy to false (or leave it unset) on the bucket.',
  checkov: [],
  cdkNag: [],
  check: (stack) =>
    buckets(stack)
      .filter((bucket) => isTrue(bucket.body.force_destroy))
      .map((bucket) => ({ resource: bucket.address, detail: 'force_destroy is true' })),
};

import { buckets, configsFor } from '../buckets';
import { blocks } from '../stack';
import type { Rule } from '../types';

export const s3OwnershipControls: Rule = {
  id: 'LDM-S3-002',
  title: 'S3 buckets disable ACLs (BucketOwnerEnforced)',
  reason:
    'With ACLs off, only policies grant access, and every object belongs to the bucket owner.',
  severity: 'error',
  fix: 'Give the bucket an aws_s3_bucket_ownership_controls with object_ownership BucketOwnerEnforced, and no ACL.',
  checkov: ['CKV2_AWS_65'],
  cdkNag: ['S3BucketPublicReadProhibited', 'S3BucketPublicWriteProhibited'],
  check: (stack) =>
    buckets(stack).flatMap((bucket) => {
      const problems: string[] = [];
      const controls = configsFor(stack, 'aws_s3_bucket_ownership_controls', bucket);
      const ownership = controls.flatMap((c) => blocks(c.body.rule)).map((r) => r.object_ownership);
      if (controls.length === 0) problems.push('no aws_s3_bucket_ownership_controls');
      else if (!ownership.includes('BucketOwnerEnforced'))
        problems.push(`object_ownership is ${ownership.map(String).join(', ') || 'unset'}`);
      const acls = configsFor(stack, 'aws_s3_bucket_acl', bucket);
      if (acls.length > 0) problems.push(`ACL set by ${acls.map((a) => a.address).join(', ')}`);
      const acl = bucket.body.acl;
      if ((acl !== undefined && acl !== null) || blocks(bucket.body.grant).length > 0)
        problems.push('ACL set on the bucket');
      return problems.map((detail) => ({ resource: bucket.address, detail }));
    }),
};

import { buckets, configsFor, isBucketArn, isObjectsArn } from '../buckets';
import { type Condition, isAnyone, readPolicy, type Statement } from '../documents';
import type { Entry } from '../stack';
import type { Rule, Violation } from '../types';

export const s3TlsOnly: Rule = {
  id: 'LDM-S3-004',
  title: 'S3 bucket policies deny requests without TLS',
  reason: 'Data and credentials must never cross the network in clear text, from any client.',
  severity: 'error',
  fix: 'Add to the bucket policy a Deny of s3:* for Principal * on the bucket and its objects when aws:SecureTransport is false.',
  checkov: [],
  cdkNag: ['AwsSolutions-S10 (S3BucketSSLRequestsOnly)'],
  check: (stack) =>
    buckets(stack).flatMap((bucket): Violation[] => {
      const policies = configsFor(stack, 'aws_s3_bucket_policy', bucket);
      if (policies.length === 0) return [{ resource: bucket.address, detail: 'no bucket policy' }];
      const reads = policies.map((p) => ({ policy: p, read: readPolicy(stack, p.body.policy) }));
      const denied = reads.some(
        ({ read }) => read.readable && read.statements.some((s) => deniesPlainHttp(s, bucket)),
      );
      if (denied) return [];
      for (const { policy, read } of reads) {
        if (!read.readable)
          return [
            {
              resource: bucket.address,
              detail: `cannot verify ${policy.address}: ${read.why}`,
              severity: 'warning',
            },
          ];
      }
      return [{ resource: bucket.address, detail: 'no statement denies requests without TLS' }];
    }),
};

function deniesPlainHttp(s: Statement, bucket: Entry): boolean {
  const resources = s.resources ?? [];
  return (
    s.effect === 'Deny' &&
    (s.principals ?? []).some(isAnyone) &&
    (s.actions ?? []).some((a) => a === 's3:*' || a === '*') &&
    resources.some((r) => r === '*' || isBucketArn(r, bucket)) &&
    resources.some((r) => r === '*' || isObjectsArn(r, bucket)) &&
    s.conditions.some(insecureTransport)
  );
}

function insecureTransport(c: Condition): boolean {
  return (
    c.test === 'Bool' &&
    c.variable.toLowerCase() === 'aws:securetransport' &&
    c.values.some((v) => v === false || v === 'false')
  );
}

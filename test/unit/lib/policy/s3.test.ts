import { s3AbortMultipart } from '../../../../lib/policy/rules/LDM-S3-006';
import { s3AccessLogging } from '../../../../lib/policy/rules/LDM-S3-007';
import { s3KmsEncryption } from '../../../../lib/policy/rules/LDM-S3-003';
import { s3NoForceDestroy } from '../../../../lib/policy/rules/LDM-S3-008';
import { s3OwnershipControls } from '../../../../lib/policy/rules/LDM-S3-002';
import { s3PublicAccessBlock } from '../../../../lib/policy/rules/LDM-S3-001';
import { s3TlsOnly } from '../../../../lib/policy/rules/LDM-S3-004';
import { s3Versioning } from '../../../../lib/policy/rules/LDM-S3-005';
import { dataPreventDestroy } from '../../../../lib/policy/rules/LDM-DATA-001';
import { broken, check, fixture, policy } from './helpers';

const TARGET = 'aws_s3_bucket.target-bucket';
const LOGS = 'aws_s3_bucket.log-bucket';

describe('LDM-S3-001 public access block', () => {
  test('passes a bucket whose public access block sets all four flags', () => {
    expect(check(s3PublicAccessBlock, fixture('storage'))).toEqual([]);
  });

  test('fails a bucket without a public access block', () => {
    const json = broken('storage', (s) => {
      delete s.resource.aws_s3_bucket_public_access_block['target-bucket-public-access-block'];
    });
    expect(check(s3PublicAccessBlock, json)).toEqual([
      { resource: TARGET, detail: 'no aws_s3_bucket_public_access_block' },
    ]);
  });

  test('fails a block that leaves a flag off, naming it', () => {
    const json = broken('storage', (s) => {
      s.resource.aws_s3_bucket_public_access_block[
        'log-bucket-public-access-block'
      ].block_public_policy = false;
    });
    expect(check(s3PublicAccessBlock, json)).toEqual([
      { resource: LOGS, detail: 'block_public_policy not true' },
    ]);
  });

  test('matches a block to its bucket by literal name as well as by reference', () => {
    const json = broken('storage', (s) => {
      s.resource.aws_s3_bucket_public_access_block['target-bucket-public-access-block'].bucket =
        s.resource.aws_s3_bucket['target-bucket'].bucket;
    });
    expect(check(s3PublicAccessBlock, json)).toEqual([]);
  });

  test("does not credit one bucket's block to another", () => {
    const json = broken('storage', (s) => {
      s.resource.aws_s3_bucket_public_access_block['target-bucket-public-access-block'].bucket =
        '${aws_s3_bucket.log-bucket.id}';
    });
    expect(check(s3PublicAccessBlock, json).map((v) => v.resource)).toEqual([TARGET]);
  });
});

describe('LDM-S3-002 ownership controls', () => {
  test('passes BucketOwnerEnforced', () => {
    expect(check(s3OwnershipControls, fixture('storage'))).toEqual([]);
  });

  test('fails ownership that keeps ACLs', () => {
    const json = broken('storage', (s) => {
      s.resource.aws_s3_bucket_ownership_controls['target-bucket-ownership-controls'].rule = {
        object_ownership: 'BucketOwnerPreferred',
      };
    });
    expect(check(s3OwnershipControls, json)).toEqual([
      { resource: TARGET, detail: 'object_ownership is BucketOwnerPreferred' },
    ]);
  });

  test('fails a bucket without ownership controls, and one with an ACL resource', () => {
    const json = broken('storage', (s) => {
      delete s.resource.aws_s3_bucket_ownership_controls['log-bucket-ownership-controls'];
      s.resource.aws_s3_bucket_acl = {
        'log-bucket-acl': { bucket: '${aws_s3_bucket.log-bucket.id}', acl: 'log-delivery-write' },
      };
    });
    expect(check(s3OwnershipControls, json)).toEqual([
      { resource: LOGS, detail: 'no aws_s3_bucket_ownership_controls' },
      { resource: LOGS, detail: 'ACL set by aws_s3_bucket_acl.log-bucket-acl' },
    ]);
  });
});

describe('LDM-S3-003 SSE-KMS with a key', () => {
  test('passes SSE-KMS with a key on the target, and SSE-S3 on the server access log bucket', () => {
    expect(check(s3KmsEncryption, fixture('storage'))).toEqual([]);
  });

  test('fails SSE-S3 on a bucket that is not a log target', () => {
    const json = broken('storage', (s) => {
      s.resource.aws_s3_bucket_server_side_encryption_configuration[
        'target-bucket-encryption'
      ].rule[0].apply_server_side_encryption_by_default = { sse_algorithm: 'AES256' };
    });
    expect(check(s3KmsEncryption, json)).toEqual([
      { resource: TARGET, detail: 'sse_algorithm is AES256' },
    ]);
  });

  test('fails SSE-KMS with the AWS managed key (no kms_master_key_id)', () => {
    const json = broken('storage', (s) => {
      s.resource.aws_s3_bucket_server_side_encryption_configuration[
        'target-bucket-encryption'
      ].rule[0].apply_server_side_encryption_by_default = { sse_algorithm: 'aws:kms' };
    });
    expect(check(s3KmsEncryption, json)).toEqual([
      { resource: TARGET, detail: 'SSE-KMS without kms_master_key_id (the AWS managed key)' },
    ]);
  });

  test('fails a log bucket once nothing logs into it, and a bucket with no encryption', () => {
    const json = broken('storage', (s) => {
      delete s.resource.aws_s3_bucket_logging;
      delete s.resource.aws_s3_bucket_server_side_encryption_configuration[
        'target-bucket-encryption'
      ];
    });
    expect(check(s3KmsEncryption, json)).toEqual([
      { resource: TARGET, detail: 'no default encryption configured' },
      { resource: LOGS, detail: 'sse_algorithm is AES256' },
    ]);
  });
});

describe('LDM-S3-004 TLS only', () => {
  test('passes a Deny of s3:* without SecureTransport, by reference and by literal ARN', () => {
    expect(check(s3TlsOnly, fixture('storage'))).toEqual([]);
  });

  test('fails a bucket without a policy', () => {
    const json = broken('storage', (s) => {
      delete s.resource.aws_s3_bucket_policy['target-bucket-policy'];
    });
    expect(check(s3TlsOnly, json)).toEqual([{ resource: TARGET, detail: 'no bucket policy' }]);
  });

  test.each([
    ['an Allow', (s: any) => (s.Effect = 'Allow')],
    ['a Deny of s3:GetObject only', (s: any) => (s.Action = 's3:GetObject')],
    ['a Deny on the bucket but not its objects', (s: any) => (s.Resource = s.Resource[0])],
    [
      'a Deny when SecureTransport is true',
      (s: any) => (s.Condition.Bool['aws:SecureTransport'] = 'true'),
    ],
    [
      'a Deny for one principal',
      (s: any) => (s.Principal = { AWS: 'arn:aws:iam::111111111111:root' }),
    ],
  ])('fails %s', (_what, change) => {
    const json = broken('storage', (s) => {
      const p = s.resource.aws_s3_bucket_policy['target-bucket-policy'];
      const doc = JSON.parse(p.policy);
      change(doc.Statement[0]);
      p.policy = JSON.stringify(doc);
    });
    expect(check(s3TlsOnly, json)).toEqual([
      { resource: TARGET, detail: 'no statement denies requests without TLS' },
    ]);
  });

  test('reads the statement from an aws_iam_policy_document data source', () => {
    const json = broken('storage', (s) => {
      s.data.aws_iam_policy_document = {
        target: {
          statement: [
            {
              effect: 'Deny',
              principals: [{ type: '*', identifiers: ['*'] }],
              actions: ['s3:*'],
              resources: [
                '${aws_s3_bucket.target-bucket.arn}',
                '${aws_s3_bucket.target-bucket.arn}/*',
              ],
              condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
            },
          ],
        },
      };
      s.resource.aws_s3_bucket_policy['target-bucket-policy'].policy =
        '${data.aws_iam_policy_document.target.json}';
    });
    expect(check(s3TlsOnly, json)).toEqual([]);
  });

  test('warns (cannot verify) when the policy is only known at plan time', () => {
    const json = broken('storage', (s) => {
      s.resource.aws_s3_bucket_policy['target-bucket-policy'].policy =
        '${data.terraform_remote_state.x.outputs.policy}';
    });
    expect(check(s3TlsOnly, json)).toEqual([
      {
        resource: TARGET,
        detail:
          'cannot verify aws_s3_bucket_policy.target-bucket-policy: ${data.terraform_remote_state.x.outputs.policy} is only known at plan time',
        severity: 'warning',
      },
    ]);
  });

  test('a readable policy that denies plain HTTP wins over an unreadable one', () => {
    const json = broken('storage', (s) => {
      s.resource.aws_s3_bucket_policy['target-bucket-policy-extra'] = {
        bucket: '${aws_s3_bucket.target-bucket.id}',
        policy: '${local.extra}',
      };
      s.resource.aws_s3_bucket_policy['log-bucket-policy'].policy = policy({
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::x/*',
      });
    });
    expect(check(s3TlsOnly, json)).toEqual([
      { resource: LOGS, detail: 'no statement denies requests without TLS' },
    ]);
  });
});

describe('LDM-S3-005 versioning', () => {
  test('passes status Enabled', () => {
    expect(check(s3Versioning, fixture('storage'))).toEqual([]);
  });

  test('fails Suspended versioning, and a bucket with none', () => {
    const json = broken('storage', (s) => {
      s.resource.aws_s3_bucket_versioning[
        'target-bucket-versioning'
      ].versioning_configuration.status = 'Suspended';
      delete s.resource.aws_s3_bucket_versioning['log-bucket-versioning'];
    });
    expect(check(s3Versioning, json)).toEqual([
      { resource: TARGET, detail: 'versioning status is Suspended' },
      { resource: LOGS, detail: 'no aws_s3_bucket_versioning' },
    ]);
  });
});

describe('LDM-S3-006 abort incomplete multipart uploads', () => {
  test('passes an enabled rule for the whole bucket (filter with an empty prefix, or {})', () => {
    expect(check(s3AbortMultipart, fixture('storage'))).toEqual([]);
    const json = broken('storage', (s) => {
      s.resource.aws_s3_bucket_lifecycle_configuration['target-bucket-lifecycle'].rule[0].filter = [
        {},
      ];
    });
    expect(check(s3AbortMultipart, json)).toEqual([]);
  });

  test.each([
    [
      'a disabled rule',
      (r: any) => (r.status = 'Disabled'),
      'no enabled rule has abort_incomplete_multipart_upload',
    ],
    [
      'no abort block',
      (r: any) => delete r.abort_incomplete_multipart_upload,
      'no enabled rule has abort_incomplete_multipart_upload',
    ],
    [
      'a rule for one prefix',
      (r: any) => (r.filter = [{ prefix: 'warehouse/' }]),
      'the rule that aborts multipart uploads covers only part of the bucket',
    ],
  ])('fails %s', (_what, change, detail) => {
    const json = broken('storage', (s) => {
      change(s.resource.aws_s3_bucket_lifecycle_configuration['target-bucket-lifecycle'].rule[0]);
    });
    expect(check(s3AbortMultipart, json)).toEqual([{ resource: TARGET, detail }]);
  });

  test('fails a bucket without lifecycle configuration', () => {
    const json = broken('storage', (s) => {
      delete s.resource.aws_s3_bucket_lifecycle_configuration['log-bucket-lifecycle'];
    });
    expect(check(s3AbortMultipart, json)).toEqual([
      { resource: LOGS, detail: 'no aws_s3_bucket_lifecycle_configuration' },
    ]);
  });
});

describe('LDM-S3-007 access logging', () => {
  test('passes a bucket logging to the log bucket; the log bucket itself is exempt', () => {
    expect(check(s3AccessLogging, fixture('storage'))).toEqual([]);
  });

  test('fails a bucket without logging (the former log bucket then needs its own)', () => {
    const json = broken('storage', (s) => {
      delete s.resource.aws_s3_bucket_logging;
    });
    expect(check(s3AccessLogging, json)).toEqual([
      { resource: TARGET, detail: 'no aws_s3_bucket_logging' },
      { resource: LOGS, detail: 'no aws_s3_bucket_logging' },
    ]);
  });

  test('fails a bucket logging into itself', () => {
    const json = broken('storage', (s) => {
      s.resource.aws_s3_bucket_logging['target-bucket-logging'].target_bucket =
        s.resource.aws_s3_bucket['target-bucket'].bucket;
    });
    expect(check(s3AccessLogging, json)).toContainEqual({
      resource: TARGET,
      detail: 'the bucket logs into itself',
    });
  });
});

describe('LDM-S3-008 no force_destroy', () => {
  test('passes force_destroy false or unset', () => {
    expect(check(s3NoForceDestroy, fixture('storage'))).toEqual([]);
  });

  test('fails force_destroy true', () => {
    const json = broken('storage', (s) => {
      s.resource.aws_s3_bucket['target-bucket'].force_destroy = true;
    });
    expect(check(s3NoForceDestroy, json)).toEqual([
      { resource: TARGET, detail: 'force_destroy is true' },
    ]);
  });
});

describe('LDM-DATA-001 prevent_destroy on data-bearing resources', () => {
  test.each(['storage', 'security', 'catalog'] as const)('passes the %s fixture', (name) => {
    expect(check(dataPreventDestroy, fixture(name))).toEqual([]);
  });

  test('fails a bucket, a key and a database without prevent_destroy', () => {
    const storage = broken(
      'storage',
      (s) => delete s.resource.aws_s3_bucket['log-bucket'].lifecycle,
    );
    const security = broken('security', (s) => {
      s.resource.aws_kms_key['data-key'].lifecycle = { prevent_destroy: false };
    });
    const catalog = broken('catalog', (s) => {
      delete s.resource.aws_glue_catalog_database['database-sales'].lifecycle;
    });
    expect([storage, security, catalog].flatMap((s) => check(dataPreventDestroy, s))).toEqual(
      [
        'aws_s3_bucket.log-bucket',
        'aws_kms_key.data-key',
        'aws_glue_catalog_database.database-sales',
      ].map((resource) => ({ resource, detail: 'lifecycle.prevent_destroy is not true' })),
    );
  });
});

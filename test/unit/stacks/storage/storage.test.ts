/**
 * The storage layer: the S3 target bucket and its access-log bucket, their policies and lifecycle,
 * the optional S3-source event queue, and the validation of the `storage` config section.
 */
import { problem, Expect } from '../../../../lib/core/errors';
import { resourceNames } from '../../../../lib/core/naming';
import { bucketNameProblem } from '../../../../stacks/storage/bucket-name';
import { lifecycleRules, logBucketPolicy } from '../../../../lib/constructs/private-bucket';
import type { PolicyDocument } from '../../../../lib/core/iam';
import { OBJECT_DATA_ACTIONS, targetBucketPolicy } from '../../../../stacks/storage/policies';
import {
  configWith,
  problemsOf,
  rawEnv,
  resources,
  type Synth,
  synth,
} from '../../../support/synth';

const TARGET = 'ldm-sandbox-111111111111-eu-west-1-data';
const LOGS = 'ldm-sandbox-111111111111-eu-west-1-logs';
const TARGET_ARN = `arn:aws:s3:::${TARGET}`;
const LOGS_ARN = `arn:aws:s3:::${LOGS}`;
const KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/0b5c1a52-3d3e-4d6f-9f1e-123456789012';
const ADMIN_ARN = 'arn:aws:iam::111111111111:role/storage-admin';

/** The statement of a policy document with the given Sid (fails the test when absent). */
function statement(doc: PolicyDocument | any, sid: string): any {
  const found = (doc.Statement as any[]).filter((s) => s.Sid === sid);
  if (found.length !== 1) throw new Error(`expected one statement ${sid}, found ${found.length}`);
  return found[0];
}

/** The policy of a synthesized resource, parsed. */
function policyOf(stack: any, type: string, id: string): PolicyDocument {
  return JSON.parse(resources(stack, type)[id].policy) as PolicyDocument;
}

/**
 * What a cross-stack reference in a consuming stack points at: the producing stack's output value
 * (`${aws_kms_key.data-key.arn}`), so tests name the producer's resource type, not its construct id.
 */
function producerValue(out: Synth, ref: string): string {
  const match =
    /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-([\w-]+)\.outputs\.([\w-]+)\}$/.exec(
      ref,
    );
  if (!match) throw new Error(`not a cross-stack reference: ${ref}`);
  return out.stacks[match[1]!].output[match[2]!].value as string;
}

/** `${aws_vpc_endpoint.s3-gateway-endpoint.id}` -> the endpoint resource in the network stack. */
function networkResource(out: Synth, value: string, type: string, attribute: string): any {
  const match = new RegExp(`^\\$\\{${type}\\.([\\w-]+)\\.${attribute}\\}$`).exec(value);
  if (!match) throw new Error(`not a reference to ${type}.*.${attribute}: ${value}`);
  return resources(out.stacks['sandbox-network'], type)[match[1]!];
}

describe('storage: S3 bucket names', () => {
  test.each([TARGET, LOGS, 'abc', 'a'.repeat(63), 'acme.ldm.data', 'acme-ldm-2024', '1-data'])(
    '%s is a valid bucket name',
    (name) => {
      expect(bucketNameProblem(name)).toBeUndefined();
    },
  );

  test.each([
    ['ab', Expect.bucketNameLength],
    ['a'.repeat(64), Expect.bucketNameLength],
    ['Acme-data', Expect.bucketNameCharacters],
    ['acme_data', Expect.bucketNameCharacters],
    ['acme data', Expect.bucketNameCharacters],
    ['-acme-data', Expect.bucketNameEnds],
    ['acme-data-', Expect.bucketNameEnds],
    ['acme-data.', Expect.bucketNameEnds],
    ['acme..data', Expect.bucketNameDots],
    ['192.168.5.4', Expect.bucketNameIpAddress],
    ['xn--acme-data', Expect.bucketNamePrefix('xn--')],
    ['sthree-acme', Expect.bucketNamePrefix('sthree-')],
    ['amzn-s3-demo-bucket', Expect.bucketNamePrefix('amzn-s3-demo-')],
    ['acme-s3alias', Expect.bucketNameSuffix('-s3alias')],
    ['acme--ol-s3', Expect.bucketNameSuffix('--ol-s3')],
    ['acme.mrap', Expect.bucketNameSuffix('.mrap')],
    ['acme--x-s3', Expect.bucketNameSuffix('--x-s3')],
    ['acme--table-s3', Expect.bucketNameSuffix('--table-s3')],
  ])('%s breaks a naming rule', (name, expected) => {
    expect(bucketNameProblem(name)).toBe(expected);
  });

  test('overrides replace the generated bucket names, and nothing else', () => {
    const inputs = {
      project: 'ldm',
      envName: 'sandbox',
      accountId: '111111111111',
      region: 'eu-west-1',
    };
    const generated = resourceNames(inputs);
    const overridden = resourceNames({
      ...inputs,
      bucketName: 'acme-data',
      logBucketName: 'acme-logs',
    });
    expect(overridden).toEqual({ ...generated, targetBucket: 'acme-data', logBucket: 'acme-logs' });
  });
});

describe('storage: lifecycle rules', () => {
  const settings = { abortIncompleteMultipartUploadDays: 3, noncurrentVersionExpirationDays: 45 };

  test('every rule names its objects with an explicit filter (the whole bucket)', () => {
    for (const rule of lifecycleRules({ ...settings, expirationDays: 90 })) {
      expect(rule.filter).toEqual([{ prefix: '' }]);
      expect(rule.status).toBe('Enabled');
    }
  });

  test('interrupted multipart uploads are aborted, noncurrent versions and lone delete markers expire', () => {
    expect(lifecycleRules(settings)).toEqual([
      expect.objectContaining({
        id: 'abort-incomplete-multipart-uploads',
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 3 }],
      }),
      expect.objectContaining({
        id: 'expire-noncurrent-versions',
        noncurrentVersionExpiration: [{ noncurrentDays: 45 }],
        expiration: [{ expiredObjectDeleteMarker: true }],
      }),
    ]);
  });

  test('current objects expire only when asked, in a rule of their own', () => {
    const rules = lifecycleRules({ ...settings, expirationDays: 90 });
    expect(rules.map((r) => r.id)).toEqual([
      'abort-incomplete-multipart-uploads',
      'expire-noncurrent-versions',
      'expire-objects',
    ]);
    expect(rules[2]!.expiration).toEqual([{ days: 90 }]);
  });
});

describe('storage: policy documents', () => {
  test('the target bucket refuses plain HTTP for every action, on the bucket and its objects', () => {
    const doc = targetBucketPolicy({ bucketArn: TARGET_ARN, kmsKeyArn: KEY_ARN });
    expect(statement(doc, 'DenyInsecureTransport')).toEqual({
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [TARGET_ARN, `${TARGET_ARN}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });

  test('the target bucket refuses uploads that ask for anything but SSE-KMS with the environment key', () => {
    const doc = targetBucketPolicy({ bucketArn: TARGET_ARN, kmsKeyArn: KEY_ARN });
    const notKms = statement(doc, 'DenyUploadsNotSseKms');
    expect(notKms).toMatchObject({ Effect: 'Deny', Principal: '*', Action: 's3:PutObject' });
    expect(notKms.Resource).toBe(`${TARGET_ARN}/*`);
    // Only when the header is sent: uploads without it get the bucket default (SSE-KMS).
    expect(notKms.Condition).toEqual({
      Null: { 's3:x-amz-server-side-encryption': 'false' },
      StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
    });
    expect(statement(doc, 'DenyUploadsWithAnotherKmsKey').Condition).toEqual({
      Null: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'false' },
      StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': KEY_ARN },
    });
    expect(statement(doc, 'DenyUploadsWithCustomerKeys').Condition).toEqual({
      Null: { 's3:x-amz-server-side-encryption-customer-algorithm': 'false' },
    });
  });

  test('the target bucket policy only denies: access comes from IAM', () => {
    const doc = targetBucketPolicy({
      bucketArn: TARGET_ARN,
      kmsKeyArn: KEY_ARN,
      perimeter: { endpointIds: ['vpce-1'], exemptPrincipalArns: [] },
    });
    expect(doc.Statement.map((s) => s.Effect)).toEqual(doc.Statement.map(() => 'Deny'));
  });

  test('without a perimeter there is no VPC endpoint condition', () => {
    const doc = targetBucketPolicy({ bucketArn: TARGET_ARN, kmsKeyArn: KEY_ARN });
    expect(JSON.stringify(doc.Statement.map((s) => s.Condition))).not.toContain('aws:SourceVpce');
  });

  test('the perimeter denies object access outside the endpoints, except exempt principals and AWS services', () => {
    const doc = targetBucketPolicy({
      bucketArn: TARGET_ARN,
      kmsKeyArn: KEY_ARN,
      perimeter: { endpointIds: ['vpce-1', 'vpce-2'], exemptPrincipalArns: [ADMIN_ARN] },
    });
    expect(statement(doc, 'DenyObjectAccessOutsideVpcEndpoints')).toEqual({
      Sid: 'DenyObjectAccessOutsideVpcEndpoints',
      Effect: 'Deny',
      Principal: '*',
      Action: [...OBJECT_DATA_ACTIONS],
      Resource: `${TARGET_ARN}/*`,
      Condition: {
        StringNotEquals: { 'aws:SourceVpce': ['vpce-1', 'vpce-2'] },
        BoolIfExists: { 'aws:ViaAWSService': 'false' },
        ArnNotLike: { 'aws:PrincipalArn': [ADMIN_ARN] },
      },
    });
  });

  test('the perimeter leaves bucket-level actions to IAM, so the deploying pipeline is never locked out', () => {
    for (const action of OBJECT_DATA_ACTIONS) {
      expect(action).toMatch(
        /^s3:(GetObject|PutObject|DeleteObject|RestoreObject|AbortMultipartUpload|ListMultipartUploadParts)/,
      );
    }
    expect(OBJECT_DATA_ACTIONS).not.toContain('s3:*');
    expect(OBJECT_DATA_ACTIONS).not.toContain('s3:ListBucket');
  });

  test('the log bucket lets only S3 logging write, for this account and the target bucket only', () => {
    const doc = logBucketPolicy({
      logBucketArn: LOGS_ARN,
      sourceBucketArn: TARGET_ARN,
      accountId: '111111111111',
    });
    const allows = doc.Statement.filter((s) => s.Effect === 'Allow');
    expect(allows).toEqual([
      {
        Sid: 'AllowServerAccessLogDelivery',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${LOGS_ARN}/s3-access-logs/*`,
        Condition: {
          ArnLike: { 'aws:SourceArn': TARGET_ARN },
          StringEquals: { 'aws:SourceAccount': '111111111111' },
        },
      },
    ]);
    expect(statement(doc, 'DenyInsecureTransport').Resource).toEqual([LOGS_ARN, `${LOGS_ARN}/*`]);
  });
});

describe('storage stack: the example environment', () => {
  const out = synth(configWith());
  const stack = out.stacks['sandbox-storage'];
  const buckets = resources(stack, 'aws_s3_bucket');

  test('the Terraform addresses of both buckets are pinned (a rename would replace them)', () => {
    expect(Object.keys(buckets).sort()).toEqual(['log-bucket', 'target-bucket']);
    expect(stack.resource.aws_s3_bucket['target-bucket'].bucket).toBe(TARGET);
    expect(stack.resource.aws_s3_bucket['log-bucket'].bucket).toBe(LOGS);
  });

  test.each(['target-bucket', 'log-bucket'])(
    '%s cannot be destroyed by accident, and has no Object Lock (LDM overwrites and deletes)',
    (id) => {
      expect(buckets[id]).toMatchObject({
        force_destroy: false,
        object_lock_enabled: false,
        lifecycle: { prevent_destroy: true },
      });
    },
  );

  test.each(['target-bucket', 'log-bucket'])('%s blocks all four kinds of public access', (id) => {
    expect(
      resources(stack, 'aws_s3_bucket_public_access_block')[`${id}-public-access-block`],
    ).toMatchObject({
      bucket: `\${aws_s3_bucket.${id}.id}`,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  test.each(['target-bucket', 'log-bucket'])('%s has ACLs off (BucketOwnerEnforced)', (id) => {
    expect(
      resources(stack, 'aws_s3_bucket_ownership_controls')[`${id}-ownership-controls`],
    ).toMatchObject({
      bucket: `\${aws_s3_bucket.${id}.id}`,
      rule: { object_ownership: 'BucketOwnerEnforced' },
    });
  });

  test('the target bucket encrypts with the security stack key (SSE-KMS, bucket key on)', () => {
    const encryption = resources(stack, 'aws_s3_bucket_server_side_encryption_configuration')[
      'target-bucket-encryption'
    ];
    expect(encryption.bucket).toBe('${aws_s3_bucket.target-bucket.id}');
    expect(encryption.rule).toHaveLength(1);
    const [rule] = encryption.rule;
    expect(rule.bucket_key_enabled).toBe(true);
    expect(rule.apply_server_side_encryption_by_default.sse_algorithm).toBe('aws:kms');
    expect(
      producerValue(out, rule.apply_server_side_encryption_by_default.kms_master_key_id),
    ).toMatch(/^\$\{aws_kms_key\.[\w-]+\.arn\}$/);
  });

  test('the log bucket uses SSE-S3, which server access log delivery always accepts', () => {
    const encryption = resources(stack, 'aws_s3_bucket_server_side_encryption_configuration')[
      'log-bucket-encryption'
    ];
    expect(encryption.bucket).toBe('${aws_s3_bucket.log-bucket.id}');
    expect(encryption.rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
    ]);
  });

  test.each(['target-bucket', 'log-bucket'])('%s is versioned', (id) => {
    expect(resources(stack, 'aws_s3_bucket_versioning')[`${id}-versioning`]).toMatchObject({
      bucket: `\${aws_s3_bucket.${id}.id}`,
      versioning_configuration: { status: 'Enabled' },
    });
  });

  test.each(['target-bucket', 'log-bucket'])(
    '%s aborts interrupted uploads after 7 days and expires noncurrent versions after 30, every rule filtered',
    (id) => {
      const lifecycle = resources(stack, 'aws_s3_bucket_lifecycle_configuration')[
        `${id}-lifecycle`
      ];
      expect(lifecycle.bucket).toBe(`\${aws_s3_bucket.${id}.id}`);
      expect(lifecycle.depends_on).toEqual([`aws_s3_bucket_versioning.${id}-versioning`]);
      for (const rule of lifecycle.rule) expect(rule.filter).toEqual([{ prefix: '' }]);
      const byId = Object.fromEntries(lifecycle.rule.map((r: any) => [r.id, r]));
      expect(byId['abort-incomplete-multipart-uploads'].abort_incomplete_multipart_upload).toEqual([
        { days_after_initiation: 7 },
      ]);
      expect(byId['expire-noncurrent-versions'].noncurrent_version_expiration).toEqual([
        { noncurrent_days: 30 },
      ]);
    },
  );

  test('access logs are kept 365 days; migrated data never expires', () => {
    const lifecycles = resources(stack, 'aws_s3_bucket_lifecycle_configuration');
    const expiring = (id: string) =>
      lifecycles[id].rule.filter((r: any) => r.expiration?.some((e: any) => e.days !== undefined));
    expect(expiring('log-bucket-lifecycle').map((r: any) => r.expiration)).toEqual([
      [{ days: 365 }],
    ]);
    expect(expiring('target-bucket-lifecycle')).toEqual([]);
  });

  test('the target bucket logs its requests into the log bucket, partitioned by date', () => {
    const logging = resources(stack, 'aws_s3_bucket_logging')['target-bucket-logging'];
    expect(logging).toMatchObject({
      bucket: '${aws_s3_bucket.target-bucket.id}',
      target_bucket: '${aws_s3_bucket.log-bucket.id}',
      target_prefix: 's3-access-logs/',
      target_object_key_format: { partitioned_prefix: { partition_date_source: 'EventTime' } },
    });
    // The log bucket policy must be in place before S3 starts delivering.
    expect(logging.depends_on).toEqual(['aws_s3_bucket_policy.log-bucket-policy']);
    expect(Object.keys(resources(stack, 'aws_s3_bucket_logging'))).toEqual([
      'target-bucket-logging',
    ]);
  });

  test('the target bucket policy denies plain HTTP and uploads with another encryption or key', () => {
    const policy = resources(stack, 'aws_s3_bucket_policy')['target-bucket-policy'];
    expect(policy.bucket).toBe('${aws_s3_bucket.target-bucket.id}');
    expect(policy.depends_on).toEqual([
      'aws_s3_bucket_public_access_block.target-bucket-public-access-block',
    ]);
    const doc = policyOf(stack, 'aws_s3_bucket_policy', 'target-bucket-policy');
    expect(doc.Statement.map((s) => s.Sid)).toEqual([
      'DenyInsecureTransport',
      'DenyUploadsNotSseKms',
      'DenyUploadsWithAnotherKmsKey',
      'DenyUploadsWithCustomerKeys',
    ]);
    expect(statement(doc, 'DenyInsecureTransport').Resource).toEqual([
      TARGET_ARN,
      `${TARGET_ARN}/*`,
    ]);
    // The one key uploads may name is the one the bucket encrypts with by default.
    const keyInPolicy = statement(doc, 'DenyUploadsWithAnotherKmsKey').Condition.StringNotEquals[
      's3:x-amz-server-side-encryption-aws-kms-key-id'
    ];
    const defaultKey = resources(stack, 'aws_s3_bucket_server_side_encryption_configuration')[
      'target-bucket-encryption'
    ].rule[0].apply_server_side_encryption_by_default.kms_master_key_id;
    expect(keyInPolicy).toBe(defaultKey);
  });

  test('the log bucket policy allows only the S3 logging service, from this account, for the target bucket', () => {
    const doc = policyOf(stack, 'aws_s3_bucket_policy', 'log-bucket-policy');
    expect(doc).toEqual(
      logBucketPolicy({
        logBucketArn: LOGS_ARN,
        sourceBucketArn: TARGET_ARN,
        accountId: '111111111111',
      }),
    );
    expect(resources(stack, 'aws_s3_bucket_policy')['log-bucket-policy'].bucket).toBe(
      '${aws_s3_bucket.log-bucket.id}',
    );
  });

  test('no event queue (s3Source is gone)', () => {
    expect(resources(stack, 'aws_sqs_queue')).toEqual({});
    expect(resources(stack, 'aws_sqs_queue_policy')).toEqual({});
    expect(resources(stack, 'aws_s3_bucket_notification')).toEqual({});
  });

  test('publishes bucket names and ARNs as named outputs', () => {
    expect(stack.output).toMatchObject({
      bucket_name: { value: TARGET },
      bucket_arn: { value: TARGET_ARN },
      log_bucket_name: { value: LOGS },
      log_bucket_arn: { value: LOGS_ARN },
    });
    expect(stack.output.s3_source_queue_url).toBeUndefined();
  });
});

describe('storage stack: VPC endpoint perimeter', () => {
  const out = synth(
    configWith((raw) => {
      Object.assign(rawEnv(raw).storage, {
        restrictToVpcEndpoints: true,
        administratorArns: [
          ADMIN_ARN,
          'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Admin_*',
        ],
      });
    }),
  );
  const stack = out.stacks['sandbox-storage'];
  const perimeter = statement(
    policyOf(stack, 'aws_s3_bucket_policy', 'target-bucket-policy'),
    'DenyObjectAccessOutsideVpcEndpoints',
  );

  test("object access must come through the environment's S3 interface and gateway endpoints", () => {
    const endpoints = (perimeter.Condition.StringNotEquals['aws:SourceVpce'] as string[]).map(
      (ref) => networkResource(out, producerValue(out, ref), 'aws_vpc_endpoint', 'id'),
    );
    expect(endpoints.map((e) => e.service_name)).toEqual([
      'com.amazonaws.eu-west-1.s3',
      'com.amazonaws.eu-west-1.s3',
    ]);
    expect(endpoints.map((e) => e.vpc_endpoint_type).sort()).toEqual(['Gateway', 'Interface']);
  });

  test('the Lake Formation role is exempt when the bucket is registered, and only then', () => {
    const registered = synth(
      configWith((raw) => {
        rawEnv(raw).storage.restrictToVpcEndpoints = true;
        rawEnv(raw).catalog.registerWithLakeFormation = true;
      }),
    ).stacks['sandbox-storage'];
    const exempt = statement(
      policyOf(registered, 'aws_s3_bucket_policy', 'target-bucket-policy'),
      'DenyObjectAccessOutsideVpcEndpoints',
    ).Condition.ArnNotLike['aws:PrincipalArn'];
    expect(exempt).toEqual(['arn:aws:iam::111111111111:role/ldm-sandbox-lake-formation']);
    expect(JSON.stringify(perimeter)).not.toContain('lake-formation');
  });

  test('administrators are exempt; the LDM role is not (it uses the endpoints)', () => {
    expect(perimeter.Condition.ArnNotLike['aws:PrincipalArn']).toEqual([
      ADMIN_ARN,
      'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Admin_*',
    ]);
    expect(perimeter.Action).toEqual([...OBJECT_DATA_ACTIONS]);
  });
});

describe('storage stack: overrides and relaxations', () => {
  const out = synth(
    configWith((raw) => {
      Object.assign(rawEnv(raw).storage, {
        bucketName: 'acme-hadoop-landing',
        logBucketName: 'acme-hadoop-landing-logs',
        versioning: false,
        noncurrentVersionExpirationDays: 3,
        abortIncompleteMultipartUploadDays: 10,
        accessLogRetentionDays: 90,
        restrictToVpcEndpoints: true,
        allowMigratorOutsideVpcEndpoints: true,
      });
    }),
  );
  const stack = out.stacks['sandbox-storage'];

  test('bucket name overrides name the buckets, their policies and the outputs', () => {
    expect(stack.resource.aws_s3_bucket['target-bucket'].bucket).toBe('acme-hadoop-landing');
    expect(stack.resource.aws_s3_bucket['log-bucket'].bucket).toBe('acme-hadoop-landing-logs');
    const logDoc = policyOf(stack, 'aws_s3_bucket_policy', 'log-bucket-policy');
    expect(statement(logDoc, 'AllowServerAccessLogDelivery')).toMatchObject({
      Resource: 'arn:aws:s3:::acme-hadoop-landing-logs/s3-access-logs/*',
      Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::acme-hadoop-landing' } },
    });
    expect(stack.output.bucket_name.value).toBe('acme-hadoop-landing');
    expect(stack.output.bucket_arn.value).toBe('arn:aws:s3:::acme-hadoop-landing');
    expect(stack.output.log_bucket_name.value).toBe('acme-hadoop-landing-logs');
  });

  test('versioning: false suspends versioning (S3 cannot return a bucket to unversioned)', () => {
    for (const versioning of Object.values<any>(resources(stack, 'aws_s3_bucket_versioning'))) {
      expect(versioning.versioning_configuration).toEqual({ status: 'Suspended' });
    }
  });

  test('lifecycle periods come from the config', () => {
    const rules = resources(stack, 'aws_s3_bucket_lifecycle_configuration')['log-bucket-lifecycle']
      .rule;
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          abort_incomplete_multipart_upload: [{ days_after_initiation: 10 }],
        }),
        expect.objectContaining({ noncurrent_version_expiration: [{ noncurrent_days: 3 }] }),
        expect.objectContaining({ expiration: [{ days: 90 }] }),
      ]),
    );
  });

  test('allowMigratorOutsideVpcEndpoints exempts the LDM role from the perimeter', () => {
    const perimeter = statement(
      policyOf(stack, 'aws_s3_bucket_policy', 'target-bucket-policy'),
      'DenyObjectAccessOutsideVpcEndpoints',
    );
    const exempt = perimeter.Condition.ArnNotLike['aws:PrincipalArn'] as string[];
    expect(exempt).toHaveLength(1);
    expect(producerValue(out, exempt[0]!)).toMatch(/^\$\{aws_iam_role\.[\w-]+\.arn\}$/);
  });
});

describe('config: storage', () => {
  test('defaults: versioned, 30/7 days, logs kept a year, no perimeter, no S3 source', () => {
    const env = configWith((raw) => delete rawEnv(raw).storage).environments[0]!;
    expect(env.storage).toEqual({
      versioning: true,
      noncurrentVersionExpirationDays: 30,
      abortIncompleteMultipartUploadDays: 7,
      accessLogRetentionDays: 365,
      restrictToVpcEndpoints: false,
      administratorArns: [],
      allowMigratorOutsideVpcEndpoints: false,
    });
  });

  const storageProblems = (storage: Record<string, unknown>) =>
    problemsOf(() => configWith((raw) => Object.assign(rawEnv(raw).storage, storage)));

  test.each([
    ['too short', 'ab', Expect.bucketNameLength],
    ['too long', `acme-${'x'.repeat(60)}`, Expect.bucketNameLength],
    ['in upper case', 'Acme-Data', Expect.bucketNameCharacters],
    ['starting with a hyphen', '-acme', Expect.bucketNameEnds],
    ['holding two adjacent dots', 'acme..data', Expect.bucketNameDots],
    ['an IP address', '10.20.30.40', Expect.bucketNameIpAddress],
    ["starting with 'xn--'", 'xn--acme', Expect.bucketNamePrefix('xn--')],
    ["ending with '-s3alias'", 'acme-s3alias', Expect.bucketNameSuffix('-s3alias')],
    ["ending with '--ol-s3'", 'acme--ol-s3', Expect.bucketNameSuffix('--ol-s3')],
  ])('fails if bucketName is %s', (_what, name, expected) => {
    expect(storageProblems({ bucketName: name })).toEqual([
      problem('environments[0].storage.bucketName', name, expected),
    ]);
  });

  test('fails if bucketName is not a string', () => {
    expect(storageProblems({ bucketName: 42 })).toEqual([
      problem('environments[0].storage.bucketName', 42, Expect.bucketNameCharacters),
    ]);
  });

  test('fails if logBucketName breaks a naming rule', () => {
    expect(storageProblems({ logBucketName: 'acme_logs' })).toEqual([
      problem('environments[0].storage.logBucketName', 'acme_logs', Expect.bucketNameCharacters),
    ]);
  });

  test('fails if logBucketName is bucketName', () => {
    expect(storageProblems({ bucketName: 'acme-data', logBucketName: 'acme-data' })).toEqual([
      problem('environments[0].storage.logBucketName', 'acme-data', Expect.distinctBucketNames),
    ]);
  });

  test.each([
    ['noncurrentVersionExpirationDays', 0],
    ['noncurrentVersionExpirationDays', -30],
    ['abortIncompleteMultipartUploadDays', 0],
    ['abortIncompleteMultipartUploadDays', -1],
    ['abortIncompleteMultipartUploadDays', 2.5],
    ['accessLogRetentionDays', 0],
    ['accessLogRetentionDays', '365'],
  ])('fails if %s is %p', (field, days) => {
    expect(storageProblems({ [field]: days })).toEqual([
      problem(`environments[0].storage.${field}`, days, Expect.lifecycleDays),
    ]);
  });

  test('fails if noncurrent versions expire before abandoned uploads are aborted', () => {
    expect(
      storageProblems({
        noncurrentVersionExpirationDays: 3,
        abortIncompleteMultipartUploadDays: 7,
      }),
    ).toEqual([
      problem(
        'environments[0].storage.noncurrentVersionExpirationDays',
        3,
        Expect.noncurrentOutlivesAbort(7),
      ),
    ]);
  });

  test('an expiry equal to the abort period is fine, and so is any expiry without versioning', () => {
    expect(() =>
      configWith((raw) =>
        Object.assign(rawEnv(raw).storage, {
          noncurrentVersionExpirationDays: 7,
          abortIncompleteMultipartUploadDays: 7,
        }),
      ),
    ).not.toThrow();
    expect(() =>
      configWith((raw) =>
        Object.assign(rawEnv(raw).storage, {
          versioning: false,
          noncurrentVersionExpirationDays: 1,
          abortIncompleteMultipartUploadDays: 7,
        }),
      ),
    ).not.toThrow();
  });

  test.each([
    'storage-admin',
    'arn:aws:iam::111111111111:group/admins',
    'arn:aws:sts::111111111111:assumed-role/admin/session',
    'arn:aws:iam::1111:role/admin',
  ])('fails if an administrator ARN is %s', (arn) => {
    expect(storageProblems({ administratorArns: [arn] })).toEqual([
      problem('environments[0].storage.administratorArns[0]', arn, Expect.administratorArn),
    ]);
  });

  test('fails if an administrator is in another account', () => {
    const arn = 'arn:aws:iam::222222222222:role/admin';
    expect(storageProblems({ administratorArns: [ADMIN_ARN, arn] })).toEqual([
      problem(
        'environments[0].storage.administratorArns[1]',
        arn,
        Expect.administratorAccount('111111111111'),
      ),
    ]);
  });

  test('accepts users, the account root and wildcard role names as administrators', () => {
    expect(() =>
      configWith((raw) => {
        rawEnv(raw).storage.administratorArns = [
          'arn:aws:iam::111111111111:user/alice',
          'arn:aws:iam::111111111111:root',
          'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_*',
        ];
      }),
    ).not.toThrow();
  });

  test('fails if allowMigratorOutsideVpcEndpoints is set without restrictToVpcEndpoints', () => {
    expect(storageProblems({ allowMigratorOutsideVpcEndpoints: true })).toEqual([
      problem(
        'environments[0].storage.allowMigratorOutsideVpcEndpoints',
        true,
        Expect.migratorOutsideVpcEndpoints,
      ),
    ]);
  });

  test('fails if a storage field is unknown, naming the fields allowed there', () => {
    expect(storageProblems({ objectLock: true })).toEqual([
      expect.stringMatching(
        /^environments\[0\]\.storage\.objectLock: got true, expected no such field; allowed here: bucketName, logBucketName, versioning, /,
      ),
    ]);
  });

  test('fails if s3Source is true: the field was removed, only false is still read', () => {
    expect(storageProblems({ s3Source: true })).toEqual([
      problem('environments[0].storage.s3Source', true, Expect.s3SourceRemoved),
    ]);
    expect(
      configWith((raw) => (rawEnv(raw).storage.s3Source = false)).environments[0]!.storage,
    ).toMatchObject({ s3Source: false });
  });

  test('reports every storage problem of one run together', () => {
    expect(
      storageProblems({
        bucketName: 'xn--a',
        abortIncompleteMultipartUploadDays: 0,
        s3Source: 'yes',
      }),
    ).toHaveLength(3);
  });
});

/**
 * The state bucket stack `npm run bootstrap` deploys: versioned, SSE-KMS, public access blocked,
 * TLS only, protected from destroy, pinned to the state account, with local state.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import type { Config } from '../../../../lib/app/schema';
import { BOOTSTRAP_STACK_ID } from '../../../../lib/core/naming';
import { stateBootstrapTarget } from '../../../../lib/gitops/state-bucket';
import { StateBootstrapStack } from '../../../../lib/gitops/bootstrap';
import { configWith, onlyResource, problemsOf, resources } from '../../../support/synth';

const S3_STATE = {
  backend: 's3',
  s3: {
    bucket: 'acme-ldm-tfstate',
    region: 'eu-west-1',
    roleArn: 'arn:aws:iam::222222222222:role/ldm-tfstate',
  },
};

function withState(state: object): Config {
  return configWith((raw) => {
    raw.state = state;
  });
}

function synthBootstrap(config: Config): any {
  const outdir = mkdtempSync(join(tmpdir(), 'ldm-bootstrap-'));
  const app = new App({ outdir });
  new StateBootstrapStack(app, { config });
  app.synth();
  return JSON.parse(
    readFileSync(join(outdir, 'stacks', BOOTSTRAP_STACK_ID, 'cdk.tf.json'), 'utf8'),
  );
}

describe('the state bucket stack', () => {
  const stack = synthBootstrap(withState(S3_STATE));

  test('pins the provider to the state account (from state.s3.roleArn) and region', () => {
    expect(stack.provider.aws[0]).toMatchObject({
      region: 'eu-west-1',
      allowed_account_ids: ['222222222222'],
    });
    expect(stack.provider.aws[0].assume_role).toBeUndefined();
  });

  test('keeps its own state locally, outside the synth folder', () => {
    expect(stack.terraform.backend).toEqual({
      local: { path: '../../../terraform-state/state-bootstrap-acme-ldm-tfstate.tfstate' },
    });
  });

  test('has the bucket and key at fixed addresses, both protected from destroy', () => {
    const bucket = resources(stack, 'aws_s3_bucket')['state-bucket'];
    expect(bucket).toMatchObject({
      bucket: 'acme-ldm-tfstate',
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    const key = resources(stack, 'aws_kms_key')['state-key'];
    expect(key).toMatchObject({
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
    expect(JSON.parse(key.policy).Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::222222222222:root' },
      }),
    ]);
    expect(onlyResource(stack, 'aws_kms_alias').name).toBe('alias/tfstate-acme-ldm-tfstate');
  });

  test('versions every object and encrypts it with the key by default', () => {
    expect(
      resources(stack, 'aws_s3_bucket_versioning')['state-bucket-versioning']
        .versioning_configuration,
    ).toEqual({
      status: 'Enabled',
    });
    expect(
      resources(stack, 'aws_s3_bucket_server_side_encryption_configuration')[
        'state-bucket-encryption'
      ].rule,
    ).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: 'aws:kms',
          kms_master_key_id: '${aws_kms_key.state-key.arn}',
        },
        bucket_key_enabled: true,
      },
    ]);
  });

  test('blocks public access and ACLs on both buckets', () => {
    const blocks = resources(stack, 'aws_s3_bucket_public_access_block');
    expect(Object.keys(blocks).sort()).toEqual([
      'state-bucket-public-access-block',
      'state-log-bucket-public-access-block',
    ]);
    for (const block of Object.values<any>(blocks)) {
      expect(block).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
    }
    for (const ownership of Object.values<any>(
      resources(stack, 'aws_s3_bucket_ownership_controls'),
    )) {
      expect(ownership.rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
    }
  });

  test('logs access to a protected log bucket of its own, which only S3 logging may write', () => {
    const logs = resources(stack, 'aws_s3_bucket')['state-log-bucket'];
    expect(logs).toMatchObject({
      bucket: 'acme-ldm-tfstate-logs',
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(onlyResource(stack, 'aws_s3_bucket_logging')).toMatchObject({
      bucket: '${aws_s3_bucket.state-bucket.id}',
      target_bucket: '${aws_s3_bucket.state-log-bucket.id}',
      target_prefix: 's3-access-logs/',
    });
    const policy = JSON.parse(
      resources(stack, 'aws_s3_bucket_policy')['state-log-bucket-policy'].policy,
    );
    const delivery = policy.Statement.find((st: any) => st.Sid === 'AllowServerAccessLogDelivery');
    expect(delivery).toMatchObject({
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Condition: {
        ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::acme-ldm-tfstate' },
        StringEquals: { 'aws:SourceAccount': '222222222222' },
      },
    });
  });

  test('keeps replaced state versions for a year and aborts interrupted uploads', () => {
    const rules = resources(stack, 'aws_s3_bucket_lifecycle_configuration')[
      'state-bucket-lifecycle'
    ].rule;
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
          filter: [{ prefix: '' }],
        }),
        expect.objectContaining({ noncurrent_version_expiration: [{ noncurrent_days: 365 }] }),
      ]),
    );
  });

  test('refuses requests without TLS, or with TLS older than 1.2', () => {
    const policy = JSON.parse(
      resources(stack, 'aws_s3_bucket_policy')['state-bucket-policy'].policy,
    );
    const resourcesDenied = ['arn:aws:s3:::acme-ldm-tfstate', 'arn:aws:s3:::acme-ldm-tfstate/*'];
    expect(policy.Statement).toEqual([
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: resourcesDenied,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'DenyOutdatedTls',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: resourcesDenied,
        Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
      },
    ]);
  });

  test('outputs the bucket name and ARN, the key ARN and the log bucket name', () => {
    expect(Object.keys(stack.output).sort()).toEqual([
      'state_bucket_arn',
      'state_bucket_name',
      'state_kms_key_arn',
      'state_log_bucket_name',
    ]);
  });
});

describe('state.s3.accountId', () => {
  test('names the state account when there is no state role', () => {
    const config = withState({
      backend: 's3',
      s3: { bucket: 'acme-ldm-tfstate', region: 'eu-west-1', accountId: '444444444444' },
    });
    expect(stateBootstrapTarget(config.state).accountId).toBe('444444444444');
  });

  test('wins over the account of the state role', () => {
    const config = withState({ ...S3_STATE, s3: { ...S3_STATE.s3, accountId: '444444444444' } });
    expect(stateBootstrapTarget(config.state).accountId).toBe('444444444444');
  });

  test('fails if it is not a 12-digit account id', () => {
    expect(
      problemsOf(() => withState({ ...S3_STATE, s3: { ...S3_STATE.s3, accountId: '2222' } })),
    ).toEqual([
      `state.s3.accountId: got '2222', expected a 12-digit AWS account id as a quoted string (for example "111111111111")`,
    ]);
  });
});

describe('stateBootstrapTarget', () => {
  test('fails if state is local: there is no bucket to create', () => {
    expect(problemsOf(() => stateBootstrapTarget(withState({ backend: 'local' }).state))).toEqual([
      "state.backend is 'local': bootstrap creates the S3 bucket of state.backend s3; set state.backend: s3 and state.s3 { bucket, region, accountId } first",
    ]);
  });

  test('fails if neither accountId nor roleArn names the state account', () => {
    const config = withState({
      backend: 's3',
      s3: { bucket: 'acme-ldm-tfstate', region: 'eu-west-1' },
    });
    expect(problemsOf(() => stateBootstrapTarget(config.state))).toEqual([
      'state.s3.accountId: required by bootstrap (the account that holds the state bucket), unless state.s3.roleArn names that account',
    ]);
  });
});

import { iamNoAdminManagedPolicy } from '../../../../lib/policy/rules/LDM-IAM-005';
import { iamNoServiceWildcard } from '../../../../lib/policy/rules/LDM-IAM-002';
import { iamNoWildcardAction } from '../../../../lib/policy/rules/LDM-IAM-001';
import { iamNoWildcardPrincipal } from '../../../../lib/policy/rules/LDM-IAM-004';
import {
  iamNoWildcardResource,
  isWildcardResource,
} from '../../../../lib/policy/rules/LDM-IAM-003';
import { kmsRotation } from '../../../../lib/policy/rules/LDM-KMS-001';
import { broken, check, fixture, policy, stackWith } from './helpers';

const S3_POLICY = 'aws_iam_role_policy.migrator-s3-policy';

/** The security fixture with one more statement in the migrator's S3 policy. */
function withS3Statement(statement: object): any {
  return broken('security', (s) => {
    const p = s.resource.aws_iam_role_policy['migrator-s3-policy'];
    const doc = JSON.parse(p.policy);
    doc.Statement.push(statement);
    p.policy = JSON.stringify(doc);
  });
}

describe('LDM-IAM-001 no "*" action', () => {
  test('passes listed actions, in JSON, jsonencode and data source documents', () => {
    expect(check(iamNoWildcardAction, fixture('security'))).toEqual([]);
    expect(check(iamNoWildcardAction, fixture('network'))).toEqual([]);
  });

  test('fails Action "*" and an Allow with NotAction', () => {
    const json = withS3Statement({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b' });
    json.resource.aws_iam_policy['migrator-glue-policy'].policy = policy({
      Effect: 'Allow',
      NotAction: 'iam:*',
      Resource: 'arn:aws:glue:eu-west-1:111111111111:catalog',
    });
    expect(check(iamNoWildcardAction, json)).toEqual([
      {
        resource: 'aws_iam_policy.migrator-glue-policy',
        detail: 'policy statement 1: Allow with NotAction',
      },
      { resource: S3_POLICY, detail: 'policy statement 4: allows Action "*"' },
    ]);
  });

  test('finds "*" inside a jsonencode(...) policy', () => {
    const json = broken('security', (s) => {
      s.resource.aws_iam_role_policy['migrator-kms-policy'].policy =
        '${jsonencode({"Statement" = [{"Effect" = "Allow", "Action" = "*", "Resource" = aws_kms_key.data-key.arn}]})}';
    });
    expect(check(iamNoWildcardAction, json)).toEqual([
      {
        resource: 'aws_iam_role_policy.migrator-kms-policy',
        detail: 'policy statement 1: allows Action "*"',
      },
    ]);
  });

  test('ignores Deny statements', () => {
    expect(
      check(iamNoWildcardAction, withS3Statement({ Effect: 'Deny', Action: '*', Resource: '*' })),
    ).toEqual([]);
  });

  test('warns (cannot verify) on a policy, or actions, only known at plan time', () => {
    const json = broken('security', (s) => {
      s.resource.aws_iam_role_policy['migrator-kms-policy'].policy = '${local.kms_policy}';
      s.resource.aws_iam_policy['migrator-glue-policy'].policy = policy({
        Effect: 'Allow',
        Action: '${local.glue_actions}',
        Resource: 'arn:aws:glue:eu-west-1:111111111111:catalog',
      });
    });
    expect(check(iamNoWildcardAction, json)).toEqual([
      {
        resource: 'aws_iam_policy.migrator-glue-policy',
        detail: 'policy statement 1: cannot verify actions ${local.glue_actions}',
        severity: 'warning',
      },
      {
        resource: 'aws_iam_role_policy.migrator-kms-policy',
        detail: 'cannot verify policy: ${local.kms_policy} is only known at plan time',
        severity: 'warning',
      },
    ]);
  });
});

describe('LDM-IAM-002 no service wildcards', () => {
  test('passes exact actions', () => {
    expect(check(iamNoServiceWildcard, fixture('security'))).toEqual([]);
  });

  test('fails s3:* and partial wildcards such as glue:Get*', () => {
    const json = withS3Statement({
      Effect: 'Allow',
      Action: ['s3:*', 'glue:Get*', 's3:GetObject'],
      Resource: 'arn:aws:s3:::b',
    });
    expect(check(iamNoServiceWildcard, json)).toEqual([
      { resource: S3_POLICY, detail: 'policy statement 4: allows s3:*, glue:Get*' },
    ]);
  });

  test('fails a wildcard in a role inline_policy block', () => {
    const json = stackWith({
      aws_iam_role: {
        r: {
          assume_role_policy: policy(),
          inline_policy: [
            {
              name: 'a',
              policy: policy({
                Effect: 'Allow',
                Action: 'kms:*',
                Resource: 'arn:aws:kms:eu-west-1:111111111111:key/k',
              }),
            },
          ],
        },
      },
    });
    expect(check(iamNoServiceWildcard, json)).toEqual([
      { resource: 'aws_iam_role.r', detail: 'inline_policy[0].policy statement 1: allows kms:*' },
    ]);
  });
});

describe('LDM-IAM-003 no "*" resources beyond the allowed actions', () => {
  test('passes scoped resources, and s3:ListAllMyBuckets on "*"', () => {
    expect(check(iamNoWildcardResource, fixture('security'))).toEqual([]);
    expect(check(iamNoWildcardResource, fixture('network'))).toEqual([]);
  });

  test('fails other actions on "*" and on ARNs that are all wildcard', () => {
    const json = withS3Statement({
      Effect: 'Allow',
      Action: ['s3:ListAllMyBuckets', 's3:GetObject'],
      Resource: ['*', 'arn:aws:s3:::*/*'],
    });
    expect(check(iamNoWildcardResource, json)).toEqual([
      {
        resource: S3_POLICY,
        detail: 'policy statement 4: allows s3:GetObject on *, arn:aws:s3:::*/*',
      },
    ]);
    expect(
      ['arn:aws:s3:::*', 'arn:aws:glue:eu-west-1:111111111111:*'].every(isWildcardResource),
    ).toBe(true);
    expect(
      ['arn:aws:glue:eu-west-1:111111111111:table/sales/*', '${aws_kms_key.k.arn}'].some(
        isWildcardResource,
      ),
    ).toBe(false);
  });

  test('fails an Allow with NotResource', () => {
    const json = withS3Statement({
      Effect: 'Allow',
      Action: 's3:GetObject',
      NotResource: 'arn:aws:s3:::secret/*',
    });
    expect(check(iamNoWildcardResource, json)).toEqual([
      { resource: S3_POLICY, detail: 'policy statement 4: Allow with NotResource' },
    ]);
  });

  test('does not apply to key policies, whose "*" means the key itself', () => {
    expect(check(iamNoWildcardResource, fixture('security')).map((v) => v.resource)).not.toContain(
      'aws_kms_key.data-key',
    );
  });
});

describe('LDM-IAM-004 no "*" principal in trust, key and resource policies', () => {
  test('passes named principals, and Deny statements for "*" (TLS-only bucket policies)', () => {
    expect(check(iamNoWildcardPrincipal, fixture('security'))).toEqual([]);
    expect(check(iamNoWildcardPrincipal, fixture('storage'))).toEqual([]);
  });

  test('fails a trust policy that lets any AWS account assume the role (data source)', () => {
    const json = broken('security', (s) => {
      s.data.aws_iam_policy_document['migrator-trust'].statement[0].principals = [
        { type: 'AWS', identifiers: ['*'] },
      ];
    });
    expect(check(iamNoWildcardPrincipal, json)).toEqual([
      {
        resource: 'aws_iam_role.migrator-role',
        detail: 'assume_role_policy statement 1: allows principal AWS: *',
      },
    ]);
  });

  test('fails a key policy for anyone and a bucket policy for every account', () => {
    const security = broken('security', (s) => {
      s.resource.aws_kms_key['data-key'].policy = policy({
        Effect: 'Allow',
        Principal: '*',
        Action: 'kms:Decrypt',
        Resource: '*',
      });
    });
    const storage = broken('storage', (s) => {
      s.resource.aws_s3_bucket_policy['target-bucket-policy'].policy = policy({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::*:root' },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::b/*',
      });
    });
    expect([
      ...check(iamNoWildcardPrincipal, security),
      ...check(iamNoWildcardPrincipal, storage),
    ]).toEqual([
      { resource: 'aws_kms_key.data-key', detail: 'policy statement 1: allows principal *' },
      {
        resource: 'aws_s3_bucket_policy.target-bucket-policy',
        detail: 'policy statement 1: allows principal AWS: arn:aws:iam::*:root',
      },
    ]);
  });

  test('fails an Allow with NotPrincipal', () => {
    const json = broken('security', (s) => {
      s.resource.aws_kms_key['data-key'].policy = policy({
        Effect: 'Allow',
        NotPrincipal: { AWS: 'arn:aws:iam::111111111111:root' },
        Action: 'kms:Decrypt',
        Resource: '*',
      });
    });
    expect(check(iamNoWildcardPrincipal, json)).toEqual([
      { resource: 'aws_kms_key.data-key', detail: 'policy statement 1: Allow with NotPrincipal' },
    ]);
  });

  test('leaves VPC endpoint policies alone: Principal "*" scoped by resource is how they work', () => {
    expect(check(iamNoWildcardPrincipal, fixture('network'))).toEqual([]);
  });
});

describe('LDM-IAM-005 no administrator or full-access managed policies', () => {
  test('passes customer managed policies', () => {
    expect(check(iamNoAdminManagedPolicy, fixture('security'))).toEqual([]);
  });

  test('fails AdministratorAccess, PowerUserAccess and *FullAccess however attached', () => {
    const json = broken('security', (s) => {
      s.resource.aws_iam_role_policy_attachment['migrator-glue-policy-attachment'].policy_arn =
        'arn:aws:iam::aws:policy/AdministratorAccess';
      s.resource.aws_iam_role['migrator-role'].managed_policy_arns = [
        'arn:aws:iam::aws:policy/AmazonS3FullAccess',
        'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
        'arn:aws:iam::aws:policy/PowerUserAccess',
      ];
    });
    expect(check(iamNoAdminManagedPolicy, json)).toEqual([
      {
        resource: 'aws_iam_role_policy_attachment.migrator-glue-policy-attachment',
        detail: 'attaches arn:aws:iam::aws:policy/AdministratorAccess',
      },
      {
        resource: 'aws_iam_role.migrator-role',
        detail: 'attaches arn:aws:iam::aws:policy/AmazonS3FullAccess',
      },
      {
        resource: 'aws_iam_role.migrator-role',
        detail: 'attaches arn:aws:iam::aws:policy/PowerUserAccess',
      },
    ]);
  });
});

describe('LDM-KMS-001 key rotation', () => {
  test('passes a rotating key', () => {
    expect(check(kmsRotation, fixture('security'))).toEqual([]);
  });

  test('fails a symmetric key without rotation; asymmetric keys cannot rotate and are skipped', () => {
    const json = broken('security', (s) => {
      s.resource.aws_kms_key['data-key'].enable_key_rotation = false;
      s.resource.aws_kms_key['signing-key'] = {
        customer_master_key_spec: 'RSA_2048',
        key_usage: 'SIGN_VERIFY',
      };
    });
    expect(check(kmsRotation, json)).toEqual([
      { resource: 'aws_kms_key.data-key', detail: 'enable_key_rotation is not true' },
    ]);
  });
});

/**
 * lib/access/harness.ts: what the validator catches, and how the simulator's known limits are
 * handled (nothing derived from the principal, dropped encryption-context keys, Terraform
 * leftovers that would match everything).
 */
import {
  type SimulationInput,
  simulate,
  terraformInterpolations,
  validateDocument,
} from '../../lib/access/harness';
import { AccessHarnessError } from '../../lib/access/types';

const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const codes = async (d: object, kind: 'identity' | 'trust' | 'resource' | 'endpoint') =>
  (await validateDocument(d, kind)).map((f) => `${f.severity} ${f.code}`);

const ROLE = 'arn:aws:iam::111111111111:role/ldm-sandbox-migrator';
const SESSION = 'arn:aws:sts::111111111111:assumed-role/ldm-sandbox-migrator/ldm';
const KEY = 'arn:aws:kms:eu-west-1:111111111111:key/data-key';
const BUCKET = 'arn:aws:s3:::ldm-sandbox-data';

describe('validateDocument', () => {
  test('passes a well-formed least-privilege policy', async () => {
    const d = doc(
      { Sid: 'Objects', Effect: 'Allow', Action: ['s3:GetObject'], Resource: `${BUCKET}/*` },
      {
        Sid: 'Key',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: KEY,
        Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
      },
    );
    expect(await validateDocument(d, 'identity')).toEqual([]);
  });

  test('fails a misspelt action, which the simulator itself would ignore', async () => {
    expect(
      await codes(doc({ Effect: 'Allow', Action: 's3:PutObjcet', Resource: '*' }), 'identity'),
    ).toContain('error unknown-action');
  });

  test('fails an unknown service and a wildcard that matches nothing', async () => {
    expect(
      await codes(doc({ Effect: 'Allow', Action: 's4:GetObject', Resource: '*' }), 'identity'),
    ).toEqual(['error unknown-service']);
    expect(
      await codes(doc({ Effect: 'Allow', Action: 's3:Fly*', Resource: '*' }), 'identity'),
    ).toEqual(['error action-pattern-matches-nothing']);
  });

  test('fails a misspelt condition key, and a service key its action never gets', async () => {
    const typo = doc({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: `${BUCKET}/*`,
      Condition: { StringEquals: { 'aws:SoruceVpce': 'vpce-1' } },
    });
    expect(await codes(typo, 'identity')).toEqual(['error unknown-condition-key']);
    const wrongService = doc({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: `${BUCKET}/*`,
      Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
    });
    expect(await codes(wrongService, 'identity')).toEqual(['error condition-key-not-applicable']);
  });

  test("fails an ARN that is none of the action's resource types", async () => {
    const d = doc({ Effect: 'Allow', Action: 's3:ListBucket', Resource: `${BUCKET}/*` });
    expect(await codes(d, 'identity')).toContain('error action-without-matching-resource');
    const star = doc({ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: BUCKET });
    expect(await codes(star, 'identity')).toContain('error wildcard-only-action-needs-star');
  });

  test('fails a Terraform interpolation left in the document', async () => {
    const d = doc({
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: '${aws_kms_key.data-key.arn}',
    });
    expect(await codes(d, 'identity')).toContain('error terraform-interpolation');
  });

  test('checks the structure each kind requires', async () => {
    const withPrincipal = doc({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: '*',
    });
    expect(await codes(withPrincipal, 'identity')).toEqual(['error structure']);
    const endpoint = doc({
      Effect: 'Allow',
      Principal: { AWS: ROLE },
      Action: 's3:*',
      Resource: '*',
    });
    expect(await codes(endpoint, 'endpoint')).toEqual(['error structure']);
    const trust = doc({
      Effect: 'Allow',
      Principal: { Service: 'ec2.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Resource: '*',
    });
    expect(await codes(trust, 'trust')).toEqual(['error structure']);
  });

  test('warns about a resource policy naming another resource', async () => {
    const d = doc({
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::other/*',
    });
    expect(await validateDocument(d, 'resource', [BUCKET, `${BUCKET}/*`])).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'resource-not-this-resource' }),
    ]);
  });
});

describe('terraformInterpolations', () => {
  test('finds references but not IAM policy variables or escaped ones', () => {
    expect(
      terraformInterpolations({
        a: '${aws_kms_key.data-key.arn}',
        b: ['arn:aws:s3:::b/${aws:username}', '$${aws_iam_role.x.arn}', '${*}'],
      }),
    ).toEqual([{ path: 'a', expression: '${aws_kms_key.data-key.arn}' }]);
  });
});

describe('simulate', () => {
  const identity = {
    name: 'role policy',
    document: doc(
      { Sid: 'Objects', Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/*` },
      {
        Sid: 'ReadParameters',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: KEY,
        Condition: {
          StringEquals: {
            'kms:ViaService': 'ssm.eu-west-1.amazonaws.com',
            'kms:EncryptionContext:PARAMETER_ARN': 'arn:aws:ssm:eu-west-1:111111111111:parameter/p',
          },
        },
      },
    ),
  };
  const endpoint = {
    name: 'endpoint policy',
    id: 'vpce-1',
    document: doc({
      Sid: 'Account',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalAccount': '111111111111' } },
    }),
  };
  const get: SimulationInput = {
    principal: { arn: SESSION },
    action: 's3:GetObject',
    resource: `${BUCKET}/file`,
    resourceAccount: '111111111111',
    context: { 'aws:SecureTransport': 'true', 'aws:SourceVpce': 'vpce-1' },
    identityPolicies: [identity],
    endpoint,
  };

  test('derives the principal keys the endpoint policy reads, and cites the statements', async () => {
    expect(await simulate(get)).toEqual({
      decision: 'Allowed',
      decidedBy: [
        expect.objectContaining({ policyType: 'identity', policy: 'role policy', sid: 'Objects' }),
        expect.objectContaining({
          policyType: 'endpoint',
          policy: 'endpoint policy',
          sid: 'Account',
        }),
      ],
      nearMisses: [],
    });
    const outsider = await simulate({
      ...get,
      principal: { arn: 'arn:aws:iam::999999999999:role/intruder' },
      identityPolicies: [
        { name: 'admin', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) },
      ],
    });
    expect(outsider.decision).toBe('ImplicitlyDenied');
  });

  test('keeps the kms:EncryptionContext keys the simulator would drop', async () => {
    const decrypt = (parameter: string) =>
      simulate({
        principal: { arn: SESSION },
        action: 'kms:Decrypt',
        resource: KEY,
        resourceAccount: '111111111111',
        context: {
          'kms:ViaService': 'ssm.eu-west-1.amazonaws.com',
          'kms:EncryptionContext:PARAMETER_ARN': parameter,
        },
        identityPolicies: [identity],
        resourcePolicy: {
          name: 'key policy',
          kind: 'resource',
          document: doc({
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::111111111111:root' },
            Action: 'kms:*',
            Resource: '*',
          }),
        },
      });
    expect((await decrypt('arn:aws:ssm:eu-west-1:111111111111:parameter/p')).decision).toBe(
      'Allowed',
    );
    const other = await decrypt('arn:aws:ssm:eu-west-1:111111111111:parameter/other');
    expect(other.decision).toBe('ImplicitlyDenied');
    expect(other.nearMisses).toEqual([
      expect.objectContaining({
        sid: 'ReadParameters',
        failedConditions: ['StringEquals kms:EncryptionContext:PARAMETER_ARN'],
      }),
    ]);
  });

  test('fails loudly on a context key the simulator would ignore', async () => {
    await expect(
      simulate({
        ...get,
        context: { ...get.context, 's3:x-amz-server-side-encryption': 'AES256' },
      }),
    ).rejects.toThrow(/ignores the context keys s3:x-amz-server-side-encryption/);
  });

  test('refuses a Terraform leftover, which would otherwise match everything', async () => {
    const leftover = {
      name: 'leftover',
      document: doc({
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: '${aws_s3_bucket.b.arn}/*',
      }),
    };
    await expect(simulate({ ...get, identityPolicies: [leftover] })).rejects.toThrow(
      AccessHarnessError,
    );
  });

  test('refuses a wildcard resource and an endpoint the request does not come through', async () => {
    await expect(simulate({ ...get, resource: `${BUCKET}/*` })).rejects.toThrow(
      /one concrete resource/,
    );
    await expect(simulate({ ...get, context: { 'aws:SecureTransport': 'true' } })).rejects.toThrow(
      /aws:SourceVpce/,
    );
  });

  test('evaluates a trust policy for a service principal on its own', async () => {
    const result = await simulate({
      principal: { service: 'rolesanywhere.amazonaws.com' },
      action: 'sts:AssumeRole',
      resource: ROLE,
      resourceAccount: '111111111111',
      context: { 'aws:SourceArn': 'arn:aws:rolesanywhere:eu-west-1:111111111111:trust-anchor/a' },
      identityPolicies: [],
      resourcePolicy: {
        name: 'trust',
        kind: 'trust',
        document: doc({
          Sid: 'Anchor',
          Effect: 'Allow',
          Principal: { Service: 'rolesanywhere.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            ArnEquals: {
              'aws:SourceArn': 'arn:aws:rolesanywhere:eu-west-1:111111111111:trust-anchor/a',
            },
          },
        }),
      },
    });
    expect(result.decidedBy).toEqual([
      expect.objectContaining({ policyType: 'trust', sid: 'Anchor' }),
    ]);
  });
});

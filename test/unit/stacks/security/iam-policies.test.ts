/** stacks/security: policy documents, the least-privilege audit, security group rules, the CA reader. */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkStack } from '../../../../lib/policy/engine';
import { PACK } from '../../../../lib/policy/rules';
import {
  assumeRoleTrustPolicy,
  dataKeyPolicy,
  GLUE_ACTIONS,
  HOST_MANAGEMENT_ACTIONS,
  hostManagementPolicy,
  KEY_ADMIN_ACTIONS,
  KEY_USE_THROUGH_SERVICES_ACTIONS,
  KEY_USE_THROUGH_EBS_ACTIONS,
  CATALOG_READER_KEY_ACTIONS,
  KMS_ACTIONS,
  MANAGED_POLICY_MAX_CHARS,
  migratorGluePolicies,
  migratorS3Policy,
  rolesAnywhereTrustPolicy,
  S3_ACTIONS,
  TRUST_ACTIONS,
} from '../../../../stacks/security/policies';
import { awsScope } from '../../../../lib/core/arns';
import {
  DESCRIPTION_PATTERN,
  Peers,
  ruleSpec,
} from '../../../../lib/constructs/security-group-rules';
import { parseCaCertificate } from '../../../../stacks/security/ca-certificate';
import { parseCrl } from '../../../../stacks/security/crl';
import { Ports, sourceClusterPort } from '../../../../lib/core/ports';
import { Expect } from '../../../../lib/core/errors';
import { CONFIG_DIR, ROOT } from '../../../support/synth';

const scope = awsScope('eu-west-1', '111111111111');
const allow = (statement: object) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', ...statement }],
});

/**
 * The policy pack's IAM rules over one document, as the rules find it on a resource of its kind:
 * `<rule id>: <detail>` per finding.
 */
function broadGrants(doc: object, kind: 'identity' | 'trust' | 'key'): string[] {
  const [type, attribute] =
    kind === 'identity'
      ? ['aws_iam_policy', 'policy']
      : kind === 'trust'
        ? ['aws_iam_role', 'assume_role_policy']
        : ['aws_kms_key', 'policy'];
  const json = { resource: { [type]: { doc: { [attribute]: JSON.stringify(doc) } } } };
  const iamRules = PACK.filter((r) => r.id.startsWith('LDM-IAM-'));
  return checkStack({ id: 'fx', json }, iamRules).map((f) => `${f.rule}: ${f.detail}`);
}

describe('least-privilege audit (the policy pack, one document at a time)', () => {
  test.each([
    [
      'a * action',
      { Sid: 'A', Action: '*', Resource: 'arn:aws:s3:::b' },
      'LDM-IAM-001: policy statement 1: allows Action "*"',
    ],
    [
      'a service wildcard',
      { Sid: 'A', Action: ['s3:*'], Resource: 'arn:aws:s3:::b' },
      'LDM-IAM-002: policy statement 1: allows s3:*',
    ],
    [
      'a partial wildcard',
      { Sid: 'A', Action: ['kms:Describe*'], Resource: 'arn:aws:kms:::k' },
      'LDM-IAM-002: policy statement 1: allows kms:Describe*',
    ],
    [
      'a * resource',
      { Sid: 'A', Action: ['s3:GetObject'], Resource: '*' },
      'LDM-IAM-003: policy statement 1: allows s3:GetObject on *',
    ],
    [
      'NotAction',
      { Sid: 'A', NotAction: ['iam:*'], Resource: 'arn:aws:s3:::b' },
      'LDM-IAM-001: policy statement 1: Allow with NotAction',
    ],
    [
      'NotResource',
      { Sid: 'A', Action: ['s3:GetObject'], NotResource: 'arn:aws:s3:::b' },
      'LDM-IAM-003: policy statement 1: Allow with NotResource',
    ],
  ])('flags %s in an identity policy', (_what, statement, finding) => {
    expect(broadGrants(allow(statement), 'identity')).toContain(finding);
  });

  test.each([
    ['a * principal', '*'],
    ['an AWS * principal', { AWS: ['*'] }],
  ])('flags %s in a key policy', (_what, principal) => {
    const statement = { Sid: 'K', Principal: principal, Action: ['kms:Decrypt'], Resource: '*' };
    expect(broadGrants(allow(statement), 'key')).toEqual([
      expect.stringMatching(/^LDM-IAM-004: policy statement 1: allows principal/),
    ]);
  });

  test('passes s3:ListAllMyBuckets on *, the one action without a resource', () => {
    expect(
      broadGrants(allow({ Action: ['s3:ListAllMyBuckets'], Resource: '*' }), 'identity'),
    ).toEqual([]);
  });

  test('fails a * resource shared by s3:ListAllMyBuckets and anything else', () => {
    expect(
      broadGrants(
        allow({ Sid: 'A', Action: ['s3:ListAllMyBuckets', 's3:ListBucket'], Resource: '*' }),
        'identity',
      ),
    ).toEqual(['LDM-IAM-003: policy statement 1: allows s3:ListBucket on *']);
  });

  test("accepts a key policy's Resource *, which means the key itself, but never a * principal", () => {
    const key = {
      Sid: 'K',
      Principal: { AWS: 'arn:aws:iam::111111111111:root' },
      Action: ['kms:Decrypt'],
      Resource: '*',
    };
    expect(broadGrants(allow(key), 'key')).toEqual([]);
    expect(broadGrants(allow({ ...key, Principal: { AWS: '*' } }), 'key')).toHaveLength(1);
  });

  test('ignores Deny statements, which only take away', () => {
    expect(
      broadGrants({ Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }, 'identity'),
    ).toEqual([]);
  });

  test('passes every document the policy builders make', () => {
    const docs: [object, 'identity' | 'trust' | 'key'][] = [
      [
        dataKeyPolicy({
          scope,
          migratorRoleArn: 'arn:aws:iam::111111111111:role/r',
          migratorServices: ['s3', 'glue'],
          ebsVolumes: true,
        }),
        'key',
      ],
      [migratorS3Policy(scope, 'bucket'), 'identity'],
      [hostManagementPolicy(scope, '/ldm/sandbox/migrator-hosts'), 'identity'],
      ...migratorGluePolicies({ ...scope, catalogId: '111111111111' }, ['sales']).map(
        (d) => [d, 'identity'] as [object, 'identity'],
      ),
      [
        rolesAnywhereTrustPolicy('arn:aws:rolesanywhere:eu-west-1:111111111111:trust-anchor/x', []),
        'trust',
      ],
      [assumeRoleTrustPolicy(['arn:aws:iam::222222222222:role/x'], 'id-123', {}), 'trust'],
    ];
    for (const [doc, kind] of docs) expect(broadGrants(doc, kind)).toEqual([]);
  });
});

describe('policy documents', () => {
  test('the S3 policy names the target bucket and its objects, and * only for ListAllMyBuckets', () => {
    expect(migratorS3Policy(scope, 'my-bucket').Statement).toEqual([
      { Sid: 'ListAllBuckets', Effect: 'Allow', Action: ['s3:ListAllMyBuckets'], Resource: '*' },
      {
        Sid: 'TargetBucket',
        Effect: 'Allow',
        Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
        Resource: 'arn:aws:s3:::my-bucket',
      },
      {
        Sid: 'TargetObjects',
        Effect: 'Allow',
        Action: [
          's3:GetObject',
          's3:PutObject',
          's3:DeleteObject',
          's3:AbortMultipartUpload',
          's3:ListMultipartUploadParts',
        ],
        Resource: 'arn:aws:s3:::my-bucket/*',
      },
    ]);
  });

  test('ARNs and KMS service names follow the partition', () => {
    const cn = awsScope('cn-north-1', '111111111111');
    expect(migratorS3Policy(cn, 'b').Statement[1]!.Resource).toBe('arn:aws-cn:s3:::b');
    const key = dataKeyPolicy({ scope: cn, migratorRoleArn: 'r', migratorServices: ['s3'] });
    expect(key.Statement[2]!.Condition).toEqual({
      StringEquals: { 'kms:ViaService': ['s3.cn-north-1.amazonaws.com.cn'] },
    });
  });

  test('Glue permissions: none without databases, and every database exactly once however many', () => {
    const ref = { partition: 'aws', region: 'ap-southeast-2', catalogId: '111111111111' };
    expect(migratorGluePolicies(ref, [])).toEqual([]);
    const names = Array.from({ length: 60 }, (_, i) => `database_number_${i}`);
    const docs = migratorGluePolicies(ref, names);
    expect(docs.length).toBeGreaterThan(1);
    for (const doc of docs)
      expect(JSON.stringify(doc).length).toBeLessThanOrEqual(MANAGED_POLICY_MAX_CHARS);
    const covered = docs.flatMap((d) =>
      (d.Statement.find((st) => st.Sid === 'GlueDatabases')!.Resource as string[]).filter((r) =>
        r.includes(':database/'),
      ),
    );
    expect(covered).toEqual(
      names.map((n) => `arn:aws:glue:ap-southeast-2:111111111111:database/${n}`),
    );
  });

  test('Glue permissions: the client may look up the `default` database, and do nothing else there', () => {
    const ref = { partition: 'aws', region: 'eu-west-1', catalogId: '111111111111' };
    const names = Array.from({ length: 60 }, (_, i) => `database_number_${i}`);
    const lookups = migratorGluePolicies(ref, names).flatMap((d) =>
      d.Statement.filter((st) => JSON.stringify(st.Resource).includes(':database/default')),
    );
    expect(lookups).toEqual([
      {
        Sid: 'GlueDefaultDatabaseLookup',
        Effect: 'Allow',
        Action: ['glue:GetDatabase'],
        Resource: [
          'arn:aws:glue:eu-west-1:111111111111:catalog',
          'arn:aws:glue:eu-west-1:111111111111:database/default',
        ],
      },
    ]);
    // Migrating `default` itself grants it like any configured database, and no lookup on top.
    const [withDefault] = migratorGluePolicies(ref, ['default']);
    expect(withDefault!.Statement.map((st) => st.Sid)).not.toContain('GlueDefaultDatabaseLookup');
  });

  test('assume-role trust merges the external id into the configured conditions', () => {
    const doc = assumeRoleTrustPolicy(['arn:aws:iam::222222222222:role/x'], 'ext-1', {
      StringEquals: { 'aws:PrincipalOrgID': 'o-abc' },
      IpAddress: { 'aws:SourceIp': ['192.168.0.0/16'] },
    });
    expect(doc.Statement[0]!.Condition).toEqual({
      StringEquals: { 'aws:PrincipalOrgID': 'o-abc', 'sts:ExternalId': 'ext-1' },
      IpAddress: { 'aws:SourceIp': ['192.168.0.0/16'] },
    });
  });
});

describe('docs/security.md', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'security.md'), 'utf8');
  const tables = [
    S3_ACTIONS.account,
    S3_ACTIONS.bucket,
    S3_ACTIONS.objects,
    KMS_ACTIONS.throughServices,
    KMS_ACTIONS.direct,
    GLUE_ACTIONS.databases,
    GLUE_ACTIONS.tables,
    GLUE_ACTIONS.functions,
    GLUE_ACTIONS.defaultDatabase,
    HOST_MANAGEMENT_ACTIONS.instance,
    HOST_MANAGEMENT_ACTIONS.sessionChannels,
    HOST_MANAGEMENT_ACTIONS.commandMessages,
    HOST_MANAGEMENT_ACTIONS.logs,
    KEY_ADMIN_ACTIONS,
    KEY_USE_THROUGH_SERVICES_ACTIONS,
    KEY_USE_THROUGH_EBS_ACTIONS.volumes,
    KEY_USE_THROUGH_EBS_ACTIONS.grants,
    CATALOG_READER_KEY_ACTIONS,
    TRUST_ACTIONS.ec2,
    TRUST_ACTIONS.rolesAnywhere,
    TRUST_ACTIONS.assumeRole,
  ];

  // A table row `| `action` | reason |`, however prettier pads the columns.
  const row = (...cells: string[]) =>
    new RegExp(
      `^\\|${cells.map((c) => ` *${c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} *`).join('\\|')}\\|`,
      'm',
    );

  test('lists every IAM action the layer grants, with the reason the code gives', () => {
    const missing = tables
      .flatMap((t) => Object.entries(t))
      .filter(([action, reason]) => !row(`\`${action}\``, reason).test(doc))
      .map(([action]) => action);
    expect(missing).toEqual([]);
  });

  test('lists every port of the catalogue', () => {
    const missing = Object.values(Ports).filter(
      (p) => !new RegExp(`^\\| *${p.port} *\\|`, 'm').test(doc),
    );
    expect(missing).toEqual([]);
  });
});

describe('security group rules', () => {
  const host = { id: 'sg-host', key: 'migrator-host' };

  test('one rule per peer, on exactly the catalogue port, saying which entry and whom it admits', () => {
    expect(
      ruleSpec(host, 'inbound', Ports.LDM_API, Peers.cidrs(['192.168.10.0/24'], 'adminCidrs')[0]!),
    ).toEqual({
      constructId: 'migrator-host-in-18080-from-192-168-10-0-24',
      args: {
        description: 'LiveData Migrator REST API, from adminCidrs',
        ipProtocol: 'tcp',
        fromPort: 18080,
        toPort: 18080,
        cidrIpv4: '192.168.10.0/24',
      },
    });
    expect(
      ruleSpec(host, 'outbound', Ports.HTTPS, Peers.prefixList('pl-1', 's3', 'S3')).args,
    ).toMatchObject({
      prefixListId: 'pl-1',
      fromPort: 443,
      toPort: 443,
    });
  });

  test('a UDP rule says its protocol in its id; TCP ids stay as they always were', () => {
    const [onPrem] = Peers.cidrs(['192.168.0.0/16'], 'onPremCidrs');
    expect(ruleSpec(host, 'outbound', sourceClusterPort(88, 'udp'), onPrem!)).toEqual({
      constructId: 'migrator-host-out-88-udp-to-192-168-0-0-16',
      args: {
        description:
          'Source Hadoop cluster port 88/udp (migrator.sourceClusterPorts), to onPremCidrs',
        ipProtocol: 'udp',
        fromPort: 88,
        toPort: 88,
        cidrIpv4: '192.168.0.0/16',
      },
    });
    expect(ruleSpec(host, 'outbound', sourceClusterPort(88), onPrem!).constructId).toBe(
      'migrator-host-out-88-to-192-168-0-0-16',
    );
    expect(ruleSpec(host, 'inbound', Ports.DNS_UDP, onPrem!).constructId).toBe(
      'migrator-host-in-53-udp-from-192-168-0-0-16',
    );
    expect(ruleSpec(host, 'inbound', Ports.DNS_TCP, onPrem!).constructId).toBe(
      'migrator-host-in-53-from-192-168-0-0-16',
    );
  });

  test.each(['0.0.0.0/0', '::/0'])('refuses %s as a peer in either direction', (anywhere) => {
    const [peer] = Peers.cidrs([anywhere], 'adminCidrs');
    expect(() => ruleSpec(host, 'inbound', Ports.UI, peer!)).toThrow(/Peers.internet/);
    expect(() => ruleSpec(host, 'outbound', Ports.HTTPS, peer!)).toThrow(/Peers.internet/);
  });

  test('opens the internet for egress only, naming the relaxation', () => {
    const internet = Peers.internet('allowInternetHttps');
    expect(() => ruleSpec(host, 'inbound', Ports.HTTPS, internet)).toThrow(/from the internet/);
    expect(ruleSpec(host, 'outbound', Ports.HTTPS, internet).args).toMatchObject({
      cidrIpv4: '0.0.0.0/0',
      description: 'HTTPS to AWS APIs (S3, Glue, STS, KMS), to the internet (allowInternetHttps)',
    });
  });

  test('every description is one EC2 accepts', () => {
    const peers = [
      ...Peers.cidrs(['192.168.0.0/16'], 'onPremCidrs'),
      Peers.securityGroup(host, 'the migrator host'),
      Peers.prefixList('pl-1', 's3', 'the S3 gateway endpoint'),
    ];
    for (const port of [
      ...Object.values(Ports),
      sourceClusterPort(65535),
      sourceClusterPort(65535, 'udp'),
    ]) {
      for (const peer of peers) {
        expect(ruleSpec(host, 'outbound', port, peer).args.description).toMatch(
          DESCRIPTION_PATTERN,
        );
      }
    }
  });
});

describe('CA certificate', () => {
  const example = readFileSync(join(CONFIG_DIR, 'certs', 'example-ca.pem'), 'utf8');
  const certificate = /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.exec(
    example,
  )![0];
  // A self-signed leaf (basic constraints CA:FALSE), made for these tests; its key was discarded.
  const leaf = readFileSync(join(ROOT, 'test', 'fixtures', 'certs', 'leaf-not-ca.pem'), 'utf8');

  test('the example CA is a CA; only its certificate block is kept', () => {
    expect(parseCaCertificate(example)).toEqual({ pem: `${certificate}\n` });
  });

  test('fails a leaf certificate, naming its subject', () => {
    expect(parseCaCertificate(leaf)).toEqual({
      problem: Expect.caCertificateNotCa('CN=ldm-host.example (leaf\\, test only)'),
    });
  });

  test('fails a file with a private key in it', () => {
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    expect(parseCaCertificate(`${certificate}\n${key}`)).toEqual({
      problem: Expect.caCertificatePrivateKey,
    });
  });

  test('fails two certificates, and text that is not a certificate', () => {
    expect(parseCaCertificate(`${certificate}\n${certificate}\n`)).toEqual({
      problem: Expect.caCertificateOne(2),
    });
    expect(parseCaCertificate('hello')).toEqual({ problem: Expect.caCertificatePem });
    expect(
      parseCaCertificate(
        '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----',
      ),
    ).toEqual({ problem: Expect.caCertificatePem });
  });
});

describe('certificate revocation list', () => {
  const read = (...path: string[]) => readFileSync(join(...path));
  const prodCa = read(CONFIG_DIR, 'certs', 'example-prod-ca.pem').toString();
  const prodCrl = read(CONFIG_DIR, 'certs', 'example-prod-ca.crl.pem');
  const ecCa = read(ROOT, 'test', 'fixtures', 'certs', 'ec-ca.pem').toString();
  const ecCrl = read(ROOT, 'test', 'fixtures', 'certs', 'ec-ca.crl.pem');
  const der = (pem: Buffer) =>
    Buffer.from(/-----BEGIN X509 CRL-----([\s\S]+?)-----END/.exec(pem.toString())![1]!, 'base64');

  test('reads a CRL the CA signed, RSA or ECDSA, from PEM (with text around it) or DER', () => {
    const fromPem = parseCrl(prodCrl, prodCa);
    expect(fromPem).toEqual({ pem: expect.stringMatching(/^-----BEGIN X509 CRL-----\n/) });
    expect(parseCrl(der(prodCrl), prodCa)).toEqual(fromPem);
    expect(parseCrl(ecCrl, ecCa)).toEqual({ pem: expect.stringContaining('BEGIN X509 CRL') });
  });

  test('fails a CRL another CA signed, and one whose signature was tampered with', () => {
    expect(parseCrl(ecCrl, prodCa)).toEqual({
      problem: expect.stringContaining('does not verify'),
    });
    const tampered = der(prodCrl);
    tampered[tampered.length - 1] ^= 0xff;
    expect(parseCrl(tampered, prodCa)).toEqual({
      problem: expect.stringContaining('does not verify'),
    });
  });

  test('fails what is not one CRL', () => {
    expect(parseCrl(Buffer.from(prodCa), prodCa)).toEqual({ problem: Expect.crlPem });
    expect(parseCrl(Buffer.from('not a crl'), prodCa)).toEqual({ problem: Expect.crlPem });
    expect(parseCrl(Buffer.concat([prodCrl, prodCrl]), prodCa)).toEqual({
      problem: Expect.crlOne(2),
    });
  });
});

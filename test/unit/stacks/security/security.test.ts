/** The security stack (`<env>-security`) per placement and credentials mode, and its config rules. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../../lib/app/config';
import type { Config } from '../../../../lib/app/schema';
import { Expect, problem } from '../../../../lib/core/errors';
import { checkStack } from '../../../../lib/policy/engine';
import { PACK } from '../../../../lib/policy/rules';
import {
  CONFIG_DIR,
  configWith,
  onlyResource,
  problemsOf,
  rawEnv,
  resources,
  ROOT,
  synth,
} from '../../../support/synth';

// --- helpers ----------------------------------------------------------------------------------

const ROLE_ARN = '${aws_iam_role.migrator-role.arn}';
const ANCHOR_ARN = '${aws_rolesanywhere_trust_anchor.roles-anywhere-trust-anchor.arn}';
const HOST_SG = '${aws_security_group.migrator-host-sg.id}';
const AGENT_SG = '${aws_security_group.glue-agent-sg.id}';
const FROM_NETWORK_STACK = /^\$\{data\.terraform_remote_state\.[^}]*network[^}]*\}$/;
const ADMIN = '192.168.10.0/24';
const TRUSTED = 'arn:aws:iam::222222222222:role/ldm-host';

/** The security stack of the (only) environment of a config. */
function securityStack(config: Config): any {
  const out = synth(config);
  const id = Object.keys(out.stacks).find((s) => s.endsWith('-security'))!;
  return out.stacks[id];
}

/** The migrator section of the example, raw, to change in place. */
const migrator = (raw: Record<string, any>): Record<string, any> => rawEnv(raw).migrator;

/** Example edits: each credentials mode with its own settings. */
const assumeRole = (raw: Record<string, any>, settings: object = { externalId: 'ldm-7f3a9c' }) => {
  const m = migrator(raw);
  delete m.rolesAnywhere;
  m.credentials = 'assume-role';
  m.assumeRole = { principals: [TRUSTED], ...settings };
};
const ec2 = (raw: Record<string, any>, credentials = 'instance-profile') => {
  const m = migrator(raw);
  m.placement = 'ec2';
  m.adminCidrs = [ADMIN];
  m.credentials = credentials;
  if (credentials !== 'roles-anywhere') delete m.rolesAnywhere;
};

type PolicyKind = 'identity' | 'trust' | 'key';

interface Doc {
  readonly address: string;
  readonly kind: PolicyKind;
  readonly doc: any;
}

/** Every IAM document of a stack, parsed, with how to read it. */
function policyDocuments(stack: any): Doc[] {
  const of = (type: string, attribute: string, kind: PolicyKind): Doc[] =>
    Object.entries(resources(stack, type)).map(([name, r]) => ({
      address: `${type}.${name}`,
      kind,
      doc: JSON.parse(r[attribute]),
    }));
  return [
    ...of('aws_kms_key', 'policy', 'key'),
    ...of('aws_iam_role', 'assume_role_policy', 'trust'),
    ...of('aws_iam_role_policy', 'policy', 'identity'),
    ...of('aws_iam_policy', 'policy', 'identity'),
  ];
}

/** Addresses of every attribute in the stack that holds a JSON policy. */
function policyAttributes(stack: any): string[] {
  return Object.entries<Record<string, any>>(stack.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).flatMap(([name, body]) =>
      Object.entries(body)
        .filter(([key, v]) => /policy$/.test(key) && typeof v === 'string' && v.startsWith('{'))
        .map(() => `${type}.${name}`),
    ),
  );
}

/** The statement with `sid` in a document. */
const statement = (doc: any, sid: string) => doc.Statement.find((s: any) => s.Sid === sid);

interface Rule {
  readonly group: string;
  readonly direction: 'in' | 'out';
  /** A number for TCP, `88/udp` for UDP. */
  readonly port: number | string;
  readonly peer: string;
  readonly description: string;
}

/** Every security group rule of the stack, with its peer as written (CIDR, group or prefix list). */
function rules(stack: any): Rule[] {
  const read = (type: string, direction: 'in' | 'out') =>
    Object.values<any>(resources(stack, type)).map((r) => {
      expect(['tcp', 'udp']).toContain(r.ip_protocol);
      expect(r.to_port).toBe(r.from_port);
      return {
        group: r.security_group_id,
        direction,
        port: r.ip_protocol === 'tcp' ? r.from_port : `${r.from_port}/${r.ip_protocol}`,
        peer: r.cidr_ipv4 ?? r.referenced_security_group_id ?? `prefix-list ${r.prefix_list_id}`,
        description: r.description,
      };
    });
  return [
    ...read('aws_vpc_security_group_ingress_rule', 'in'),
    ...read('aws_vpc_security_group_egress_rule', 'out'),
  ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** The Terraform outputs of a stack that are not cdktf's cross-stack plumbing. */
const namedOutputs = (stack: any) =>
  Object.keys(stack.output ?? {})
    .filter((o) => !o.startsWith('cross-stack-output-'))
    .sort();

// --- the variants -----------------------------------------------------------------------------

const VARIANTS: Record<string, () => Config> = {
  'on-premises, roles-anywhere (the example)': () => configWith(),
  'on-premises, assume-role': () => configWith((raw) => assumeRole(raw)),
  'ec2, instance-profile, remote Glue agent (config/ec2-remote-agent.yaml)': () =>
    loadConfig(join(CONFIG_DIR, 'ec2-remote-agent.yaml')),
  'ec2, roles-anywhere': () => configWith((raw) => ec2(raw, 'roles-anywhere')),
  'ec2, assume-role': () =>
    configWith((raw) => {
      ec2(raw, 'assume-role');
      assumeRole(raw);
    }),
  'on-premises, remote Glue agent, assume-role': () =>
    configWith((raw) => {
      assumeRole(raw);
      migrator(raw).remoteGlueAgent = true;
      migrator(raw).hosts = { glueAgent: { address: 'glue-agent.example.internal' } };
    }),
};
const stacks = Object.fromEntries(
  Object.entries(VARIANTS).map(([name, config]) => [name, securityStack(config())]),
);
const example = stacks['on-premises, roles-anywhere (the example)'];
const ec2Agent = stacks['ec2, instance-profile, remote Glue agent (config/ec2-remote-agent.yaml)'];

// --- tests ------------------------------------------------------------------------------------

describe('security stack: least privilege, in every variant', () => {
  test.each(Object.keys(VARIANTS))('%s: no policy document grants broadly', (variant) => {
    const stack = stacks[variant];
    const docs = policyDocuments(stack);
    // The walk covers every policy the stack has: none can slip past it.
    expect(docs.map((d) => d.address).sort()).toEqual(policyAttributes(stack).sort());
    expect(docs.length).toBeGreaterThanOrEqual(4);
    // The policy pack's IAM rules (no wildcard action, service wildcard, wildcard resource or
    // wildcard principal; no NotAction, NotResource or NotPrincipal in an Allow).
    const iamRules = PACK.filter((r) => r.id.startsWith('LDM-IAM-'));
    expect(checkStack({ id: 'sandbox-security', json: stack }, iamRules)).toEqual([]);
  });

  test.each(Object.keys(VARIANTS))(
    '%s: s3:ListAllMyBuckets (and the SSM agent on instance-profile hosts) is all on *',
    (variant) => {
      const onStar = policyDocuments(stacks[variant])
        .filter((d) => d.kind === 'identity')
        .flatMap((d) => d.doc.Statement)
        .filter((s: any) => [s.Resource].flat().includes('*'))
        .map((s: any) => s.Sid)
        .sort();
      expect(onStar).toEqual([
        'ListAllBuckets',
        ...(variant.includes('instance-profile')
          ? ['RunCommandMessages', 'SessionManagerChannels']
          : []),
      ]);
    },
  );
});

describe('security stack: the data key', () => {
  const key = onlyResource(example, 'aws_kms_key');
  const policy = JSON.parse(key.policy);

  test('lives at a pinned address, rotates, waits 30 days before deletion, cannot be destroyed', () => {
    expect(Object.keys(resources(example, 'aws_kms_key'))).toEqual(['data-key']);
    expect(key).toMatchObject({
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
    expect(resources(example, 'aws_kms_alias')['data-key-alias']).toMatchObject({
      name: 'alias/ldm-sandbox-data',
      target_key_id: '${aws_kms_key.data-key.key_id}',
    });
  });

  test('has no * principal, and names the account and the migrator role only', () => {
    const principals = policy.Statement.map((s: any) => s.Principal);
    expect(principals).toEqual([
      { AWS: 'arn:aws:iam::111111111111:root' },
      { AWS: 'arn:aws:iam::111111111111:root' },
      { AWS: ROLE_ARN },
      { AWS: ROLE_ARN },
    ]);
  });

  test('lets the account administer the key but not use it on data', () => {
    const admin = statement(policy, 'KeyAdministration');
    expect(admin.Condition).toBeUndefined();
    expect(admin.Action).toEqual(
      expect.arrayContaining(['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion']),
    );
    for (const use of [
      'kms:Decrypt',
      'kms:Encrypt',
      'kms:GenerateDataKey',
      'kms:CreateGrant',
      'kms:ReEncryptFrom',
    ]) {
      expect(admin.Action).not.toContain(use);
    }
    expect(admin.Action).not.toContain('kms:DisableKeyRotation');
  });

  test('lets principals of the account use the key only through S3, Glue and SSM', () => {
    expect(statement(policy, 'AccountUseThroughServices')).toEqual({
      Sid: 'AccountUseThroughServices',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:root' },
      Action: ['kms:GenerateDataKey', 'kms:Decrypt', 'kms:Encrypt'],
      Resource: '*',
      Condition: {
        StringEquals: {
          'kms:CallerAccount': '111111111111',
          'kms:ViaService': [
            's3.eu-west-1.amazonaws.com',
            'glue.eu-west-1.amazonaws.com',
            'ssm.eu-west-1.amazonaws.com',
          ],
        },
      },
    });
  });

  test('lets the migrator role use it through S3 and Glue, and SSM only when its host is in AWS', () => {
    const use = (stack: any) =>
      statement(
        JSON.parse(onlyResource(stack, 'aws_kms_key').policy),
        'MigratorRoleUseThroughServices',
      );
    expect(use(example)).toEqual({
      Sid: 'MigratorRoleUseThroughServices',
      Effect: 'Allow',
      Principal: { AWS: ROLE_ARN },
      Action: ['kms:GenerateDataKey', 'kms:Decrypt', 'kms:Encrypt'],
      Resource: '*',
      Condition: {
        StringEquals: {
          'kms:ViaService': ['s3.eu-west-1.amazonaws.com', 'glue.eu-west-1.amazonaws.com'],
        },
      },
    });
    expect(use(ec2Agent).Condition.StringEquals['kms:ViaService']).toEqual([
      's3.eu-west-2.amazonaws.com',
      'glue.eu-west-2.amazonaws.com',
      'ssm.eu-west-2.amazonaws.com',
    ]);
    expect(
      statement(JSON.parse(onlyResource(example, 'aws_kms_key').policy), 'MigratorRoleDescribe'),
    ).toEqual({
      Sid: 'MigratorRoleDescribe',
      Effect: 'Allow',
      Principal: { AWS: ROLE_ARN },
      Action: ['kms:DescribeKey'],
      Resource: '*',
    });
  });

  test('lets EBS use it through EC2 for the account only where the toolkit launches hosts', () => {
    const ebs = (stack: any) =>
      JSON.parse(onlyResource(stack, 'aws_kms_key').policy).Statement.filter((s: any) =>
        s.Sid.includes('Ebs'),
      );
    expect(ebs(example)).toEqual([]);
    const through = {
      'kms:CallerAccount': '333333333333',
      'kms:ViaService': 'ec2.eu-west-2.amazonaws.com',
    };
    expect(ebs(ec2Agent)).toEqual([
      {
        Sid: 'AccountEbsVolumesThroughEc2',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::333333333333:root' },
        Action: [
          'kms:GenerateDataKeyWithoutPlaintext',
          'kms:ReEncryptFrom',
          'kms:ReEncryptTo',
          'kms:Decrypt',
          'kms:DescribeKey',
        ],
        Resource: '*',
        Condition: { StringEquals: through },
      },
      {
        Sid: 'AccountEbsGrantsThroughEc2',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::333333333333:root' },
        Action: ['kms:CreateGrant'],
        Resource: '*',
        Condition: { StringEquals: through, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      },
    ]);
  });

  test('lets cross-account catalog readers decrypt only through Glue, and nobody else outside', () => {
    const withReaders = synth(
      configWith((raw) => {
        rawEnv(raw).catalog.crossAccountReaders = [
          '444444444444',
          'arn:aws:iam::555555555555:role/analytics',
        ];
      }),
    ).stacks['sandbox-security'];
    const keyPolicy = JSON.parse(onlyResource(withReaders, 'aws_kms_key').policy);
    expect(statement(keyPolicy, 'CatalogReadersDecryptThroughGlue')).toEqual({
      Sid: 'CatalogReadersDecryptThroughGlue',
      Effect: 'Allow',
      Principal: {
        AWS: ['arn:aws:iam::444444444444:root', 'arn:aws:iam::555555555555:role/analytics'],
      },
      Action: ['kms:Decrypt'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': 'glue.eu-west-1.amazonaws.com' } },
    });
    expect(policy.Statement.map((s: any) => s.Sid)).not.toContain(
      'CatalogReadersDecryptThroughGlue',
    );
  });
});

describe('security stack: the migrator role', () => {
  const role = resources(example, 'aws_iam_role')['migrator-role'];
  const inline = (stack: any, name: string) =>
    JSON.parse(resources(stack, 'aws_iam_role_policy')[name].policy);

  test('lives at a pinned address, with a one-hour session and no boundary by default', () => {
    expect(role).toMatchObject({ name: 'ldm-sandbox-migrator', max_session_duration: 3600 });
    expect(role.permissions_boundary).toBeUndefined();
    expect(role.inline_policy).toBeUndefined();
    expect(role.managed_policy_arns).toBeUndefined();
  });

  test('takes its permissions boundary and session length from config', () => {
    const stack = securityStack(
      configWith((raw) => {
        migrator(raw).permissionsBoundaryArn = 'arn:aws:iam::111111111111:policy/ldm-boundary';
        migrator(raw).maxSessionDurationSeconds = 7200;
      }),
    );
    expect(resources(stack, 'aws_iam_role')['migrator-role']).toMatchObject({
      permissions_boundary: 'arn:aws:iam::111111111111:policy/ldm-boundary',
      max_session_duration: 7200,
    });
    expect(onlyResource(stack, 'aws_rolesanywhere_profile').duration_seconds).toBe(7200);
  });

  test('S3: the target bucket and its objects, multipart actions included', () => {
    expect(resources(example, 'aws_iam_role_policy')['migrator-s3-policy']).toMatchObject({
      name: 's3-target-bucket',
      role: '${aws_iam_role.migrator-role.name}',
    });
    const s3 = inline(example, 'migrator-s3-policy');
    expect(statement(s3, 'TargetBucket')).toEqual({
      Sid: 'TargetBucket',
      Effect: 'Allow',
      Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      Resource: 'arn:aws:s3:::ldm-sandbox-111111111111-eu-west-1-data',
    });
    expect(statement(s3, 'TargetObjects')).toEqual({
      Sid: 'TargetObjects',
      Effect: 'Allow',
      Action: [
        's3:GetObject',
        's3:PutObject',
        's3:DeleteObject',
        's3:AbortMultipartUpload',
        's3:ListMultipartUploadParts',
      ],
      Resource: 'arn:aws:s3:::ldm-sandbox-111111111111-eu-west-1-data/*',
    });
  });

  test('S3: follows storage.bucketName', () => {
    const stack = securityStack(
      configWith((raw) => (rawEnv(raw).storage.bucketName = 'acme-ldm-landing')),
    );
    expect(statement(inline(stack, 'migrator-s3-policy'), 'TargetBucket').Resource).toBe(
      'arn:aws:s3:::acme-ldm-landing',
    );
  });

  test('KMS: the one key, through S3 and Glue', () => {
    expect(inline(example, 'migrator-kms-policy').Statement).toEqual([
      {
        Sid: 'DataKeyThroughServices',
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey', 'kms:Decrypt', 'kms:Encrypt'],
        Resource: '${aws_kms_key.data-key.arn}',
        Condition: {
          StringEquals: {
            'kms:ViaService': ['s3.eu-west-1.amazonaws.com', 'glue.eu-west-1.amazonaws.com'],
          },
        },
      },
      {
        Sid: 'DataKeyDescribe',
        Effect: 'Allow',
        Action: ['kms:DescribeKey'],
        Resource: '${aws_kms_key.data-key.arn}',
      },
    ]);
  });

  test('Glue: the catalog and the configured databases, their tables, partitions and functions', () => {
    const policy = onlyResource(example, 'aws_iam_policy');
    expect(policy.name).toBe('ldm-sandbox-migrator-glue-1');
    expect(
      resources(example, 'aws_iam_role_policy_attachment')['migrator-glue-policy-1-attachment'],
    ).toMatchObject({
      role: '${aws_iam_role.migrator-role.name}',
      policy_arn: '${aws_iam_policy.migrator-glue-policy-1.arn}',
    });
    const glue = JSON.parse(policy.policy);
    const arn = (r: string) => `arn:aws:glue:eu-west-1:111111111111:${r}`;
    expect(glue.Statement.map((s: any) => [s.Sid, s.Resource])).toEqual([
      ['GlueDefaultDatabaseLookup', [arn('catalog'), arn('database/default')]],
      ['GlueDatabases', [arn('catalog'), arn('database/sales')]],
      ['GlueTablesAndPartitions', [arn('catalog'), arn('database/sales'), arn('table/sales/*')]],
      [
        'GlueFunctions',
        [arn('catalog'), arn('database/sales'), arn('userDefinedFunction/sales/*')],
      ],
    ]);
    expect(statement(glue, 'GlueDatabases').Action).toEqual([
      'glue:GetDatabase',
      'glue:GetDatabases',
      'glue:CreateDatabase',
      'glue:UpdateDatabase',
    ]);
    expect(statement(glue, 'GlueTablesAndPartitions').Action).toEqual(
      expect.arrayContaining([
        'glue:CreateTable',
        'glue:BatchCreatePartition',
        'glue:BatchDeletePartition',
      ]),
    );
    expect(glue.Statement.flatMap((s: any) => s.Action)).not.toContain('glue:DeleteDatabase');
  });

  test("Glue: another account's catalog (catalog.catalogId) is named by that account", () => {
    const stack = securityStack(
      configWith((raw) => (rawEnv(raw).catalog.catalogId = '444444444444')),
    );
    const glue = JSON.parse(onlyResource(stack, 'aws_iam_policy').policy);
    expect(statement(glue, 'GlueDatabases').Resource).toEqual([
      'arn:aws:glue:eu-west-1:444444444444:catalog',
      'arn:aws:glue:eu-west-1:444444444444:database/sales',
    ]);
  });

  test('Glue: no policy without databases', () => {
    const stack = securityStack(configWith((raw) => (rawEnv(raw).catalog.databases = [])));
    expect(resources(stack, 'aws_iam_policy')).toEqual({});
    expect(resources(stack, 'aws_iam_role_policy_attachment')).toEqual({});
  });
});

describe('security stack: trust, per credentials mode', () => {
  const trust = (stack: any) =>
    JSON.parse(resources(stack, 'aws_iam_role')['migrator-role'].assume_role_policy);

  test('instance-profile: EC2 only, through the instance profile', () => {
    expect(trust(ec2Agent).Statement).toEqual([
      {
        Sid: 'Ec2InstanceProfile',
        Effect: 'Allow',
        Principal: { Service: 'ec2.amazonaws.com' },
        Action: ['sts:AssumeRole'],
      },
    ]);
    expect(
      resources(ec2Agent, 'aws_iam_instance_profile')['migrator-instance-profile'],
    ).toMatchObject({
      name: 'ldm-cloud-migrator',
      role: '${aws_iam_role.migrator-role.name}',
    });
    expect(resources(ec2Agent, 'aws_rolesanywhere_trust_anchor')).toEqual({});
  });

  test('instance-profile: the hosts are managed through the SSM agent and write a log group of their own', () => {
    expect(resources(ec2Agent, 'aws_cloudwatch_log_group')).toEqual({
      'migrator-host-log-group': expect.objectContaining({
        name: '/ldm/cloud/migrator-hosts',
        retention_in_days: 365,
      }),
    });
    const policy = resources(ec2Agent, 'aws_iam_role_policy')['migrator-host-management-policy'];
    expect(policy).toMatchObject({
      name: 'host-management',
      role: '${aws_iam_role.migrator-role.name}',
    });
    const group = 'arn:aws:logs:eu-west-2:333333333333:log-group:/ldm/cloud/migrator-hosts';
    expect(JSON.parse(policy.policy).Statement.map((st: any) => [st.Sid, st.Resource])).toEqual([
      ['SsmAgentInstances', 'arn:aws:ec2:eu-west-2:333333333333:instance/*'],
      ['SessionManagerChannels', '*'],
      ['RunCommandMessages', '*'],
      ['HostLogGroup', [group, `${group}:*`]],
    ]);
    for (const [name, stack] of Object.entries(stacks)) {
      if (name.includes('instance-profile')) continue;
      expect(resources(stack, 'aws_cloudwatch_log_group')).toEqual({});
      expect(
        resources(stack, 'aws_iam_role_policy')['migrator-host-management-policy'],
      ).toBeUndefined();
    }
  });

  test("roles-anywhere: the CA's revocation list, bound to the trust anchor, only when configured", () => {
    expect(resources(example, 'aws_cloudcontrolapi_resource')).toEqual({});
    const withCrl = securityStack(
      configWith((raw) =>
        Object.assign(migrator(raw).rolesAnywhere, {
          caCertificateFile: join(CONFIG_DIR, 'certs', 'example-prod-ca.pem'),
          crlFile: join(CONFIG_DIR, 'certs', 'example-prod-ca.crl.pem'),
        }),
      ),
    );
    const crl = resources(withCrl, 'aws_cloudcontrolapi_resource')['roles-anywhere-crl'];
    expect(crl.type_name).toBe('AWS::RolesAnywhere::CRL');
    const state = JSON.parse(crl.desired_state);
    expect(state).toEqual({
      Name: 'ldm-sandbox-migrator-ca-crl',
      CrlData: expect.stringMatching(
        /^-----BEGIN X509 CRL-----\n[A-Za-z0-9+/=\n]+-----END X509 CRL-----\n$/,
      ),
      TrustAnchorArn: ANCHOR_ARN,
      Enabled: true,
    });
  });

  test('roles-anywhere: the one trust anchor, from the configured CA, for the listed CNs', () => {
    expect(trust(example).Statement).toEqual([
      {
        Sid: 'RolesAnywhereTrustAnchor',
        Effect: 'Allow',
        Principal: { Service: 'rolesanywhere.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
        Condition: {
          ArnEquals: { 'aws:SourceArn': ANCHOR_ARN },
          StringEquals: { 'aws:PrincipalTag/x509Subject/CN': ['ldm-edge-01.example.internal'] },
        },
      },
    ]);
    const pem = readFileSync(join(CONFIG_DIR, 'certs', 'example-ca.pem'), 'utf8');
    const certificate = /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\n/.exec(
      pem,
    )![0];
    expect(
      resources(example, 'aws_rolesanywhere_trust_anchor')['roles-anywhere-trust-anchor'],
    ).toMatchObject({
      name: 'ldm-sandbox-migrator-ca',
      enabled: true,
      source: {
        source_type: 'CERTIFICATE_BUNDLE',
        source_data: { x509_certificate_data: certificate },
      },
    });
    expect(resources(example, 'aws_rolesanywhere_profile')['roles-anywhere-profile']).toMatchObject(
      {
        name: 'ldm-sandbox-migrator',
        enabled: true,
        role_arns: [ROLE_ARN],
        duration_seconds: 3600,
      },
    );
    expect(resources(example, 'aws_iam_instance_profile')).toEqual({});
    // The stack sees the certificate, never the file.
    expect(JSON.stringify(example)).not.toContain('example-ca.pem');
  });

  test('roles-anywhere without commonNames: any certificate of the CA, still only through the anchor', () => {
    const stack = securityStack(
      configWith((raw) => delete migrator(raw).rolesAnywhere.commonNames),
    );
    expect(trust(stack).Statement[0].Condition).toEqual({
      ArnEquals: { 'aws:SourceArn': ANCHOR_ARN },
    });
  });

  test('assume-role: the listed principals, with the external id and the configured conditions', () => {
    const stack = securityStack(
      configWith((raw) =>
        assumeRole(raw, {
          externalId: 'ldm-7f3a9c',
          conditions: { IpAddress: { 'aws:SourceIp': ['192.168.0.0/16'] } },
        }),
      ),
    );
    expect(trust(stack).Statement).toEqual([
      {
        Sid: 'TrustedPrincipals',
        Effect: 'Allow',
        Principal: { AWS: [TRUSTED] },
        Action: ['sts:AssumeRole'],
        Condition: {
          IpAddress: { 'aws:SourceIp': ['192.168.0.0/16'] },
          StringEquals: { 'sts:ExternalId': 'ldm-7f3a9c' },
        },
      },
    ]);
    expect(resources(stack, 'aws_iam_instance_profile')).toEqual({});
    expect(resources(stack, 'aws_rolesanywhere_profile')).toEqual({});
  });

  test('assume-role: conditions alone are enough', () => {
    const stack = securityStack(
      configWith((raw) =>
        assumeRole(raw, { conditions: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }),
      ),
    );
    expect(trust(stack).Statement[0].Condition).toEqual({
      StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' },
    });
  });
});

describe('security stack: security groups, per placement', () => {
  test('on premises: no security group and no rule at all', () => {
    for (const stack of [example, stacks['on-premises, assume-role']]) {
      expect(resources(stack, 'aws_security_group')).toEqual({});
      expect(rules(stack)).toEqual([]);
    }
  });

  test('ec2 with a remote Glue agent: every rule, its port, peer and description', () => {
    expect(Object.keys(resources(ec2Agent, 'aws_security_group')).sort()).toEqual([
      'glue-agent-sg',
      'migrator-host-sg',
    ]);
    expect(resources(ec2Agent, 'aws_security_group')['migrator-host-sg']).toMatchObject({
      name: 'ldm-cloud-migrator-host',
      vpc_id: expect.stringMatching(FROM_NETWORK_STACK),
    });
    for (const sg of Object.values<any>(resources(ec2Agent, 'aws_security_group'))) {
      expect(sg.ingress).toBeUndefined();
      expect(sg.egress).toBeUndefined();
    }
    const all = rules(ec2Agent).map((r) => ({
      ...r,
      peer: FROM_NETWORK_STACK.test(r.peer.replace('prefix-list ', ''))
        ? r.peer.replace(/\$\{.*\}/, 'network')
        : r.peer,
    }));
    const https = 'HTTPS to AWS APIs (S3, Glue, STS, KMS)';
    const expected: Rule[] = [
      {
        group: HOST_SG,
        direction: 'in',
        port: 8081,
        peer: ADMIN,
        description: 'LiveData UI (HTTP), from adminCidrs',
      },
      {
        group: HOST_SG,
        direction: 'in',
        port: 18080,
        peer: ADMIN,
        description: 'LiveData Migrator REST API, from adminCidrs',
      },
      {
        group: HOST_SG,
        direction: 'in',
        port: 6781,
        peer: ADMIN,
        description: 'HiveMigrator REST API (HTTPS), from adminCidrs',
      },
      {
        group: HOST_SG,
        direction: 'out',
        port: 443,
        peer: 'network',
        description: `${https}, to the VPC endpoints`,
      },
      {
        group: HOST_SG,
        direction: 'out',
        port: 443,
        peer: 'prefix-list network',
        description: `${https}, to the S3 gateway endpoint`,
      },
      {
        group: HOST_SG,
        direction: 'out',
        port: 8020,
        peer: '192.168.0.0/16',
        description:
          'Source Hadoop cluster port 8020 (migrator.sourceClusterPorts), to onPremCidrs',
      },
      {
        group: HOST_SG,
        direction: 'out',
        port: 88,
        peer: '192.168.0.0/16',
        description: 'Source Hadoop cluster port 88 (migrator.sourceClusterPorts), to onPremCidrs',
      },
      {
        group: HOST_SG,
        direction: 'out',
        port: '88/udp',
        peer: '192.168.0.0/16',
        description:
          'Source Hadoop cluster port 88/udp (migrator.sourceClusterPorts), to onPremCidrs',
      },
      {
        group: HOST_SG,
        direction: 'out',
        port: 9866,
        peer: '192.168.0.0/16',
        description:
          'Source Hadoop cluster port 9866 (migrator.sourceClusterPorts), to onPremCidrs',
      },
      {
        group: HOST_SG,
        direction: 'out',
        port: 5052,
        peer: AGENT_SG,
        description: 'HiveMigrator remote Glue agent, to the remote Glue agent',
      },
      {
        group: AGENT_SG,
        direction: 'in',
        port: 5052,
        peer: HOST_SG,
        description: 'HiveMigrator remote Glue agent, from the migrator host',
      },
      {
        group: AGENT_SG,
        direction: 'out',
        port: 443,
        peer: 'network',
        description: `${https}, to the VPC endpoints`,
      },
      {
        group: AGENT_SG,
        direction: 'out',
        port: 443,
        peer: 'prefix-list network',
        description: `${https}, to the S3 gateway endpoint`,
      },
    ];
    expect(all).toEqual(
      [...expected].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
  });

  test('the remote agent listens on hosts.glueAgent.port: its rules follow, its group keeps its text', () => {
    const stack = securityStack(
      configWith((raw) => {
        ec2(raw);
        migrator(raw).remoteGlueAgent = true;
        migrator(raw).hosts = { glueAgent: { port: 5552 } };
      }),
    );
    expect(
      rules(stack)
        .filter((r) => r.description.startsWith('HiveMigrator remote Glue agent'))
        .map((r) => `${r.direction} ${r.port}`),
    ).toEqual(['in 5552', 'out 5552']);
    expect(resources(stack, 'aws_security_group')['glue-agent-sg'].description).toBe(
      'HiveMigrator remote Glue agent: port 5552 from the LDM host, HTTPS to AWS APIs',
    );
    // With the default port, the description is the one groups were created with.
    const ec2Agent =
      stacks['ec2, instance-profile, remote Glue agent (config/ec2-remote-agent.yaml)'];
    expect(resources(ec2Agent, 'aws_security_group')['glue-agent-sg'].description).toBe(
      'HiveMigrator remote Glue agent: port 5052 from the LDM host, HTTPS to AWS APIs',
    );
  });

  test('ec2: one rule per admin network and port; the TLS settings pick 8443 and 6780', () => {
    const stack = securityStack(
      configWith((raw) => {
        ec2(raw);
        migrator(raw).adminCidrs = [ADMIN, '10.99.0.0/16'];
        migrator(raw).uiTls = true;
        migrator(raw).hiveMigratorTls = false;
      }),
    );
    const inbound = rules(stack).filter((r) => r.direction === 'in');
    expect(inbound.map((r) => `${r.port} ${r.peer}`).sort()).toEqual(
      ['18080', '6780', '8443'].flatMap((p) => [`${p} ${ADMIN}`, `${p} 10.99.0.0/16`]).sort(),
    );
    expect(
      resources(stack, 'aws_vpc_security_group_ingress_rule')[
        'migrator-host-in-8443-from-10-99-0-0-16'
      ],
    ).toMatchObject({
      description: 'LiveData UI (HTTPS), from adminCidrs',
      cidr_ipv4: '10.99.0.0/16',
    });
    expect(resources(stack, 'aws_security_group')['glue-agent-sg']).toBeUndefined();
  });

  test('on premises with a remote Glue agent: 5052 from each on-premises network, 443 out', () => {
    const stack = stacks['on-premises, remote Glue agent, assume-role'];
    expect(Object.keys(resources(stack, 'aws_security_group'))).toEqual(['glue-agent-sg']);
    expect(
      rules(stack).map(
        (r) =>
          `${r.direction} ${r.port} ${r.peer.startsWith('$') || r.peer.startsWith('prefix') ? 'aws' : r.peer}`,
      ),
    ).toEqual(['in 5052 192.168.0.0/16', 'out 443 aws', 'out 443 aws']);
  });

  test.each(Object.keys(VARIANTS))('%s: nothing admits or reaches everywhere', (variant) => {
    const everywhere = rules(stacks[variant]).filter((r) => ['0.0.0.0/0', '::/0'].includes(r.peer));
    expect(everywhere).toEqual([]);
  });

  test('allowInternetHttps: HTTPS egress to anywhere, named, and nothing else changes', () => {
    const stack = securityStack(
      configWith((raw) => {
        ec2(raw);
        rawEnv(raw).network.outboundInternet = true;
        migrator(raw).allowInternetHttps = true;
      }),
    );
    const everywhere = rules(stack).filter((r) => r.peer === '0.0.0.0/0');
    expect(everywhere).toEqual([
      {
        group: HOST_SG,
        direction: 'out',
        port: 443,
        peer: '0.0.0.0/0',
        description: 'HTTPS to AWS APIs (S3, Glue, STS, KMS), to the internet (allowInternetHttps)',
      },
    ]);
  });
});

describe('security stack: outputs', () => {
  test.each([
    [
      'on-premises, roles-anywhere (the example)',
      ['roles_anywhere_profile_arn', 'roles_anywhere_trust_anchor_arn'],
    ],
    ['on-premises, assume-role', []],
    [
      'ec2, instance-profile, remote Glue agent (config/ec2-remote-agent.yaml)',
      ['glue_agent_security_group_id', 'instance_profile_name', 'migrator_security_group_id'],
    ],
  ])('%s', (variant, extra) => {
    expect(namedOutputs(stacks[variant])).toEqual(
      ['kms_alias_name', 'kms_key_arn', 'migrator_role_arn', 'migrator_role_name', ...extra].sort(),
    );
  });
});

// --- config ------------------------------------------------------------------------------------

describe('config: the migrator section', () => {
  test('defaults: one-hour sessions, no boundary, no source ports, no internet', () => {
    const m = configWith().environments[0]!.migrator;
    expect(m).toMatchObject({
      maxSessionDurationSeconds: 3600,
      sourceClusterPorts: [],
      allowInternetHttps: false,
      adminCidrs: [],
    });
    expect(m.permissionsBoundaryArn).toBeUndefined();
    expect(m.rolesAnywhere?.caCertificatePem).toMatch(
      /^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/,
    );
  });

  test('config/ec2-remote-agent.yaml: ec2, instance profile, remote Glue agent', () => {
    const m = loadConfig(join(CONFIG_DIR, 'ec2-remote-agent.yaml')).environments[0]!.migrator;
    expect(m).toMatchObject({
      placement: 'ec2',
      credentials: 'instance-profile',
      remoteGlueAgent: true,
    });
  });
});

describe('the examples: an EC2 migrator reaches its source cluster', () => {
  const ec2Examples = readdirSync(CONFIG_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => [f, loadConfig(join(CONFIG_DIR, f))] as const)
    .filter(([, config]) => config.environments.some((e) => e.migrator.placement === 'ec2'));

  test.each(ec2Examples)(
    '%s lists the source ports and opens them to on premises',
    (_f, config) => {
      for (const env of config.environments.filter((e) => e.migrator.placement === 'ec2')) {
        expect(env.migrator.sourceClusterPorts.length).toBeGreaterThan(0);
        const stack = securityStack({ ...config, environments: [env] });
        const egress = Object.values(resources(stack, 'aws_vpc_security_group_egress_rule'));
        for (const port of env.migrator.sourceClusterPorts) {
          for (const cidr of env.network.onPremCidrs) {
            expect(egress).toContainEqual(
              expect.objectContaining({
                security_group_id: HOST_SG,
                ip_protocol: port.protocol,
                from_port: port.port,
                to_port: port.port,
                cidr_ipv4: cidr,
              }),
            );
          }
        }
      }
    },
  );
});

describe('config: bad migrator input is reported by field', () => {
  const at = (path: string) => `environments[0].migrator.${path}`;
  const problemsWith = (change: (raw: Record<string, any>) => void) =>
    problemsOf(() => configWith(change));
  const tmp = mkdtempSync(join(tmpdir(), 'ldm-ca-'));
  const file = (name: string, content: string) => {
    const path = join(tmp, name);
    writeFileSync(path, content);
    return path;
  };
  const withCa = (path: string) => (raw: Record<string, any>) =>
    (migrator(raw).rolesAnywhere.caCertificateFile = path);

  test('fails if instance-profile credentials are asked for on premises', () => {
    expect(
      problemsWith((raw) => {
        migrator(raw).credentials = 'instance-profile';
        delete migrator(raw).rolesAnywhere;
      }),
    ).toEqual([problem(at('credentials'), 'instance-profile', Expect.instanceProfileNeedsEc2)]);
  });

  test('fails if roles-anywhere (the default on premises) has no CA certificate', () => {
    expect(
      problemsWith((raw) => {
        delete migrator(raw).rolesAnywhere;
        delete migrator(raw).credentials;
      }),
    ).toEqual([problem(at('rolesAnywhere'), undefined, Expect.rolesAnywhereNeeded)]);
  });

  test('fails if the CA certificate file does not exist', () => {
    expect(problemsWith(withCa('/nonexistent/ldm-ca.pem'))).toEqual([
      problem(
        at('rolesAnywhere.caCertificateFile'),
        '/nonexistent/ldm-ca.pem',
        Expect.caCertificateFile('ENOENT'),
      ),
    ]);
  });

  test('fails if the CA certificate file is not a PEM certificate', () => {
    const path = file('not-pem.pem', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI example\n');
    expect(problemsWith(withCa(path))).toEqual([
      problem(at('rolesAnywhere.caCertificateFile'), path, Expect.caCertificatePem),
    ]);
  });

  test('fails if the certificate is not a CA', () => {
    // A self-signed leaf (basic constraints CA:FALSE), made for these tests; its key was discarded.
    const leaf = readFileSync(join(ROOT, 'test', 'fixtures', 'certs', 'leaf-not-ca.pem'), 'utf8');
    const path = file('leaf.pem', leaf);
    expect(problemsWith(withCa(path))).toEqual([
      problem(
        at('rolesAnywhere.caCertificateFile'),
        path,
        Expect.caCertificateNotCa('CN=ldm-host.example (leaf\\, test only)'),
      ),
    ]);
  });

  test('fails if the CA certificate file holds a private key', () => {
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'sec1',
      format: 'pem',
    });
    const ca = readFileSync(join(CONFIG_DIR, 'certs', 'example-ca.pem'), 'utf8');
    const path = file('with-key.pem', `${ca}${String(key)}`);
    expect(problemsWith(withCa(path))).toEqual([
      problem(at('rolesAnywhere.caCertificateFile'), path, Expect.caCertificatePrivateKey),
    ]);
  });

  const prodCa = join(CONFIG_DIR, 'certs', 'example-prod-ca.pem');
  const prodCrl = join(CONFIG_DIR, 'certs', 'example-prod-ca.crl.pem');
  const withCrl = (ca: string, crl: string) => (raw: Record<string, any>) =>
    Object.assign(migrator(raw).rolesAnywhere, { caCertificateFile: ca, crlFile: crl });

  test('fails if the revocation list file does not exist', () => {
    expect(problemsWith(withCrl(prodCa, '/nonexistent/ldm.crl'))).toEqual([
      problem(at('rolesAnywhere.crlFile'), '/nonexistent/ldm.crl', Expect.crlFile('ENOENT')),
    ]);
  });

  test('fails if the revocation list file holds no CRL', () => {
    expect(problemsWith(withCrl(prodCa, prodCa))).toEqual([
      problem(at('rolesAnywhere.crlFile'), prodCa, Expect.crlPem),
    ]);
  });

  test('fails if the revocation list is not signed by the trust anchor CA', () => {
    const example = join(CONFIG_DIR, 'certs', 'example-ca.pem');
    expect(problemsWith(withCrl(example, prodCrl))).toEqual([
      problem(
        at('rolesAnywhere.crlFile'),
        prodCrl,
        Expect.crlNotFromCa(
          'O=Example Org (placeholder), CN=LDM landing zone EXAMPLE CA - not for production',
        ),
      ),
    ]);
  });

  test('fails if rolesAnywhere is set while credentials is another mode', () => {
    expect(
      problemsWith((raw) => {
        migrator(raw).credentials = 'assume-role';
        migrator(raw).assumeRole = { principals: [TRUSTED], externalId: 'ldm-7f3a9c' };
      }),
    ).toEqual([
      problem(
        at('rolesAnywhere'),
        {
          caCertificateFile: 'config/certs/example-ca.pem',
          commonNames: ['ldm-edge-01.example.internal'],
        },
        Expect.onlyWithCredentials('roles-anywhere'),
      ),
    ]);
  });

  test('fails if assume-role has no assumeRole settings', () => {
    expect(
      problemsWith((raw) => {
        delete migrator(raw).rolesAnywhere;
        migrator(raw).credentials = 'assume-role';
      }),
    ).toEqual([problem(at('assumeRole'), undefined, Expect.assumeRoleNeeded)]);
  });

  test('fails if assume-role has neither an external id nor conditions', () => {
    expect(problemsWith((raw) => assumeRole(raw, {}))).toEqual([
      problem(at('assumeRole.externalId'), undefined, Expect.assumeRoleGuard),
    ]);
  });

  test('fails if the external id is malformed', () => {
    expect(problemsWith((raw) => assumeRole(raw, { externalId: 'x' }))).toEqual([
      problem(at('assumeRole.externalId'), 'x', Expect.externalId),
    ]);
  });

  test.each(['*', 'arn:aws:iam::222222222222:role/*', 'arn:aws:iam::2222:role/x'])(
    'fails if a trusted principal is %s',
    (principal) => {
      expect(
        problemsWith((raw) => {
          assumeRole(raw);
          migrator(raw).assumeRole.principals = [principal];
        }),
      ).toEqual([problem(at('assumeRole.principals[0]'), principal, Expect.trustedPrincipal)]);
    },
  );

  test('fails if conditions set sts:ExternalId', () => {
    expect(
      problemsWith((raw) =>
        assumeRole(raw, {
          externalId: 'ldm-7f3a9c',
          conditions: { StringEquals: { 'sts:ExternalId': 'other' } },
        }),
      ),
    ).toEqual([
      problem(
        at('assumeRole.conditions.StringEquals.sts:ExternalId'),
        'other',
        Expect.externalIdInConditions,
      ),
    ]);
  });

  test('fails if a condition operator passes when its key is missing', () => {
    const conditions = { StringNotEquals: { 'aws:SourceVpc': 'vpc-1' } };
    expect(
      problemsWith((raw) => assumeRole(raw, { externalId: 'ldm-7f3a9c', conditions })),
    ).toEqual([
      problem(
        at('assumeRole.conditions.StringNotEquals'),
        conditions.StringNotEquals,
        Expect.conditionOperator([
          'StringEquals',
          'StringEqualsIgnoreCase',
          'StringLike',
          'ArnEquals',
          'ArnLike',
          'IpAddress',
          'Bool',
          'NumericEquals',
          'NumericLessThan',
          'NumericLessThanEquals',
          'NumericGreaterThan',
          'NumericGreaterThanEquals',
          'DateLessThan',
          'DateGreaterThan',
        ]),
      ),
    ]);
  });

  test('fails if a condition has no value', () => {
    const conditions = { IpAddress: { 'aws:SourceIp': [] } };
    expect(problemsWith((raw) => assumeRole(raw, { conditions }))).toEqual([
      problem(at('assumeRole.conditions.IpAddress.aws:SourceIp'), [], Expect.conditionValues),
    ]);
  });

  test('fails if adminCidrs is empty with placement ec2', () => {
    expect(
      problemsWith((raw) => {
        ec2(raw);
        migrator(raw).adminCidrs = [];
      }),
    ).toEqual([problem(at('adminCidrs'), [], Expect.adminCidrsForEc2)]);
  });

  test.each(['0.0.0.0/0', '::/0', '0.0.0.0/1', '0.0.0.0/7'])(
    'fails if adminCidrs holds %s',
    (cidr) => {
      expect(problemsWith((raw) => (migrator(raw).adminCidrs = [cidr]))).toEqual([
        problem(at('adminCidrs[0]'), cidr, Expect.adminCidr),
      ]);
    },
  );

  test('fails if the permissions boundary is not a managed policy ARN', () => {
    const arn = 'arn:aws:iam::111111111111:role/boundary';
    expect(problemsWith((raw) => (migrator(raw).permissionsBoundaryArn = arn))).toEqual([
      problem(at('permissionsBoundaryArn'), arn, Expect.permissionsBoundaryArn),
    ]);
  });

  test.each([900, 43201, 3600.5])('fails if maxSessionDurationSeconds is %s', (seconds) => {
    expect(problemsWith((raw) => (migrator(raw).maxSessionDurationSeconds = seconds))).toEqual([
      problem(at('maxSessionDurationSeconds'), seconds, Expect.maxSessionDurationSeconds),
    ]);
  });

  test('fails if a source cluster port is out of range or listed twice', () => {
    expect(
      problemsWith((raw) => {
        ec2(raw);
        migrator(raw).sourceClusterPorts = [0, 8020, 8020, { port: 8020, protocol: 'tcp' }];
      }),
    ).toEqual([
      problem(at('sourceClusterPorts[0]'), 0, Expect.sourceClusterPort),
      problem(at('sourceClusterPorts[2]'), 8020, Expect.listedOnce),
      problem(at('sourceClusterPorts[3]'), { port: 8020, protocol: 'tcp' }, Expect.listedOnce),
    ]);
  });

  test.each([
    [
      { port: 88, protocol: 'icmp' },
      '[0]',
      { port: 88, protocol: 'icmp' },
      Expect.sourceClusterPort,
    ],
    [{ port: 70000, protocol: 'udp' }, '[0].port', 70000, Expect.sourceClusterPort],
    [{ port: 88, extra: true }, '[0].extra', true, Expect.unknownField(['port', 'protocol'])],
    ['88/udp', '[0]', '88/udp', Expect.sourceClusterPort],
  ])('fails if a source cluster port is %j', (entry, path, value, expected) => {
    expect(
      problemsWith((raw) => {
        ec2(raw);
        migrator(raw).sourceClusterPorts = [entry];
      }),
    ).toEqual([problem(at(`sourceClusterPorts${path}`), value, expected)]);
  });

  test('the same port over TCP and UDP is two entries (Kerberos 88)', () => {
    const config = configWith((raw) => {
      ec2(raw);
      migrator(raw).sourceClusterPorts = [88, { port: 88, protocol: 'udp' }, { port: 8020 }];
    });
    expect(config.environments[0]!.migrator.sourceClusterPorts).toEqual([
      { port: 88, protocol: 'tcp' },
      { port: 88, protocol: 'udp' },
      { port: 8020, protocol: 'tcp' },
    ]);
  });

  test('fails if source cluster ports have no on-premises network to reach', () => {
    expect(
      problemsWith((raw) => {
        ec2(raw);
        rawEnv(raw).network.onPremCidrs = [];
        rawEnv(raw).network.connectivity = { type: 'none' };
        rawEnv(raw).network.resolverInboundEndpoint = false;
        migrator(raw).sourceClusterPorts = [8020];
      }),
    ).toEqual([problem(at('sourceClusterPorts'), [8020], Expect.sourceClusterPortsNeedOnPrem)]);
  });

  test('fails if an on-premises LDM has a remote Glue agent but no on-premises network', () => {
    expect(
      problemsWith((raw) => {
        rawEnv(raw).network.onPremCidrs = [];
        rawEnv(raw).network.connectivity = { type: 'none' };
        migrator(raw).remoteGlueAgent = true;
      }),
    ).toContainEqual(problem(at('remoteGlueAgent'), true, Expect.remoteGlueAgentNeedsOnPrem));
  });

  test('fails if allowInternetHttps has no NAT gateway to go through', () => {
    expect(
      problemsWith((raw) => {
        ec2(raw);
        migrator(raw).allowInternetHttps = true;
      }),
    ).toEqual([problem(at('allowInternetHttps'), true, Expect.internetHttpsNeedsNat)]);
  });

  test('fails if allowInternetHttps has no host in AWS to apply to', () => {
    expect(
      problemsWith((raw) => {
        rawEnv(raw).network.outboundInternet = true;
        migrator(raw).allowInternetHttps = true;
      }),
    ).toEqual([problem(at('allowInternetHttps'), true, Expect.internetHttpsNeedsHost)]);
  });

  test("fails if the databases' Glue permissions outgrow the role's managed policies", () => {
    const databases = Array.from({ length: 150 }, (_, i) => ({
      name: `hive_database_number_${i}`,
    }));
    expect(problemsWith((raw) => (rawEnv(raw).catalog.databases = databases))).toEqual([
      expect.stringMatching(
        /^environments\[0\]\.catalog\.databases: got \[.*, expected fewer databases: the migrator role's Glue permissions for them need \d+ managed policies of at most 6,144 characters, and the role takes 8$/,
      ),
    ]);
  });
});

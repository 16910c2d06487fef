/**
 * The access table: per environment, the calls that must be allowed (LDM, HiveMigrator and the AWS
 * services around them cannot work without them) and the calls that must be denied (what the
 * landing zone exists to prevent). The access tier simulates every one over the synthesized
 * policies — the caller's identity policies, the resource's policy and the VPC endpoint policy on
 * the request's path together — and `npm run access` prints the verdicts.
 *
 * This file is the one place the table is written, for a security reviewer to read: each section
 * is one concern, each row one call — who calls, what it does, on what, through which path, and
 * why it must be allowed or denied. docs/security.md says how to add a call when LDM needs one.
 *
 * Values AWS generates at apply time are stand-ins named after their resource (see
 * lib/access/model.ts). Principals outside the landing zone (an administrator, another account,
 * another workload) carry policies assumed for them, named `(assumed) …` and as generous as such
 * a principal could plausibly have: the landing zone's own policies must stop them.
 */
import { ACCESS_LOG_PREFIX } from '../constructs/private-bucket';
import { viaService } from '../core/arns';
import { IAM_POLICY_VERSION } from '../core/iam';
import type { EndpointModel, EnvironmentModel } from './model';
import type { CallerPrincipal, NamedDocument, PolicyJson } from './types';

export type Expectation = 'allowed' | 'denied';

export type ContextValues = Readonly<Record<string, string | readonly string[]>>;

type ResourcePolicy = NamedDocument & { readonly kind: 'resource' | 'trust' };

export interface Call {
  /** Stable within an environment: `<section>/<call>[@<endpoint>]`. */
  readonly id: string;
  readonly expect: Expectation;
  /** Who calls, in words: `LDM (role ldm-sandbox-migrator)`. */
  readonly who: string;
  /** What the call does, in words. */
  readonly does: string;
  /** Why it must be allowed (what breaks without it) or denied (what it would let happen). */
  readonly why: string;
  /** The request's path: a VPC endpoint, a public endpoint, or inside AWS. */
  readonly path: string;
  readonly principal: CallerPrincipal;
  readonly action: string;
  /**
   * The resources AWS authorises the call on, every one of which must allow it (a Glue table call
   * is authorised on the catalog, the database and the table). One simulation each.
   */
  readonly resources: readonly string[];
  readonly resourceAccount: string;
  readonly context: ContextValues;
  readonly identityPolicies: readonly NamedDocument[];
  readonly resourcePolicy?: ResourcePolicy;
  readonly endpoint?: NamedDocument & { readonly id: string };
}

/** An account that is none of the environment's: for principals and resources of outsiders. */
export function otherAccount(accountId: string): string {
  return accountId === '999999999999' ? '888888888888' : '999999999999';
}

const doc = (...statements: object[]): PolicyJson => ({
  Version: IAM_POLICY_VERSION,
  Statement: statements,
});

/** What an administrator of some account can do there: everything. */
const administrator = (who: string): NamedDocument => ({
  name: `(assumed) AdministratorAccess of ${who}`,
  document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }),
});

/** An instance id for the EC2 hosts, which exist only after apply. */
const INSTANCE_ID = 'i-0123456789abcdef0';

const TLS = { 'aws:SecureTransport': 'true' } as const;
const PLAIN_HTTP = { 'aws:SecureTransport': 'false' } as const;

/** What every section needs, computed once per environment. */
interface Facts {
  readonly m: EnvironmentModel;
  readonly account: string;
  readonly other: string;
  readonly partition: string;
  readonly region: string;
  /** `kms:ViaService` of a service in the region. */
  readonly via: (service: string) => string;
  readonly bucketArn: string;
  /** A migrated file in the target bucket. */
  readonly object: string;
  readonly keyArn: string;
  readonly roleName: string;
  readonly roleArn: string;
  /** A session of the migrator role: LDM, HiveMigrator's Glue agent. */
  readonly ldm: { readonly arn: string };
  readonly ldmPolicies: readonly NamedDocument[];
  readonly bucketPolicy?: ResourcePolicy;
  readonly keyPolicy: ResourcePolicy;
  /** Who applies the stacks and launches the hosts. */
  readonly deployer: string;
}

function facts(m: EnvironmentModel): Facts {
  const { aws, names } = m.context;
  const { catalog } = m.environment;
  const account = aws.accountId;
  const bucketArn = `arn:${aws.partition}:s3:::${names.targetBucket}`;
  const keyArn = m.value('security', 'aws_kms_key.data-key.arn');
  const table = `${catalog.warehousePrefix}/${catalog.databases[0]?.name ?? 'migrated'}.db/migrated_table`;
  const bucket = m.resourcePolicy(bucketArn);
  const key = m.resourcePolicy(keyArn);
  if (!key) throw new Error(`${m.environment.name}: the data key has no key policy`);
  return {
    m,
    account,
    other: otherAccount(account),
    partition: aws.partition,
    region: aws.region,
    via: (service) => viaService(aws, service),
    bucketArn,
    object: `${bucketArn}/${table}/part-00000.parquet`,
    keyArn,
    roleName: names.migratorRole,
    roleArn: m.value('security', 'aws_iam_role.migrator-role.arn'),
    ldm: { arn: `arn:${aws.partition}:sts::${account}:assumed-role/${names.migratorRole}/ldm` },
    ldmPolicies: m.identityPolicies(names.migratorRole),
    ...(bucket ? { bucketPolicy: { ...bucket, kind: 'resource' as const } } : {}),
    keyPolicy: { ...key, kind: 'resource' },
    deployer:
      m.environment.deployRoleArn ?? `arn:${aws.partition}:iam::${account}:role/administrator`,
  };
}

/** A request through a VPC endpoint (its id in aws:SourceVpce, its policy evaluated), or not. */
interface Path {
  readonly path: string;
  readonly context: ContextValues;
  readonly endpoint?: NamedDocument & { readonly id: string };
}

function through(e: EndpointModel | undefined, otherwise: string): Path {
  if (!e) return { path: otherwise, context: {} };
  return {
    path: `${e.policy.address} (${e.id})`,
    context: { 'aws:SourceVpce': e.id },
    endpoint: { ...e.policy, id: e.id },
  };
}

/** A service calling KMS for the caller: SSE-KMS, the encrypted catalog, SecureString, EBS. */
function insideAws(f: Facts, service: string, serviceName: string): Path {
  return {
    path: `inside AWS: ${serviceName} calls KMS for the caller`,
    context: { 'kms:ViaService': f.via(service), 'aws:ViaAWSService': 'true' },
  };
}

/** The parts of a call a section shares. */
type Section = Omit<Call, 'id' | 'expect' | 'does' | 'why' | 'action' | 'resources' | 'context'> & {
  readonly prefix: string;
  readonly context?: ContextValues;
};

/** A row of a section's table: id, expectation, action, resources, does, why, extra context. */
type Row = readonly [
  id: string,
  expect: Expectation,
  action: string,
  resources: string | readonly string[],
  does: string,
  why: string,
  context?: ContextValues,
];

function rows(section: Section, table: readonly Row[]): Call[] {
  const { prefix, context, ...shared } = section;
  return table.map(([id, expect, action, resources, does, why, extra]) => ({
    ...shared,
    id: `${prefix}/${id}`,
    expect,
    action,
    resources: typeof resources === 'string' ? [resources] : resources,
    does,
    why,
    context: { ...context, ...extra },
  }));
}

// ---------------------------------------------------------------------------------------------
// LDM and the target bucket
// ---------------------------------------------------------------------------------------------

/** Where LDM's S3 requests come from: the interface endpoint on premises, the gateway in the VPC. */
function ldmS3Path(f: Facts): Path {
  const hostInAws = f.m.context.hosts.ldmInAws;
  const endpoint = f.m.endpoint(hostInAws ? 's3-gateway-endpoint' : 's3-interface-endpoint');
  return through(endpoint, 'the public S3 endpoint');
}

function ldmS3(f: Facts): Call[] {
  const path = ldmS3Path(f);
  const section: Section = {
    prefix: 'ldm-s3',
    who: `LDM (role ${f.roleName})`,
    path: path.path,
    principal: f.ldm,
    resourceAccount: f.account,
    context: { ...TLS, ...path.context },
    identityPolicies: f.ldmPolicies,
    ...(f.bucketPolicy ? { resourcePolicy: f.bucketPolicy } : {}),
    ...(path.endpoint ? { endpoint: path.endpoint } : {}),
  };
  const { bucketArn: bucket, object } = f;
  const sseKms = {
    's3:x-amz-server-side-encryption': 'aws:kms',
    's3:x-amz-server-side-encryption-aws-kms-key-id': f.keyArn,
  };
  const otherKey = `arn:${f.partition}:kms:${f.region}:${f.account}:key/another-key`;
  const otherBucket = `arn:${f.partition}:s3:::another-bucket-of-the-account/data.csv`;
  // prettier-ignore
  const calls = rows(section, [
    ['list-buckets',                'allowed', 's3:ListAllMyBuckets',           '*',    'lists bucket names', 'LDM checks the bucket when the S3 filesystem is added'],
    ['get-bucket-location',         'allowed', 's3:GetBucketLocation',          bucket, "reads the target bucket's region", 'S3A looks the region up before it writes'],
    ['list-bucket',                 'allowed', 's3:ListBucket',                 bucket, 'lists target paths', 'LDM compares target paths with the source'],
    ['list-multipart-uploads',      'allowed', 's3:ListBucketMultipartUploads', bucket, 'lists unfinished multipart uploads', 'S3A cleans up interrupted uploads'],
    ['put-object-sse-kms',          'allowed', 's3:PutObject',                  object, 'writes a file (single or multipart upload), SSE-KMS with the environment key', 'the migration itself', sseKms],
    ['put-object-bucket-default',   'allowed', 's3:PutObject',                  object, 'writes a file without encryption headers: the bucket default applies', 'S3A sends no encryption header unless told to'],
    ['get-object',                  'allowed', 's3:GetObject',                  object, 'reads a migrated file', 'verification and S3A rename copies'],
    ['delete-object',               'allowed', 's3:DeleteObject',               object, 'deletes a file', 'LDM replays deletes from the source'],
    ['abort-multipart-upload',      'allowed', 's3:AbortMultipartUpload',       object, 'aborts a multipart upload', 'S3A cancels failed uploads'],
    ['list-multipart-upload-parts', 'allowed', 's3:ListMultipartUploadParts',   object, 'lists the parts of an upload', 'S3A resumes and completes uploads'],
    ['put-object-plain-http',       'denied',  's3:PutObject',                  object, 'writes a file over plain HTTP', 'data in transit is always encrypted', { ...sseKms, ...PLAIN_HTTP }],
    ['get-object-plain-http',       'denied',  's3:GetObject',                  object, 'reads a file over plain HTTP', 'data in transit is always encrypted', PLAIN_HTTP],
    ['put-object-other-key',        'denied',  's3:PutObject',                  object, 'writes a file encrypted with another KMS key', 'the data stays under the environment key', { ...sseKms, 's3:x-amz-server-side-encryption-aws-kms-key-id': otherKey }],
    ['put-object-sse-s3',           'denied',  's3:PutObject',                  object, 'writes a file with SSE-S3 (AES256)', 'SSE-S3 would take the data out of the key policy', { 's3:x-amz-server-side-encryption': 'AES256' }],
    ['put-object-sse-c',            'denied',  's3:PutObject',                  object, 'writes a file with a customer-provided key (SSE-C)', 'nobody else could ever read it', { 's3:x-amz-server-side-encryption-customer-algorithm': 'AES256' }],
    ['delete-bucket',               'denied',  's3:DeleteBucket',               bucket, 'deletes the target bucket', 'the migrator never owns the bucket'],
    ['put-bucket-policy',           'denied',  's3:PutBucketPolicy',            bucket, "replaces the bucket's policy", 'it would lift every restriction of the bucket'],
    ['delete-bucket-policy',        'denied',  's3:DeleteBucketPolicy',         bucket, "deletes the bucket's policy", 'it would lift every restriction of the bucket'],
    ['get-object-other-bucket',     'denied',  's3:GetObject',                  otherBucket, 'reads a bucket that is not the target', 'the role is for the target bucket only'],
  ]);
  if (f.m.context.hosts.ldmInAws && path.endpoint) {
    // From the VPC, data leaves only for the environment's buckets, whoever else would take it.
    const theirs = `arn:${f.partition}:s3:::somebody-elses-bucket`;
    calls.push({
      ...rows(section, [
        [
          'put-object-other-account',
          'denied',
          's3:PutObject',
          `${theirs}/copy.parquet`,
          "copies data into another account's bucket",
          'the gateway endpoint keeps data in the environment (no exfiltration from the VPC)',
        ],
      ])[0]!,
      resourceAccount: f.other,
      resourcePolicy: {
        name: '(assumed) a bucket policy of the other account that lets anyone write',
        kind: 'resource',
        document: doc({
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:PutObject',
          Resource: `${theirs}/*`,
        }),
      },
    });
  }
  const storage = f.m.environment.storage;
  if (storage.restrictToVpcEndpoints) {
    const exempt = storage.allowMigratorOutsideVpcEndpoints;
    const expect: Expectation = exempt ? 'allowed' : 'denied';
    const why = exempt
      ? 'allowMigratorOutsideVpcEndpoints exempts the role from the perimeter'
      : "restrictToVpcEndpoints: the role's credentials are useless outside the environment's endpoints";
    const foreign = 'vpce-0f0reign0endpoint0';
    const outside: Section = { ...section, endpoint: undefined };
    calls.push(
      ...rows({ ...outside, path: 'the public S3 endpoint', context: TLS }, [
        [
          'get-object-outside-endpoints',
          expect,
          's3:GetObject',
          object,
          'reads a file over the internet, not through an endpoint of the environment',
          why,
        ],
      ]),
      ...rows(
        {
          ...outside,
          path: `another VPC's endpoint (${foreign})`,
          context: { ...TLS, 'aws:SourceVpce': foreign },
          endpoint: {
            name: "(assumed) AWS's default policy of an endpoint in another VPC",
            document: doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }),
            id: foreign,
          },
        },
        [
          [
            'get-object-foreign-endpoint',
            expect,
            's3:GetObject',
            object,
            "reads a file through another VPC's endpoint",
            why,
          ],
        ],
      ),
    );
  }
  return calls;
}

// ---------------------------------------------------------------------------------------------
// The data key, through the services that use it for LDM and HiveMigrator
// ---------------------------------------------------------------------------------------------

function ldmKms(f: Facts): Call[] {
  const shared = {
    who: `LDM and HiveMigrator (role ${f.roleName})`,
    principal: f.ldm,
    resourceAccount: f.account,
    identityPolicies: f.ldmPolicies,
    resourcePolicy: f.keyPolicy,
  };
  const inside = (service: string, name: string): Section => {
    const p = insideAws(f, service, name);
    return { ...shared, prefix: 'ldm-kms', path: p.path, context: { ...TLS, ...p.context } };
  };
  const direct = through(f.m.endpoint('kms-interface-endpoint'), 'the public KMS endpoint');
  const s3Context = { 'kms:EncryptionContext:aws:s3:arn': f.bucketArn };
  const key = f.keyArn;
  const catalog = f.m.environment.catalog;
  // prettier-ignore
  return [
    ...rows(inside('s3', 'S3'), [
      ['generate-data-key-via-s3', 'allowed', 'kms:GenerateDataKey', key, 'S3 generates the data key of an SSE-KMS upload', 'every write to the target bucket', s3Context],
      ['decrypt-via-s3',           'allowed', 'kms:Decrypt',         key, 'S3 decrypts an object, or a multipart upload as it completes', 'every read, every multipart upload', s3Context],
    ]),
    ...(catalog.catalogId === undefined && catalog.manageEncryptionSettings !== false
      ? rows(inside('glue', 'Glue'), [
          ['generate-data-key-via-glue', 'allowed', 'kms:GenerateDataKey', key, 'Glue encrypts catalog metadata', 'the Data Catalog is encrypted with the environment key'],
          ['decrypt-via-glue',           'allowed', 'kms:Decrypt',         key, 'Glue decrypts catalog metadata', 'HiveMigrator reads what it wrote'],
          ['encrypt-via-glue',           'allowed', 'kms:Encrypt',         key, 'Glue encrypts small metadata values', 'the Data Catalog is encrypted with the environment key'],
        ])
      : []),
    ...rows({ ...shared, prefix: 'ldm-kms', path: direct.path, context: { ...TLS, ...direct.context }, ...(direct.endpoint ? { endpoint: direct.endpoint } : {}) }, [
      ['decrypt-direct',           'denied',  'kms:Decrypt',         key, 'decrypts with the key directly, not through a service', 'the key is used only by the services that keep the data'],
      ['generate-data-key-direct', 'denied',  'kms:GenerateDataKey', key, 'asks KMS for a data key directly', 'key material never leaves the services that keep the data'],
    ]),
  ];
}

// ---------------------------------------------------------------------------------------------
// HiveMigrator and the Glue Data Catalog
// ---------------------------------------------------------------------------------------------

function hiveMigratorGlue(f: Facts): Call[] {
  const catalogId = f.m.environment.catalog.catalogId ?? f.account;
  const arn = (account: string, resource: string) =>
    `arn:${f.partition}:glue:${f.region}:${account}:${resource}`;
  const glue = (resource: string) => arn(catalogId, resource);
  const path = through(f.m.endpoint('glue-interface-endpoint'), 'the public Glue endpoint');
  // Another account's catalog grants the role itself (docs/catalog.md): that grant is assumed here.
  const catalogPolicy =
    catalogId === f.account
      ? f.m.resourcePolicy(glue('*'))
      : {
          name: `(assumed) the catalog policy of ${catalogId}, granting the migrator role`,
          document: doc({
            Effect: 'Allow',
            Principal: { AWS: f.roleArn },
            Action: 'glue:*',
            Resource: glue('*'),
          }),
        };
  const section: Section = {
    prefix: 'glue',
    who: `HiveMigrator's Glue agent (role ${f.roleName})`,
    path: path.path,
    principal: f.ldm,
    resourceAccount: catalogId,
    context: { ...TLS, ...path.context },
    identityPolicies: f.ldmPolicies,
    ...(catalogPolicy ? { resourcePolicy: { ...catalogPolicy, kind: 'resource' as const } } : {}),
    ...(path.endpoint ? { endpoint: path.endpoint } : {}),
  };
  const catalog = glue('catalog');
  const db = (name: string) => [catalog, glue(`database/${name}`)];
  const table = (name: string) => [...db(name), glue(`table/${name}/migrated_table`)];
  const migratesDefault = f.m.environment.catalog.databases.some((d) => d.name === 'default');
  // prettier-ignore
  const calls = migratesDefault ? [] : rows(section, [
    ['get-database-default',           'allowed', 'glue:GetDatabase',    db('default'),         'looks up the `default` database', "the Glue client does so when it starts, and stops on AccessDenied (docs/security.md)"],
    ['create-table-in-default',        'denied',  'glue:CreateTable',    table('default'),      'creates a table in the `default` database', 'only the configured databases are written'],
  ]);
  // prettier-ignore
  calls.push(...rows(section, [
    ['create-database-not-configured', 'denied',  'glue:CreateDatabase', db('not_in_config'),    'creates a database the config does not list', 'HiveMigrator writes the configured databases only'],
    ['get-table-not-configured',       'denied',  'glue:GetTable',       table('not_in_config'), 'reads a table of a database the config does not list', 'the role sees the configured databases only'],
  ]));
  for (const { name } of f.m.environment.catalog.databases) {
    // prettier-ignore
    calls.push(...rows(section, [
      [`get-database:${name}`,                 'allowed', 'glue:GetDatabase',               db(name),    `reads database ${name}`, 'before migrating into it'],
      [`create-database:${name}`,              'allowed', 'glue:CreateDatabase',            db(name),    `creates database ${name} if it is missing`, 'HiveMigrator creates a configured database the catalog lacks'],
      [`get-table:${name}`,                    'allowed', 'glue:GetTable',                  table(name), `reads a table of ${name}`, 'it compares tables with the source'],
      [`create-table:${name}`,                 'allowed', 'glue:CreateTable',               table(name), `creates a table in ${name}`, 'the metadata migration itself'],
      [`update-table:${name}`,                 'allowed', 'glue:UpdateTable',               table(name), `changes a table of ${name}`, 'schema changes at the source'],
      [`delete-table:${name}`,                 'allowed', 'glue:DeleteTable',               table(name), `drops a table of ${name}`, 'DROP TABLE at the source'],
      [`batch-create-partition:${name}`,       'allowed', 'glue:BatchCreatePartition',      table(name), `adds partitions to a table of ${name}`, 'partitioned Hive tables'],
      [`get-partitions:${name}`,               'allowed', 'glue:GetPartitions',             table(name), `lists the partitions of a table of ${name}`, 'it compares partitions with the source'],
      [`create-user-defined-function:${name}`, 'allowed', 'glue:CreateUserDefinedFunction', db(name),    `creates a function in ${name}`, 'Hive functions are migrated too'],
      [`delete-database:${name}`,              'denied',  'glue:DeleteDatabase',            db(name),    `drops database ${name}`, 'the catalog layer owns the databases; a DROP DATABASE at the source is not replayed'],
    ]));
  }
  if (path.endpoint) {
    const theirs = (resource: string) => arn(f.other, resource);
    calls.push({
      ...rows(section, [
        [
          'get-database-other-account',
          'denied',
          'glue:GetDatabase',
          [theirs('catalog'), theirs('database/shared')],
          "reads another account's catalog through the environment's Glue endpoint",
          'the endpoint keeps catalog traffic in the account',
        ],
      ])[0]!,
      resourceAccount: f.other,
      resourcePolicy: {
        name: "(assumed) the other account's catalog policy, open to everyone",
        kind: 'resource',
        document: doc({ Effect: 'Allow', Principal: '*', Action: 'glue:*', Resource: theirs('*') }),
      },
    });
  }
  return calls;
}

// ---------------------------------------------------------------------------------------------
// The host configuration in SSM Parameter Store
// ---------------------------------------------------------------------------------------------

function hostConfiguration(f: Facts): Call[] {
  const { names, project, hosts } = f.m.context;
  const parameter = (name: string) =>
    `arn:${f.partition}:ssm:${f.region}:${f.account}:parameter${name}`;
  const ssm = through(
    hosts.anyInAws ? f.m.endpoint('ssm-interface-endpoint') : undefined,
    'the public SSM endpoint',
  );
  const shared = {
    who: `the LDM host (role ${f.roleName})`,
    principal: f.ldm,
    resourceAccount: f.account,
    identityPolicies: f.ldmPolicies,
  };
  const decrypt = insideAws(f, 'ssm', 'SSM');
  const own = { 'kms:EncryptionContext:PARAMETER_ARN': parameter(names.hostConfigParameter) };
  // prettier-ignore
  return [
    ...rows({ ...shared, prefix: 'host-config', path: ssm.path, context: { ...TLS, ...ssm.context }, ...(ssm.endpoint ? { endpoint: ssm.endpoint } : {}) }, [
      ['get-host-config',     'allowed', 'ssm:GetParameter', parameter(names.hostConfigParameter),         'reads the rendered host configuration', 'the host configures LDM from it'],
      ['get-cli-script',      'allowed', 'ssm:GetParameter', parameter(names.cliScriptParameter),          'reads the LDM CLI script', 'the host runs it'],
      ...names.preflightParameters.map((name, i) =>
        [`get-preflight-${i + 1}`, 'allowed', 'ssm:GetParameter', parameter(name),                      `reads part ${i + 1} of the host preflight`, 'the host checks its network with it'] as const),
      ['get-other-parameter', 'denied',  'ssm:GetParameter', parameter(`/${project}/another-team/secret`), 'reads a parameter that is not its own', 'SecureString parameters of others stay theirs'],
    ]),
    ...rows({ ...shared, prefix: 'host-config', path: decrypt.path, context: { ...TLS, ...decrypt.context }, resourcePolicy: f.keyPolicy }, [
      ['decrypt-via-ssm',     'allowed', 'kms:Decrypt',      f.keyArn, 'SSM decrypts the SecureString host configuration', 'the parameters are encrypted with the environment key', own],
    ]),
  ];
}

// ---------------------------------------------------------------------------------------------
// Who may become the migrator role
// ---------------------------------------------------------------------------------------------

function trust(f: Facts): Call[] {
  const m = f.m.environment.migrator;
  const trustPolicy = { ...f.m.trustPolicy(f.roleName), kind: 'trust' as const };
  const as = (
    who: string,
    principal: CallerPrincipal,
    identity: readonly NamedDocument[] = [],
  ): Section => ({
    prefix: 'trust',
    who,
    path: 'AWS STS',
    principal,
    resourceAccount: f.account,
    identityPolicies: identity,
    resourcePolicy: trustPolicy,
  });
  const role = f.roleArn;
  const calls: Call[] = [];
  if (m.credentials === 'roles-anywhere') {
    const anchor = f.m.value(
      'security',
      'aws_rolesanywhere_trust_anchor.roles-anywhere-trust-anchor.arn',
    );
    const cn = m.rolesAnywhere?.commonNames[0] ?? 'ldm-host.example.internal';
    const ra = { service: 'rolesanywhere.amazonaws.com' };
    const session = {
      'aws:SourceArn': anchor,
      'aws:SourceAccount': f.account,
      'aws:PrincipalTag/x509Subject/CN': cn,
    };
    const otherAnchor = {
      ...session,
      'aws:SourceArn': anchor.replace(/trust-anchor\/.*$/, 'trust-anchor/another-anchor'),
    };
    const otherAccountAnchor = {
      ...session,
      'aws:SourceAccount': f.other,
      'aws:SourceArn': anchor.replace(`:${f.account}:`, `:${f.other}:`),
    };
    // prettier-ignore
    calls.push(...rows({ ...as('IAM Roles Anywhere', ra), context: session }, [
      ['roles-anywhere-assume-role',         'allowed', 'sts:AssumeRole',        role, `hands the role to the host certificate CN=${cn}`, 'how the edge node gets its credentials'],
      ['roles-anywhere-tag-session',         'allowed', 'sts:TagSession',        role, "tags the session with the certificate's subject", 'Roles Anywhere always tags its sessions'],
      ['roles-anywhere-set-source-identity', 'allowed', 'sts:SetSourceIdentity', role, "records the certificate's CN as source identity", 'Roles Anywhere always sets it'],
      ['roles-anywhere-other-trust-anchor',  'denied',  'sts:AssumeRole',        role, 'hands the role to a certificate of another trust anchor', 'only the environment CA vouches for LDM hosts', otherAnchor],
      ['roles-anywhere-other-account',       'denied',  'sts:AssumeRole',        role, "hands the role to a certificate of another account's trust anchor", "another account's CA never vouches here", otherAccountAnchor],
      ...((m.rolesAnywhere?.commonNames.length ?? 0) > 0
        ? [['roles-anywhere-unlisted-cn',    'denied',  'sts:AssumeRole',        role, 'hands the role to another certificate of the CA', 'rolesAnywhere.commonNames names the LDM hosts', { 'aws:PrincipalTag/x509Subject/CN': 'laptop-42.example.internal' }] as const]
        : []),
    ]));
  }
  if (m.credentials === 'instance-profile') {
    // prettier-ignore
    calls.push(...rows(as('EC2', { service: 'ec2.amazonaws.com' }), [
      ['ec2-assume-role', 'allowed', 'sts:AssumeRole', role, 'hands the role to a host through the instance profile', 'how the EC2 hosts get their credentials'],
    ]));
  }
  if (m.credentials === 'assume-role' && m.assumeRole) {
    const principal = m.assumeRole.principals[0]!;
    const context: Record<string, string> = {};
    for (const keys of Object.values(m.assumeRole.conditions)) {
      for (const [key, value] of Object.entries(keys ?? {})) {
        context[key] = sampleValue(Array.isArray(value) ? value[0]! : (value as string));
      }
    }
    const identity = [
      {
        name: `(assumed) ${principal} may assume roles`,
        document: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }),
      },
    ];
    const section = { ...as(principal, { arn: principal }, identity), context };
    const externalId = m.assumeRole.externalId;
    // prettier-ignore
    calls.push(...rows(section, [
      ['assume-role',                        'allowed', 'sts:AssumeRole', role, 'assumes the role, with the external id and conditions', 'assumeRole.principals', externalId ? { 'sts:ExternalId': externalId } : {}],
      ...(externalId ? [['assume-role-without-external-id', 'denied', 'sts:AssumeRole', role, 'assumes the role without the external id', 'the external id proves the caller acts for this migration'] as const] : []),
    ]));
  }
  const insider = `arn:${f.partition}:iam::${f.account}:role/another-role-of-the-account`;
  const outsider = `arn:${f.partition}:iam::${f.other}:role/intruder`;
  if (m.credentials !== 'assume-role') {
    // prettier-ignore
    calls.push(...rows(as('another role of the account, an administrator', { arn: insider }, [administrator(insider)]), [
      ['same-account-role', 'denied', 'sts:AssumeRole', role, 'assumes the migrator role', 'only the credentials mode hands the role out'],
    ]));
  }
  // prettier-ignore
  calls.push(...rows(as('a role of another account, an administrator there', { arn: outsider }, [administrator(outsider)]), [
    ['other-account-role', 'denied', 'sts:AssumeRole', role, 'assumes the migrator role', 'no other account may'],
  ]));
  return calls;
}

/** A value a condition admits: a CIDR's first address, a pattern with its wildcards filled. */
function sampleValue(value: string): string {
  const cidr = /^(\d+\.\d+\.\d+\.\d+)\/\d+$/.exec(value);
  return cidr ? cidr[1]! : value.replace(/[*?]/g, 'x');
}

// ---------------------------------------------------------------------------------------------
// Hosts in AWS: EBS with the environment key, the SSM agent, the hosts' logs
// ---------------------------------------------------------------------------------------------

function hostsInAws(f: Facts): Call[] {
  const { hosts, names } = f.m.context;
  const calls: Call[] = [];
  if (hosts.launch.migrator || hosts.launch.glueAgent) {
    const ebs = insideAws(f, 'ec2', 'EC2 (EBS)');
    const section: Section = {
      prefix: 'ebs',
      who: `whoever launches the hosts (${f.deployer})`,
      path: ebs.path,
      principal: { arn: f.deployer },
      resourceAccount: f.account,
      context: { ...TLS, ...ebs.context },
      identityPolicies: [administrator(f.deployer)],
      resourcePolicy: f.keyPolicy,
    };
    const key = f.keyArn;
    const launch =
      'EC2 cannot launch a host whose root volume is encrypted with the environment key without it';
    // prettier-ignore
    calls.push(...rows(section, [
      ['create-grant',                        'allowed', 'kms:CreateGrant',                     key, 'EBS creates a grant for the encrypted root volume', launch, { 'kms:GrantIsForAWSResource': 'true' }],
      ['generate-data-key-without-plaintext', 'allowed', 'kms:GenerateDataKeyWithoutPlaintext', key, "EBS generates the volume's data key", launch],
      ['re-encrypt-from',                     'allowed', 'kms:ReEncryptFrom',                   key, "EBS re-encrypts the volume's data key (from)", launch],
      ['re-encrypt-to',                       'allowed', 'kms:ReEncryptTo',                     key, "EBS re-encrypts the volume's data key (to)", launch],
      ['decrypt',                             'allowed', 'kms:Decrypt',                         key, "EBS decrypts the volume's data key", launch],
      ['describe-key',                        'allowed', 'kms:DescribeKey',                     key, 'EBS reads the key', launch],
      ['create-grant-not-for-aws-resource',   'denied',  'kms:CreateGrant',                     key, 'creates a grant for something other than an AWS resource', 'EBS creates grants for its own volumes only', { 'kms:GrantIsForAWSResource': 'false' }],
    ]));
  }
  if (f.m.environment.migrator.credentials === 'instance-profile') {
    const host = {
      arn: `arn:${f.partition}:sts::${f.account}:assumed-role/${names.migratorRole}/${INSTANCE_ID}`,
    };
    const agent = (endpoint: string): Section => {
      const p = through(f.m.endpoint(endpoint), 'the public endpoint');
      return {
        prefix: 'ssm-agent',
        who: `the SSM agent on a host (role ${names.migratorRole})`,
        path: p.path,
        principal: host,
        resourceAccount: f.account,
        context: { ...TLS, ...p.context },
        identityPolicies: f.ldmPolicies,
        ...(p.endpoint ? { endpoint: p.endpoint } : {}),
      };
    };
    const instance = `arn:${f.partition}:ec2:${f.region}:${f.account}:instance/${INSTANCE_ID}`;
    const managed = 'Session Manager is how the hosts are managed: no SSH, no bastion';
    // prettier-ignore
    calls.push(
      ...rows(agent('ssm-interface-endpoint'), [
        ['update-instance-information', 'allowed', 'ssm:UpdateInstanceInformation', instance, 'registers the instance with Systems Manager', managed],
      ]),
      ...rows(agent('ssmmessages-interface-endpoint'), [
        ['create-control-channel',      'allowed', 'ssmmessages:CreateControlChannel', '*', 'opens the Session Manager control channel', managed],
        ['open-data-channel',           'allowed', 'ssmmessages:OpenDataChannel',      '*', 'opens a Session Manager data channel', managed],
      ]),
      ...rows(agent('ec2messages-interface-endpoint'), [
        ['get-messages',                'allowed', 'ec2messages:GetMessages',          '*', 'polls for Run Command messages', managed],
      ]),
    );
    const logs = through(
      f.m.endpoint('logs-interface-endpoint'),
      'the public CloudWatch Logs endpoint',
    );
    const stream = (group: string) =>
      `arn:${f.partition}:logs:${f.region}:${f.account}:log-group:${group}:log-stream:${INSTANCE_ID}`;
    const section: Section = {
      prefix: 'host-logs',
      who: `a host (role ${names.migratorRole})`,
      path: logs.path,
      principal: host,
      resourceAccount: f.account,
      context: { ...TLS, ...logs.context },
      identityPolicies: f.ldmPolicies,
      ...(logs.endpoint ? { endpoint: logs.endpoint } : {}),
    };
    const kept = 'the hosts keep their logs in CloudWatch';
    // prettier-ignore
    calls.push(...rows(section, [
      ['create-log-stream',        'allowed', 'logs:CreateLogStream', stream(names.hostLogGroup), `creates its log stream in ${names.hostLogGroup}`, kept],
      ['put-log-events',           'allowed', 'logs:PutLogEvents',    stream(names.hostLogGroup), `writes its logs to ${names.hostLogGroup}`, kept],
      ['put-log-events-flow-logs', 'denied',  'logs:PutLogEvents',    stream(names.flowLogGroup), 'writes into the VPC flow logs', 'audit logs are written by their service only'],
    ]));
  }
  return calls;
}

// ---------------------------------------------------------------------------------------------
// Lake Formation and its vended credentials
// ---------------------------------------------------------------------------------------------

function lakeFormation(f: Facts): Call[] {
  if (!f.m.has('catalog', 'aws_iam_role.lake-formation-role')) return [];
  const { names } = f.m.context;
  const role = f.m.value('catalog', 'aws_iam_role.lake-formation-role.arn');
  // The form AWS documents for Lake Formation's aws:SourceArn: arn:<partition>:lakeformation:<region>:<account>:*
  const source = (account: string) => ({
    'aws:SourceAccount': account,
    'aws:SourceArn': `arn:${f.partition}:lakeformation:${f.region}:${account}:catalog:${account}`,
  });
  const session = {
    arn: `arn:${f.partition}:sts::${f.account}:assumed-role/${names.lakeFormationRole}/AWSLF-00-AT-${f.account}-1`,
  };
  const vended: Section = {
    prefix: 'lake-formation',
    who: `an engine with Lake Formation's vended credentials (role ${names.lakeFormationRole})`,
    path: 'the public S3 endpoint (Athena, EMR, Redshift Spectrum)',
    principal: session,
    resourceAccount: f.account,
    context: TLS,
    identityPolicies: f.m.identityPolicies(names.lakeFormationRole),
    ...(f.bucketPolicy ? { resourcePolicy: f.bucketPolicy } : {}),
  };
  const s3 = insideAws(f, 's3', 'S3');
  const queries = 'queries of the tables Lake Formation governs';
  const otherBucket = `arn:${f.partition}:s3:::another-bucket-of-the-account/data.csv`;
  const trust = { ...f.m.trustPolicy(names.lakeFormationRole), kind: 'trust' as const };
  const lf = { service: 'lakeformation.amazonaws.com' };
  // prettier-ignore
  return [
    ...rows({ prefix: 'lake-formation', who: 'Lake Formation', path: 'AWS STS', principal: lf, resourceAccount: f.account, identityPolicies: [], resourcePolicy: trust }, [
      ['assume-role',                   'allowed', 'sts:AssumeRole', role, 'assumes its registered role for the target bucket', 'registerWithLakeFormation: Lake Formation vends credentials of this role', source(f.account)],
      ['assume-role-for-other-account', 'denied',  'sts:AssumeRole', role, 'assumes the role acting for another account', 'the confused deputy: another account must not reach our data through Lake Formation', source(f.other)],
    ]),
    ...rows(vended, [
      ['get-object',              'allowed', 's3:GetObject',  f.object,    'reads table data', queries],
      ['put-object',              'allowed', 's3:PutObject',  f.object,    'writes table data (INSERT, CTAS)', queries],
      ['list-bucket',             'allowed', 's3:ListBucket', f.bucketArn, 'lists table data', queries],
      ['get-object-other-bucket', 'denied',  's3:GetObject',  otherBucket, 'reads a bucket that is not registered', 'the role is for the target bucket only'],
    ]),
    ...rows({ ...vended, path: s3.path, context: { ...TLS, ...s3.context }, resourcePolicy: f.keyPolicy }, [
      ['decrypt-via-s3',          'allowed', 'kms:Decrypt',   f.keyArn,    'S3 decrypts table data for the engine', 'the data is SSE-KMS with the environment key', { 'kms:EncryptionContext:aws:s3:arn': f.bucketArn }],
    ]),
  ];
}

// ---------------------------------------------------------------------------------------------
// AWS services delivering logs and events
// ---------------------------------------------------------------------------------------------

function logDelivery(f: Facts): Call[] {
  const { names } = f.m.context;
  const logBucketArn = `arn:${f.partition}:s3:::${names.logBucket}`;
  const logBucketPolicy = f.m.resourcePolicy(logBucketArn);
  const logObject = `${logBucketArn}/${ACCESS_LOG_PREFIX}${f.account}/${f.region}/${names.targetBucket}/2024/01/31/log`;
  const theirBucket = `arn:${f.partition}:s3:::somebody-elses-bucket`;
  const logging = (resourcePolicy: ResourcePolicy | undefined): Section => ({
    prefix: 'log-delivery',
    who: 'S3 server access logging',
    path: 'inside AWS',
    principal: { service: 'logging.s3.amazonaws.com' },
    resourceAccount: f.account,
    identityPolicies: [],
    ...(resourcePolicy ? { resourcePolicy } : {}),
  });
  const ours = { ...TLS, 'aws:SourceAccount': f.account, 'aws:SourceArn': f.bucketArn };
  const theirs = { ...TLS, 'aws:SourceAccount': f.other, 'aws:SourceArn': theirBucket };
  const flowLogRole = f.m.value('network', 'aws_iam_role.flow-log-role.arn');
  const flowLog = (account: string) => ({
    'aws:SourceAccount': account,
    'aws:SourceArn': `arn:${f.partition}:ec2:${f.region}:${account}:vpc-flow-log/fl-0123456789abcdef0`,
  });
  const flowStream = `arn:${f.partition}:logs:${f.region}:${f.account}:log-group:${names.flowLogGroup}:log-stream:eni-0123456789abcdef0-all`;
  const logBucket = logBucketPolicy && { ...logBucketPolicy, kind: 'resource' as const };
  // prettier-ignore
  const calls = [
    ...rows(logging(logBucket), [
      ['s3-access-logs',                   'allowed', 's3:PutObject', logObject, "delivers the target bucket's access logs", 'the audit trail of every request to the data', ours],
      ['s3-access-logs-for-other-account', 'denied',  's3:PutObject', logObject, "delivers another account's bucket logs into the log bucket", "the confused deputy: the log bucket takes our bucket's logs only", theirs],
    ]),
    ...rows(logging(f.bucketPolicy), [
      ['s3-access-logs-into-target-bucket', 'denied', 's3:PutObject', `${f.bucketArn}/logs/log`, 'writes logs into the target bucket', 'the target bucket holds migrated data only', ours],
    ]),
    ...rows({ prefix: 'log-delivery', who: 'VPC Flow Logs', path: 'AWS STS', principal: { service: 'vpc-flow-logs.amazonaws.com' }, resourceAccount: f.account, identityPolicies: [], resourcePolicy: { ...f.m.trustPolicy(names.flowLogRole), kind: 'trust' } }, [
      ['flow-logs-assume-role',           'allowed', 'sts:AssumeRole', flowLogRole, 'assumes the flow log role', 'flow logs of the VPC', flowLog(f.account)],
      ['flow-logs-for-other-account',     'denied',  'sts:AssumeRole', flowLogRole, 'assumes the flow log role for another account', 'the confused deputy', flowLog(f.other)],
    ]),
    ...rows({ prefix: 'log-delivery', who: `VPC Flow Logs (role ${names.flowLogRole})`, path: 'inside AWS', principal: { arn: `arn:${f.partition}:sts::${f.account}:assumed-role/${names.flowLogRole}/flow-logs` }, resourceAccount: f.account, context: TLS, identityPolicies: f.m.identityPolicies(names.flowLogRole) }, [
      ['flow-logs-write',                 'allowed', 'logs:PutLogEvents', flowStream, `writes flow logs to ${names.flowLogGroup}`, 'flow logs of the VPC'],
    ]),
  ];
  return calls;
}

// ---------------------------------------------------------------------------------------------
// Others: another workload of an existing VPC, administrators, catalog readers, other accounts
// ---------------------------------------------------------------------------------------------

function others(f: Facts): Call[] {
  const calls: Call[] = [];
  const { environment } = f.m;

  if (environment.network.existingVpc) {
    const workload = `arn:${f.partition}:iam::${f.account}:role/another-workload`;
    const path = through(
      f.m.endpoint('s3-gateway-endpoint'),
      'the route tables of the existing VPC (no S3 gateway endpoint of the landing zone)',
    );
    const section: Section = {
      prefix: 'other-workload',
      who: 'another workload on the route tables of the existing VPC',
      path: path.path,
      principal: { arn: workload },
      resourceAccount: f.account,
      context: { ...TLS, ...path.context },
      identityPolicies: [
        {
          name: `(assumed) the S3 access of ${workload}`,
          document: doc({
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:PutObject'],
            Resource: '*',
          }),
        },
      ],
      ...(path.endpoint ? { endpoint: path.endpoint } : {}),
    };
    const theirs = `arn:${f.partition}:s3:::another-team-bucket/reports/latest.csv`;
    const unchanged = 'the landing zone must not change what else the existing VPC can do';
    // prettier-ignore
    calls.push(...rows(section, [
      ['get-object-own-bucket', 'allowed', 's3:GetObject', theirs, 'reads a bucket of its own', unchanged],
      ['put-object-own-bucket', 'allowed', 's3:PutObject', theirs, 'writes a bucket of its own', unchanged],
    ]));
  }

  const storage = environment.storage;
  if (storage.restrictToVpcEndpoints) {
    for (const admin of storage.administratorArns.filter((a) => !a.includes('*'))) {
      // prettier-ignore
      calls.push(...rows({ prefix: 'administrator', who: `an administrator in storage.administratorArns (${admin})`, path: 'the public S3 endpoint', principal: { arn: admin }, resourceAccount: f.account, context: TLS, identityPolicies: [administrator(admin)], ...(f.bucketPolicy ? { resourcePolicy: f.bucketPolicy } : {}) }, [
        [`get-object-outside-endpoints:${admin.split('/').pop()}`, 'allowed', 's3:GetObject', f.object, 'reads a migrated file from outside the VPC', 'administratorArns are exempt from the endpoint perimeter (IAM still decides)'],
      ]));
    }
  }
  // prettier-ignore
  calls.push(...rows({ prefix: 'administrator', who: `an administrator of the account (${f.deployer})`, path: 'the public KMS endpoint', principal: { arn: f.deployer }, resourceAccount: f.account, context: TLS, identityPolicies: [administrator(f.deployer)], resourcePolicy: f.keyPolicy }, [
    ['decrypt-direct', 'denied', 'kms:Decrypt', f.keyArn, 'decrypts with the data key directly', 'administrators manage the key; only the services that keep the data use it'],
  ]));

  const catalog = environment.catalog;
  const firstDatabase = catalog.databases[0]?.name;
  if (catalog.crossAccountReaders.length > 0 && catalog.catalogId === undefined && firstDatabase) {
    const reader = catalog.crossAccountReaders[0]!;
    const arn = /^\d{12}$/.test(reader)
      ? `arn:${f.partition}:iam::${reader}:role/analytics`
      : reader;
    const glue = (r: string) => `arn:${f.partition}:glue:${f.region}:${f.account}:${r}`;
    const policy = f.m.resourcePolicy(glue('*'));
    const section: Section = {
      prefix: 'catalog-reader',
      who: `a catalog reader of another account (${arn})`,
      path: 'the public Glue endpoint',
      principal: { arn },
      resourceAccount: f.account,
      context: TLS,
      identityPolicies: [administrator(arn)],
      ...(policy ? { resourcePolicy: { ...policy, kind: 'resource' as const } } : {}),
    };
    const table = [
      glue('catalog'),
      glue(`database/${firstDatabase}`),
      glue(`table/${firstDatabase}/migrated_table`),
    ];
    const glueKms = insideAws(f, 'glue', 'Glue');
    const s3Kms = insideAws(f, 's3', 'S3');
    // prettier-ignore
    calls.push(
      ...rows(section, [
        ['get-table',    'allowed', 'glue:GetTable',    table, `reads a table definition of ${firstDatabase}`, 'catalog.crossAccountReaders'],
        ['create-table', 'denied',  'glue:CreateTable', table, `creates a table in ${firstDatabase}`, 'readers only read'],
      ]),
      ...rows({ ...section, path: glueKms.path, context: { ...TLS, ...glueKms.context }, resourcePolicy: f.keyPolicy }, [
        ['decrypt-via-glue', 'allowed', 'kms:Decrypt', f.keyArn, 'Glue decrypts the catalog for the reader', 'the catalog is encrypted with the environment key'],
      ]),
      ...rows({ ...section, path: s3Kms.path, context: { ...TLS, ...s3Kms.context }, resourcePolicy: f.keyPolicy }, [
        ['decrypt-via-s3',   'denied',  'kms:Decrypt', f.keyArn, 'S3 decrypts migrated data for the reader', 'the catalog policy shares metadata, not data', { 'kms:EncryptionContext:aws:s3:arn': f.bucketArn }],
      ]),
    );
  }

  const outsider = `arn:${f.partition}:iam::${f.other}:role/intruder`;
  const intruder: Section = {
    prefix: 'other-account',
    who: 'a role of another account, an administrator there',
    path: 'the public S3 endpoint',
    principal: { arn: outsider },
    resourceAccount: f.account,
    context: TLS,
    identityPolicies: [administrator(outsider)],
    ...(f.bucketPolicy ? { resourcePolicy: f.bucketPolicy } : {}),
  };
  const ldmPath = ldmS3Path(f);
  const s3Kms = insideAws(f, 's3', 'S3');
  const data = 'the data belongs to this account';
  // prettier-ignore
  calls.push(
    ...rows({ ...intruder, path: ldmPath.path, context: { ...TLS, ...ldmPath.context }, ...(ldmPath.endpoint ? { endpoint: ldmPath.endpoint } : {}) }, [
      ['get-object-through-endpoint', 'denied', 's3:GetObject', f.object, "reads a migrated file through the environment's S3 endpoint", data],
    ]),
    ...rows(intruder, [
      ['get-object',                  'denied', 's3:GetObject', f.object, 'reads a migrated file from its own network', data],
    ]),
    ...rows({ ...intruder, path: s3Kms.path, context: { ...TLS, ...s3Kms.context }, resourcePolicy: f.keyPolicy }, [
      ['decrypt-via-s3',              'denied', 'kms:Decrypt',  f.keyArn, 'has S3 decrypt with the data key', 'the key serves this account only', { 'kms:EncryptionContext:aws:s3:arn': f.bucketArn }],
    ]),
  );
  return calls;
}

/** Every call of an environment's table, in the order the report lists them. */
export function accessCalls(m: EnvironmentModel): Call[] {
  const f = facts(m);
  return [
    ...ldmS3(f),
    ...ldmKms(f),
    ...hiveMigratorGlue(f),
    ...hostConfiguration(f),
    ...trust(f),
    ...hostsInAws(f),
    ...lakeFormation(f),
    ...logDelivery(f),
    ...others(f),
  ];
}

/**
 * The security layer's IAM documents as plain objects: the data key's key policy, the migrator
 * role's permissions and its trust policy per credentials mode. Stacks `JSON.stringify` them; tests
 * parse them back. Every action is listed with the reason it is granted (docs/security.md shows
 * the same tables, and a test keeps the two in step), so a reviewer can read why each one is there.
 */
import {
  accountRootArn,
  type AwsScope,
  type GlueCatalogRef,
  glueCatalogArn,
  glueDatabaseArn,
  glueFunctionsArn,
  glueTablesArn,
  logGroupArn,
  regionalArn,
  s3BucketArn,
  s3ObjectsArn,
  SERVICE_PRINCIPALS,
  viaService,
} from '../../lib/core/arns';
import {
  type ConditionBlock,
  type PolicyDocument,
  policyDocument,
  type PolicyStatement,
} from '../../lib/core/iam';

/** IAM actions, each with the reason it is granted. */
export type ActionReasons = Readonly<Record<string, string>>;

const actions = (reasons: ActionReasons): string[] => Object.keys(reasons);

/** What LDM does in S3 (S3A filesystem client), on the target bucket only. */
export const S3_ACTIONS = {
  /** The one action granted on `*`: it has no resource to scope it to. */
  account: {
    's3:ListAllMyBuckets':
      'LDM lists buckets when an S3 filesystem is added or checked; S3 has no resource ARN for it',
  },
  bucket: {
    's3:GetBucketLocation': "S3A looks up the target bucket's region",
    's3:ListBucket': 'LDM lists target paths to compare and verify them against the source',
    's3:ListBucketMultipartUploads': 'S3A finds interrupted multipart uploads to clean them up',
  },
  objects: {
    's3:GetObject': 'LDM reads migrated files back (verification, S3A rename copies)',
    's3:PutObject': 'LDM writes migrated files, in single and multipart uploads',
    's3:DeleteObject': 'LDM replays deletes from the source and removes S3A temporary files',
    's3:AbortMultipartUpload': 'S3A aborts uploads that fail or are cancelled',
    's3:ListMultipartUploadParts': 'S3A resumes and completes multipart uploads',
  },
} as const satisfies Record<string, ActionReasons>;

/** What the migrator role does with the data key: only through the services that store data. */
export const KMS_ACTIONS = {
  throughServices: {
    'kms:GenerateDataKey':
      'S3 (SSE-KMS) and the encrypted Glue Data Catalog encrypt what LDM and HiveMigrator write',
    'kms:Decrypt':
      'S3 and Glue decrypt what LDM and HiveMigrator read, and S3 completes multipart uploads',
    'kms:Encrypt': 'the encrypted Glue Data Catalog encrypts metadata HiveMigrator writes',
  },
  direct: {
    'kms:DescribeKey': "clients read the key's ARN and state (no key material)",
  },
} as const satisfies Record<string, ActionReasons>;

/**
 * What HiveMigrator does in the Glue Data Catalog (the Hive metastore client), on the configured
 * databases only. No `glue:DeleteDatabase`: the catalog layer owns the databases' lifecycle, so a
 * `DROP DATABASE` at the source is not replayed.
 */
export const GLUE_ACTIONS = {
  databases: {
    'glue:GetDatabase': 'HiveMigrator reads a target database before migrating into it',
    'glue:GetDatabases': 'HiveMigrator lists databases (Glue returns only those the role may read)',
    'glue:CreateDatabase':
      'HiveMigrator creates a configured database the catalog does not have yet (configured names only)',
    'glue:UpdateDatabase': 'HiveMigrator carries database properties changed at the source',
  },
  tables: {
    'glue:GetTable': 'HiveMigrator compares a table with the source',
    'glue:GetTables': 'HiveMigrator lists the tables of a database',
    'glue:CreateTable': 'HiveMigrator creates migrated tables',
    'glue:UpdateTable': 'HiveMigrator carries schema and property changes',
    'glue:DeleteTable': 'HiveMigrator replays a DROP TABLE',
    'glue:BatchDeleteTable': 'HiveMigrator replays several DROP TABLEs at once',
    'glue:GetPartition': 'HiveMigrator compares a partition with the source',
    'glue:GetPartitions': 'HiveMigrator lists the partitions of a table',
    'glue:BatchGetPartition': 'HiveMigrator reads many partitions at once',
    'glue:CreatePartition': 'HiveMigrator adds a partition',
    'glue:BatchCreatePartition': 'HiveMigrator adds many partitions at once',
    'glue:UpdatePartition': 'HiveMigrator carries partition changes',
    'glue:DeletePartition': 'HiveMigrator replays a dropped partition',
    'glue:BatchDeletePartition': 'HiveMigrator replays many dropped partitions at once',
  },
  /**
   * The Hive metastore client for Glue looks the `default` database up when it starts (unless
   * `aws.glue.skip_default_db` is set, which no LDM flag exposes) and fails on AccessDenied; it may
   * read that database, nothing in it.
   */
  defaultDatabase: {
    'glue:GetDatabase':
      'the Glue client looks up the `default` database when it starts, and stops on AccessDenied',
  },
  functions: {
    'glue:GetUserDefinedFunction': 'HiveMigrator compares a Hive UDF with the source',
    'glue:GetUserDefinedFunctions': 'HiveMigrator lists the UDFs of a database',
    'glue:CreateUserDefinedFunction': 'HiveMigrator migrates a Hive UDF',
    'glue:UpdateUserDefinedFunction': 'HiveMigrator carries UDF changes',
    'glue:DeleteUserDefinedFunction': 'HiveMigrator replays a DROP FUNCTION',
  },
} as const satisfies Record<string, ActionReasons>;

/**
 * What the account's administrators may do to the key: manage it, never use it on data. There is
 * no `kms:DisableKeyRotation` (rotation stays on); as `kms:PutKeyPolicy` can change this policy,
 * that is a guard against accidents, not a boundary.
 */
export const KEY_ADMIN_ACTIONS = {
  'kms:DescribeKey': 'Terraform and operators read the key',
  'kms:GetKeyPolicy': 'Terraform reads this policy',
  'kms:PutKeyPolicy': 'Terraform updates this policy (KMS refuses a policy that would lock it out)',
  'kms:GetKeyRotationStatus': 'Terraform reads the rotation setting',
  'kms:EnableKeyRotation': 'Terraform turns rotation on',
  'kms:ListKeyRotations': 'operators audit past rotations',
  'kms:RotateKeyOnDemand': 'operators rotate at once after a suspected exposure',
  'kms:ListResourceTags': 'Terraform reads tags',
  'kms:TagResource': 'Terraform sets tags',
  'kms:UntagResource': 'Terraform removes tags',
  'kms:UpdateKeyDescription': 'Terraform updates the description',
  'kms:EnableKey': 'operators re-enable a disabled key',
  'kms:DisableKey': 'operators stop all use of the key in an incident',
  'kms:ScheduleKeyDeletion': 'retiring the environment (30-day window, prevent_destroy first)',
  'kms:CancelKeyDeletion': 'undoing a scheduled deletion within the window',
  'kms:CreateAlias': 'Terraform creates the alias',
  'kms:UpdateAlias': 'Terraform points the alias at the key',
  'kms:DeleteAlias': 'Terraform removes the alias',
  'kms:ListGrants': 'operators audit grants',
  'kms:RevokeGrant': 'operators revoke a grant',
} as const satisfies ActionReasons;

/** What principals of the account may do with the key through the services that hold its data. */
export const KEY_USE_THROUGH_SERVICES_ACTIONS = {
  'kms:GenerateDataKey':
    'S3, Glue and SSM encrypt for callers the account allows (bucket readers, the catalog and migrator layers)',
  'kms:Decrypt': 'S3, Glue and SSM decrypt for those callers',
  'kms:Encrypt': 'Glue and SSM encrypt small values (catalog metadata, SecureString parameters)',
} as const satisfies ActionReasons;

/**
 * What principals of the account may do with the key through EC2, when the migrator layer launches
 * hosts whose root volumes it encrypts: whoever launches one (the deploy role) has EBS use the key
 * on its behalf, and EBS keeps a grant for the volume.
 */
export const KEY_USE_THROUGH_EBS_ACTIONS = {
  grants: {
    'kms:CreateGrant':
      'EBS creates a grant for each encrypted volume (only grants for AWS resources: kms:GrantIsForAWSResource)',
  },
  volumes: {
    'kms:GenerateDataKeyWithoutPlaintext': "EBS generates a volume's encrypted data key",
    'kms:ReEncryptFrom': "EBS re-encrypts a volume's data key (snapshots, volume changes)",
    'kms:ReEncryptTo': "EBS re-encrypts a volume's data key (snapshots, volume changes)",
    'kms:Decrypt': "EBS decrypts a volume's data key when the volume is attached",
    'kms:DescribeKey': 'EBS checks the key before it uses it',
  },
} as const satisfies Record<string, ActionReasons>;

/** What cross-account catalog readers may do with the key, only through Glue. */
export const CATALOG_READER_KEY_ACTIONS = {
  'kms:Decrypt': "Glue decrypts the encrypted catalog's metadata for readers in other accounts",
} as const satisfies ActionReasons;

/** The actions of each trust policy. */
export const TRUST_ACTIONS = {
  ec2: { 'sts:AssumeRole': 'EC2 hands the role to the instance through the instance profile' },
  rolesAnywhere: {
    'sts:AssumeRole': "Roles Anywhere exchanges the host's certificate for a role session",
    'sts:TagSession': "Roles Anywhere tags the session with the certificate's subject and issuer",
    'sts:SetSourceIdentity': "Roles Anywhere records the certificate's subject as source identity",
  },
  assumeRole: { 'sts:AssumeRole': 'the listed principals assume the role' },
} as const satisfies Record<string, ActionReasons>;

/**
 * What an EC2 host with the migrator role's instance profile needs to be managed: the SSM agent
 * (Session Manager and Run Command, instead of SSH and a bastion) and its logs in a group of its
 * own. The Session Manager and Run Command message actions have no resource type: IAM takes them
 * only on `*` (the policy pack's LDM-IAM-003 allows exactly those, checked against iam-data).
 */
export const HOST_MANAGEMENT_ACTIONS = {
  instance: {
    'ssm:UpdateInstanceInformation':
      'the SSM agent registers the instance with Systems Manager and reports its health',
  },
  sessionChannels: {
    'ssmmessages:CreateControlChannel': 'Session Manager: the agent opens its control channel',
    'ssmmessages:CreateDataChannel': 'Session Manager: the agent opens a session',
    'ssmmessages:OpenControlChannel': 'Session Manager: the agent connects its control channel',
    'ssmmessages:OpenDataChannel': 'Session Manager: the agent connects a session',
  },
  commandMessages: {
    'ec2messages:AcknowledgeMessage': 'Run Command: the agent acknowledges a command',
    'ec2messages:DeleteMessage': 'Run Command: the agent removes a finished command',
    'ec2messages:FailMessage': 'Run Command: the agent reports a failed command',
    'ec2messages:GetEndpoint': 'Run Command: the agent finds its message endpoint',
    'ec2messages:GetMessages': 'Run Command: the agent polls for commands',
    'ec2messages:SendReply': "Run Command: the agent returns a command's output",
  },
  logs: {
    'logs:CreateLogStream': "a host creates its stream in the hosts' log group",
    'logs:PutLogEvents': "a host writes its logs (LDM's, the agent's) to its stream",
    'logs:DescribeLogStreams': 'the CloudWatch agent finds its stream again after a restart',
  },
} as const satisfies Record<string, ActionReasons>;

/**
 * The instance role's management permissions (only with an instance profile): the SSM agent on
 * the instances of the environment's account and region, and writing to the hosts' log group.
 */
export function hostManagementPolicy(scope: AwsScope, logGroupName: string): PolicyDocument {
  const group = logGroupArn(scope, logGroupName);
  return policyDocument(
    {
      Sid: 'SsmAgentInstances',
      Effect: 'Allow',
      Action: actions(HOST_MANAGEMENT_ACTIONS.instance),
      Resource: regionalArn(scope, 'ec2', 'instance/*'),
    },
    {
      Sid: 'SessionManagerChannels',
      Effect: 'Allow',
      Action: actions(HOST_MANAGEMENT_ACTIONS.sessionChannels),
      Resource: '*',
    },
    {
      Sid: 'RunCommandMessages',
      Effect: 'Allow',
      Action: actions(HOST_MANAGEMENT_ACTIONS.commandMessages),
      Resource: '*',
    },
    {
      Sid: 'HostLogGroup',
      Effect: 'Allow',
      Action: actions(HOST_MANAGEMENT_ACTIONS.logs),
      // The group and its streams (`…:log-group:<name>:log-stream:<stream>`).
      Resource: [group, `${group}:*`],
    },
  );
}

/** The services through which the migrator role uses the key (`kms:ViaService`). */
export type KeyService = 's3' | 'glue' | 'ssm';

export interface DataKeyPolicyInputs {
  readonly scope: AwsScope;
  /** The migrator role's ARN. A reference, so the role exists before KMS checks the principal. */
  readonly migratorRoleArn: string;
  /** The services the migrator role reaches the key through. */
  readonly migratorServices: readonly KeyService[];
  /**
   * The migrator layer launches hosts whose root volumes are encrypted with the key: EBS may use
   * it through EC2 for the account's principals. @default false
   */
  readonly ebsVolumes?: boolean;
  /**
   * Principals of other accounts that read the catalog (`catalog.crossAccountReaders`, as ARNs):
   * the catalog is encrypted with this key, so they need to decrypt through Glue. @default none
   */
  readonly catalogReaders?: readonly string[];
}

/**
 * The data key's policy. No `*` principal: the account (for administration, and for use through
 * S3, Glue and SSM — and EC2 for the hosts' volumes — as its IAM policies allow) and the migrator
 * role by name. `Resource: "*"` is how
 * a key policy says "this key": a key policy cannot name any other resource.
 */
export function dataKeyPolicy(i: DataKeyPolicyInputs): PolicyDocument {
  const account = accountRootArn(i.scope);
  const throughEc2 = {
    StringEquals: {
      'kms:CallerAccount': i.scope.accountId,
      'kms:ViaService': viaService(i.scope, 'ec2'),
    },
  };
  return policyDocument(
    {
      Sid: 'KeyAdministration',
      Effect: 'Allow',
      Principal: { AWS: account },
      Action: actions(KEY_ADMIN_ACTIONS),
      Resource: '*',
    },
    {
      Sid: 'AccountUseThroughServices',
      Effect: 'Allow',
      Principal: { AWS: account },
      Action: actions(KEY_USE_THROUGH_SERVICES_ACTIONS),
      Resource: '*',
      Condition: {
        StringEquals: {
          'kms:CallerAccount': i.scope.accountId,
          'kms:ViaService': (['s3', 'glue', 'ssm'] as const).map((s) => viaService(i.scope, s)),
        },
      },
    },
    {
      Sid: 'MigratorRoleUseThroughServices',
      Effect: 'Allow',
      Principal: { AWS: i.migratorRoleArn },
      Action: actions(KMS_ACTIONS.throughServices),
      Resource: '*',
      Condition: {
        StringEquals: { 'kms:ViaService': i.migratorServices.map((s) => viaService(i.scope, s)) },
      },
    },
    {
      Sid: 'MigratorRoleDescribe',
      Effect: 'Allow',
      Principal: { AWS: i.migratorRoleArn },
      Action: actions(KMS_ACTIONS.direct),
      Resource: '*',
    },
    ...(i.ebsVolumes
      ? [
          {
            Sid: 'AccountEbsVolumesThroughEc2',
            Effect: 'Allow' as const,
            Principal: { AWS: account },
            Action: actions(KEY_USE_THROUGH_EBS_ACTIONS.volumes),
            Resource: '*',
            Condition: throughEc2,
          },
          {
            Sid: 'AccountEbsGrantsThroughEc2',
            Effect: 'Allow' as const,
            Principal: { AWS: account },
            Action: actions(KEY_USE_THROUGH_EBS_ACTIONS.grants),
            Resource: '*',
            Condition: { ...throughEc2, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
          },
        ]
      : []),
    ...(i.catalogReaders && i.catalogReaders.length > 0
      ? [
          {
            Sid: 'CatalogReadersDecryptThroughGlue',
            Effect: 'Allow' as const,
            Principal: { AWS: [...i.catalogReaders] },
            Action: actions(CATALOG_READER_KEY_ACTIONS),
            Resource: '*',
            Condition: { StringEquals: { 'kms:ViaService': viaService(i.scope, 'glue') } },
          },
        ]
      : []),
  );
}

/** The migrator role's S3 permissions: the target bucket and its objects. */
export function migratorS3Policy(scope: AwsScope, bucket: string): PolicyDocument {
  return policyDocument(
    {
      Sid: 'ListAllBuckets',
      Effect: 'Allow',
      Action: actions(S3_ACTIONS.account),
      Resource: '*',
    },
    {
      Sid: 'TargetBucket',
      Effect: 'Allow',
      Action: actions(S3_ACTIONS.bucket),
      Resource: s3BucketArn(scope.partition, bucket),
    },
    {
      Sid: 'TargetObjects',
      Effect: 'Allow',
      Action: actions(S3_ACTIONS.objects),
      Resource: s3ObjectsArn(scope.partition, bucket),
    },
  );
}

/** The migrator role's KMS permissions: the one key, used through the services that hold data. */
export function migratorKmsPolicy(
  scope: AwsScope,
  keyArn: string,
  services: readonly KeyService[],
): PolicyDocument {
  return policyDocument(
    {
      Sid: 'DataKeyThroughServices',
      Effect: 'Allow',
      Action: actions(KMS_ACTIONS.throughServices),
      Resource: keyArn,
      Condition: { StringEquals: { 'kms:ViaService': services.map((s) => viaService(scope, s)) } },
    },
    {
      Sid: 'DataKeyDescribe',
      Effect: 'Allow',
      Action: actions(KMS_ACTIONS.direct),
      Resource: keyArn,
    },
  );
}

/** IAM's size limit of a customer managed policy (characters, not counting white space). */
export const MANAGED_POLICY_MAX_CHARS = 6144;

/**
 * The most Glue policies the toolkit attaches to the migrator role. IAM allows 10 managed policies
 * per role by default; two stay free for other layers (SSM access for an EC2 host, for example).
 */
export const MAX_GLUE_POLICIES = 8;

/** The database the Hive metastore client looks up when it starts. */
export const GLUE_DEFAULT_DATABASE = 'default';

/**
 * The Glue statements for some databases. Every Glue call is authorised on the catalog too. The
 * first policy also lets the client look up the `default` database (see GLUE_ACTIONS), unless
 * `default` is one of the migrated databases.
 */
function glueStatements(
  c: GlueCatalogRef,
  databases: readonly string[],
  lookUpDefault: boolean,
): PolicyStatement[] {
  const catalog = glueCatalogArn(c);
  const dbs = databases.map((db) => glueDatabaseArn(c, db));
  return [
    ...(lookUpDefault
      ? [
          {
            Sid: 'GlueDefaultDatabaseLookup',
            Effect: 'Allow' as const,
            Action: actions(GLUE_ACTIONS.defaultDatabase),
            Resource: [catalog, glueDatabaseArn(c, GLUE_DEFAULT_DATABASE)],
          },
        ]
      : []),
    {
      Sid: 'GlueDatabases',
      Effect: 'Allow',
      Action: actions(GLUE_ACTIONS.databases),
      Resource: [catalog, ...dbs],
    },
    {
      Sid: 'GlueTablesAndPartitions',
      Effect: 'Allow',
      Action: actions(GLUE_ACTIONS.tables),
      Resource: [catalog, ...dbs, ...databases.map((db) => glueTablesArn(c, db))],
    },
    {
      Sid: 'GlueFunctions',
      Effect: 'Allow',
      Action: actions(GLUE_ACTIONS.functions),
      Resource: [catalog, ...dbs, ...databases.map((db) => glueFunctionsArn(c, db))],
    },
  ];
}

/**
 * The migrator role's Glue permissions on the catalog and the configured databases, their tables,
 * partitions and user-defined functions, and the lookup of `default`: as few managed policies as
 * hold them (a policy holds a few dozen databases). None without databases.
 */
export function migratorGluePolicies(
  c: GlueCatalogRef,
  databases: readonly string[],
): PolicyDocument[] {
  const lookUpDefault = !databases.includes(GLUE_DEFAULT_DATABASE);
  const statements = (dbs: readonly string[], first: boolean) =>
    glueStatements(c, dbs, first && lookUpDefault);
  const size = (dbs: readonly string[], first: boolean) =>
    JSON.stringify(policyDocument(...statements(dbs, first))).length;
  const chunks: string[][] = [];
  for (const db of databases) {
    const current = chunks[chunks.length - 1];
    if (current && size([...current, db], chunks.length === 1) <= MANAGED_POLICY_MAX_CHARS) {
      current.push(db);
    } else chunks.push([db]);
  }
  return chunks.map((dbs, i) => policyDocument(...statements(dbs, i === 0)));
}

/** Trust for EC2 instances that carry the role's instance profile. */
export function ec2TrustPolicy(): PolicyDocument {
  return policyDocument({
    Sid: 'Ec2InstanceProfile',
    Effect: 'Allow',
    Principal: { Service: SERVICE_PRINCIPALS.ec2 },
    Action: actions(TRUST_ACTIONS.ec2),
  });
}

/**
 * Trust for IAM Roles Anywhere, limited to the environment's trust anchor (any other anchor in the
 * account is refused) and, when given, to certificates with these subject common names.
 */
export function rolesAnywhereTrustPolicy(
  trustAnchorArn: string,
  commonNames: readonly string[],
): PolicyDocument {
  return policyDocument({
    Sid: 'RolesAnywhereTrustAnchor',
    Effect: 'Allow',
    Principal: { Service: SERVICE_PRINCIPALS.rolesAnywhere },
    Action: actions(TRUST_ACTIONS.rolesAnywhere),
    Condition: {
      ArnEquals: { 'aws:SourceArn': trustAnchorArn },
      ...(commonNames.length > 0
        ? { StringEquals: { 'aws:PrincipalTag/x509Subject/CN': [...commonNames] } }
        : {}),
    },
  });
}

/** Trust for the listed principals, with the external id and conditions they must present. */
export function assumeRoleTrustPolicy(
  principals: readonly string[],
  externalId: string | undefined,
  conditions: Readonly<Partial<ConditionBlock>>,
): PolicyDocument {
  const condition: ConditionBlock = {};
  for (const [operator, keys] of Object.entries(conditions)) if (keys) condition[operator] = keys;
  if (externalId !== undefined) {
    condition.StringEquals = { ...condition.StringEquals, 'sts:ExternalId': externalId };
  }
  return policyDocument({
    Sid: 'TrustedPrincipals',
    Effect: 'Allow',
    Principal: { AWS: [...principals] },
    Action: actions(TRUST_ACTIONS.assumeRole),
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  });
}

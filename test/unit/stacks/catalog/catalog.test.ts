import { glueDatabaseNameExpectation, isGlueDatabaseName } from '../../../../stacks/catalog/names';
import {
  databaseLocation,
  defaultDatabaseLocation,
  parseS3Uri,
} from '../../../../stacks/catalog/locations';
import {
  awsScope,
  glueCatalogArn,
  glueDatabaseArn,
  glueTablesArn,
} from '../../../../lib/core/arns';
import {
  CATALOG_READ_ACTIONS,
  catalogReadPolicy,
  lakeFormationDataAccessPolicy,
  lakeFormationTrustPolicy,
} from '../../../../stacks/catalog/policies';
import {
  configWith,
  onlyResource,
  problemsOf,
  rawEnv,
  resources,
  synth,
} from '../../../support/synth';

const BUCKET = 'ldm-sandbox-111111111111-eu-west-1-data';
const CATALOG = { partition: 'aws', region: 'eu-west-1', catalogId: '111111111111' };

/** The sandbox catalog stack of the example with `catalog` replaced. */
function catalogStack(catalog: Record<string, unknown>): any {
  const config = configWith((raw) => (rawEnv(raw).catalog = catalog));
  return synth(config).stacks['sandbox-catalog'];
}

/** Problems of the example with `catalog` replaced. */
function catalogProblems(catalog: Record<string, unknown>): string[] {
  return problemsOf(() => configWith((raw) => (rawEnv(raw).catalog = catalog)));
}

const WRITE_VERB = /^glue:(Batch)?(Create|Update|Delete|Put|Import|Start|Stop|Tag|Untag)/;

describe('catalog lib: Glue names', () => {
  test('accepts lowercase letters, digits and underscores, up to 255 characters', () => {
    for (const good of ['sales', 'sales_2024', '_staging', '9lives', 'a'.repeat(255)]) {
      expect(isGlueDatabaseName(good)).toBe(true);
    }
  });

  test('rejects upper case, other characters, empty and over-long names', () => {
    for (const bad of [
      'Sales',
      'sales-eu',
      'sales.db',
      'sales db',
      'ventes_été',
      '',
      'a'.repeat(256),
    ]) {
      expect(isGlueDatabaseName(bad)).toBe(false);
    }
  });

  test('suggests the lowercase spelling only when that is all that is wrong', () => {
    expect(glueDatabaseNameExpectation('Sales')).toMatch(/write 'sales'$/);
    expect(glueDatabaseNameExpectation('Sales-EU')).toMatch(/^a Glue database name of 1-255/);
  });
});

describe('catalog lib: locations', () => {
  test('parses s3:// URIs with a key, and nothing else', () => {
    expect(parseS3Uri(`s3://${BUCKET}/warehouse/sales.db`)).toEqual({
      bucket: BUCKET,
      key: 'warehouse/sales.db',
    });
    for (const bad of [
      `s3a://${BUCKET}/x`,
      `s3://${BUCKET}`,
      `s3://${BUCKET}/`,
      `s3://${BUCKET}//x`,
      `s3://${BUCKET}/a b`,
      's3://Bad_Bucket/x',
      `s3://${BUCKET}/${'k'.repeat(1024)}`,
    ]) {
      expect(parseS3Uri(bad)).toBeUndefined();
    }
  });

  test("defaults to Hive's warehouse layout under the prefix, unless the database names one", () => {
    expect(defaultDatabaseLocation(BUCKET, 'warehouse', 'sales')).toBe(
      `s3://${BUCKET}/warehouse/sales.db`,
    );
    expect(databaseLocation({ name: 'sales' }, BUCKET, 'hive/warehouse')).toBe(
      `s3://${BUCKET}/hive/warehouse/sales.db`,
    );
    expect(databaseLocation({ name: 'sales', locationUri: 's3://b-1/x' }, BUCKET, 'w')).toBe(
      's3://b-1/x',
    );
  });
});

describe('catalog lib: ARNs and policy documents', () => {
  test('Glue ARNs name the catalog account, region and partition', () => {
    expect(glueCatalogArn(CATALOG)).toBe('arn:aws:glue:eu-west-1:111111111111:catalog');
    expect(glueDatabaseArn({ ...CATALOG, partition: 'aws-cn' }, 'sales')).toBe(
      'arn:aws-cn:glue:eu-west-1:111111111111:database/sales',
    );
    expect(glueTablesArn(CATALOG, 'sales')).toBe(
      'arn:aws:glue:eu-west-1:111111111111:table/sales/*',
    );
  });

  test('the read policy grants lookups only, on the catalog, the databases and their tables', () => {
    const policy = catalogReadPolicy({
      catalog: CATALOG,
      databases: ['sales', 'hr'],
      readers: ['222222222222', 'arn:aws:iam::333333333333:role/analytics'],
    });
    expect(policy.Statement).toHaveLength(1);
    const [statement] = policy.Statement;
    expect(statement).toMatchObject({
      Effect: 'Allow',
      Principal: {
        AWS: ['arn:aws:iam::222222222222:root', 'arn:aws:iam::333333333333:role/analytics'],
      },
      Resource: [
        'arn:aws:glue:eu-west-1:111111111111:catalog',
        'arn:aws:glue:eu-west-1:111111111111:database/sales',
        'arn:aws:glue:eu-west-1:111111111111:database/hr',
        'arn:aws:glue:eu-west-1:111111111111:table/sales/*',
        'arn:aws:glue:eu-west-1:111111111111:table/hr/*',
      ],
    });
    const actions = statement!.Action as string[];
    expect(actions).toEqual([...CATALOG_READ_ACTIONS]);
    for (const action of actions) {
      expect(action).toMatch(/^glue:(Batch)?Get/);
      expect(action).not.toMatch(WRITE_VERB);
    }
  });

  test('only Lake Formation, acting for this account, may assume its role, which reaches the bucket and its key only', () => {
    expect(lakeFormationTrustPolicy(awsScope('cn-north-1', '111111111111')).Statement).toEqual([
      {
        Sid: 'LakeFormationAssumesRole',
        Effect: 'Allow',
        Principal: { Service: 'lakeformation.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': '111111111111' },
          ArnLike: { 'aws:SourceArn': 'arn:aws-cn:lakeformation:cn-north-1:111111111111:*' },
        },
      },
    ]);
    const access = lakeFormationDataAccessPolicy({
      region: 'cn-north-1',
      bucketArn: 'arn:b',
      kmsKeyArn: 'arn:k',
    });
    expect(access.Statement.map((s) => [s.Action, s.Resource])).toEqual([
      [['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], 'arn:b/*'],
      ['s3:ListBucket', 'arn:b'],
      [['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], 'arn:k'],
    ]);
    expect(access.Statement.every((s) => s.Effect === 'Allow' && !s.Principal)).toBe(true);
    expect(access.Statement[2]!.Condition).toEqual({
      StringEquals: { 'kms:ViaService': 's3.cn-north-1.amazonaws.com.cn' },
    });
  });
});

describe("catalog stack: the environment's own catalog", () => {
  const stack = catalogStack({
    databases: [
      { name: 'sales', description: 'Hive database sales' },
      { name: 'hr', locationUri: `s3://${BUCKET}/legacy/hr` },
    ],
  });

  test('encrypts the catalog and connection passwords with the security stack key', () => {
    const settings = onlyResource(stack, 'aws_glue_data_catalog_encryption_settings');
    const { encryption_at_rest: atRest, connection_password_encryption: passwords } =
      settings.data_catalog_encryption_settings;
    expect(atRest.catalog_encryption_mode).toBe('SSE-KMS');
    expect(atRest.catalog_encryption_service_role).toBeUndefined();
    expect(atRest.sse_aws_kms_key_id).toMatch(
      /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-sandbox-security\.outputs\.[^}]*kms_key[^}]*arn\}$/,
    );
    expect(passwords).toEqual({
      return_connection_password_encrypted: true,
      aws_kms_key_id: atRest.sse_aws_kms_key_id,
    });
  });

  test('the encryption settings are protected: destroying them would switch encryption off', () => {
    expect(resources(stack, 'aws_glue_data_catalog_encryption_settings')).toEqual({
      'catalog-encryption': expect.objectContaining({ lifecycle: { prevent_destroy: true } }),
    });
  });

  test('database addresses are pinned: aws_glue_catalog_database.database-<name>', () => {
    expect(Object.keys(resources(stack, 'aws_glue_catalog_database'))).toEqual([
      'database-hr',
      'database-sales',
    ]);
  });

  test('every database lands in the target bucket, has its description and is protected', () => {
    const dbs = resources(stack, 'aws_glue_catalog_database');
    expect(dbs['database-sales']).toMatchObject({
      name: 'sales',
      description: 'Hive database sales',
      location_uri: `s3://${BUCKET}/warehouse/sales.db`,
      lifecycle: { prevent_destroy: true },
    });
    expect(dbs['database-hr']).toMatchObject({
      name: 'hr',
      location_uri: `s3://${BUCKET}/legacy/hr`,
      lifecycle: { prevent_destroy: true },
    });
    expect(dbs['database-hr'].catalog_id).toBeUndefined();
  });

  test('no catalog policy, Lake Formation registration or removed block unless asked', () => {
    expect(resources(stack, 'aws_glue_resource_policy')).toEqual({});
    expect(resources(stack, 'aws_lakeformation_resource')).toEqual({});
    expect(resources(stack, 'aws_iam_role')).toEqual({});
    expect(stack.removed).toBeUndefined();
  });

  test('publishes the catalog id, databases, their ARNs and locations, and the Glue endpoint', () => {
    const value = (name: string) => stack.output[name]?.value;
    expect(value('catalog_id')).toBe('111111111111');
    expect(value('database_names')).toEqual(['sales', 'hr']);
    expect(value('database_arns')).toEqual([
      'arn:aws:glue:eu-west-1:111111111111:database/sales',
      'arn:aws:glue:eu-west-1:111111111111:database/hr',
    ]);
    expect(value('database_location_uris')).toEqual([
      `s3://${BUCKET}/warehouse/sales.db`,
      `s3://${BUCKET}/legacy/hr`,
    ]);
    expect(value('warehouse_prefix')).toBe('warehouse');
    expect(value('glue_endpoint_dns_name')).toMatch(
      /cross-stack-reference-input-sandbox-network\.outputs\.[^}]*glue-interface-endpoint[^}]*dns_name/,
    );
  });
});

describe('catalog stack: options', () => {
  test('warehousePrefix moves the default locations', () => {
    const stack = catalogStack({ databases: [{ name: 'sales' }], warehousePrefix: 'hive/wh' });
    expect(onlyResource(stack, 'aws_glue_catalog_database').location_uri).toBe(
      `s3://${BUCKET}/hive/wh/sales.db`,
    );
  });

  test('locations follow a target bucket named by storage.bucketName', () => {
    const config = configWith((raw) => {
      rawEnv(raw).storage.bucketName = 'acme-migration-target';
      rawEnv(raw).catalog = {
        databases: [
          { name: 'sales' },
          { name: 'hr', locationUri: 's3://acme-migration-target/hr' },
        ],
      };
    });
    const dbs = resources(synth(config).stacks['sandbox-catalog'], 'aws_glue_catalog_database');
    expect(dbs['database-sales'].location_uri).toBe(
      's3://acme-migration-target/warehouse/sales.db',
    );
    expect(dbs['database-hr'].location_uri).toBe('s3://acme-migration-target/hr');
  });

  test('a location outside the target bucket is accepted with its flag', () => {
    const stack = catalogStack({
      databases: [
        { name: 'hr', locationUri: 's3://shared-lake/hr', allowLocationOutsideTargetBucket: true },
      ],
    });
    expect(onlyResource(stack, 'aws_glue_catalog_database').location_uri).toBe(
      's3://shared-lake/hr',
    );
  });

  test('crossAccountReaders get a read-only catalog policy on the databases', () => {
    const stack = catalogStack({
      databases: [{ name: 'sales' }],
      crossAccountReaders: ['222222222222', 'arn:aws:iam::333333333333:role/analytics'],
    });
    const resource = resources(stack, 'aws_glue_resource_policy')['catalog-read-policy'];
    expect(resource.enable_hybrid).toBeUndefined();
    const policy = JSON.parse(resource.policy);
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0].Principal.AWS).toEqual([
      'arn:aws:iam::222222222222:root',
      'arn:aws:iam::333333333333:role/analytics',
    ]);
    expect(policy.Statement[0].Resource).toEqual([
      'arn:aws:glue:eu-west-1:111111111111:catalog',
      'arn:aws:glue:eu-west-1:111111111111:database/sales',
      'arn:aws:glue:eu-west-1:111111111111:table/sales/*',
    ]);
    for (const action of policy.Statement[0].Action as string[])
      expect(action).not.toMatch(WRITE_VERB);
  });

  test('registerWithLakeFormation registers the target bucket through a Lake Formation role', () => {
    const stack = catalogStack({ databases: [{ name: 'sales' }], registerWithLakeFormation: true });
    const location = onlyResource(stack, 'aws_lakeformation_resource');
    // The storage stack's bucketArn: computed from the name, or a reference to the bucket.
    expect(location.arn).toMatch(
      /^(arn:aws:s3:::ldm-sandbox-111111111111-eu-west-1-data|\$\{data\.terraform_remote_state\.cross-stack-reference-input-sandbox-storage\.outputs\.[^}]*arn\})$/,
    );
    expect(location.role_arn).toBe('${aws_iam_role.lake-formation-role.arn}');
    expect(location.use_service_linked_role).toBe(false);

    const role = resources(stack, 'aws_iam_role')['lake-formation-role'];
    expect(role.name).toBe('ldm-sandbox-lake-formation');
    expect(JSON.parse(role.assume_role_policy)).toEqual(
      lakeFormationTrustPolicy(awsScope('eu-west-1', '111111111111')),
    );

    const inline = onlyResource(stack, 'aws_iam_role_policy');
    expect(inline.role).toBe('${aws_iam_role.lake-formation-role.name}');
    const statements = JSON.parse(inline.policy).Statement as { Resource: string }[];
    expect(statements[0]!.Resource).toBe(`${location.arn}/*`);
    expect(statements[2]!.Resource).toMatch(/cross-stack-reference-input-sandbox-security/);
  });

  test('manageEncryptionSettings: false leaves the settings alone, and forgets them if managed before', () => {
    const stack = catalogStack({ databases: [{ name: 'sales' }], manageEncryptionSettings: false });
    expect(resources(stack, 'aws_glue_data_catalog_encryption_settings')).toEqual({});
    expect(stack.removed).toEqual([
      {
        from: 'aws_glue_data_catalog_encryption_settings.catalog-encryption',
        lifecycle: { destroy: false },
      },
    ]);
    expect(Object.keys(resources(stack, 'aws_glue_catalog_database'))).toEqual(['database-sales']);
  });
});

describe("catalog stack: another account's catalog (catalogId)", () => {
  const stack = catalogStack({ databases: [{ name: 'sales' }], catalogId: '444444444444' });

  test('creates nothing', () => {
    expect(stack.resource ?? {}).toEqual({});
  });

  test('forgets, never destroys, what it may have managed before', () => {
    expect(stack.removed).toEqual([
      {
        from: 'aws_glue_data_catalog_encryption_settings.catalog-encryption',
        lifecycle: { destroy: false },
      },
      { from: 'aws_glue_catalog_database.database-sales', lifecycle: { destroy: false } },
    ]);
  });

  test('publishes the other catalog id and the database ARNs in that account', () => {
    expect(stack.output.catalog_id.value).toBe('444444444444');
    expect(stack.output.database_arns.value).toEqual([
      'arn:aws:glue:eu-west-1:444444444444:database/sales',
    ]);
  });
});

describe('catalog config: defaults', () => {
  test('an environment without catalog gets every default', () => {
    const config = configWith((raw) => delete rawEnv(raw).catalog);
    expect(config.environments[0]!.catalog).toEqual({
      databases: [],
      warehousePrefix: 'warehouse',
      manageEncryptionSettings: true,
      crossAccountReaders: [],
      registerWithLakeFormation: false,
    });
  });

  test('a database defaults to no description, no location of its own, no outside flag', () => {
    const config = configWith((raw) => (rawEnv(raw).catalog = { databases: [{ name: 'sales' }] }));
    expect(config.environments[0]!.catalog.databases).toEqual([
      { name: 'sales', allowLocationOutsideTargetBucket: false },
    ]);
  });

  test('with catalogId, encryption settings are not managed', () => {
    const config = configWith((raw) => (rawEnv(raw).catalog = { catalogId: '444444444444' }));
    expect(config.environments[0]!.catalog.manageEncryptionSettings).toBe(false);
  });
});

describe('catalog config: bad input', () => {
  const db = 'environments[0].catalog.databases';

  test('fails if a database name has upper case, suggesting the lowercase name', () => {
    expect(catalogProblems({ databases: [{ name: 'Sales' }] })).toEqual([
      `${db}[0].name: got 'Sales', expected a lowercase name: Glue stores database names in lower case (HiveMigrator lowercases them too), so write 'sales'`,
    ]);
  });

  test('fails if a database name has characters other than a-z, 0-9 and _', () => {
    expect(catalogProblems({ databases: [{ name: 'sales-eu' }] })).toEqual([
      `${db}[0].name: got 'sales-eu', expected a Glue database name of 1-255 characters: lowercase letters, digits and underscores`,
    ]);
  });

  test('fails if a database name is longer than 255 characters', () => {
    const name = 'a'.repeat(256);
    expect(catalogProblems({ databases: [{ name }] })).toEqual([
      expect.stringMatching(
        /^environments\[0\]\.catalog\.databases\[0\]\.name: got 'a{76}\.\.\., expected a Glue database name of 1-255 characters/,
      ),
    ]);
  });

  test('fails if a database name is empty', () => {
    expect(catalogProblems({ databases: [{ name: '' }] })).toEqual([
      `${db}[0].name: got '', expected a Glue database name of 1-255 characters: lowercase letters, digits and underscores`,
    ]);
  });

  test('fails if two databases share a name', () => {
    expect(catalogProblems({ databases: [{ name: 'sales' }, { name: 'sales' }] })).toEqual([
      `${db}[1].name: got 'sales', expected a database name no other entry of catalog.databases uses`,
    ]);
  });

  test('fails if a database field is unknown, naming the fields allowed there', () => {
    expect(catalogProblems({ databases: [{ name: 'sales', location: 's3://x/y' }] })).toEqual([
      `${db}[0].location: got 's3://x/y', expected no such field; allowed here: name, description, locationUri, allowLocationOutsideTargetBucket`,
    ]);
  });

  test('fails if a location is not an s3:// URI with a key', () => {
    expect(
      catalogProblems({ databases: [{ name: 'sales', locationUri: `s3a://${BUCKET}/x` }] }),
    ).toEqual([
      `${db}[0].locationUri: got 's3a://${BUCKET}/x', expected an S3 location of at most 1024 characters such as s3://bucket/warehouse/sales.db`,
    ]);
  });

  test('fails if a location is outside the target bucket without allowLocationOutsideTargetBucket', () => {
    expect(
      catalogProblems({ databases: [{ name: 'hr', locationUri: 's3://shared-lake/hr' }] }),
    ).toEqual([
      `${db}[0].locationUri: got 's3://shared-lake/hr', expected a location in the environment's target bucket (omit locationUri for s3://<target bucket>/<warehousePrefix>/<name>.db), or allowLocationOutsideTargetBucket: true on this database`,
    ]);
  });

  test("fails if a location is in another project's bucket of the environment", () => {
    const problems = problemsOf(() =>
      configWith(
        (raw) =>
          (rawEnv(raw).catalog = {
            databases: [
              { name: 'hr', locationUri: 's3://other-sandbox-111111111111-eu-west-1-data/hr' },
            ],
          }),
      ),
    );
    expect(problems).toEqual([
      `${db}[0].locationUri: got 's3://other-sandbox-111111111111-eu-west-1-data/hr', expected a location in the environment's target bucket (omit locationUri for s3://<target bucket>/<warehousePrefix>/<name>.db), or allowLocationOutsideTargetBucket: true on this database`,
    ]);
  });

  test('fails if a location is outside a target bucket named by storage.bucketName', () => {
    const problems = problemsOf(() =>
      configWith((raw) => {
        rawEnv(raw).storage.bucketName = 'acme-migration-target';
        rawEnv(raw).catalog = { databases: [{ name: 'hr', locationUri: `s3://${BUCKET}/hr` }] };
      }),
    );
    expect(problems).toEqual([
      `${db}[0].locationUri: got 's3://${BUCKET}/hr', expected a location in the environment's target bucket (omit locationUri for s3://<target bucket>/<warehousePrefix>/<name>.db), or allowLocationOutsideTargetBucket: true on this database`,
    ]);
  });

  test('fails if warehousePrefix is not a plain key prefix', () => {
    expect(catalogProblems({ warehousePrefix: '/warehouse/' })).toEqual([
      "environments[0].catalog.warehousePrefix: got '/warehouse/', expected a key prefix of letters, digits, hyphens, underscores and slashes, without leading or trailing slash",
    ]);
  });

  test('fails if catalogId is not 12 digits', () => {
    expect(catalogProblems({ catalogId: '4444' })).toEqual([
      `environments[0].catalog.catalogId: got '4444', expected a 12-digit AWS account id as a quoted string (for example "111111111111")`,
    ]);
  });

  test("fails if catalogId is the environment's own account", () => {
    expect(catalogProblems({ catalogId: '111111111111' })).toEqual([
      "environments[0].catalog.catalogId: got '111111111111', expected the 12-digit account id of another account's Glue Data Catalog; omit catalogId to use the catalog of the environment's account 111111111111",
    ]);
  });

  test.each([
    ['manageEncryptionSettings', true, 'true'],
    ['registerWithLakeFormation', true, 'true'],
    ['crossAccountReaders', ['222222222222'], '["222222222222"]'],
  ])('fails if catalogId comes with %s', (field, value, shown) => {
    expect(
      catalogProblems({
        databases: [{ name: 'sales' }],
        catalogId: '444444444444',
        [field]: value,
      }),
    ).toEqual([
      `environments[0].catalog.${field}: got ${shown}, expected nothing here while catalogId is set: the catalog belongs to another account, where this toolkit creates nothing`,
    ]);
  });

  test('fails if a cross-account reader is neither an account id nor a role ARN', () => {
    expect(
      catalogProblems({
        databases: [{ name: 'sales' }],
        crossAccountReaders: ['arn:aws:iam::222222222222:user/bob'],
      }),
    ).toEqual([
      "environments[0].catalog.crossAccountReaders[0]: got 'arn:aws:iam::222222222222:user/bob', expected a 12-digit account id (quoted) or an IAM role ARN such as arn:aws:iam::222222222222:role/analytics",
    ]);
  });

  test("fails if a cross-account reader is in the environment's own account", () => {
    expect(
      catalogProblems({
        databases: [{ name: 'sales' }],
        crossAccountReaders: ['111111111111', 'arn:aws:iam::111111111111:role/analytics'],
      }),
    ).toEqual(
      ['111111111111', 'arn:aws:iam::111111111111:role/analytics'].map(
        (reader, i) =>
          `environments[0].catalog.crossAccountReaders[${i}]: got '${reader}', expected an account or role outside the environment's account 111111111111: principals of that account get catalog access through IAM policies, not the catalog policy`,
      ),
    );
  });

  test('fails if a cross-account reader is listed twice', () => {
    expect(
      catalogProblems({
        databases: [{ name: 'sales' }],
        crossAccountReaders: ['222222222222', '222222222222'],
      }),
    ).toEqual([
      "environments[0].catalog.crossAccountReaders[1]: got '222222222222', expected a reader no other entry of crossAccountReaders names",
    ]);
  });

  test('fails if cross-account readers have no database to read', () => {
    expect(catalogProblems({ crossAccountReaders: ['222222222222'] })).toEqual([
      'environments[0].catalog.crossAccountReaders: got ["222222222222"], expected at least one entry in catalog.databases: crossAccountReaders may read those databases and nothing else',
    ]);
  });
});

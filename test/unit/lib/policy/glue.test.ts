import { glueCatalogEncryption } from '../../../../lib/policy/rules/LDM-GLUE-001';
import { glueConnectionPasswordEncryption } from '../../../../lib/policy/rules/LDM-GLUE-002';
import { broken, check, fixture } from './helpers';

const SETTINGS = 'aws_glue_data_catalog_encryption_settings.catalog-encryption';

function settings(s: any): any {
  return s.resource.aws_glue_data_catalog_encryption_settings['catalog-encryption']
    .data_catalog_encryption_settings;
}

describe('LDM-GLUE-001 catalog encryption at rest with a key', () => {
  test('passes SSE-KMS with a key', () => {
    expect(check(glueCatalogEncryption, fixture('catalog'))).toEqual([]);
  });

  test('fails encryption off, and SSE-KMS with the AWS managed key', () => {
    const off = broken(
      'catalog',
      (s) => (settings(s).encryption_at_rest.catalog_encryption_mode = 'DISABLED'),
    );
    const managed = broken(
      'catalog',
      (s) => delete settings(s).encryption_at_rest.sse_aws_kms_key_id,
    );
    expect([
      ...check(glueCatalogEncryption, off),
      ...check(glueCatalogEncryption, managed),
    ]).toEqual([
      { resource: SETTINGS, detail: 'catalog_encryption_mode is DISABLED' },
      {
        resource: SETTINGS,
        detail: 'encryption at rest without sse_aws_kms_key_id (the AWS managed key)',
      },
    ]);
  });

  test('fails databases in a stack that does not manage the catalog encryption settings', () => {
    const json = broken(
      'catalog',
      (s) => delete s.resource.aws_glue_data_catalog_encryption_settings,
    );
    expect(check(glueCatalogEncryption, json)).toEqual([
      {
        resource: 'aws_glue_catalog_database.database-sales',
        detail: 'no aws_glue_data_catalog_encryption_settings in this stack encrypts its catalog',
      },
    ]);
  });
});

describe('LDM-GLUE-002 connection password encryption', () => {
  test('passes encrypted connection passwords with a key', () => {
    expect(check(glueConnectionPasswordEncryption, fixture('catalog'))).toEqual([]);
  });

  test('fails passwords returned in clear text, and encryption without a key', () => {
    const clear = broken('catalog', (s) => {
      settings(s).connection_password_encryption.return_connection_password_encrypted = false;
    });
    const keyless = broken(
      'catalog',
      (s) => delete settings(s).connection_password_encryption.aws_kms_key_id,
    );
    expect([
      ...check(glueConnectionPasswordEncryption, clear),
      ...check(glueConnectionPasswordEncryption, keyless),
    ]).toEqual([
      { resource: SETTINGS, detail: 'return_connection_password_encrypted is not true' },
      { resource: SETTINGS, detail: 'connection password encryption without aws_kms_key_id' },
    ]);
  });
});

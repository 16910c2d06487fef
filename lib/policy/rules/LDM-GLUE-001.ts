import { type Body, block } from '../stack';
import type { Rule, Violation } from '../types';
import { catalogSettings } from '../glue';

const KMS_MODES = ['SSE-KMS', 'SSE-KMS-WITH-SERVICE-ROLE'];

export const glueCatalogEncryption: Rule = {
  id: 'LDM-GLUE-001',
  title: 'The Glue Data Catalog is encrypted at rest with a named key',
  reason:
    "Table definitions reveal schemas, locations and partition values: they get the environment's key like the data.",
  severity: 'error',
  fix: 'Add aws_glue_data_catalog_encryption_settings with encryption_at_rest SSE-KMS and sse_aws_kms_key_id set, or acknowledge it where another team owns the settings.',
  checkov: ['CKV_AWS_94'],
  cdkNag: [],
  check: (stack) =>
    catalogSettings(stack, (settings: Body): Violation['detail'] | undefined => {
      const atRest = block(settings.encryption_at_rest);
      if (!KMS_MODES.includes(String(atRest.catalog_encryption_mode)))
        return `catalog_encryption_mode is ${String(atRest.catalog_encryption_mode ?? 'unset')}`;
      if (typeof atRest.sse_aws_kms_key_id !== 'string' || atRest.sse_aws_kms_key_id === '')
        return 'encryption at rest without sse_aws_kms_key_id (the AWS managed key)';
      return undefined;
    }),
};

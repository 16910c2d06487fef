import { block, isTrue } from '../stack';
import type { Rule } from '../types';

/** Resources whose loss loses data: the migrated objects, the key that decrypts them, the metadata. */
export const DATA_BEARING_TYPES = [
  'aws_s3_bucket',
  'aws_kms_key',
  'aws_glue_catalog_database',
  'aws_glue_catalog_table',
] as const;

export const dataPreventDestroy: Rule = {
  id: 'LDM-DATA-001',
  title: 'Data-bearing resources are protected from destroy',
  reason:
    'A rename, a replacement or a stray destroy must not delete migrated data, its metadata or the key that decrypts it.',
  severity: 'error',
  fix: 'Set lifecycle { prevent_destroy = true } on the resource (lifecycle: { preventDestroy: true }).',
  checkov: [],
  cdkNag: [],
  check: (stack) =>
    DATA_BEARING_TYPES.flatMap((type) =>
      stack
        .resources(type)
        .filter((r) => !isTrue(block(r.body.lifecycle).prevent_destroy))
        .map((r) => ({ resource: r.address, detail: 'lifecycle.prevent_destroy is not true' })),
    ),
};

import { isTrue } from '../stack';
import type { Rule } from '../types';

export const kmsRotation: Rule = {
  id: 'LDM-KMS-001',
  title: 'KMS keys rotate',
  reason:
    'Yearly rotation limits how much data one key version protects; AWS keeps old versions, so nothing breaks.',
  severity: 'error',
  fix: 'Set enable_key_rotation = true on the key (enableKeyRotation: true).',
  checkov: ['CKV_AWS_7'],
  cdkNag: ['AwsSolutions-KMS5 (KMSBackingKeyRotationEnabled)'],
  check: (stack) =>
    stack
      .resources('aws_kms_key')
      // Only symmetric encryption keys can rotate automatically.
      .filter(
        (k) => (k.body.customer_master_key_spec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT',
      )
      .filter((k) => !isTrue(k.body.enable_key_rotation))
      .map((k) => ({ resource: k.address, detail: 'enable_key_rotation is not true' })),
};

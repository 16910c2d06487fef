import { type Body, block, isTrue } from '../stack';
import type { Rule } from '../types';
import { catalogSettings } from '../glue';

export const glueConnectionPasswordEncryption: Rule = {
  id: 'LDM-GLUE-002',
  title: 'Glue connection passwords are encrypted with a named key',
  reason:
    'Glue connections can hold database passwords; GetConnection must not return them in clear text.',
  severity: 'error',
  fix: 'Set connection_password_encryption with return_connection_password_encrypted = true and aws_kms_key_id in aws_glue_data_catalog_encryption_settings.',
  checkov: ['CKV_AWS_94'],
  cdkNag: [],
  check: (stack) =>
    catalogSettings(stack, (settings: Body) => {
      const passwords = block(settings.connection_password_encryption);
      if (!isTrue(passwords.return_connection_password_encrypted))
        return 'return_connection_password_encrypted is not true';
      if (typeof passwords.aws_kms_key_id !== 'string' || passwords.aws_kms_key_id === '')
        return 'connection password encryption without aws_kms_key_id';
      return undefined;
    }),
};

import { judgeStatements } from '../documents';
import { isExpression } from '../stack';
import type { Rule } from '../types';

export const iamNoServiceWildcard: Rule = {
  id: 'LDM-IAM-002',
  title: 'IAM policies name every action, without wildcards',
  reason:
    'A wildcard grants every current and future action of a service, including ones that delete or share data.',
  severity: 'error',
  fix: 'Replace the wildcard with the exact actions LDM and HiveMigrator call.',
  checkov: ['CKV2_AWS_40', 'CKV_AWS_289'],
  cdkNag: ['AwsSolutions-IAM5 (IAMNoWildcardPermissions)', 'IAMPolicyNoStatementsWithFullAccess'],
  check: (stack) =>
    judgeStatements(stack, ['identity'], (s) => {
      if (s.effect !== 'Allow') return undefined;
      const wild = (s.actions ?? []).filter((a) => a !== '*' && !isExpression(a) && /[*?]/.test(a));
      return wild.length > 0 ? { detail: `allows ${wild.join(', ')}` } : undefined;
    }),
};

import { judgeStatements } from '../documents';
import { isExpression } from '../stack';
import type { Rule } from '../types';

export const iamNoWildcardAction: Rule = {
  id: 'LDM-IAM-001',
  title: 'IAM policies never allow every action',
  reason: 'Action "*" (or an Allow with NotAction) makes a role an administrator of the account.',
  severity: 'error',
  fix: 'List the actions the role needs.',
  checkov: ['CKV_AWS_62', 'CKV_AWS_63', 'CKV_AWS_1'],
  cdkNag: ['AwsSolutions-IAM5 (IAMNoWildcardPermissions)', 'IAMPolicyNoStatementsWithAdminAccess'],
  check: (stack) =>
    judgeStatements(stack, ['identity'], (s) => {
      if (s.effect !== 'Allow') return undefined;
      if (s.notActions !== undefined) return { detail: 'Allow with NotAction' };
      const actions = s.actions ?? [];
      if (actions.includes('*')) return { detail: 'allows Action "*"' };
      const computed = actions.filter(isExpression);
      return computed.length > 0
        ? { detail: `cannot verify actions ${computed.join(', ')}`, severity: 'warning' }
        : undefined;
    }),
};

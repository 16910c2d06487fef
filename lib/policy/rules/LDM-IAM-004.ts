import { isAnyone, judgeStatements } from '../documents';
import type { Rule } from '../types';

export const iamNoWildcardPrincipal: Rule = {
  id: 'LDM-IAM-004',
  title: 'Trust, key and resource policies never allow "*" principals',
  reason:
    'A "*" principal in an Allow lets anyone with an AWS account assume the role, use the key or read the data.',
  severity: 'error',
  fix: 'Name the principals: the account, the LDM role, the service (with aws:SourceAccount), the Roles Anywhere trust anchor.',
  checkov: ['CKV_AWS_60', 'CKV_AWS_33', 'CKV_AWS_70'],
  cdkNag: [],
  check: (stack) =>
    judgeStatements(stack, ['trust', 'key', 'resource'], (s) => {
      if (s.effect !== 'Allow') return undefined;
      if (s.notPrincipals !== undefined) return { detail: 'Allow with NotPrincipal' };
      const anyone = (s.principals ?? []).filter(isAnyone);
      return anyone.length > 0
        ? {
            detail: `allows principal ${anyone.map((p) => (p.type === '*' ? '*' : `${p.type}: ${p.ids.join(', ')}`)).join('; ')}`,
          }
        : undefined;
    }),
};

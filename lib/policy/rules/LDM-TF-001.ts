import { strings } from '../stack';
import type { Rule } from '../types';

export const tfAllowedAccountIds: Rule = {
  id: 'LDM-TF-001',
  title: 'Every AWS provider is pinned to its account',
  reason:
    'With allowed_account_ids, credentials of the wrong account fail before anything is planned, instead of changing that account.',
  severity: 'error',
  fix: "Set allowed_account_ids to the environment's accountId on the provider (lib/constructs/base-stack.ts does it for every layer).",
  checkov: [],
  cdkNag: [],
  check: (stack) =>
    stack
      .providers('aws')
      .filter((p) => strings(p.body.allowed_account_ids).length === 0)
      .map((p) => ({ resource: p.address, detail: 'no allowed_account_ids' })),
};

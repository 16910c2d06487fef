import { isTrue } from '../stack';
import type { Rule } from '../types';

export const tfS3Backend: Rule = {
  id: 'LDM-TF-002',
  title: 'S3 state backends encrypt state and lock it',
  reason:
    'State holds every resource attribute, some of them secret; two concurrent applies without a lock corrupt it.',
  severity: 'error',
  fix: 'Set encrypt = true and use_lockfile = true on the s3 backend (lib/constructs/base-stack.ts does it for state.backend: s3).',
  checkov: [],
  cdkNag: [],
  check: (stack) => {
    const backend = stack.backend();
    if (!backend || backend.type !== 's3') return [];
    const problems: string[] = [];
    if (!isTrue(backend.body.encrypt)) problems.push('encrypt is not true');
    const locked =
      isTrue(backend.body.use_lockfile) ||
      (typeof backend.body.dynamodb_table === 'string' && backend.body.dynamodb_table !== '');
    if (!locked) problems.push('no state locking (use_lockfile)');
    return problems.map((detail) => ({ resource: backend.address, detail }));
  },
};

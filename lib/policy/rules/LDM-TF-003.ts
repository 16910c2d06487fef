import type { Rule } from '../types';

const CREDENTIAL_ATTRIBUTES = ['access_key', 'secret_key', 'token'] as const;

export const tfNoStaticCredentials: Rule = {
  id: 'LDM-TF-003',
  title: 'No credentials in provider configurations',
  reason: 'Keys written into cdk.tf.json end up in the repository, in CI logs and in plan files.',
  severity: 'error',
  fix: 'Remove the keys; let the provider use the environment, a profile, or deployRoleArn (assume_role).',
  checkov: ['CKV_AWS_41'],
  cdkNag: [],
  check: (stack) =>
    stack.providers('aws').flatMap((p) => {
      const set = CREDENTIAL_ATTRIBUTES.filter(
        (a) => typeof p.body[a] === 'string' && p.body[a] !== '',
      );
      return set.length > 0 ? [{ resource: p.address, detail: `sets ${set.join(', ')}` }] : [];
    }),
};

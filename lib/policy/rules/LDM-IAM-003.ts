import { judgeStatements } from '../documents';
import type { Rule } from '../types';

/**
 * Actions that have no resource-level permissions, and so may be allowed on `*` (docs/policy.md):
 * LDM's S3A connector lists buckets, and the SSM agent on a host in AWS opens Session Manager
 * channels and reads Run Command messages. The access tier checks against iam-data that each has
 * no resource type (test/access/policy-pack.test.ts).
 */
export const WILDCARD_RESOURCE_ACTIONS: readonly string[] = [
  's3:ListAllMyBuckets',
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
  'ec2messages:AcknowledgeMessage',
  'ec2messages:DeleteMessage',
  'ec2messages:FailMessage',
  'ec2messages:GetEndpoint',
  'ec2messages:GetMessages',
  'ec2messages:SendReply',
];

/** `*`, or an ARN whose resource part is only wildcards (`arn:aws:s3:::*`, `arn:aws:s3:::*\/*`). */
export function isWildcardResource(resource: string): boolean {
  return resource === '*' || /^arn:[^:]*:[^:]*:[^:]*:[^:]*:[*/]+$/.test(resource);
}

export const iamNoWildcardResource: Rule = {
  id: 'LDM-IAM-003',
  title: 'IAM policies scope resources (no "*" beyond the allowed actions)',
  reason:
    'Permissions apply to the target bucket, the key and the catalogue databases, not to every resource of the account.',
  severity: 'error',
  fix: 'Name the resources (bucket ARN, key ARN, database ARNs); only actions without a resource type (WILDCARD_RESOURCE_ACTIONS: s3:ListAllMyBuckets, the SSM agent\'s ssmmessages and ec2messages actions) may use "*".',
  checkov: ['CKV_AWS_355', 'CKV_AWS_290'],
  cdkNag: ['AwsSolutions-IAM5 (IAMNoWildcardPermissions)'],
  check: (stack) =>
    judgeStatements(stack, ['identity'], (s) => {
      if (s.effect !== 'Allow') return undefined;
      if (s.notResources !== undefined) return { detail: 'Allow with NotResource' };
      const wild = (s.resources ?? []).filter(isWildcardResource);
      if (wild.length === 0) return undefined;
      const others = (s.actions ?? ['(NotAction)']).filter(
        (a) => !WILDCARD_RESOURCE_ACTIONS.includes(a),
      );
      return others.length > 0
        ? { detail: `allows ${others.join(', ')} on ${wild.join(', ')}` }
        : undefined;
    }),
};

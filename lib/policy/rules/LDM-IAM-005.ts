import { strings } from '../stack';
import type { Rule } from '../types';

/** AWS managed policies that grant administrator or full-service access. */
const ADMIN_POLICY =
  /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?(?:AdministratorAccess.*|PowerUserAccess|[A-Za-z0-9]*FullAccess)$/;

/** Where a role, user or group gets managed policies attached. */
const ATTACHMENTS: readonly { readonly type: string; readonly attribute: string }[] = [
  { type: 'aws_iam_role_policy_attachment', attribute: 'policy_arn' },
  { type: 'aws_iam_user_policy_attachment', attribute: 'policy_arn' },
  { type: 'aws_iam_group_policy_attachment', attribute: 'policy_arn' },
  { type: 'aws_iam_policy_attachment', attribute: 'policy_arn' },
  { type: 'aws_iam_role', attribute: 'managed_policy_arns' },
  { type: 'aws_iam_role_policy_attachments_exclusive', attribute: 'policy_arns' },
];

export const iamNoAdminManagedPolicy: Rule = {
  id: 'LDM-IAM-005',
  title: 'No administrator or full-access AWS managed policy',
  reason:
    'AdministratorAccess, PowerUserAccess and *FullAccess policies bypass every least-privilege statement of the pack.',
  severity: 'error',
  fix: 'Replace the managed policy with a policy document that lists the actions and resources needed.',
  checkov: ['CKV_AWS_274', 'CKV2_AWS_56'],
  cdkNag: ['AwsSolutions-IAM4 (IAMNoManagedPolicies)'],
  check: (stack) =>
    ATTACHMENTS.flatMap(({ type, attribute }) =>
      stack.resources(type).flatMap((r) =>
        strings(r.body[attribute])
          .filter((arn) => ADMIN_POLICY.test(arn))
          .map((arn) => ({ resource: r.address, detail: `attaches ${arn}` })),
      ),
    ),
};

import { ruleName, securityGroupRules } from '../security-groups';
import type { Rule } from '../types';

/** What the provider writes when no description is given. */
const PROVIDER_DEFAULT_DESCRIPTION = 'Managed by Terraform';

export const sgDescriptions: Rule = {
  id: 'LDM-SG-003',
  title: 'Every security group and rule says what it is for',
  reason:
    'A reviewer reads each rule against the port catalogue; a rule without a description cannot be reviewed.',
  severity: 'error',
  fix: "Give the group a description, and each rule the catalogue port's description (lib/core/ports.ts).",
  checkov: ['CKV_AWS_23'],
  cdkNag: ['AwsSolutions-EC27 (EC2SecurityGroupDescription)'],
  check: (stack) => [
    ...stack
      .resources('aws_security_group')
      .filter(
        (g) =>
          !described(g.body.description) || g.body.description === PROVIDER_DEFAULT_DESCRIPTION,
      )
      .map((g) => ({ resource: g.address, detail: 'the security group has no description' })),
    ...securityGroupRules(stack)
      .filter((r) => !described(r.description))
      .map((r) => ({ resource: r.resource, detail: `${ruleName(r)} has no description` })),
  ],
};

function described(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

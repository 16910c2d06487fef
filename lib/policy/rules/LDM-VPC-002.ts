import { blocks, pointsAt } from '../stack';
import type { Rule } from '../types';

export const vpcDefaultSecurityGroupClosed: Rule = {
  id: 'LDM-VPC-002',
  title: "The VPC's default security group allows nothing",
  reason:
    'Anything launched without a security group lands in the default one: it must not let traffic in or out.',
  severity: 'error',
  fix: 'Manage the default group with an aws_default_security_group for the VPC, with no ingress and no egress.',
  checkov: ['CKV2_AWS_12'],
  cdkNag: ['VPCDefaultSecurityGroupClosed'],
  check: (stack) => {
    const defaults = stack.resources('aws_default_security_group');
    return [
      ...stack
        .resources('aws_vpc')
        .filter((vpc) => !defaults.some((d) => pointsAt(d.body.vpc_id, vpc, ['id'])))
        .map((vpc) => ({ resource: vpc.address, detail: 'no aws_default_security_group' })),
      ...defaults
        .filter((d) => blocks(d.body.ingress).length + blocks(d.body.egress).length > 0)
        .map((d) => ({ resource: d.address, detail: 'the default security group has rules' })),
    ];
  },
};

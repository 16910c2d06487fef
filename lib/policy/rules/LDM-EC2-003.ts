import { blocks, isTrue } from '../stack';
import type { Rule } from '../types';

export const ec2NoPublicIp: Rule = {
  id: 'LDM-EC2-003',
  title: 'EC2 hosts get no public IP',
  reason:
    'The migrator and remote Glue agent hosts live in private subnets, reachable over the private link only.',
  severity: 'error',
  fix: 'Set associate_public_ip_address = false (or leave it unset) on the instance or the launch template network interface.',
  checkov: ['CKV_AWS_88'],
  cdkNag: ['EC2InstanceNoPublicIp'],
  check: (stack) => [
    ...stack
      .resources('aws_instance')
      .filter((i) => isTrue(i.body.associate_public_ip_address))
      .map((i) => ({ resource: i.address, detail: 'associate_public_ip_address is true' })),
    ...stack
      .resources('aws_launch_template')
      .filter((t) =>
        blocks(t.body.network_interfaces).some((n) => isTrue(n.associate_public_ip_address)),
      )
      .map((t) => ({ resource: t.address, detail: 'a network interface associates a public IP' })),
  ],
};

import { isTrue } from '../stack';
import type { Rule } from '../types';

export const vpcNoPublicIp: Rule = {
  id: 'LDM-VPC-003',
  title: 'Subnets do not assign public IPs',
  reason:
    'The landing zone is private: hosts are reached over the VPN or Transit Gateway, never from the internet.',
  severity: 'error',
  fix: 'Set map_public_ip_on_launch = false (or leave it unset) on the subnet.',
  checkov: ['CKV_AWS_130'],
  cdkNag: ['VPCSubnetAutoAssignPublicIpDisabled'],
  check: (stack) =>
    ['aws_subnet', 'aws_default_subnet'].flatMap((type) =>
      stack
        .resources(type)
        .filter((s) => isTrue(s.body.map_public_ip_on_launch))
        .map((s) => ({ resource: s.address, detail: 'map_public_ip_on_launch is true' })),
    ),
};

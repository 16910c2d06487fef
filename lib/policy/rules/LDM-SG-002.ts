import { ruleName, securityGroupRules } from '../security-groups';
import type { Rule } from '../types';

export const sgNoAllPortsEgress: Rule = {
  id: 'LDM-SG-002',
  title: 'No all-ports outbound rule',
  reason:
    'Outbound traffic is limited to what LDM uses (443 to AWS APIs): an open egress is an exfiltration path.',
  severity: 'error',
  fix: 'Allow outbound tcp 443 to the endpoint security group and the S3 prefix list instead of all traffic.',
  checkov: ['CKV_AWS_382'],
  cdkNag: [],
  check: (stack) =>
    securityGroupRules(stack)
      .filter(
        (r) =>
          r.direction === 'egress' &&
          (r.protocol === 'all' ||
            r.fromPort === undefined ||
            r.toPort === undefined ||
            (r.fromPort <= 0 && r.toPort >= 65535)),
      )
      .map((r) => ({ resource: r.resource, detail: `${ruleName(r)} allows all ports` })),
};

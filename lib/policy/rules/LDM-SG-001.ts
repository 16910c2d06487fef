import { isAnywhere, parseCidr } from '../../core/cidr';
import { ruleName, securityGroupRules } from '../security-groups';
import { isExpression } from '../stack';
import type { Rule, Violation } from '../types';

const IPV6_CIDR = /^[0-9a-fA-F:]+\/(\d{1,3})$/;

/**
 * The whole internet, or a block so wide it amounts to it: `0.0.0.0/0`, `::/0`, and anything wider
 * than an IPv4 /8 or an IPv6 /16 (`0.0.0.0/1` + `128.0.0.0/1` is `0.0.0.0/0` in two lines).
 */
export function isWorldOpen(cidr: string): boolean {
  if (isAnywhere(cidr)) return true;
  const v4 = parseCidr(cidr.trim());
  if (v4) return v4.prefixLength < 8;
  const v6 = IPV6_CIDR.exec(cidr.trim());
  return v6 !== null && Number(v6[1]) < 16;
}

export const sgNoWorldIngress: Rule = {
  id: 'LDM-SG-001',
  title: 'No inbound rule from the internet',
  reason:
    'The migrator host and the endpoints are reached from adminCidrs and onPremCidrs only, never from 0.0.0.0/0 or ::/0.',
  severity: 'error',
  fix: 'Allow the rule from adminCidrs or onPremCidrs instead (never 0.0.0.0/0, ::/0 or a block wider than /8).',
  checkov: ['CKV_AWS_24', 'CKV_AWS_25', 'CKV_AWS_260', 'CKV_AWS_277'],
  cdkNag: [
    'AwsSolutions-EC23 (EC2RestrictedInbound)',
    'EC2RestrictedCommonPorts',
    'EC2RestrictedSSH',
  ],
  check: (stack) =>
    securityGroupRules(stack)
      .filter((r) => r.direction === 'ingress')
      .flatMap((r): Violation[] => {
        const open = r.cidrs.filter(isWorldOpen);
        if (open.length > 0)
          return [{ resource: r.resource, detail: `${ruleName(r)} allows ${open.join(', ')}` }];
        const computed = r.cidrs.filter(isExpression);
        return computed.length > 0
          ? [
              {
                resource: r.resource,
                detail: `cannot verify ${ruleName(r)}: its source ${computed.join(', ')} is only known at plan time`,
                severity: 'warning',
              },
            ]
          : [];
      }),
};

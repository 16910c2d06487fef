/**
 * Security group rules, however they are written: inline `ingress`/`egress` blocks of
 * `aws_security_group` (and `aws_default_security_group`), `aws_security_group_rule`, and the
 * newer `aws_vpc_security_group_ingress_rule` / `_egress_rule`. One shape for the rules to judge.
 */
import { blocks, type StackView, strings } from './stack';

export interface SecurityGroupRule {
  /** Address of the resource that holds the rule (the group, for inline rules). */
  readonly resource: string;
  /** Which rule of the resource: `ingress[0]` for inline rules, empty for rule resources. */
  readonly at: string;
  readonly direction: 'ingress' | 'egress';
  /** `tcp`, `udp`, `icmp`, `icmpv6`, `all` (for `-1`), or what was written. */
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  /** IPv4 and IPv6 CIDRs the rule allows (not prefix lists or security groups). */
  readonly cidrs: readonly string[];
  readonly description?: string;
}

const PROTOCOLS: Record<string, string> = {
  '-1': 'all',
  all: 'all',
  '6': 'tcp',
  '17': 'udp',
  '1': 'icmp',
  '58': 'icmpv6',
};

/** Every security group rule of the stack (computed once per stack). */
export function securityGroupRules(stack: StackView): readonly SecurityGroupRule[] {
  return stack.memo('security-group-rules', () => [
    ...['aws_security_group', 'aws_default_security_group'].flatMap((type) =>
      stack.resources(type).flatMap((group) =>
        (['ingress', 'egress'] as const).flatMap((direction) =>
          blocks(group.body[direction]).map((r, i) =>
            rule(group.address, `${direction}[${i}]`, direction, {
              protocol: r.protocol,
              fromPort: r.from_port,
              toPort: r.to_port,
              cidrs: [...strings(r.cidr_blocks), ...strings(r.ipv6_cidr_blocks)],
              description: r.description,
            }),
          ),
        ),
      ),
    ),
    ...stack.resources('aws_security_group_rule').map((r) =>
      rule(r.address, '', r.body.type === 'egress' ? 'egress' : 'ingress', {
        protocol: r.body.protocol,
        fromPort: r.body.from_port,
        toPort: r.body.to_port,
        cidrs: [...strings(r.body.cidr_blocks), ...strings(r.body.ipv6_cidr_blocks)],
        description: r.body.description,
      }),
    ),
    ...(['ingress', 'egress'] as const).flatMap((direction) =>
      stack.resources(`aws_vpc_security_group_${direction}_rule`).map((r) =>
        rule(r.address, '', direction, {
          protocol: r.body.ip_protocol,
          fromPort: r.body.from_port,
          toPort: r.body.to_port,
          cidrs: [...strings(r.body.cidr_ipv4), ...strings(r.body.cidr_ipv6)],
          description: r.body.description,
        }),
      ),
    ),
  ]);
}

function rule(
  resource: string,
  at: string,
  direction: 'ingress' | 'egress',
  raw: {
    protocol: unknown;
    fromPort: unknown;
    toPort: unknown;
    cidrs: string[];
    description: unknown;
  },
): SecurityGroupRule {
  const protocol = String(raw.protocol ?? '').toLowerCase();
  return {
    resource,
    at,
    direction,
    protocol: PROTOCOLS[protocol] ?? protocol,
    fromPort: port(raw.fromPort),
    toPort: port(raw.toPort),
    cidrs: raw.cidrs,
    description: typeof raw.description === 'string' ? raw.description : undefined,
  };
}

function port(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

/** `aws_security_group.x ingress[0]`: how a finding names the rule. */
export function ruleName(rule: SecurityGroupRule): string {
  return rule.at ? `${rule.direction} rule ${rule.at}` : `${rule.direction} rule`;
}

/**
 * Security group rules that read as intent: `allowInbound(this, host, Ports.LDM_API, admins)`
 * writes one rule per peer, on exactly the catalogue port and protocol, with a description saying which
 * catalogue entry it is and who it admits. One `aws_vpc_security_group_*_rule` resource per rule,
 * never inline rules (Terraform's `aws_security_group` drops AWS's default allow-all egress when
 * it creates a group, so a group has no rule but these). No rule ever admits `0.0.0.0/0` or
 * `::/0`; egress reaches everywhere only through the explicit `Peers.internet` peer.
 */
import type { Construct } from 'constructs';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { cidrSlug, isAnywhere } from '../core/cidr';
import type { Direction, Port, Protocol } from '../core/ports';

/** A security group the helpers add rules to: its id and the key its rules' construct ids start with. */
export interface GroupRef {
  readonly id: string;
  /** `migrator-host`: rules become `migrator-host-in-18080-from-…`. */
  readonly key: string;
  /**
   * Whether rule construct ids say the direction (`<key>-in-443-from-…`). @default true. The VPC
   * endpoints' group predates it (`endpoints-443-from-…`): a renamed id replaces a live rule.
   */
  readonly directionInIds?: boolean;
  /** Tag every rule `Name: <nameTagPrefix>-<construct id>`. @default no Name tag */
  readonly nameTagPrefix?: string;
}

/** The other end of a rule: a network, another security group, or a managed prefix list. */
export type Peer =
  | { readonly kind: 'cidr'; readonly cidr: string; readonly label: string }
  | {
      readonly kind: 'security-group';
      readonly id: string;
      readonly key: string;
      readonly label: string;
    }
  | {
      readonly kind: 'prefix-list';
      readonly id: string;
      readonly key: string;
      readonly label: string;
    }
  | { readonly kind: 'internet'; readonly label: string };

export const Peers = {
  /** One peer per CIDR; `label` names where they come from (`adminCidrs`). */
  cidrs: (cidrs: readonly string[], label: string): Peer[] =>
    cidrs.map((cidr) => ({ kind: 'cidr', cidr, label })),
  securityGroup: (group: GroupRef, label: string): Peer => ({
    kind: 'security-group',
    id: group.id,
    key: group.key,
    label,
  }),
  prefixList: (id: string, key: string, label: string): Peer => ({
    kind: 'prefix-list',
    id,
    key,
    label,
  }),
  /**
   * Every IPv4 address, for egress only and only behind a named relaxation: `label` names the
   * config field that accepted the risk.
   */
  internet: (label: string): Peer => ({ kind: 'internet', label }),
};

/** The arguments of one rule resource (without the group id) and its construct id. */
export interface RuleSpec {
  readonly constructId: string;
  readonly args: {
    readonly description: string;
    readonly tags?: Readonly<Record<string, string>>;
    readonly ipProtocol: Protocol;
    readonly fromPort: number;
    readonly toPort: number;
    readonly cidrIpv4?: string;
    readonly referencedSecurityGroupId?: string;
    readonly prefixListId?: string;
  };
}

/** Characters EC2 accepts in a rule description (and its length limit). */
export const DESCRIPTION_PATTERN = /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]{0,255}$/;

/** `192.168.10.0/24` -> `192-168-10-0-24`: construct ids stay stable when the list is reordered. */
function peerKey(peer: Peer): string {
  if (peer.kind === 'cidr') return cidrSlug(peer.cidr);
  return peer.kind === 'internet' ? 'internet' : peer.key;
}

/** Every IPv4 address: what `Peers.internet` opens egress to. */
export const INTERNET_CIDR = '0.0.0.0/0';

/** The argument that names the peer in a rule resource. */
function ruleTarget(
  peer: Peer,
): Pick<RuleSpec['args'], 'cidrIpv4' | 'referencedSecurityGroupId' | 'prefixListId'> {
  switch (peer.kind) {
    case 'cidr':
      return { cidrIpv4: peer.cidr };
    case 'internet':
      return { cidrIpv4: INTERNET_CIDR };
    case 'security-group':
      return { referencedSecurityGroupId: peer.id };
    case 'prefix-list':
      return { prefixListId: peer.id };
  }
}

/** Pure: the rule that lets `port` through in `direction` between a group and one peer. */
export function ruleSpec(group: GroupRef, direction: Direction, port: Port, peer: Peer): RuleSpec {
  if (peer.kind === 'cidr' && isAnywhere(peer.cidr)) {
    throw new Error(
      `refusing a ${direction} rule on ${port.port} for ${peer.cidr}: use Peers.internet`,
    );
  }
  const inbound = direction === 'inbound';
  if (peer.kind === 'internet' && inbound) {
    throw new Error(`refusing an inbound rule on ${port.port} from the internet`);
  }
  const infix = group.directionInIds === false ? '' : `-${inbound ? 'in' : 'out'}`;
  // TCP rules keep the ids they always had (`…-in-18080-from-…`); other protocols say theirs.
  const protocol = port.protocol === 'tcp' ? '' : `-${port.protocol}`;
  const constructId = `${group.key}${infix}-${port.port}${protocol}-${inbound ? 'from' : 'to'}-${peerKey(peer)}`;
  return {
    constructId,
    args: {
      description:
        peer.kind === 'internet'
          ? `${port.description}, to the internet (${peer.label})`
          : `${port.description}, ${inbound ? 'from' : 'to'} ${peer.label}`,
      ipProtocol: port.protocol,
      fromPort: port.port,
      toPort: port.port,
      ...ruleTarget(peer),
      ...(group.nameTagPrefix ? { tags: { Name: `${group.nameTagPrefix}-${constructId}` } } : {}),
    },
  };
}

/** Admits `port` into the group from each peer. */
export function allowInbound(
  scope: Construct,
  group: GroupRef,
  port: Port,
  from: readonly Peer[],
): void {
  for (const peer of from) {
    const { constructId, args } = ruleSpec(group, 'inbound', port, peer);
    new VpcSecurityGroupIngressRule(scope, constructId, { securityGroupId: group.id, ...args });
  }
}

/** Lets the group reach `port` on each peer. */
export function allowOutbound(
  scope: Construct,
  group: GroupRef,
  port: Port,
  to: readonly Peer[],
): void {
  for (const peer of to) {
    const { constructId, args } = ruleSpec(group, 'outbound', port, peer);
    new VpcSecurityGroupEgressRule(scope, constructId, { securityGroupId: group.id, ...args });
  }
}

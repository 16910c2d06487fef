/**
 * The subnet plan of a new VPC: private subnets computed from the VPC CIDR, one per availability
 * zone and keyed by the zone's letter, and the NAT gateway's public subnet. Plain logic: the stack
 * turns it into resources, the unit tests read it directly.
 */
import { parseCidr, subnetCidr } from '../../lib/core/cidr';

/** The VPC CIDR is cut into 2^3 = 8 equal blocks. */
export const SUBNET_BLOCK_BITS = 3;
/** Zone letters `a`..`g` own blocks 0..6, one private subnet each. */
export const AZ_LETTERS = 'abcdefg';
/** Block 7 is kept for the public subnet of the NAT gateway (only with `outboundInternet`). */
export const PUBLIC_BLOCK = 7;

/**
 * The block of an availability zone: its letter's position (`eu-west-1c` -> 2), or `undefined`
 * for a name that is not `<region><letter a-g>`. Keyed by letter, not by list position, so
 * reordering or adding zones never moves an existing subnet.
 */
export function azBlock(az: string, region: string): number | undefined {
  if (!az.startsWith(region) || az.length !== region.length + 1) return undefined;
  const index = AZ_LETTERS.indexOf(az.slice(-1));
  return index < 0 ? undefined : index;
}

export interface PlannedSubnet {
  readonly az: string;
  readonly cidr: string;
}

export interface SubnetPlan {
  /** One private subnet per zone, in the order the zones are configured. */
  readonly private: readonly PlannedSubnet[];
  /** The NAT gateway's subnet, in the zone with the lowest letter; only with outbound internet. */
  readonly public?: PlannedSubnet;
}

/**
 * Subnets of a new VPC, computed from its CIDR: a /16 gives /19 subnets (8,187 usable
 * addresses), a /24 gives /27 (27 usable), enough for the interface endpoints' network
 * interfaces and the migrator hosts. Config validation guarantees the inputs; anything else
 * throws.
 */
export function subnetPlan(
  vpcCidr: string,
  region: string,
  availabilityZones: readonly string[],
  outboundInternet: boolean,
): SubnetPlan {
  const vpc = parseCidr(vpcCidr);
  if (!vpc) throw new RangeError(`not a CIDR: ${vpcCidr}`);
  const prefix = vpc.prefixLength + SUBNET_BLOCK_BITS;
  const blockOf = (az: string) => {
    const block = azBlock(az, region);
    if (block === undefined) throw new RangeError(`${az} is not a zone a-g of ${region}`);
    return block;
  };
  const privateSubnets = availabilityZones.map((az) => ({
    az,
    cidr: subnetCidr(vpc, prefix, blockOf(az)),
  }));
  if (!outboundInternet) return { private: privateSubnets };
  const natZone = [...availabilityZones].sort((a, b) => blockOf(a) - blockOf(b))[0];
  if (natZone === undefined) throw new RangeError('no availability zone for the NAT gateway');
  return {
    private: privateSubnets,
    public: { az: natZone, cidr: subnetCidr(vpc, prefix, PUBLIC_BLOCK) },
  };
}

/** `environments[].network`: the VPC, its subnets and the link to on premises. */
import { z } from 'zod';
import { Expect } from '../../lib/core/errors';
import { overlaps, parseCidr } from '../../lib/core/cidr';
import { azBlock } from './subnets';
import { DEFAULT_AMAZON_SIDE_ASN, isAmazonSideAsn, isPublicIpv4, RESERVED_BGP_ASNS } from './vpn';
import {
  type AddProblem,
  cidr,
  logRetentionDays,
  type PartialEnvironment,
} from '../../lib/core/fields';

/** CloudWatch Logs accepts only these retention periods. */
export const CONNECTIVITY_TYPES = ['vpn', 'transit-gateway', 'none'] as const;

const asn = (message: string) =>
  z
    .number({ error: message })
    .int({ error: message })
    .min(1, { error: message })
    .max(4294967294, { error: message });

/** The ids of EC2 resources, as the reference names them. */
const idTitle = (prefix: string) => ({ title: `\`${prefix}-…\` id` });

export const vpnSchema = z.strictObject({
  type: z.literal('vpn'),
  customerGatewayIp: z.ipv4({ error: Expect.customerGatewayIp }).meta({
    title: 'public IPv4 address',
    description:
      'The on-premises VPN device (the customer gateway); not private, shared, loopback, link-local or multicast.',
  }),
  bgpAsn: asn(Expect.bgpAsn).meta({
    description: `The on-premises BGP ASN; routes are exchanged with BGP, never static. Not ${RESERVED_BGP_ASNS.join(', ')} (AWS's own), not \`amazonSideAsn\`.`,
  }),
  amazonSideAsn: asn(Expect.amazonSideAsn).default(DEFAULT_AMAZON_SIDE_ASN).meta({
    title: 'whole number, 64512-65534 or 4200000000-4294967294',
    description: "The virtual private gateway's BGP ASN (AWS's default).",
  }),
  legacyTunnelCrypto: z.boolean().default(false).meta({
    description:
      "**Relaxation**: AWS's default tunnel options (IKEv1, AES-128, SHA-1, Diffie-Hellman groups 2, 5 and 22) instead of IKEv2, AES-256, SHA-2 and groups 14 and above, for a VPN device that cannot do better. Risk accepted: weaker tunnel encryption and key exchange.",
  }),
});

export const transitGatewaySchema = z.strictObject({
  type: z.literal('transit-gateway'),
  transitGatewayId: z
    .string({ error: Expect.transitGatewayId })
    .regex(/^tgw-[0-9a-f]{8,17}$/, { error: Expect.transitGatewayId })
    .meta({
      ...idTitle('tgw'),
      description:
        'The Transit Gateway the VPC attaches to (it may be shared from another account through AWS RAM).',
    }),
});

export const connectivitySchema = z.discriminatedUnion(
  'type',
  [
    vpnSchema.meta({ description: 'A Site-to-Site VPN to an on-premises VPN device.' }),
    transitGatewaySchema,
    z.strictObject({ type: z.literal('none') }).meta({
      description: 'No link (an existing VPC, or Direct Connect managed elsewhere).',
    }),
  ],
  { error: Expect.oneOf(CONNECTIVITY_TYPES) + ' in connectivity.type' },
);

export const existingVpcSchema = z.strictObject({
  vpcId: z
    .string({ error: Expect.vpcId })
    .regex(/^vpc-[0-9a-f]{8,17}$/, { error: Expect.vpcId })
    .meta({ ...idTitle('vpc'), description: 'The VPC.' }),
  cidr: cidr.meta({ description: "The VPC's primary CIDR: the endpoints admit HTTPS from it." }),
  subnetIds: z
    .array(
      z
        .string({ error: Expect.subnetId })
        .regex(/^subnet-[0-9a-f]{8,17}$/, { error: Expect.subnetId })
        .meta(idTitle('subnet')),
    )
    .min(2, { error: Expect.existingSubnets })
    .meta({
      description:
        'Private subnets for the interface endpoints: one per availability zone, at least two.',
    }),
  routeTableIds: z
    .array(
      z
        .string({ error: Expect.routeTableId })
        .regex(/^rtb-[0-9a-f]{8,17}$/, { error: Expect.routeTableId })
        .meta(idTitle('rtb')),
    )
    .min(1, { error: Expect.existingRouteTables })
    .meta({
      description:
        'Route tables of those subnets: with `s3GatewayEndpoint`, the S3 gateway endpoint adds its prefix-list route there.',
    }),
  s3GatewayEndpoint: z.boolean().default(false).meta({
    description:
      "Add an S3 gateway endpoint to `routeTableIds`, for hosts of the environment in this VPC (needed with `placement: ec2` or `remoteGlueAgent`). Off by default: its route changes the path to S3 of every workload on those route tables, and AWS refuses it on a route table that already has an S3 gateway endpoint. Its policy is AWS's full-access default, so other workloads keep reaching every bucket; the target bucket's policy keeps the environment's own perimeter.",
  }),
});

export const networkSchema = z.strictObject({
  vpcCidr: cidr.optional().meta({
    title: 'IPv4 CIDR, /16 to /24',
    description:
      'CIDR of a new VPC; must not overlap `onPremCidrs`. Exactly one of `vpcCidr` and `existingVpc`.',
  }),
  existingVpc: existingVpcSchema.optional().meta({
    description:
      'Use an existing VPC as it is: the stack only adds endpoints, their security group and flow logs. Exactly one of `vpcCidr` and `existingVpc`.',
  }),
  availabilityZones: z
    .array(z.string({ error: Expect.availabilityZoneName }).meta({ title: 'AZ name' }))
    .default([])
    .meta({
      description:
        "AZs for the private subnets of a new VPC. With `vpcCidr`: at least two, distinct, in the environment's region, with letters `a` to `g`. Refused with `existingVpc`.",
    }),
  onPremCidrs: z.array(cidr).default([]).meta({
    description:
      'On-premises networks that reach the VPC (the Hadoop cluster, the LDM edge node): the endpoints admit HTTPS from them, VPN and Transit Gateway routes lead to them. Must not overlap the VPC, each listed once; at least one with `vpn` or `transit-gateway`.',
  }),
  connectivity: connectivitySchema.default({ type: 'none' }).meta({
    description:
      'How on premises reaches the VPC: `vpn`, `transit-gateway` or `none`; `none` with `existingVpc`.',
  }),
  flowLogRetentionDays: logRetentionDays.default(365).meta({
    description: 'How long VPC flow logs are kept.',
  }),
  outboundInternet: z.boolean().default(false).meta({
    description:
      '**Relaxation**: an internet gateway and one NAT gateway give the private subnets a route to the internet, for hosts that download software from outside AWS. Risk accepted: hosts in the VPC can reach, and send data to, anywhere on the internet. New VPCs only.',
  }),
  resolverInboundEndpoint: z.boolean().default(false).meta({
    description:
      "A Route 53 Resolver inbound endpoint in the private subnets (its own security group: DNS, port 53 over UDP and TCP, from `onPremCidrs` only), for LDM on premises: your DNS servers forward the AWS service names (`glue.<region>.amazonaws.com`, `sts.…`, `kms.…`, `rolesanywhere.…`) to its addresses (the output `resolver_inbound_addresses`) and get the interface endpoints' private addresses. HiveMigrator's Glue client needs this (or a remote Glue agent) to reach Glue privately. Needs `onPremCidrs`; costs an hourly fee per address (one per subnet, at most six).",
  }),
  endpointPrivateDns: z.boolean().default(true).meta({
    description:
      "Private DNS on the interface endpoints other than S3, so SDKs in the VPC resolve the services' public names (`sts.<region>.amazonaws.com`) to the endpoints. Turn it off in an existing VPC that already has endpoints with private DNS for STS, KMS, Glue, SSM or Logs (AWS allows one per VPC).",
  }),
});

export type NetworkConfig = z.infer<typeof networkSchema>;
export type Connectivity = z.infer<typeof connectivitySchema>;

/** Rules that span network fields (and the environment's region). */
export function checkNetwork(env: PartialEnvironment, add: AddProblem): void {
  const net = env.network;
  if (!net) return;
  const region = typeof env.region === 'string' ? env.region : undefined;
  const vpcCidr = typeof net.vpcCidr === 'string' ? net.vpcCidr : undefined;
  const existing = isRecord(net.existingVpc) ? net.existingVpc : undefined;
  const connectivity = isRecord(net.connectivity) ? net.connectivity : undefined;
  const onPremCidrs = Array.isArray(net.onPremCidrs) ? (net.onPremCidrs as unknown[]) : [];

  // A new VPC or an existing one, never both.
  if ((net.vpcCidr === undefined) === (net.existingVpc === undefined)) {
    add(['network', 'vpcCidr'], net.vpcCidr, Expect.vpcChoice);
  }
  const vpc = parseCidr(vpcCidr ?? (typeof existing?.cidr === 'string' ? existing.cidr : ''));
  if (vpc && vpcCidr !== undefined && (vpc.prefixLength < 16 || vpc.prefixLength > 24)) {
    add(['network', 'vpcCidr'], vpcCidr, Expect.vpcCidr);
  }
  const seenOnPrem = new Set<unknown>();
  onPremCidrs.forEach((text, i) => {
    const onPrem = parseCidr(String(text));
    if (vpc && onPrem && overlaps(vpc, onPrem)) {
      add(['network', 'onPremCidrs', i], text, Expect.onPremOverlapsVpc(vpc.text));
    }
    // A repeated CIDR would be a duplicate security group rule and route, which AWS refuses.
    if (seenOnPrem.has(text)) add(['network', 'onPremCidrs', i], text, Expect.listedOnce);
    seenOnPrem.add(text);
  });

  // Availability zones of a new VPC: at least two, distinct, in the environment's region, and
  // with a letter the subnet plan has a block for.
  if (region && vpcCidr !== undefined && !existing && Array.isArray(net.availabilityZones)) {
    const azs = net.availabilityZones as unknown[];
    azs.forEach((az, i) => {
      if (typeof az !== 'string') return;
      if (!new RegExp(`^${region}[a-z]$`).test(az)) {
        add(['network', 'availabilityZones', i], az, Expect.availabilityZone(region));
      } else if (azBlock(az, region) === undefined) {
        add(['network', 'availabilityZones', i], az, Expect.availabilityZoneLetter(region));
      }
    });
    if (new Set(azs).size < 2 || new Set(azs).size !== azs.length) {
      add(['network', 'availabilityZones'], azs, Expect.availabilityZones(region));
    }
  }

  // An existing VPC is used as it is: nothing in it is changed.
  if (existing) {
    if (Array.isArray(net.availabilityZones) && net.availabilityZones.length > 0) {
      add(['network', 'availabilityZones'], net.availabilityZones, Expect.existingVpcZones);
    }
    if (connectivity && connectivity.type !== 'none') {
      add(['network', 'connectivity', 'type'], connectivity.type, Expect.existingVpcConnectivity);
    }
    if (net.outboundInternet === true) {
      add(['network', 'outboundInternet'], true, Expect.existingVpcOutboundInternet);
    }
    // Hosts in the VPC reach S3 through the landing zone's gateway endpoint (no internet path).
    const hostInAws = env.migrator?.placement === 'ec2' || env.migrator?.remoteGlueAgent === true;
    if (hostInAws && existing.s3GatewayEndpoint !== true) {
      add(
        ['network', 'existingVpc', 's3GatewayEndpoint'],
        existing.s3GatewayEndpoint,
        Expect.existingVpcGatewayForHosts,
      );
    }
    for (const key of ['subnetIds', 'routeTableIds'] as const) {
      const ids = Array.isArray(existing[key]) ? (existing[key] as unknown[]) : [];
      ids.forEach((id, i) => {
        if (ids.indexOf(id) !== i) add(['network', 'existingVpc', key, i], id, Expect.listedOnce);
      });
    }
  }

  // The resolver endpoint answers on-premises DNS servers, and admits onPremCidrs only.
  if (net.resolverInboundEndpoint === true && onPremCidrs.length === 0) {
    add(['network', 'resolverInboundEndpoint'], true, Expect.resolverNeedsOnPrem);
  }

  // The link to on premises routes to, and admits, onPremCidrs: it needs at least one.
  const type = connectivity?.type;
  if ((type === 'vpn' || type === 'transit-gateway') && onPremCidrs.length === 0) {
    add(['network', 'onPremCidrs'], onPremCidrs, Expect.onPremCidrsFor(type));
  }
  if (type === 'vpn') checkVpn(connectivity!, add);
}

function checkVpn(vpn: Record<string, unknown>, add: AddProblem): void {
  const path = (field: string) => ['network', 'connectivity', field];
  if (typeof vpn.customerGatewayIp === 'string' && !isPublicIpv4(vpn.customerGatewayIp)) {
    // Only for a well-formed address: the schema reports the others.
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(vpn.customerGatewayIp)) {
      add(path('customerGatewayIp'), vpn.customerGatewayIp, Expect.customerGatewayIpPublic);
    }
  }
  const bgpAsn = typeof vpn.bgpAsn === 'number' ? vpn.bgpAsn : undefined;
  const amazonSideAsn =
    vpn.amazonSideAsn === undefined
      ? DEFAULT_AMAZON_SIDE_ASN
      : typeof vpn.amazonSideAsn === 'number'
        ? vpn.amazonSideAsn
        : undefined;
  if (bgpAsn !== undefined && RESERVED_BGP_ASNS.includes(bgpAsn)) {
    add(path('bgpAsn'), bgpAsn, Expect.bgpAsnReserved(RESERVED_BGP_ASNS));
  }
  if (amazonSideAsn !== undefined && !isAmazonSideAsn(amazonSideAsn)) {
    add(path('amazonSideAsn'), amazonSideAsn, Expect.amazonSideAsn);
  } else if (bgpAsn !== undefined && bgpAsn === amazonSideAsn) {
    add(path('bgpAsn'), bgpAsn, Expect.bgpAsnAmazonSide(amazonSideAsn));
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

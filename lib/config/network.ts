/** `environments[].network`: the VPC, its subnets and the link to on premises. */
import { z } from 'zod';
import { Expect } from '../errors';
import { overlaps, parseCidr } from '../cidr';
import { type AddProblem, cidr, type PartialEnvironment } from './common';

/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

export const connectivitySchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('vpn'),
      /** Public IPv4 address of the on-premises VPN device. */
      customerGatewayIp: z.ipv4({ error: 'the public IPv4 address of your VPN device' }),
      /** BGP ASN of the on-premises side. */
      bgpAsn: z
        .number({ error: 'a BGP ASN: a whole number from 1 to 4294967294' })
        .int({ error: 'a BGP ASN: a whole number from 1 to 4294967294' })
        .min(1, { error: 'a BGP ASN: a whole number from 1 to 4294967294' })
        .max(4294967294, { error: 'a BGP ASN: a whole number from 1 to 4294967294' }),
    }),
    z.strictObject({
      type: z.literal('transit-gateway'),
      transitGatewayId: z
        .string({ error: 'a Transit Gateway id such as tgw-0123456789abcdef0' })
        .regex(/^tgw-[0-9a-f]{8,17}$/, {
          error: 'a Transit Gateway id such as tgw-0123456789abcdef0',
        }),
    }),
    z.strictObject({ type: z.literal('none') }),
  ],
  { error: Expect.oneOf(['vpn', 'transit-gateway', 'none']) + ' in connectivity.type' },
);

export const existingVpcSchema = z.strictObject({
  vpcId: z
    .string()
    .regex(/^vpc-[0-9a-f]{8,17}$/, { error: 'a VPC id such as vpc-0123456789abcdef0' }),
  cidr,
  subnetIds: z
    .array(
      z.string().regex(/^subnet-[0-9a-f]{8,17}$/, {
        error: 'a subnet id such as subnet-0123456789abcdef0',
      }),
    )
    .min(2, { error: 'at least two private subnets in different availability zones' }),
  routeTableIds: z
    .array(
      z
        .string()
        .regex(/^rtb-[0-9a-f]{8,17}$/, { error: 'a route table id such as rtb-0123456789abcdef0' }),
    )
    .min(1, { error: 'at least one route table id (for the S3 gateway endpoint)' }),
});

export const networkSchema = z.strictObject({
  /** CIDR of a new VPC. Exactly one of `vpcCidr` and `existingVpc`. */
  vpcCidr: cidr.optional(),
  /** Use an existing VPC: the stack only adds endpoints, their security group and flow logs. */
  existingVpc: existingVpcSchema.optional(),
  /** AZs for the private subnets of a new VPC, at least two, all in the environment's region. */
  availabilityZones: z
    .array(z.string({ error: 'an availability zone name such as eu-west-1a' }))
    .default([]),
  /** On-premises networks that reach the VPC (the Hadoop cluster, the LDM edge node). */
  onPremCidrs: z.array(cidr).default([]),
  /** How on premises reaches the VPC. @default { type: none } */
  connectivity: connectivitySchema.default({ type: 'none' }),
  /** Retention of the VPC flow log group, in days. @default 365 */
  flowLogRetentionDays: z
    .number()
    .refine((v) => (LOG_RETENTION_DAYS as readonly number[]).includes(v), {
      error: Expect.oneOf(LOG_RETENTION_DAYS),
    })
    .default(365),
});

export type NetworkConfig = z.infer<typeof networkSchema>;
export type Connectivity = z.infer<typeof connectivitySchema>;

/** Rules that span network fields (and the environment's region). */
export function checkNetwork(env: PartialEnvironment, add: AddProblem): void {
  const net = env.network;
  if (!net) return;
  const region = typeof env.region === 'string' ? env.region : undefined;
  const vpcCidr = typeof net.vpcCidr === 'string' ? net.vpcCidr : undefined;
  const existing = net.existingVpc as { cidr?: unknown } | undefined;

  // A new VPC or an existing one, never both.
  if ((net.vpcCidr === undefined) === (net.existingVpc === undefined)) {
    add(['network', 'vpcCidr'], net.vpcCidr, Expect.vpcChoice);
  }
  const vpc = parseCidr(vpcCidr ?? (typeof existing?.cidr === 'string' ? existing.cidr : ''));
  if (vpc && vpcCidr !== undefined && (vpc.prefixLength < 16 || vpc.prefixLength > 24)) {
    add(['network', 'vpcCidr'], vpcCidr, Expect.vpcCidr);
  }
  const onPremCidrs = Array.isArray(net.onPremCidrs) ? (net.onPremCidrs as unknown[]) : [];
  onPremCidrs.forEach((text, i) => {
    const onPrem = parseCidr(String(text));
    if (vpc && onPrem && overlaps(vpc, onPrem)) {
      add(['network', 'onPremCidrs', i], text, Expect.vpcCidrOverlap(vpc.text));
    }
  });

  // Availability zones of a new VPC: at least two, distinct, in the environment's region.
  if (region && vpcCidr !== undefined && Array.isArray(net.availabilityZones)) {
    const azs = net.availabilityZones as unknown[];
    azs.forEach((az, i) => {
      if (typeof az === 'string' && !new RegExp(`^${region}[a-z]$`).test(az)) {
        add(['network', 'availabilityZones', i], az, Expect.availabilityZone(region));
      }
    });
    if (new Set(azs).size < 2 || new Set(azs).size !== azs.length) {
      add(['network', 'availabilityZones'], azs, Expect.availabilityZones(region));
    }
  }
}

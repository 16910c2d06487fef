/**
 * The network layer's plain logic: the subnet plan, which endpoints an environment gets, the
 * endpoint, flow log and VPN settings, and the security group rules of the endpoints. No cdktf in
 * here: `stacks/network.ts` turns these values into resources, the unit tests read them directly.
 */
import { overlaps, parseCidr, subnetCidr } from '../../lib/core/cidr';
import type { Port } from '../../lib/core/ports';
import { partitionOf } from '../../lib/core/regions';
import type { PolicyStatement, PolicyDocument } from '../../lib/core/iam';
export type { PolicyStatement, PolicyDocument };

// ---------------------------------------------------------------------------------------------
// Subnet plan
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Addresses and ASNs
// ---------------------------------------------------------------------------------------------

/** Ranges that are not reachable over the internet, so no VPN device can be there. */
const NON_PUBLIC_RANGES = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '224.0.0.0/3', // multicast and reserved, up to 255.255.255.255
].map((text) => parseCidr(text)!);

/** True for an IPv4 address a VPN tunnel can reach over the internet. */
export function isPublicIpv4(address: string): boolean {
  const host = parseCidr(`${address}/32`);
  return host !== undefined && !NON_PUBLIC_RANGES.some((range) => overlaps(range, host));
}

/** ASNs AWS reserves for itself in Site-to-Site VPN; a customer gateway cannot use them. */
export const RESERVED_BGP_ASNS: readonly number[] = [7224, 9059, 10124, 17943];

/** The Amazon side's ASN when none is configured: AWS's own default for a virtual private gateway. */
export const DEFAULT_AMAZON_SIDE_ASN = 64512;

/** Private ASN ranges the Amazon side of a virtual private gateway accepts. */
export function isAmazonSideAsn(asn: number): boolean {
  return (
    Number.isInteger(asn) &&
    ((asn >= 64512 && asn <= 65534) || (asn >= 4200000000 && asn <= 4294967294))
  );
}

/** ASNs above this do not fit `bgp_asn`; the customer gateway takes them as `bgp_asn_extended`. */
export const MAX_TWO_BYTE_RANGE_ASN = 2147483647;

// ---------------------------------------------------------------------------------------------
// VPN tunnel cryptography
// ---------------------------------------------------------------------------------------------

/** The tunnel settings of both tunnels; AWS's defaults (which include IKEv1, SHA-1, DH group 2) are not used. */
export interface TunnelCrypto {
  readonly ikeVersions: readonly string[];
  readonly phase1EncryptionAlgorithms: readonly string[];
  readonly phase2EncryptionAlgorithms: readonly string[];
  readonly phase1IntegrityAlgorithms: readonly string[];
  readonly phase2IntegrityAlgorithms: readonly string[];
  readonly phase1DhGroupNumbers: readonly number[];
  readonly phase2DhGroupNumbers: readonly number[];
}

/**
 * IKEv2 only, AES-256 (CBC or GCM), SHA-2 and Diffie-Hellman groups of 2048 bits or more (AWS
 * also offers groups 2, 5 and 22: 1024 and 1536 bit MODP groups, no longer considered safe).
 */
export const STRONG_TUNNEL_CRYPTO: TunnelCrypto = {
  ikeVersions: ['ikev2'],
  phase1EncryptionAlgorithms: ['AES256', 'AES256-GCM-16'],
  phase2EncryptionAlgorithms: ['AES256', 'AES256-GCM-16'],
  phase1IntegrityAlgorithms: ['SHA2-256', 'SHA2-384', 'SHA2-512'],
  phase2IntegrityAlgorithms: ['SHA2-256', 'SHA2-384', 'SHA2-512'],
  phase1DhGroupNumbers: [14, 15, 16, 17, 18, 19, 20, 21, 23, 24],
  phase2DhGroupNumbers: [14, 15, 16, 17, 18, 19, 20, 21, 23, 24],
};

// ---------------------------------------------------------------------------------------------
// Endpoints
// ---------------------------------------------------------------------------------------------

/**
 * Services with an interface endpoint: `s3`, `glue`, `sts`, `kms` in every environment (an
 * on-premises LDM reaches AWS through them), and `ssm`, `ssmmessages`, `ec2messages`, `logs` when
 * a host runs in AWS (Session Manager instead of SSH or a bastion, and the hosts' logs).
 */
export type InterfaceService =
  's3' | 'glue' | 'sts' | 'kms' | 'ssm' | 'ssmmessages' | 'ec2messages' | 'logs';

/** A host runs in AWS when LDM runs on EC2 or HiveMigrator's remote Glue agent does. */
export function hostRunsInAws(migrator: {
  readonly placement: string;
  readonly remoteGlueAgent: boolean;
}): boolean {
  return migrator.placement === 'ec2' || migrator.remoteGlueAgent;
}

/** `com.amazonaws.<region>.<service>` */
export function endpointServiceName(region: string, service: InterfaceService): string {
  return `com.amazonaws.${region}.${service}`;
}

/**
 * Whether an interface endpoint gets a private hosted zone for the service's public name. Never
 * for S3: its interface endpoint is for on premises, which uses the endpoint-specific name (and
 * S3's private DNS would need a Route 53 Resolver inbound endpoint to help on premises at all);
 * hosts in the VPC reach S3 through the gateway endpoint.
 */
export function privateDnsFor(service: InterfaceService, endpointPrivateDns: boolean): boolean {
  return service !== 's3' && endpointPrivateDns;
}

/**
 * What the first DNS entry of an AWS-service interface endpoint looks like: the endpoint-specific
 * regional name (`vpce-<id>-<suffix>.<service>.<region>.vpce.amazonaws.com`, with a leading `*.`
 * for S3). EC2 orders the entries regional, zonal, private, wildcard; the stack checks it after
 * apply with this pattern (RE2 syntax, as Terraform's `regex` reads it). Zonal names carry the
 * zone after the suffix (`vpce-<id>-<suffix>-eu-west-1a.…`) and do not match.
 */
export const REGIONAL_DNS_NAME_PATTERN = '^(\\*\\.)?vpce-[0-9a-f]+-[0-9a-z]+\\.';

// ---------------------------------------------------------------------------------------------
// Policy documents
// ---------------------------------------------------------------------------------------------

/** Who and where: the inputs of every policy this layer writes. */
export interface PolicyContext {
  readonly accountId: string;
  readonly region: string;
  /** The environment's S3 target bucket and its access-log bucket (names from lib/naming.ts). */
  readonly targetBucket: string;
  readonly logBucket: string;
}

function policy(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

const bucketArn = (partition: string, bucket: string) => `arn:${partition}:s3:::${bucket}`;

/** What LDM does in its target bucket (S3A: list, read, write, delete, multipart uploads). */
export const S3_TARGET_BUCKET_ACTIONS = [
  's3:GetBucketLocation',
  's3:ListBucket',
  's3:ListBucketMultipartUploads',
  's3:GetObject',
  's3:PutObject',
  's3:DeleteObject',
  's3:ListMultipartUploadParts',
  's3:AbortMultipartUpload',
] as const;

/** Reading the access logs of the target bucket from inside (audits); nothing writes there through an endpoint. */
export const S3_LOG_BUCKET_ACTIONS = ['s3:GetBucketLocation', 's3:ListBucket', 's3:GetObject'];

/**
 * AWS-owned buckets a host in the VPC reads without credentials: SSM Agent and its documents,
 * patch baselines, and the Amazon Linux 2023 package repositories. They are reached through the
 * gateway endpoint only (no outbound internet by default), so its policy must let them through.
 */
export function awsOwnedHostBuckets(region: string): string[] {
  return [
    `amazon-ssm-${region}`,
    `amazon-ssm-packages-${region}`,
    `aws-ssm-${region}`,
    `${region}-birdwatcher-prod`,
    `aws-ssm-distributor-file-${region}`,
    `aws-ssm-document-attachments-${region}`,
    `patch-baseline-snapshot-${region}`,
    `al2023-repos-${region}-de612dc2`,
  ];
}

const inAccount = (accountId: string) => ({
  StringEquals: { 'aws:PrincipalAccount': accountId },
});

/**
 * The S3 endpoints' policy: principals of the environment's account, and only in the
 * environment's buckets (plus listing bucket names, which has no bucket to scope to). The gateway
 * endpoint of an environment with a host in AWS also lets anonymous reads of the AWS-owned
 * buckets in `awsOwnedHostBuckets` through.
 */
export function s3EndpointPolicy(
  ctx: PolicyContext,
  endpoint: 'interface' | 'gateway',
  hostInAws: boolean,
): PolicyDocument {
  const partition = partitionOf(ctx.region);
  const target = bucketArn(partition, ctx.targetBucket);
  const logs = bucketArn(partition, ctx.logBucket);
  const statements: PolicyStatement[] = [
    {
      Sid: 'TargetBucket',
      Effect: 'Allow',
      Principal: '*',
      Action: [...S3_TARGET_BUCKET_ACTIONS],
      Resource: [target, `${target}/*`],
      Condition: inAccount(ctx.accountId),
    },
    {
      Sid: 'AccessLogBucketRead',
      Effect: 'Allow',
      Principal: '*',
      Action: [...S3_LOG_BUCKET_ACTIONS],
      Resource: [logs, `${logs}/*`],
      Condition: inAccount(ctx.accountId),
    },
    {
      Sid: 'ListBucketNames',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:ListAllMyBuckets',
      Resource: '*',
      Condition: inAccount(ctx.accountId),
    },
  ];
  if (endpoint === 'gateway' && hostInAws) {
    statements.push({
      Sid: 'AwsOwnedHostBucketsRead',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: awsOwnedHostBuckets(ctx.region).map((b) => `${bucketArn(partition, b)}/*`),
    });
  }
  return policy(...statements);
}

/**
 * Policies of the other interface endpoints, as a resource perimeter: through the Glue, KMS and
 * CloudWatch Logs endpoints, principals of the account reach resources of the account in the
 * region and nothing else. STS, SSM, SSM messages and EC2 messages keep the AWS default (full
 * access): their calls name no resource of the account (AssumeRole's callers and the SSM Agent's
 * instance messages), and role trust policies and IAM already decide who gets what.
 */
export function interfaceEndpointPolicy(
  service: InterfaceService,
  ctx: PolicyContext,
  hostInAws: boolean,
): PolicyDocument | undefined {
  const partition = partitionOf(ctx.region);
  const perimeter = (sid: string, action: string, resource: string): PolicyDocument =>
    policy({
      Sid: sid,
      Effect: 'Allow',
      Principal: '*',
      Action: action,
      Resource: resource,
      Condition: inAccount(ctx.accountId),
    });
  switch (service) {
    case 's3':
      return s3EndpointPolicy(ctx, 'interface', hostInAws);
    case 'glue':
      return perimeter(
        'AccountGlueDataCatalog',
        'glue:*',
        `arn:${partition}:glue:${ctx.region}:${ctx.accountId}:*`,
      );
    case 'kms':
      return perimeter(
        'AccountKeys',
        'kms:*',
        `arn:${partition}:kms:${ctx.region}:${ctx.accountId}:key/*`,
      );
    case 'logs':
      return perimeter(
        'AccountLogGroups',
        'logs:*',
        `arn:${partition}:logs:${ctx.region}:${ctx.accountId}:log-group:*`,
      );
    default:
      return undefined;
  }
}

/** The ARN of a CloudWatch log group, from its name (no `:*` suffix). */
export function logGroupArn(ctx: Pick<PolicyContext, 'accountId' | 'region'>, name: string) {
  return `arn:${partitionOf(ctx.region)}:logs:${ctx.region}:${ctx.accountId}:log-group:${name}`;
}

/**
 * Trust of the flow log role: the VPC Flow Logs service, and only for flow logs of the
 * environment's account and region (the confused-deputy conditions AWS recommends).
 */
export function flowLogTrustPolicy(ctx: Pick<PolicyContext, 'accountId' | 'region'>) {
  const partition = partitionOf(ctx.region);
  return policy({
    Sid: 'VpcFlowLogsOfThisAccount',
    Effect: 'Allow',
    Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
    Action: 'sts:AssumeRole',
    Condition: {
      StringEquals: { 'aws:SourceAccount': ctx.accountId },
      ArnLike: {
        'aws:SourceArn': `arn:${partition}:ec2:${ctx.region}:${ctx.accountId}:vpc-flow-log/*`,
      },
    },
  });
}

/** What the flow log role may do: write streams of its own log group, nothing else. */
export function flowLogWritePolicy(
  ctx: Pick<PolicyContext, 'accountId' | 'region'>,
  logGroupName: string,
) {
  const group = logGroupArn(ctx, logGroupName);
  return policy({
    Sid: 'WriteFlowLogGroup',
    Effect: 'Allow',
    Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
    // The group itself, and its streams (`…:log-group:<name>:log-stream:<stream>`; `:*` also
    // matches the `…:log-group:<name>:*` form older APIs evaluate).
    Resource: [group, `${group}:*`],
  });
}

// ---------------------------------------------------------------------------------------------
// Security group rules
// ---------------------------------------------------------------------------------------------

export interface IngressRule {
  /** Construct id: stable for a given source, whatever its position in the config. */
  readonly id: string;
  readonly cidr: string;
  readonly port: Port;
  readonly description: string;
}

/** `192.168.0.0/16` -> `192-168-0-0-16` */
export function cidrSlug(cidr: string): string {
  return cidr.replace(/[./]/g, '-');
}

/**
 * Ingress rules that let `sources` reach `port`, each saying which catalogue entry it is and who
 * it admits: `allowInbound('endpoints', Ports.HTTPS, [{ cidr, from: 'the VPC' }])`.
 */
export function allowInbound(
  target: string,
  port: Port,
  sources: readonly { readonly cidr: string; readonly from: string }[],
): IngressRule[] {
  return sources.map(({ cidr, from }) => ({
    id: `${target}-${port.port}-from-${cidrSlug(cidr)}`,
    cidr,
    port,
    description: `${port.description}, from ${from}`,
  }));
}

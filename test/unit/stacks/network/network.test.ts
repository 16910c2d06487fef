/**
 * The network layer: the plain functions of stacks/network/, the `network` config rules, and the
 * synthesized `<env>-network` stack of each variant (new VPC with VPN, Transit Gateway or no
 * link, outbound internet, a host in AWS, an existing VPC).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../../../lib/app/schema';
import { synthesize } from '../../../../lib/app/synth';
import { readSynth } from '../../../../lib/app/synth-output';
import { ruleSpec } from '../../../../lib/constructs/security-group-rules';
import { awsScope } from '../../../../lib/core/arns';
import { environmentContext, hostPlacement } from '../../../../lib/core/context';
import { Expect } from '../../../../lib/core/errors';
import { Ports } from '../../../../lib/core/ports';
import {
  forwardedServiceNames,
  privateDnsFor,
  REGIONAL_DNS_NAME_PATTERN,
} from '../../../../stacks/network/endpoints';
import {
  awsOwnedHostBuckets,
  flowLogTrustPolicy,
  flowLogWritePolicy,
  interfaceEndpointPolicy,
  s3EndpointPolicy,
} from '../../../../stacks/network/policies';
import { NetworkStack, RESOLVER_IDS } from '../../../../stacks/network/stack';
import { azBlock, subnetPlan } from '../../../../stacks/network/subnets';
import {
  isAmazonSideAsn,
  isPublicIpv4,
  STRONG_TUNNEL_CRYPTO,
} from '../../../../stacks/network/vpn';
import {
  configWith,
  onlyResource,
  problemsOf,
  rawEnv,
  resources,
  synth,
} from '../../../support/synth';

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';
const TARGET_BUCKET = `ldm-sandbox-${ACCOUNT}-${REGION}-data`;
const LOG_BUCKET = `ldm-sandbox-${ACCOUNT}-${REGION}-logs`;
const CTX = {
  ...awsScope(REGION, ACCOUNT),
  targetBucket: TARGET_BUCKET,
  logBucket: LOG_BUCKET,
};

const EXISTING_VPC = {
  vpcId: 'vpc-0a1b2c3d4e5f60718',
  cidr: '10.40.0.0/16',
  subnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0b1c2d3e4f5061728'],
  routeTableIds: ['rtb-0a1b2c3d4e5f60718', 'rtb-0b1c2d3e4f5061728'],
};

/**
 * The example's sandbox environment with `network` fields changed (a field set to undefined is
 * removed). Without `onPremCidrs` the example's resolver endpoint has no one to answer, so LDM on
 * premises then takes the public Glue endpoint (unless the test says otherwise).
 */
function networkConfig(
  network: Record<string, unknown> = {},
  migrator?: Record<string, unknown>,
): Config {
  return configWith((raw) => {
    const env = rawEnv(raw);
    Object.assign(env.network, network);
    for (const [key, value] of Object.entries(network))
      if (value === undefined) delete env.network[key];
    if (migrator) env.migrator = migrator;
    const noOnPrem = Array.isArray(network.onPremCidrs) && network.onPremCidrs.length === 0;
    if (noOnPrem && !('resolverInboundEndpoint' in network)) {
      env.network.resolverInboundEndpoint = false;
      if (!migrator) env.migrator.allowPublicGlueEndpoint = true;
    }
  });
}

/** Synthesizes only the network stack of the first environment and returns its cdk.tf.json. */
function networkStack(config: Config): any {
  const outdir = mkdtempSync(join(tmpdir(), 'ldm-network-'));
  synthesize(config, outdir, {
    stacks: (app) =>
      new NetworkStack(app, { context: environmentContext(config, config.environments[0]!) }),
  });
  return readSynth(outdir)[0]!.json;
}

/** A policy document a resource carries as a JSON string. */
const policyOf = (resource: any) => JSON.parse(resource.policy ?? resource.assume_role_policy);

const existingVpcNetwork = {
  vpcCidr: undefined,
  availabilityZones: undefined,
  connectivity: { type: 'none' },
  existingVpc: EXISTING_VPC,
};

// -----------------------------------------------------------------------------------------------
// stacks/network/ plain logic
// -----------------------------------------------------------------------------------------------

describe('network lib: subnet plan', () => {
  test('gives each zone the block of its letter, an eighth of the VPC', () => {
    expect(subnetPlan('10.20.0.0/16', REGION, ['eu-west-1a', 'eu-west-1b'], false)).toEqual({
      private: [
        { az: 'eu-west-1a', cidr: '10.20.0.0/19' },
        { az: 'eu-west-1b', cidr: '10.20.32.0/19' },
      ],
    });
  });

  test('keeps every subnet where it is when zones are reordered or added', () => {
    const before = subnetPlan('10.20.0.0/16', REGION, ['eu-west-1a', 'eu-west-1c'], false);
    const after = subnetPlan(
      '10.20.0.0/16',
      REGION,
      ['eu-west-1c', 'eu-west-1b', 'eu-west-1a'],
      false,
    );
    for (const subnet of before.private) expect(after.private).toContainEqual(subnet);
    expect(after.private).toContainEqual({ az: 'eu-west-1b', cidr: '10.20.32.0/19' });
  });

  test('puts the NAT subnet in the last block and the lowest zone, without moving private subnets', () => {
    const zones = ['eu-west-1b', 'eu-west-1a'];
    const withNat = subnetPlan('10.20.0.0/16', REGION, zones, true);
    expect(withNat.public).toEqual({ az: 'eu-west-1a', cidr: '10.20.224.0/19' });
    expect(withNat.private).toEqual(subnetPlan('10.20.0.0/16', REGION, zones, false).private);
  });

  test('a /24 still gives subnets AWS accepts (/27, not smaller than /28)', () => {
    const plan = subnetPlan('10.9.8.0/24', REGION, ['eu-west-1a', 'eu-west-1g'], true);
    expect(plan.private.map((s) => s.cidr)).toEqual(['10.9.8.0/27', '10.9.8.192/27']);
    expect(plan.public?.cidr).toBe('10.9.8.224/27');
  });

  test('zone blocks come from letters a to g of the region only', () => {
    expect(azBlock('eu-west-1a', REGION)).toBe(0);
    expect(azBlock('eu-west-1g', REGION)).toBe(6);
    expect(azBlock('eu-west-1h', REGION)).toBeUndefined();
    expect(azBlock('eu-west-2a', REGION)).toBeUndefined();
    expect(azBlock('eu-west-1-lax-1a', REGION)).toBeUndefined();
    expect(() => subnetPlan('10.20.0.0/16', REGION, ['eu-west-1h'], false)).toThrow(RangeError);
  });
});

describe('network lib: addresses, ASNs and tunnels', () => {
  test('a VPN device needs an address reachable over the internet', () => {
    for (const ok of ['203.0.113.10', '8.8.8.8', '198.51.100.1'])
      expect(isPublicIpv4(ok)).toBe(true);
    for (const bad of [
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '100.64.0.1',
      '127.0.0.1',
      '169.254.1.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      'not-an-ip',
    ])
      expect(isPublicIpv4(bad)).toBe(false);
  });

  test('the Amazon side takes private ASNs only', () => {
    for (const ok of [64512, 65534, 4200000000, 4294967294]) expect(isAmazonSideAsn(ok)).toBe(true);
    for (const bad of [64511, 65535, 65010.5, 7224, 4199999999])
      expect(isAmazonSideAsn(bad)).toBe(false);
  });

  test('tunnels use IKEv2, AES-256, SHA-2 and DH groups of 2048 bits or more only', () => {
    expect(STRONG_TUNNEL_CRYPTO.ikeVersions).toEqual(['ikev2']);
    for (const list of [
      STRONG_TUNNEL_CRYPTO.phase1EncryptionAlgorithms,
      STRONG_TUNNEL_CRYPTO.phase2EncryptionAlgorithms,
    ])
      for (const algorithm of list) expect(algorithm).toMatch(/^AES256/);
    for (const list of [
      STRONG_TUNNEL_CRYPTO.phase1IntegrityAlgorithms,
      STRONG_TUNNEL_CRYPTO.phase2IntegrityAlgorithms,
    ])
      for (const algorithm of list) expect(algorithm).toMatch(/^SHA2-/);
    for (const groups of [
      STRONG_TUNNEL_CRYPTO.phase1DhGroupNumbers,
      STRONG_TUNNEL_CRYPTO.phase2DhGroupNumbers,
    ]) {
      expect(groups).not.toEqual(expect.arrayContaining([2]));
      for (const weak of [1, 2, 5, 22]) expect(groups).not.toContain(weak);
    }
  });
});

describe('network lib: endpoints', () => {
  test('SSM and CloudWatch Logs endpoints only when a host runs in AWS', () => {
    const anyInAws = (migrator: object) =>
      hostPlacement({ credentials: 'roles-anywhere', hosts: {}, ...migrator } as never).anyInAws;
    expect(anyInAws({ placement: 'on-premises', remoteGlueAgent: false })).toBe(false);
    expect(anyInAws({ placement: 'ec2', remoteGlueAgent: false })).toBe(true);
    expect(anyInAws({ placement: 'on-premises', remoteGlueAgent: true })).toBe(true);
  });

  test('private DNS never for S3, otherwise as configured', () => {
    expect(privateDnsFor('s3', true)).toBe(false);
    expect(privateDnsFor('glue', true)).toBe(true);
    expect(privateDnsFor('glue', false)).toBe(false);
  });

  test('the regional-name pattern matches regional names only, with or without *.', () => {
    const regional = new RegExp(REGIONAL_DNS_NAME_PATTERN);
    for (const ok of [
      'vpce-01abc23456de78f9a-12abccd3.glue.eu-west-1.vpce.amazonaws.com',
      '*.vpce-01abc23456de78f9a-12abccd3.s3.eu-west-1.vpce.amazonaws.com',
      'vpce-01abc23456de78f9a-12abccd3.kms.cn-north-1.vpce.amazonaws.com.cn',
    ])
      expect(ok).toMatch(regional);
    for (const bad of [
      'vpce-01abc23456de78f9a-12abccd3-eu-west-1a.glue.eu-west-1.vpce.amazonaws.com',
      '*.vpce-01abc23456de78f9a-12abccd3-eu-west-1b.s3.eu-west-1.vpce.amazonaws.com',
      'glue.eu-west-1.amazonaws.com',
      '*.s3.eu-west-1.amazonaws.com',
    ])
      expect(bad).not.toMatch(regional);
  });
});

describe('network lib: policies', () => {
  test('S3 endpoints admit the environment account to its two buckets only', () => {
    const policy = s3EndpointPolicy(CTX, 'interface', false);
    const resources = policy.Statement.flatMap((s) => [s.Resource].flat());
    expect(resources.sort()).toEqual(
      [
        '*',
        `arn:aws:s3:::${LOG_BUCKET}`,
        `arn:aws:s3:::${LOG_BUCKET}/*`,
        `arn:aws:s3:::${TARGET_BUCKET}`,
        `arn:aws:s3:::${TARGET_BUCKET}/*`,
      ].sort(),
    );
    for (const statement of policy.Statement) {
      expect(statement.Effect).toBe('Allow');
      expect(statement.Condition).toEqual({ StringEquals: { 'aws:PrincipalAccount': ACCOUNT } });
      expect([statement.Action].flat()).not.toContain('s3:*');
    }
    // Resource '*' only for listing bucket names, which has no bucket to scope to.
    expect(policy.Statement.find((s) => s.Resource === '*')?.Action).toBe('s3:ListAllMyBuckets');
    // The access-log bucket is read-only through the endpoint.
    const logStatement = policy.Statement.find((s) =>
      [s.Resource].flat().includes(`arn:aws:s3:::${LOG_BUCKET}`),
    );
    for (const action of [logStatement!.Action].flat()) expect(action).toMatch(/^s3:(Get|List)/);
  });

  test('the gateway endpoint lets hosts in AWS read AWS-owned SSM and package buckets, read-only', () => {
    expect(s3EndpointPolicy(CTX, 'gateway', false)).toEqual(
      s3EndpointPolicy(CTX, 'interface', false),
    );
    expect(s3EndpointPolicy(CTX, 'interface', true)).toEqual(
      s3EndpointPolicy(CTX, 'interface', false),
    );
    const gateway = s3EndpointPolicy(CTX, 'gateway', true);
    const awsOwned = gateway.Statement.find((s) => s.Sid === 'AwsOwnedHostBucketsRead')!;
    expect(awsOwned.Action).toBe('s3:GetObject');
    expect(awsOwned.Resource).toEqual(
      awsOwnedHostBuckets(REGION).map((b) => `arn:aws:s3:::${b}/*`),
    );
    expect(awsOwned.Resource).toContain(`arn:aws:s3:::amazon-ssm-${REGION}/*`);
  });

  test('Glue, KMS and Logs endpoints are a perimeter around the account; STS and SSM keep the default', () => {
    expect(interfaceEndpointPolicy('glue', CTX, false)?.Statement).toEqual([
      expect.objectContaining({
        Resource: `arn:aws:glue:${REGION}:${ACCOUNT}:*`,
        Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } },
      }),
    ]);
    expect(
      interfaceEndpointPolicy('glue', { ...CTX, catalogId: '444444444444' }, false)?.Statement[0]
        ?.Resource,
    ).toEqual([
      `arn:aws:glue:${CTX.region}:${CTX.accountId}:*`,
      `arn:aws:glue:${CTX.region}:444444444444:*`,
    ]);
    expect(interfaceEndpointPolicy('kms', CTX, false)?.Statement[0]?.Resource).toBe(
      `arn:aws:kms:${REGION}:${ACCOUNT}:key/*`,
    );
    expect(interfaceEndpointPolicy('logs', CTX, true)?.Statement[0]?.Resource).toBe(
      `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*`,
    );
    for (const service of ['sts', 'ssm', 'ssmmessages', 'ec2messages'] as const) {
      expect(interfaceEndpointPolicy(service, CTX, true)).toBeUndefined();
    }
  });

  test('ARNs follow the partition of the region', () => {
    const gov = { ...CTX, ...awsScope('us-gov-west-1', ACCOUNT) };
    expect(s3EndpointPolicy(gov, 'interface', false).Statement[0]?.Resource).toContain(
      `arn:aws-us-gov:s3:::${TARGET_BUCKET}`,
    );
    expect(
      interfaceEndpointPolicy('kms', { ...CTX, ...awsScope('cn-north-1', ACCOUNT) }, false)
        ?.Statement[0]?.Resource,
    ).toBe(`arn:aws-cn:kms:cn-north-1:${ACCOUNT}:key/*`);
  });

  test('the flow log role trusts VPC Flow Logs of this account and region only', () => {
    expect(flowLogTrustPolicy(CTX).Statement).toEqual([
      {
        Sid: 'VpcFlowLogsOfThisAccount',
        Effect: 'Allow',
        Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': ACCOUNT },
          ArnLike: { 'aws:SourceArn': `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc-flow-log/*` },
        },
      },
    ]);
  });

  test('the flow log role writes to its own log group only', () => {
    const group = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ldm/sandbox/vpc-flow-logs`;
    expect(flowLogWritePolicy(CTX, '/ldm/sandbox/vpc-flow-logs').Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        Resource: [group, `${group}:*`],
      }),
    ]);
  });

  test('ingress rules say which port and whom they admit, with ids that do not move', () => {
    const group = { id: 'sg-1', key: 'endpoints', directionInIds: false, nameTagPrefix: 'ldm-x' };
    const peer = { kind: 'cidr', cidr: '192.168.0.0/16', label: 'on premises' } as const;
    expect(ruleSpec(group, 'inbound', Ports.HTTPS, peer)).toEqual({
      constructId: 'endpoints-443-from-192-168-0-0-16',
      args: {
        description: 'HTTPS to AWS APIs (S3, Glue, STS, KMS), from on premises',
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: '192.168.0.0/16',
        tags: { Name: 'ldm-x-endpoints-443-from-192-168-0-0-16' },
      },
    });
  });
});

// -----------------------------------------------------------------------------------------------
// config rules
// -----------------------------------------------------------------------------------------------

describe('network config: defaults', () => {
  test('no outbound internet, private DNS on endpoints, strong tunnels and AWS default Amazon-side ASN', () => {
    const network = networkConfig().environments[0]!.network;
    expect(network.outboundInternet).toBe(false);
    expect(network.endpointPrivateDns).toBe(true);
    expect(network.connectivity).toEqual({
      type: 'vpn',
      customerGatewayIp: '203.0.113.10',
      bgpAsn: 65010,
      amazonSideAsn: 64512,
      legacyTunnelCrypto: false,
    });
  });
});

describe('network config: bad input is reported by field', () => {
  const problems = (network: Record<string, unknown>, migrator?: Record<string, unknown>) =>
    problemsOf(() => networkConfig(network, migrator));

  test('fails if an availability zone is not in the region', () => {
    expect(problems({ availabilityZones: ['eu-west-1a', 'us-east-1b'] })).toEqual([
      "environments[0].network.availabilityZones[1]: got 'us-east-1b', expected an availability zone of the environment's region eu-west-1, such as eu-west-1a",
    ]);
  });

  test('fails if an availability zone letter is beyond g', () => {
    expect(problems({ availabilityZones: ['eu-west-1a', 'eu-west-1h'] })).toEqual([
      "environments[0].network.availabilityZones[1]: got 'eu-west-1h', expected an availability zone from eu-west-1a to eu-west-1g: the subnet plan gives each zone letter one eighth of the VPC CIDR and keeps the last for the NAT gateway",
    ]);
  });

  test('fails if fewer than two availability zones are given', () => {
    expect(problems({ availabilityZones: ['eu-west-1a'] })).toEqual([
      'environments[0].network.availabilityZones: got ["eu-west-1a"], expected at least two distinct availability zones of eu-west-1, such as eu-west-1a',
    ]);
  });

  test('fails if an availability zone repeats', () => {
    expect(problems({ availabilityZones: ['eu-west-1a', 'eu-west-1a'] })).toEqual([
      'environments[0].network.availabilityZones: got ["eu-west-1a","eu-west-1a"], expected at least two distinct availability zones of eu-west-1, such as eu-west-1a',
    ]);
  });

  test.each(['10.20.0.0/15', '10.20.0.0/25'])(
    'fails if the VPC CIDR %s is outside /16 to /24',
    (vpcCidr) => {
      expect(problems({ vpcCidr })).toEqual([
        `environments[0].network.vpcCidr: got '${vpcCidr}', expected a /16 to /24 IPv4 CIDR that does not overlap onPremCidrs`,
      ]);
    },
  );

  test('fails if the VPC CIDR overlaps an onPremCidrs entry', () => {
    expect(problems({ onPremCidrs: ['192.168.0.0/16', '10.20.128.0/17'] })).toEqual([
      "environments[0].network.onPremCidrs[1]: got '10.20.128.0/17', expected an on-premises CIDR that does not overlap the VPC CIDR 10.20.0.0/16: traffic to addresses in both could not be routed",
    ]);
  });

  test('fails if an existing VPC CIDR overlaps an onPremCidrs entry', () => {
    expect(problems({ ...existingVpcNetwork, onPremCidrs: ['10.40.1.0/24'] })).toEqual([
      "environments[0].network.onPremCidrs[0]: got '10.40.1.0/24', expected an on-premises CIDR that does not overlap the VPC CIDR 10.40.0.0/16: traffic to addresses in both could not be routed",
    ]);
  });

  test('fails if an onPremCidrs entry repeats', () => {
    expect(problems({ onPremCidrs: ['192.168.0.0/16', '192.168.0.0/16'] })).toEqual([
      "environments[0].network.onPremCidrs[1]: got '192.168.0.0/16', expected a value listed once",
    ]);
  });

  test('fails if existingVpc is given together with vpcCidr', () => {
    expect(problems({ ...existingVpcNetwork, vpcCidr: '10.20.0.0/16' })).toEqual([
      "environments[0].network.vpcCidr: got '10.20.0.0/16', expected exactly one of vpcCidr (a new VPC) and existingVpc (bring your own)",
    ]);
  });

  test('fails if neither vpcCidr nor existingVpc is given', () => {
    expect(problems({ vpcCidr: undefined })).toEqual([
      'environments[0].network.vpcCidr: got nothing, expected exactly one of vpcCidr (a new VPC) and existingVpc (bring your own)',
    ]);
  });

  test('fails if an existing VPC comes with availability zones', () => {
    expect(
      problems({ ...existingVpcNetwork, availabilityZones: ['eu-west-1a', 'eu-west-1b'] }),
    ).toEqual([
      'environments[0].network.availabilityZones: got ["eu-west-1a","eu-west-1b"], expected no availabilityZones with existingVpc: the existing subnets decide the zones',
    ]);
  });

  test('fails if an existing VPC comes with connectivity', () => {
    expect(
      problems({
        ...existingVpcNetwork,
        connectivity: { type: 'transit-gateway', transitGatewayId: 'tgw-0123456789abcdef0' },
      }),
    ).toEqual([
      "environments[0].network.connectivity.type: got 'transit-gateway', expected connectivity { type: none } with existingVpc: the stack never changes an existing VPC, so the VPC's owner provides the link to on premises",
    ]);
  });

  test('fails if an existing VPC comes with outbound internet', () => {
    expect(problems({ ...existingVpcNetwork, outboundInternet: true })).toEqual([
      "environments[0].network.outboundInternet: got true, expected false with existingVpc: the stack never changes an existing VPC's gateways or routes",
    ]);
  });

  test('fails if an existing VPC id, subnet id or route table id does not look like one', () => {
    expect(
      problems({
        ...existingVpcNetwork,
        existingVpc: {
          ...EXISTING_VPC,
          vpcId: 'vpc-XYZ',
          subnetIds: ['subnet-0a1b2c3d4e5f60718', 'sn-1'],
          routeTableIds: ['rt-1'],
        },
      }),
    ).toEqual([
      "environments[0].network.existingVpc.vpcId: got 'vpc-XYZ', expected a VPC id such as vpc-0123456789abcdef0",
      "environments[0].network.existingVpc.subnetIds[1]: got 'sn-1', expected a subnet id such as subnet-0123456789abcdef0",
      "environments[0].network.existingVpc.routeTableIds[0]: got 'rt-1', expected a route table id such as rtb-0123456789abcdef0",
    ]);
  });

  test('fails if a host runs in an existing VPC without the S3 gateway endpoint', () => {
    const host = {
      placement: 'ec2',
      adminCidrs: ['192.168.10.0/24'],
      credentials: 'instance-profile',
    };
    expect(problems(existingVpcNetwork, host)).toEqual([
      `environments[0].network.existingVpc.s3GatewayEndpoint: got nothing, expected ${Expect.existingVpcGatewayForHosts}`,
    ]);
    const withGateway = {
      ...existingVpcNetwork,
      existingVpc: { ...EXISTING_VPC, s3GatewayEndpoint: true },
    };
    expect(() => networkConfig(withGateway, host)).not.toThrow();
  });

  test('fails if an existing VPC has fewer than two subnets', () => {
    expect(
      problems({
        ...existingVpcNetwork,
        existingVpc: { ...EXISTING_VPC, subnetIds: ['subnet-0a1b2c3d4e5f60718'] },
      }),
    ).toEqual([
      'environments[0].network.existingVpc.subnetIds: got ["subnet-0a1b2c3d4e5f60718"], expected at least two private subnets, one in each of two availability zones',
    ]);
  });

  test('fails if an existing subnet is listed twice', () => {
    const subnet = 'subnet-0a1b2c3d4e5f60718';
    expect(
      problems({
        ...existingVpcNetwork,
        existingVpc: { ...EXISTING_VPC, subnetIds: [subnet, subnet] },
      }),
    ).toEqual([
      `environments[0].network.existingVpc.subnetIds[1]: got '${subnet}', expected a value listed once`,
    ]);
  });

  test('fails if a VPN has no customer gateway IP', () => {
    expect(problems({ connectivity: { type: 'vpn', bgpAsn: 65010 } })).toEqual([
      'environments[0].network.connectivity.customerGatewayIp: got nothing, expected the public IPv4 address of your VPN device, such as 203.0.113.10',
    ]);
  });

  test('fails if a VPN has no BGP ASN', () => {
    expect(problems({ connectivity: { type: 'vpn', customerGatewayIp: '203.0.113.10' } })).toEqual([
      'environments[0].network.connectivity.bgpAsn: got nothing, expected a BGP ASN: a whole number from 1 to 4294967294',
    ]);
  });

  test('fails if the customer gateway IP is not an IPv4 address', () => {
    expect(
      problems({ connectivity: { type: 'vpn', customerGatewayIp: '203.0.113', bgpAsn: 65010 } }),
    ).toEqual([
      "environments[0].network.connectivity.customerGatewayIp: got '203.0.113', expected the public IPv4 address of your VPN device, such as 203.0.113.10",
    ]);
  });

  test('fails if the customer gateway IP is private', () => {
    expect(
      problems({ connectivity: { type: 'vpn', customerGatewayIp: '192.168.1.1', bgpAsn: 65010 } }),
    ).toEqual([
      "environments[0].network.connectivity.customerGatewayIp: got '192.168.1.1', expected a public IPv4 address: AWS reaches the VPN device over the internet, so private (RFC 1918), shared (100.64.0.0/10), loopback, link-local and multicast addresses cannot work",
    ]);
  });

  test.each([0, 4294967295, 65010.5, '65010'])('fails if the BGP ASN is %p', (bgpAsn) => {
    expect(
      problems({ connectivity: { type: 'vpn', customerGatewayIp: '203.0.113.10', bgpAsn } }),
    ).toEqual([
      `environments[0].network.connectivity.bgpAsn: got ${JSON.stringify(bgpAsn).replace(/"/g, "'")}, expected a BGP ASN: a whole number from 1 to 4294967294`,
    ]);
  });

  test('fails if the BGP ASN is one AWS reserves', () => {
    expect(
      problems({ connectivity: { type: 'vpn', customerGatewayIp: '203.0.113.10', bgpAsn: 7224 } }),
    ).toEqual([
      'environments[0].network.connectivity.bgpAsn: got 7224, expected a BGP ASN AWS does not reserve for itself (7224, 9059, 10124, 17943 are taken)',
    ]);
  });

  test("fails if the BGP ASN is the Amazon side's", () => {
    expect(
      problems({ connectivity: { type: 'vpn', customerGatewayIp: '203.0.113.10', bgpAsn: 64512 } }),
    ).toEqual([
      "environments[0].network.connectivity.bgpAsn: got 64512, expected a BGP ASN other than the Amazon side's 64512 (set connectivity.amazonSideAsn to move the Amazon side)",
    ]);
  });

  test('fails if the Amazon-side ASN is not a private one', () => {
    expect(
      problems({
        connectivity: {
          type: 'vpn',
          customerGatewayIp: '203.0.113.10',
          bgpAsn: 65010,
          amazonSideAsn: 65535,
        },
      }),
    ).toEqual([
      'environments[0].network.connectivity.amazonSideAsn: got 65535, expected a private ASN for the Amazon side: 64512-65534 or 4200000000-4294967294',
    ]);
  });

  test('fails if the Transit Gateway id does not look like one', () => {
    expect(
      problems({ connectivity: { type: 'transit-gateway', transitGatewayId: 'tgw-XYZ' } }),
    ).toEqual([
      "environments[0].network.connectivity.transitGatewayId: got 'tgw-XYZ', expected a Transit Gateway id such as tgw-0123456789abcdef0",
    ]);
  });

  test('fails if the connectivity type is unknown', () => {
    expect(problems({ connectivity: { type: 'direct-connect' } })).toEqual([
      "environments[0].network.connectivity.type: got 'direct-connect', expected one of vpn, transit-gateway, none in connectivity.type",
    ]);
  });

  test.each([
    ['vpn', { type: 'vpn', customerGatewayIp: '203.0.113.10', bgpAsn: 65010 }],
    ['transit-gateway', { type: 'transit-gateway', transitGatewayId: 'tgw-0123456789abcdef0' }],
  ])('fails if connectivity %s has no onPremCidrs', (type, connectivity) => {
    expect(problems({ connectivity, onPremCidrs: [] })).toEqual([
      `environments[0].network.onPremCidrs: got [], expected at least one on-premises CIDR: connectivity ${type} routes to onPremCidrs, and the endpoints admit only them and the VPC`,
    ]);
  });

  test('fails if the resolver endpoint has no on-premises network to answer', () => {
    expect(
      problems(
        { connectivity: { type: 'none' }, onPremCidrs: [], resolverInboundEndpoint: true },
        { rolesAnywhere: { caCertificateFile: 'config/certs/example-ca.pem' } },
      ),
    ).toEqual([
      `environments[0].network.resolverInboundEndpoint: got true, expected ${Expect.resolverNeedsOnPrem}`,
    ]);
  });

  test('fails if the flow log retention is not one CloudWatch offers', () => {
    expect(problems({ flowLogRetentionDays: 100 })).toEqual([
      expect.stringMatching(
        /^environments\[0\]\.network\.flowLogRetentionDays: got 100, expected one of 1, 3, 5, .*, 3653$/,
      ),
    ]);
  });

  test('reports every network problem of an environment together', () => {
    const lines = problems({
      vpcCidr: '10.20.0.0/12',
      availabilityZones: ['eu-west-1z'],
      connectivity: { type: 'vpn', customerGatewayIp: '10.0.0.1', bgpAsn: 9059 },
    });
    expect(lines.map((l) => l.split(':')[0])).toEqual(
      expect.arrayContaining([
        'environments[0].network.vpcCidr',
        'environments[0].network.availabilityZones[0]',
        'environments[0].network.availabilityZones',
        'environments[0].network.connectivity.customerGatewayIp',
        'environments[0].network.connectivity.bgpAsn',
      ]),
    );
  });
});

// -----------------------------------------------------------------------------------------------
// the synthesized stack
// -----------------------------------------------------------------------------------------------

describe('network stack: a new VPC (the example, with a VPN)', () => {
  const stack = networkStack(networkConfig());

  test('has DNS support and hostnames on', () => {
    expect(onlyResource(stack, 'aws_vpc')).toMatchObject({
      cidr_block: '10.20.0.0/16',
      enable_dns_support: true,
      enable_dns_hostnames: true,
    });
  });

  test('has one private subnet per zone, CIDRs from the plan, no public IPs', () => {
    const subnets = resources(stack, 'aws_subnet');
    expect(Object.keys(subnets).sort()).toEqual(['private-eu-west-1a', 'private-eu-west-1b']);
    const plan = subnetPlan('10.20.0.0/16', REGION, ['eu-west-1a', 'eu-west-1b'], false);
    for (const { az, cidr } of plan.private) {
      expect(subnets[`private-${az}`]).toMatchObject({
        availability_zone: az,
        cidr_block: cidr,
        map_public_ip_on_launch: false,
      });
    }
  });

  test('gives every subnet its own route table', () => {
    const associations = Object.values(resources(stack, 'aws_route_table_association'));
    expect(Object.keys(resources(stack, 'aws_route_table')).sort()).toEqual([
      'private-eu-west-1a-routes',
      'private-eu-west-1b-routes',
    ]);
    expect(associations.map((a) => [a.subnet_id, a.route_table_id]).sort()).toEqual([
      ['${aws_subnet.private-eu-west-1a.id}', '${aws_route_table.private-eu-west-1a-routes.id}'],
      ['${aws_subnet.private-eu-west-1b.id}', '${aws_route_table.private-eu-west-1b-routes.id}'],
    ]);
  });

  test('has no internet gateway, NAT gateway, Elastic IP or route to 0.0.0.0/0', () => {
    for (const type of [
      'aws_internet_gateway',
      'aws_nat_gateway',
      'aws_eip',
      'aws_egress_only_internet_gateway',
    ]) {
      expect(resources(stack, type)).toEqual({});
    }
    for (const route of Object.values(resources(stack, 'aws_route'))) {
      expect(route.destination_cidr_block).not.toBe('0.0.0.0/0');
    }
  });

  test('manages the default security group and leaves it without rules', () => {
    expect(onlyResource(stack, 'aws_default_security_group')).toMatchObject({
      vpc_id: '${aws_vpc.vpc.id}',
      ingress: [],
      egress: [],
    });
  });

  test('connects a VPN with BGP and strong tunnels, propagating routes into every private route table', () => {
    expect(onlyResource(stack, 'aws_customer_gateway')).toMatchObject({
      type: 'ipsec.1',
      ip_address: '203.0.113.10',
      bgp_asn: '65010',
    });
    expect(onlyResource(stack, 'aws_vpn_gateway')).toMatchObject({
      vpc_id: '${aws_vpc.vpc.id}',
      amazon_side_asn: '64512',
    });
    const vpn = onlyResource(stack, 'aws_vpn_connection');
    expect(vpn).toMatchObject({
      type: 'ipsec.1',
      static_routes_only: false,
      customer_gateway_id: '${aws_customer_gateway.customer-gateway.id}',
      vpn_gateway_id: '${aws_vpn_gateway.vpn-gateway.id}',
    });
    for (const n of [1, 2]) {
      expect(vpn[`tunnel${n}_ike_versions`]).toEqual(['ikev2']);
      expect(vpn[`tunnel${n}_phase1_dh_group_numbers`]).toEqual([
        ...STRONG_TUNNEL_CRYPTO.phase1DhGroupNumbers,
      ]);
      expect(vpn[`tunnel${n}_phase2_encryption_algorithms`]).toEqual([
        ...STRONG_TUNNEL_CRYPTO.phase2EncryptionAlgorithms,
      ]);
    }
    expect(
      Object.values(resources(stack, 'aws_vpn_gateway_route_propagation'))
        .map((p) => p.route_table_id)
        .sort(),
    ).toEqual([
      '${aws_route_table.private-eu-west-1a-routes.id}',
      '${aws_route_table.private-eu-west-1b-routes.id}',
    ]);
    expect(resources(stack, 'aws_ec2_transit_gateway_vpc_attachment')).toEqual({});
  });

  test('has interface endpoints for S3, Glue, STS, KMS and Roles Anywhere in every private subnet, and no SSM ones', () => {
    const endpoints = resources(stack, 'aws_vpc_endpoint');
    expect(Object.keys(endpoints).sort()).toEqual([
      'glue-interface-endpoint',
      'kms-interface-endpoint',
      'rolesanywhere-interface-endpoint',
      's3-gateway-endpoint',
      's3-interface-endpoint',
      'sts-interface-endpoint',
    ]);
    // The signing helper's CreateSession: AWS's default policy, like STS (the caller has no
    // credentials of the account yet; the trust anchor and profile decide).
    expect(endpoints['rolesanywhere-interface-endpoint'].policy).toBeUndefined();
    for (const service of ['s3', 'glue', 'sts', 'kms', 'rolesanywhere']) {
      expect(endpoints[`${service}-interface-endpoint`]).toMatchObject({
        vpc_endpoint_type: 'Interface',
        service_name: `com.amazonaws.${REGION}.${service}`,
        subnet_ids: ['${aws_subnet.private-eu-west-1a.id}', '${aws_subnet.private-eu-west-1b.id}'],
        security_group_ids: ['${aws_security_group.endpoint-sg.id}'],
        private_dns_enabled: service !== 's3',
      });
    }
  });

  test('checks after apply that the first DNS entry is the regional name', () => {
    const glue = resources(stack, 'aws_vpc_endpoint')['glue-interface-endpoint'];
    expect(glue.lifecycle.postcondition).toEqual([
      {
        condition: `\${can(regex(${JSON.stringify(REGIONAL_DNS_NAME_PATTERN)}, self.dns_entry[0].dns_name))}`,
        error_message: expect.stringMatching(/^the first DNS entry of the glue interface endpoint/),
      },
    ]);
  });

  test('puts the S3 gateway endpoint on the private route tables', () => {
    expect(resources(stack, 'aws_vpc_endpoint')['s3-gateway-endpoint']).toMatchObject({
      vpc_endpoint_type: 'Gateway',
      service_name: `com.amazonaws.${REGION}.s3`,
      route_table_ids: [
        '${aws_route_table.private-eu-west-1a-routes.id}',
        '${aws_route_table.private-eu-west-1b-routes.id}',
      ],
    });
  });

  test('limits both S3 endpoints to the environment buckets; Glue and KMS to the account', () => {
    const endpoints = resources(stack, 'aws_vpc_endpoint');
    expect(policyOf(endpoints['s3-interface-endpoint'])).toEqual(
      s3EndpointPolicy(CTX, 'interface', false),
    );
    expect(policyOf(endpoints['s3-gateway-endpoint'])).toEqual(
      s3EndpointPolicy(CTX, 'gateway', false),
    );
    expect(policyOf(endpoints['glue-interface-endpoint'])).toEqual(
      interfaceEndpointPolicy('glue', CTX, false),
    );
    expect(policyOf(endpoints['kms-interface-endpoint'])).toEqual(
      interfaceEndpointPolicy('kms', CTX, false),
    );
    expect(endpoints['sts-interface-endpoint'].policy).toBeUndefined();
  });

  test('the endpoint security group admits only 443 from the VPC and onPremCidrs, each rule described', () => {
    const sg = resources(stack, 'aws_security_group')['endpoint-sg'];
    expect(sg).toMatchObject({ name: 'ldm-sandbox-vpc-endpoints', vpc_id: '${aws_vpc.vpc.id}' });
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
    expect(resources(stack, 'aws_vpc_security_group_egress_rule')).toEqual({});
    const rules = Object.values(resources(stack, 'aws_vpc_security_group_ingress_rule')).filter(
      (r) => r.security_group_id === '${aws_security_group.endpoint-sg.id}',
    );
    expect(rules.map((r) => [r.cidr_ipv4, r.ip_protocol, r.from_port, r.to_port]).sort()).toEqual([
      ['10.20.0.0/16', 'tcp', 443, 443],
      ['192.168.0.0/16', 'tcp', 443, 443],
    ]);
    for (const rule of rules) {
      expect(rule.security_group_id).toBe('${aws_security_group.endpoint-sg.id}');
      expect(rule.description).toMatch(/^HTTPS to AWS APIs .*, from (the VPC|on premises) /);
    }
  });

  test('logs all VPC traffic to a CloudWatch log group with the configured retention', () => {
    expect(onlyResource(stack, 'aws_cloudwatch_log_group')).toEqual(
      expect.objectContaining({ name: '/ldm/sandbox/vpc-flow-logs', retention_in_days: 365 }),
    );
    expect(onlyResource(stack, 'aws_cloudwatch_log_group').kms_key_id).toBeUndefined();
    expect(onlyResource(stack, 'aws_flow_log')).toMatchObject({
      vpc_id: '${aws_vpc.vpc.id}',
      traffic_type: 'ALL',
      log_destination_type: 'cloud-watch-logs',
      log_destination: '${aws_cloudwatch_log_group.flow-log-group.arn}',
      iam_role_arn: '${aws_iam_role.flow-log-role.arn}',
      depends_on: ['aws_iam_role_policy.flow-log-role-policy'],
    });
  });

  test('the flow log role trusts VPC Flow Logs of this account only and writes only its group', () => {
    const role = onlyResource(stack, 'aws_iam_role');
    expect(role.name).toBe('ldm-sandbox-vpc-flow-logs');
    expect(policyOf(role)).toEqual(flowLogTrustPolicy(CTX));
    const policy = onlyResource(stack, 'aws_iam_role_policy');
    expect(policy.role).toBe('${aws_iam_role.flow-log-role.id}');
    expect(policyOf(policy)).toEqual(flowLogWritePolicy(CTX, '/ldm/sandbox/vpc-flow-logs'));
    expect(resources(stack, 'aws_iam_role_policy_attachment')).toEqual({});
  });

  test('reads nothing from AWS at plan time: no data sources', () => {
    expect(stack.data).toBeUndefined();
  });

  test('publishes its outputs, with endpoint DNS names stripped of *.', () => {
    expect(
      Object.keys(stack.output)
        .filter((o) => !o.startsWith('cross-stack-output-'))
        .sort(),
    ).toEqual(
      [
        'endpoint_security_group_id',
        'endpoints_glue_dns_name',
        'endpoints_glue_id',
        'endpoints_kms_dns_name',
        'endpoints_kms_id',
        'endpoints_rolesanywhere_dns_name',
        'endpoints_rolesanywhere_id',
        'endpoints_s3_dns_name',
        'endpoints_s3_id',
        'endpoints_sts_dns_name',
        'endpoints_sts_id',
        'private_subnet_ids',
        'resolver_inbound_addresses',
        'resolver_inbound_forwarded_names',
        'route_table_ids',
        's3_gateway_endpoint_id',
        's3_prefix_list_id',
        'vpc_cidr',
        'vpc_id',
        'vpn_connection_id',
      ].sort(),
    );
    expect(stack.output.endpoints_s3_dns_name.value).toBe(
      '${trimprefix(aws_vpc_endpoint.s3-interface-endpoint.dns_entry[0].dns_name, "*.")}',
    );
    expect(stack.output.vpc_cidr.value).toBe('10.20.0.0/16');
    expect(stack.output.private_subnet_ids.value).toEqual([
      '${aws_subnet.private-eu-west-1a.id}',
      '${aws_subnet.private-eu-west-1b.id}',
    ]);
  });

  test('stateful resources keep their Terraform addresses', () => {
    const addresses = Object.entries<any>(stack.resource).flatMap(([type, byId]) =>
      Object.keys(byId).map((id) => `${type}.${id}`),
    );
    expect(addresses).toEqual(
      expect.arrayContaining([
        'aws_vpc.vpc',
        'aws_subnet.private-eu-west-1a',
        'aws_subnet.private-eu-west-1b',
        'aws_route_table.private-eu-west-1a-routes',
        'aws_customer_gateway.customer-gateway',
        'aws_vpn_gateway.vpn-gateway',
        'aws_vpn_connection.vpn-connection',
        'aws_vpc_endpoint.s3-interface-endpoint',
        'aws_vpc_endpoint.s3-gateway-endpoint',
        'aws_vpc_endpoint.glue-interface-endpoint',
        'aws_vpc_endpoint.sts-interface-endpoint',
        'aws_vpc_endpoint.kms-interface-endpoint',
        'aws_security_group.endpoint-sg',
        'aws_cloudwatch_log_group.flow-log-group',
        'aws_iam_role.flow-log-role',
        'aws_flow_log.flow-log',
      ]),
    );
  });
});

describe('network stack: VPN variants', () => {
  test('legacyTunnelCrypto leaves the tunnels at AWS defaults', () => {
    const stack = networkStack(
      networkConfig({
        connectivity: {
          type: 'vpn',
          customerGatewayIp: '203.0.113.10',
          bgpAsn: 65010,
          legacyTunnelCrypto: true,
        },
      }),
    );
    const tunnelKeys = Object.keys(onlyResource(stack, 'aws_vpn_connection')).filter((k) =>
      k.startsWith('tunnel'),
    );
    expect(tunnelKeys).toEqual([]);
  });

  test('a four-byte ASN above 2147483647 goes to bgp_asn_extended', () => {
    const stack = networkStack(
      networkConfig({
        connectivity: {
          type: 'vpn',
          customerGatewayIp: '203.0.113.10',
          bgpAsn: 4200000001,
          amazonSideAsn: 4200000000,
        },
      }),
    );
    const gateway = onlyResource(stack, 'aws_customer_gateway');
    expect(gateway.bgp_asn_extended).toBe('4200000001');
    expect(gateway.bgp_asn).toBeUndefined();
    expect(onlyResource(stack, 'aws_vpn_gateway').amazon_side_asn).toBe('4200000000');
  });
});

describe('network stack: a Transit Gateway', () => {
  const stack = networkStack(
    networkConfig({
      connectivity: { type: 'transit-gateway', transitGatewayId: 'tgw-0123456789abcdef0' },
      onPremCidrs: ['192.168.0.0/16', '172.16.0.0/12'],
    }),
  );

  test('attaches the VPC through the private subnets', () => {
    expect(onlyResource(stack, 'aws_ec2_transit_gateway_vpc_attachment')).toMatchObject({
      transit_gateway_id: 'tgw-0123456789abcdef0',
      vpc_id: '${aws_vpc.vpc.id}',
      subnet_ids: ['${aws_subnet.private-eu-west-1a.id}', '${aws_subnet.private-eu-west-1b.id}'],
      dns_support: 'enable',
    });
  });

  test('routes every onPremCidrs entry from every private route table to the TGW, after the attachment', () => {
    const routes = Object.values(resources(stack, 'aws_route'));
    expect(routes.map((r) => [r.route_table_id, r.destination_cidr_block]).sort()).toEqual(
      [
        ['${aws_route_table.private-eu-west-1a-routes.id}', '172.16.0.0/12'],
        ['${aws_route_table.private-eu-west-1a-routes.id}', '192.168.0.0/16'],
        ['${aws_route_table.private-eu-west-1b-routes.id}', '172.16.0.0/12'],
        ['${aws_route_table.private-eu-west-1b-routes.id}', '192.168.0.0/16'],
      ].sort(),
    );
    for (const route of routes) {
      expect(route.transit_gateway_id).toBe('tgw-0123456789abcdef0');
      expect(route.depends_on).toEqual([
        'aws_ec2_transit_gateway_vpc_attachment.transit-gateway-attachment',
      ]);
    }
  });

  test('creates no VPN and publishes the attachment id', () => {
    for (const type of ['aws_customer_gateway', 'aws_vpn_gateway', 'aws_vpn_connection']) {
      expect(resources(stack, type)).toEqual({});
    }
    expect(stack.output.transit_gateway_attachment_id.value).toBe(
      '${aws_ec2_transit_gateway_vpc_attachment.transit-gateway-attachment.id}',
    );
    expect(stack.output.vpn_connection_id).toBeUndefined();
  });
});

describe('network stack: the Route 53 Resolver inbound endpoint (the example)', () => {
  const stack = networkStack(networkConfig({ onPremCidrs: ['192.168.0.0/16', '172.16.20.0/24'] }));

  test('an inbound endpoint with an address in each private subnet, behind its own group', () => {
    expect(resources(stack, 'aws_route53_resolver_endpoint')).toEqual({
      [RESOLVER_IDS.endpoint]: expect.objectContaining({
        name: 'ldm-sandbox-inbound',
        direction: 'INBOUND',
        security_group_ids: [`\${aws_security_group.${RESOLVER_IDS.securityGroup}.id}`],
        ip_address: [
          { subnet_id: '${aws_subnet.private-eu-west-1a.id}' },
          { subnet_id: '${aws_subnet.private-eu-west-1b.id}' },
        ],
      }),
    });
    expect(resources(stack, 'aws_security_group')[RESOLVER_IDS.securityGroup]).toMatchObject({
      name: 'ldm-sandbox-dns-resolver',
      vpc_id: '${aws_vpc.vpc.id}',
    });
  });

  test('its group admits DNS over UDP and TCP from each onPremCidrs entry, and nothing else', () => {
    const group = `\${aws_security_group.${RESOLVER_IDS.securityGroup}.id}`;
    const rules = Object.entries<any>(resources(stack, 'aws_vpc_security_group_ingress_rule'))
      .filter(([, r]) => r.security_group_id === group)
      .map(([id, r]) => [id, r.ip_protocol, r.from_port, r.to_port, r.cidr_ipv4, r.description]);
    expect(rules.sort()).toEqual(
      [
        [
          'resolver-in-53-from-172-16-20-0-24',
          'tcp',
          53,
          53,
          '172.16.20.0/24',
          'DNS (TCP) to the Route 53 Resolver inbound endpoint, from on premises 172.16.20.0/24',
        ],
        [
          'resolver-in-53-from-192-168-0-0-16',
          'tcp',
          53,
          53,
          '192.168.0.0/16',
          'DNS (TCP) to the Route 53 Resolver inbound endpoint, from on premises 192.168.0.0/16',
        ],
        [
          'resolver-in-53-udp-from-172-16-20-0-24',
          'udp',
          53,
          53,
          '172.16.20.0/24',
          'DNS (UDP) to the Route 53 Resolver inbound endpoint, from on premises 172.16.20.0/24',
        ],
        [
          'resolver-in-53-udp-from-192-168-0-0-16',
          'udp',
          53,
          53,
          '192.168.0.0/16',
          'DNS (UDP) to the Route 53 Resolver inbound endpoint, from on premises 192.168.0.0/16',
        ],
      ].sort(),
    );
    expect(
      Object.values<any>(resources(stack, 'aws_vpc_security_group_egress_rule')).filter(
        (r) => r.security_group_id === group,
      ),
    ).toEqual([]);
  });

  test('publishes its addresses and the names to forward to them', () => {
    expect(stack.output.resolver_inbound_addresses.value).toBe(
      `\${[for address in aws_route53_resolver_endpoint.${RESOLVER_IDS.endpoint}.ip_address : address.ip]}`,
    );
    expect(stack.output.resolver_inbound_forwarded_names.value).toEqual([
      'glue.eu-west-1.amazonaws.com',
      'sts.eu-west-1.amazonaws.com',
      'kms.eu-west-1.amazonaws.com',
      'rolesanywhere.eu-west-1.amazonaws.com',
    ]);
  });

  test('at most six addresses, and none without resolverInboundEndpoint', () => {
    expect(forwardedServiceNames('cn-north-1', 'amazonaws.com.cn', ['s3', 'glue'])).toEqual([
      'glue.cn-north-1.amazonaws.com.cn',
    ]);
    const none = networkStack(
      networkConfig(
        { resolverInboundEndpoint: false },
        {
          rolesAnywhere: { caCertificateFile: 'config/certs/example-ca.pem' },
          allowPublicGlueEndpoint: true,
        },
      ),
    );
    expect(resources(none, 'aws_route53_resolver_endpoint')).toEqual({});
    expect(resources(none, 'aws_security_group')[RESOLVER_IDS.securityGroup]).toBeUndefined();
    expect(none.output.resolver_inbound_addresses).toBeUndefined();
  });

  test('no Roles Anywhere endpoint without Roles Anywhere credentials', () => {
    const assumeRole = networkStack(
      networkConfig(
        {},
        {
          credentials: 'assume-role',
          assumeRole: { principals: ['arn:aws:iam::111111111111:role/edge'], externalId: 'x1' },
        },
      ),
    );
    expect(
      resources(assumeRole, 'aws_vpc_endpoint')['rolesanywhere-interface-endpoint'],
    ).toBeUndefined();
    expect(assumeRole.output.resolver_inbound_forwarded_names.value).toEqual([
      'glue.eu-west-1.amazonaws.com',
      'sts.eu-west-1.amazonaws.com',
      'kms.eu-west-1.amazonaws.com',
    ]);
  });
});

describe('network stack: no link to on premises', () => {
  const stack = networkStack(networkConfig({ connectivity: { type: 'none' }, onPremCidrs: [] }));

  test('creates no VPN, attachment or route, and admits HTTPS from the VPC only', () => {
    for (const type of [
      'aws_customer_gateway',
      'aws_vpn_gateway',
      'aws_vpn_connection',
      'aws_ec2_transit_gateway_vpc_attachment',
      'aws_route',
    ]) {
      expect(resources(stack, type)).toEqual({});
    }
    expect(
      Object.values(resources(stack, 'aws_vpc_security_group_ingress_rule')).map(
        (r) => r.cidr_ipv4,
      ),
    ).toEqual(['10.20.0.0/16']);
  });
});

describe('network stack: outbound internet', () => {
  const stack = networkStack(networkConfig({ outboundInternet: true }));

  test('adds an internet gateway and one NAT gateway in a public subnet of the last block', () => {
    expect(onlyResource(stack, 'aws_internet_gateway').vpc_id).toBe('${aws_vpc.vpc.id}');
    expect(onlyResource(stack, 'aws_eip').domain).toBe('vpc');
    expect(onlyResource(stack, 'aws_nat_gateway')).toMatchObject({
      allocation_id: '${aws_eip.nat-eip.allocation_id}',
      subnet_id: '${aws_subnet.public-eu-west-1a.id}',
    });
    expect(resources(stack, 'aws_subnet')['public-eu-west-1a']).toMatchObject({
      cidr_block: '10.20.224.0/19',
      map_public_ip_on_launch: false,
    });
  });

  test('routes 0.0.0.0/0 from private subnets to the NAT gateway and from the public one to the IGW', () => {
    const routes = resources(stack, 'aws_route');
    expect(routes['public-default-route']).toMatchObject({
      route_table_id: '${aws_route_table.public-routes.id}',
      destination_cidr_block: '0.0.0.0/0',
      gateway_id: '${aws_internet_gateway.internet-gateway.id}',
    });
    for (const az of ['eu-west-1a', 'eu-west-1b']) {
      expect(routes[`private-${az}-default-route`]).toMatchObject({
        route_table_id: `\${aws_route_table.private-${az}-routes.id}`,
        destination_cidr_block: '0.0.0.0/0',
        nat_gateway_id: '${aws_nat_gateway.nat-gateway.id}',
      });
    }
  });

  test('keeps the private subnets where they were without it', () => {
    const before = resources(networkStack(networkConfig()), 'aws_subnet');
    const after = resources(stack, 'aws_subnet');
    for (const id of Object.keys(before)) expect(after[id].cidr_block).toBe(before[id].cidr_block);
  });
});

describe('network stack: a host in AWS', () => {
  const config = networkConfig({}, { placement: 'ec2', adminCidrs: ['192.168.10.0/24'] });
  const stack = networkStack(config);

  test('adds SSM, SSM messages, EC2 messages and CloudWatch Logs endpoints, and outputs them', () => {
    const endpoints = resources(stack, 'aws_vpc_endpoint');
    for (const service of ['ssm', 'ssmmessages', 'ec2messages', 'logs']) {
      expect(endpoints[`${service}-interface-endpoint`]).toMatchObject({
        service_name: `com.amazonaws.${REGION}.${service}`,
        private_dns_enabled: true,
        security_group_ids: ['${aws_security_group.endpoint-sg.id}'],
      });
      expect(stack.output[`endpoints_${service}_dns_name`]).toBeDefined();
      expect(stack.output[`endpoints_${service}_id`]).toBeDefined();
    }
  });

  test('lets the gateway endpoint reach the AWS-owned buckets hosts need', () => {
    expect(policyOf(resources(stack, 'aws_vpc_endpoint')['s3-gateway-endpoint'])).toEqual(
      s3EndpointPolicy(CTX, 'gateway', true),
    );
    expect(policyOf(resources(stack, 'aws_vpc_endpoint')['s3-interface-endpoint'])).toEqual(
      s3EndpointPolicy(CTX, 'interface', false),
    );
  });

  test('the remote Glue agent alone is a host in AWS too', () => {
    const agentConfig = networkConfig();
    // Set after validation: which other migrator fields the agent needs is the migrator layer's business.
    (agentConfig.environments[0]!.migrator as { remoteGlueAgent: boolean }).remoteGlueAgent = true;
    expect(Object.keys(resources(networkStack(agentConfig), 'aws_vpc_endpoint'))).toContain(
      'ssm-interface-endpoint',
    );
  });
});

describe('network stack: an existing VPC', () => {
  const stack = networkStack(networkConfig({ ...existingVpcNetwork, endpointPrivateDns: false }));

  test('creates no VPC, subnet, route table, gateway, default security group or link', () => {
    for (const type of [
      'aws_vpc',
      'aws_subnet',
      'aws_route_table',
      'aws_route_table_association',
      'aws_route',
      'aws_default_security_group',
      'aws_internet_gateway',
      'aws_nat_gateway',
      'aws_customer_gateway',
      'aws_vpn_gateway',
      'aws_vpn_connection',
      'aws_vpn_gateway_route_propagation',
      'aws_ec2_transit_gateway_vpc_attachment',
    ]) {
      expect(resources(stack, type)).toEqual({});
    }
  });

  test('adds interface endpoints in its subnets, with private DNS off as configured', () => {
    const endpoints = resources(stack, 'aws_vpc_endpoint');
    for (const service of ['s3', 'glue', 'sts', 'kms']) {
      expect(endpoints[`${service}-interface-endpoint`]).toMatchObject({
        vpc_id: EXISTING_VPC.vpcId,
        subnet_ids: EXISTING_VPC.subnetIds,
        private_dns_enabled: false,
      });
    }
  });

  test('admits HTTPS from its CIDR and on premises, and logs its traffic', () => {
    expect(
      Object.values(resources(stack, 'aws_vpc_security_group_ingress_rule'))
        .filter((r) => r.from_port === 443)
        .map((r) => r.cidr_ipv4)
        .sort(),
    ).toEqual(['10.40.0.0/16', '192.168.0.0/16']);
    expect(resources(stack, 'aws_security_group')['endpoint-sg'].vpc_id).toBe(EXISTING_VPC.vpcId);
    expect(onlyResource(stack, 'aws_flow_log').vpc_id).toBe(EXISTING_VPC.vpcId);
  });

  test('leaves its route tables alone: no S3 gateway endpoint unless asked for', () => {
    expect(resources(stack, 'aws_vpc_endpoint')['s3-gateway-endpoint']).toBeUndefined();
    expect(stack.output.s3_gateway_endpoint_id).toBeUndefined();
    expect(stack.output.s3_prefix_list_id).toBeUndefined();
  });

  test('with s3GatewayEndpoint, adds one to its route tables that every workload there can use', () => {
    const withGateway = networkStack(
      networkConfig({
        ...existingVpcNetwork,
        existingVpc: { ...EXISTING_VPC, s3GatewayEndpoint: true },
      }),
    );
    const gateway = resources(withGateway, 'aws_vpc_endpoint')['s3-gateway-endpoint'];
    expect(gateway).toMatchObject({
      vpc_id: EXISTING_VPC.vpcId,
      route_table_ids: EXISTING_VPC.routeTableIds,
      vpc_endpoint_type: 'Gateway',
    });
    expect(policyOf(gateway)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'EveryWorkloadOfTheVpc',
          Effect: 'Allow',
          Principal: '*',
          Action: '*',
          Resource: '*',
        },
      ],
    });
    expect(withGateway.output.s3_gateway_endpoint_id.value).toBe(
      '${aws_vpc_endpoint.s3-gateway-endpoint.id}',
    );
  });

  test('outputs the VPC as given', () => {
    expect(stack.output.vpc_id.value).toBe(EXISTING_VPC.vpcId);
    expect(stack.output.vpc_cidr.value).toBe(EXISTING_VPC.cidr);
    expect(stack.output.private_subnet_ids.value).toEqual(EXISTING_VPC.subnetIds);
    expect(stack.output.route_table_ids.value).toEqual(EXISTING_VPC.routeTableIds);
  });
});

describe('network stack: wiring', () => {
  /** Every string in a synthesized stack. */
  const strings = (node: unknown): string[] =>
    typeof node === 'string'
      ? [node]
      : node !== null && typeof node === 'object'
        ? Object.values(node).flatMap(strings)
        : [];

  test('the next stacks read the endpoint DNS names from the network stack, without *.', () => {
    const out = synth(networkConfig());
    const downstream = Object.entries(out.stacks)
      .filter(([id]) => id !== 'sandbox-network')
      .flatMap(([, stack]) => strings(stack));
    const output = 'cross-stack-output-aws_vpc_endpointglue-interface-endpointdns_entry0dns_name';
    expect(out.stacks['sandbox-network'].output[output].value).toBe(
      '${aws_vpc_endpoint.glue-interface-endpoint.dns_entry[0].dns_name}',
    );
    expect(downstream).toContainEqual(
      expect.stringContaining(
        `trimprefix(data.terraform_remote_state.cross-stack-reference-input-sandbox-network.outputs.${output}, "*.")`,
      ),
    );
  });
});

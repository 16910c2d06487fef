/**
 * `<env>-network`: the VPC LDM reaches from on premises, privately, with nothing left open.
 *
 * A new VPC (private subnets only, unless `outboundInternet`) or an existing one, which is used as
 * it is; the link to on premises (Site-to-Site VPN with BGP, or a Transit Gateway attachment);
 * PrivateLink endpoints for S3, Glue, STS and KMS (Roles Anywhere with its credentials, SSM and
 * CloudWatch Logs when a host runs in AWS) behind a security group that admits HTTPS from the VPC
 * and on premises only; optionally a Route 53 Resolver inbound endpoint that answers on-premises
 * DNS servers with the endpoints' private addresses; flow logs.
 * The subnet plan, VPN settings, endpoints and policies come from the plain modules beside this
 * file; this file only composes resources.
 */
import type { Construct } from 'constructs';
import { Fn, Token } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CustomerGateway } from '@cdktf/provider-aws/lib/customer-gateway';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Ec2TransitGatewayVpcAttachment } from '@cdktf/provider-aws/lib/ec2-transit-gateway-vpc-attachment';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Route53ResolverEndpoint } from '@cdktf/provider-aws/lib/route53-resolver-endpoint';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpnConnection } from '@cdktf/provider-aws/lib/vpn-connection';
import { VpnGateway } from '@cdktf/provider-aws/lib/vpn-gateway';
import { VpnGatewayRoutePropagation } from '@cdktf/provider-aws/lib/vpn-gateway-route-propagation';
import { BaseStack, type LayerStackProps } from '../../lib/constructs/base-stack';
import { allowInbound, type Peer, Peers } from '../../lib/constructs/security-group-rules';
import { cidrSlug } from '../../lib/core/cidr';
import type { Connectivity } from './config';
import { Fail } from '../../lib/core/errors';
import {
  endpointServiceName,
  forwardedServiceNames,
  type InterfaceService,
  privateDnsFor,
  REGIONAL_DNS_NAME_PATTERN,
} from './endpoints';
import {
  flowLogTrustPolicy,
  flowLogWritePolicy,
  interfaceEndpointPolicy,
  type PolicyContext,
  s3EndpointPolicy,
  sharedGatewayEndpointPolicy,
} from './policies';
import { subnetPlan } from './subnets';
import { MAX_TWO_BYTE_RANGE_ASN, STRONG_TUNNEL_CRYPTO } from './vpn';
import type { PolicyDocument } from '../../lib/core/iam';
import { type InterfaceEndpointOutput, type NetworkOutputs, networkOutputs } from './outputs';
import { Ports } from '../../lib/core/ports';
import { dnsSuffixOf } from '../../lib/core/regions';

export type NetworkStackProps = LayerStackProps;

/** Construct ids of the resolver endpoint and its group: a contract, pinned by tests. */
export const RESOLVER_IDS = {
  endpoint: 'dns-resolver-inbound-endpoint',
  securityGroup: 'dns-resolver-sg',
} as const;

/** Route 53 Resolver takes at most six addresses (one per subnet) on an endpoint. */
const RESOLVER_MAX_ADDRESSES = 6;

/** The private side of the VPC, new or existing: what endpoints and routes attach to. */
interface PrivateNetwork {
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly subnetIds: string[];
  /** Route tables by zone (a new VPC) or by position (an existing one), for construct ids. */
  readonly routeTables: { readonly key: string; readonly id: string }[];
}

export class NetworkStack extends BaseStack {
  readonly outputs: NetworkOutputs;

  constructor(scope: Construct, props: NetworkStackProps) {
    super(scope, 'network', props);
    const net = this.environment.network;
    const hostInAws = this.context.hosts.anyInAws;

    const network = net.existingVpc
      ? {
          vpcId: net.existingVpc.vpcId,
          vpcCidr: net.existingVpc.cidr,
          subnetIds: net.existingVpc.subnetIds,
          routeTables: net.existingVpc.routeTableIds.map((id, i) => ({ key: String(i), id })),
        }
      : this.newVpc(net.vpcCidr!, net.availabilityZones, net.outboundInternet);

    const link = this.connect(network, net.connectivity, net.onPremCidrs);
    this.flowLogs(network.vpcId, net.flowLogRetentionDays);

    const endpointSgId = this.endpointSecurityGroup(network.vpcId, [
      ...Peers.cidrs([network.vpcCidr], `the VPC ${network.vpcCidr}`),
      ...net.onPremCidrs.flatMap((cidr) => Peers.cidrs([cidr], `on premises ${cidr}`)),
    ]);
    const policyContext: PolicyContext = {
      ...this.context.aws,
      targetBucket: this.names.targetBucket,
      logBucket: this.names.logBucket,
      catalogId: this.environment.catalog.catalogId,
    };
    // A new VPC's route tables are the environment's own: its gateway endpoint is a perimeter. An
    // existing VPC's are shared with other workloads: a gateway endpoint only when asked for, and
    // then one that lets every workload keep reaching every bucket.
    const gatewayPolicy = net.existingVpc
      ? net.existingVpc.s3GatewayEndpoint
        ? sharedGatewayEndpointPolicy()
        : undefined
      : s3EndpointPolicy(policyContext, 'gateway', hostInAws);
    const gateway =
      gatewayPolicy &&
      new VpcEndpoint(this, 's3-gateway-endpoint', {
        vpcId: network.vpcId,
        serviceName: endpointServiceName(this.environment.region, 's3'),
        vpcEndpointType: 'Gateway',
        routeTableIds: network.routeTables.map((t) => t.id),
        policy: JSON.stringify(gatewayPolicy),
        tags: { Name: `${this.names.prefix}-s3-gateway` },
      });
    const endpoint = (service: InterfaceService) =>
      this.interfaceEndpoint(service, network, endpointSgId, {
        policy: interfaceEndpointPolicy(service, policyContext, hostInAws),
        privateDns: privateDnsFor(service, net.endpointPrivateDns),
      });

    const rolesAnywhere = this.environment.migrator.credentials === 'roles-anywhere';
    const endpoints = {
      s3: endpoint('s3'),
      glue: endpoint('glue'),
      sts: endpoint('sts'),
      kms: endpoint('kms'),
      // The signing helper's CreateSession, from on premises without the internet.
      ...(rolesAnywhere ? { rolesanywhere: endpoint('rolesanywhere') } : {}),
      // Session Manager (no SSH, no bastion) and the hosts' logs, only for hosts in AWS.
      ...(hostInAws
        ? {
            ssm: endpoint('ssm'),
            ssmmessages: endpoint('ssmmessages'),
            ec2messages: endpoint('ec2messages'),
            logs: endpoint('logs'),
          }
        : {}),
    };

    const resolverInbound = net.resolverInboundEndpoint
      ? this.resolverInboundEndpoint(network, net.onPremCidrs, [
          'glue',
          'sts',
          'kms',
          ...(rolesAnywhere ? (['rolesanywhere'] as const) : []),
        ])
      : undefined;

    this.outputs = this.publish(networkOutputs, {
      vpcId: network.vpcId,
      vpcCidr: network.vpcCidr,
      privateSubnetIds: network.subnetIds,
      routeTableIds: network.routeTables.map((t) => t.id),
      endpointSecurityGroupId: endpointSgId,
      endpoints,
      s3GatewayEndpointId: gateway?.id,
      s3PrefixListId: gateway?.prefixListId,
      resolverInbound,
      vpnConnectionId: link.vpnConnectionId,
      transitGatewayAttachmentId: link.transitGatewayAttachmentId,
    });
  }

  /**
   * The interface endpoints' security group: HTTPS from `sources` (the VPC and on premises), one
   * described rule each, nothing else in and nothing out (endpoints only answer).
   */
  private endpointSecurityGroup(vpcId: string, sources: readonly Peer[]): string {
    const sg = new SecurityGroup(this, 'endpoint-sg', {
      name: this.names.endpointSecurityGroup,
      description: 'VPC interface endpoints: HTTPS from the VPC and on premises only',
      vpcId,
      tags: { Name: this.names.endpointSecurityGroup },
    });
    const group = {
      id: sg.id,
      key: 'endpoints',
      directionInIds: false,
      nameTagPrefix: this.names.prefix,
    };
    allowInbound(this, group, Ports.HTTPS, sources);
    return sg.id;
  }

  /**
   * A Route 53 Resolver inbound endpoint with an address in each private subnet (at most six), behind
   * a security group of its own that admits DNS (53 over UDP and TCP) from `onPremCidrs` and nothing
   * else. On-premises DNS servers forward the service names to it; it answers from the VPC's view,
   * where the interface endpoints' private DNS names point at their private addresses.
   */
  private resolverInboundEndpoint(
    network: PrivateNetwork,
    onPremCidrs: readonly string[],
    services: readonly InterfaceService[],
  ): NetworkOutputs['resolverInbound'] {
    const sg = new SecurityGroup(this, RESOLVER_IDS.securityGroup, {
      name: this.names.resolverSecurityGroup,
      description: 'Route 53 Resolver inbound endpoint: DNS from on premises only',
      vpcId: network.vpcId,
      tags: { Name: this.names.resolverSecurityGroup },
    });
    const group = { id: sg.id, key: 'resolver', nameTagPrefix: this.names.prefix };
    const onPrem = onPremCidrs.flatMap((cidr) => Peers.cidrs([cidr], `on premises ${cidr}`));
    allowInbound(this, group, Ports.DNS_UDP, onPrem);
    allowInbound(this, group, Ports.DNS_TCP, onPrem);
    const endpoint = new Route53ResolverEndpoint(this, RESOLVER_IDS.endpoint, {
      name: this.names.resolverEndpoint,
      direction: 'INBOUND',
      securityGroupIds: [sg.id],
      ipAddress: network.subnetIds
        .slice(0, RESOLVER_MAX_ADDRESSES)
        .map((subnetId) => ({ subnetId })),
      tags: { Name: this.names.resolverEndpoint },
    });
    const { region } = this.environment;
    return {
      addresses: Token.asList(`\${[for address in ${endpoint.fqn}.ip_address : address.ip]}`),
      forwardedNames: forwardedServiceNames(region, dnsSuffixOf(region), services),
    };
  }

  /**
   * An interface endpoint in every private subnet, and its id and endpoint-specific regional DNS
   * name (the first DNS entry, checked after apply; S3's starts with `*.`, which LDM does not want).
   */
  private interfaceEndpoint(
    service: InterfaceService,
    network: PrivateNetwork,
    securityGroupId: string,
    options: { readonly policy: PolicyDocument | undefined; readonly privateDns: boolean },
  ): InterfaceEndpointOutput {
    const endpoint = new VpcEndpoint(this, `${service}-interface-endpoint`, {
      vpcId: network.vpcId,
      serviceName: endpointServiceName(this.environment.region, service),
      vpcEndpointType: 'Interface',
      subnetIds: network.subnetIds,
      securityGroupIds: [securityGroupId],
      privateDnsEnabled: options.privateDns,
      policy: options.policy && JSON.stringify(options.policy),
      tags: { Name: `${this.names.prefix}-${service}` },
      lifecycle: {
        postcondition: [
          {
            condition: `\${can(regex(${JSON.stringify(REGIONAL_DNS_NAME_PATTERN)}, self.dns_entry[0].dns_name))}`,
            errorMessage: Fail.endpointDnsNotRegional(service),
          },
        ],
      },
    });
    return { id: endpoint.id, dnsName: Fn.trimprefix(endpoint.dnsEntry.get(0).dnsName, '*.') };
  }

  /**
   * A VPC with DNS on, one private subnet and route table per zone (CIDRs from the subnet plan),
   * the default security group stripped of its rules and, only with outbound internet, an
   * internet gateway and one NAT gateway.
   */
  private newVpc(
    vpcCidr: string,
    availabilityZones: readonly string[],
    outboundInternet: boolean,
  ): PrivateNetwork {
    const { region } = this.environment;
    const plan = subnetPlan(vpcCidr, region, availabilityZones, outboundInternet);
    const vpc = new Vpc(this, 'vpc', {
      cidrBlock: vpcCidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: this.names.prefix },
    });
    // Managed with no rules: nothing that lands in it by accident can talk to anything.
    new DefaultSecurityGroup(this, 'default-security-group', {
      vpcId: vpc.id,
      ingress: [],
      egress: [],
      tags: { Name: `${this.names.prefix}-default-no-rules` },
    });

    const privateSubnets = plan.private.map(({ az, cidr }) => {
      const subnet = new Subnet(this, `private-${az}`, {
        vpcId: vpc.id,
        availabilityZone: az,
        cidrBlock: cidr,
        mapPublicIpOnLaunch: false,
        tags: { Name: `${this.names.prefix}-private-${az}` },
      });
      const table = new RouteTable(this, `private-${az}-routes`, {
        vpcId: vpc.id,
        tags: { Name: `${this.names.prefix}-private-${az}` },
      });
      new RouteTableAssociation(this, `private-${az}-routes-association`, {
        subnetId: subnet.id,
        routeTableId: table.id,
      });
      return { az, subnet, table };
    });

    if (plan.public) {
      const { az, cidr } = plan.public;
      const igw = new InternetGateway(this, 'internet-gateway', {
        vpcId: vpc.id,
        tags: { Name: this.names.prefix },
      });
      const subnet = new Subnet(this, `public-${az}`, {
        vpcId: vpc.id,
        availabilityZone: az,
        cidrBlock: cidr,
        // Only the NAT gateway lives here, with its own Elastic IP.
        mapPublicIpOnLaunch: false,
        tags: { Name: `${this.names.prefix}-public-${az}` },
      });
      const table = new RouteTable(this, 'public-routes', {
        vpcId: vpc.id,
        tags: { Name: `${this.names.prefix}-public` },
      });
      new Route(this, 'public-default-route', {
        routeTableId: table.id,
        destinationCidrBlock: '0.0.0.0/0',
        gatewayId: igw.id,
      });
      new RouteTableAssociation(this, 'public-routes-association', {
        subnetId: subnet.id,
        routeTableId: table.id,
      });
      const eip = new Eip(this, 'nat-eip', {
        domain: 'vpc',
        tags: { Name: `${this.names.prefix}-nat` },
        dependsOn: [igw],
      });
      const nat = new NatGateway(this, 'nat-gateway', {
        allocationId: eip.allocationId,
        subnetId: subnet.id,
        tags: { Name: `${this.names.prefix}-nat` },
        dependsOn: [igw],
      });
      for (const { az: privateAz, table: privateTable } of privateSubnets) {
        new Route(this, `private-${privateAz}-default-route`, {
          routeTableId: privateTable.id,
          destinationCidrBlock: '0.0.0.0/0',
          natGatewayId: nat.id,
        });
      }
    }

    return {
      vpcId: vpc.id,
      vpcCidr,
      subnetIds: privateSubnets.map((s) => s.subnet.id),
      routeTables: privateSubnets.map((s) => ({ key: s.az, id: s.table.id })),
    };
  }

  /** The link to on premises: a VPN with BGP, a Transit Gateway attachment, or nothing. */
  private connect(
    network: PrivateNetwork,
    connectivity: Connectivity,
    onPremCidrs: readonly string[],
  ): { vpnConnectionId?: string; transitGatewayAttachmentId?: string } {
    if (connectivity.type === 'vpn') {
      const asn = String(connectivity.bgpAsn);
      const customerGateway = new CustomerGateway(this, 'customer-gateway', {
        type: 'ipsec.1',
        ipAddress: connectivity.customerGatewayIp,
        ...(connectivity.bgpAsn > MAX_TWO_BYTE_RANGE_ASN
          ? { bgpAsnExtended: asn }
          : { bgpAsn: asn }),
        tags: { Name: `${this.names.prefix}-on-premises` },
      });
      const vpnGateway = new VpnGateway(this, 'vpn-gateway', {
        vpcId: network.vpcId,
        amazonSideAsn: String(connectivity.amazonSideAsn),
        tags: { Name: this.names.prefix },
      });
      const crypto = connectivity.legacyTunnelCrypto ? undefined : STRONG_TUNNEL_CRYPTO;
      const tunnel = (n: 1 | 2) =>
        crypto
          ? {
              [`tunnel${n}IkeVersions`]: [...crypto.ikeVersions],
              [`tunnel${n}Phase1EncryptionAlgorithms`]: [...crypto.phase1EncryptionAlgorithms],
              [`tunnel${n}Phase2EncryptionAlgorithms`]: [...crypto.phase2EncryptionAlgorithms],
              [`tunnel${n}Phase1IntegrityAlgorithms`]: [...crypto.phase1IntegrityAlgorithms],
              [`tunnel${n}Phase2IntegrityAlgorithms`]: [...crypto.phase2IntegrityAlgorithms],
              [`tunnel${n}Phase1DhGroupNumbers`]: [...crypto.phase1DhGroupNumbers],
              [`tunnel${n}Phase2DhGroupNumbers`]: [...crypto.phase2DhGroupNumbers],
            }
          : {};
      const vpn = new VpnConnection(this, 'vpn-connection', {
        type: 'ipsec.1',
        customerGatewayId: customerGateway.id,
        vpnGatewayId: vpnGateway.id,
        // Routes are learned over BGP and propagated into the route tables, never static.
        staticRoutesOnly: false,
        ...tunnel(1),
        ...tunnel(2),
        tags: { Name: this.names.prefix },
      });
      for (const table of network.routeTables) {
        new VpnGatewayRoutePropagation(this, `private-${table.key}-vpn-propagation`, {
          vpnGatewayId: vpnGateway.id,
          routeTableId: table.id,
        });
      }
      return { vpnConnectionId: vpn.id };
    }

    if (connectivity.type === 'transit-gateway') {
      const attachment = new Ec2TransitGatewayVpcAttachment(this, 'transit-gateway-attachment', {
        transitGatewayId: connectivity.transitGatewayId,
        vpcId: network.vpcId,
        subnetIds: network.subnetIds,
        dnsSupport: 'enable',
        tags: { Name: this.names.prefix },
      });
      for (const table of network.routeTables) {
        for (const cidr of onPremCidrs) {
          new Route(this, `private-${table.key}-to-${cidrSlug(cidr)}`, {
            routeTableId: table.id,
            destinationCidrBlock: cidr,
            transitGatewayId: connectivity.transitGatewayId,
            // The Transit Gateway takes routes only once the VPC is attached.
            dependsOn: [attachment],
          });
        }
      }
      return { transitGatewayAttachmentId: attachment.id };
    }

    return {};
  }

  /**
   * Flow logs of all traffic to a CloudWatch log group. The group keeps CloudWatch's default
   * encryption: the environment's KMS key belongs to the security stack, which comes later.
   */
  private flowLogs(vpcId: string, retentionDays: number): void {
    const ctx = this.context.aws;
    const group = new CloudwatchLogGroup(this, 'flow-log-group', {
      name: this.names.flowLogGroup,
      retentionInDays: retentionDays,
    });
    const role = new IamRole(this, 'flow-log-role', {
      name: this.names.flowLogRole,
      description: `${this.names.prefix}: VPC flow logs write to ${this.names.flowLogGroup}`,
      assumeRolePolicy: JSON.stringify(flowLogTrustPolicy(ctx)),
    });
    const write = new IamRolePolicy(this, 'flow-log-role-policy', {
      name: 'write-flow-log-group',
      role: role.id,
      policy: JSON.stringify(flowLogWritePolicy(ctx, this.names.flowLogGroup)),
    });
    new FlowLog(this, 'flow-log', {
      vpcId,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: group.arn,
      iamRoleArn: role.arn,
      tags: { Name: this.names.prefix },
      // The service checks the role when the flow log is created: give it its permissions first.
      dependsOn: [write],
    });
  }
}

/** `<env>-network`: the VPC, private subnets and the PrivateLink endpoints LDM uses. */
import type { Construct } from 'constructs';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { Fn } from 'cdktf';
import { BaseStack, type LayerStackProps } from './base';
import type { InterfaceEndpointOutput, NetworkOutputs } from '../lib/outputs';
import { parseCidr, subnetCidr } from '../lib/cidr';
import { Ports } from '../lib/ports';

export type NetworkStackProps = LayerStackProps;

export class NetworkStack extends BaseStack {
  readonly outputs: NetworkOutputs;

  constructor(scope: Construct, props: NetworkStackProps) {
    super(scope, 'network', props);
    const net = this.environment.network;
    const region = this.environment.region;

    let vpcId: string;
    let vpcCidr: string;
    let subnetIds: string[];
    let routeTableIds: string[];
    if (net.existingVpc) {
      vpcId = net.existingVpc.vpcId;
      vpcCidr = net.existingVpc.cidr;
      subnetIds = net.existingVpc.subnetIds;
      routeTableIds = net.existingVpc.routeTableIds;
    } else {
      const cidr = parseCidr(net.vpcCidr ?? '')!;
      const vpc = new Vpc(this, 'vpc', {
        cidrBlock: cidr.text,
        enableDnsSupport: true,
        enableDnsHostnames: true,
        tags: { Name: this.names.prefix },
      });
      vpcId = vpc.id;
      vpcCidr = cidr.text;
      const subnetPrefix = Math.min(cidr.prefixLength + 4, 28);
      const subnets = net.availabilityZones.map((az, i) => {
        const subnet = new Subnet(this, `private-${az}`, {
          vpcId: vpc.id,
          availabilityZone: az,
          cidrBlock: subnetCidr(cidr, subnetPrefix, i),
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
        return { subnet, table };
      });
      subnetIds = subnets.map((s) => s.subnet.id);
      routeTableIds = subnets.map((s) => s.table.id);
    }

    const endpointSg = new SecurityGroup(this, 'endpoint-sg', {
      name: this.names.endpointSecurityGroup,
      description: 'VPC interface endpoints: HTTPS from the VPC and on premises',
      vpcId,
      ingress: [
        {
          description: Ports.HTTPS.description,
          protocol: Ports.HTTPS.protocol,
          fromPort: Ports.HTTPS.port,
          toPort: Ports.HTTPS.port,
          cidrBlocks: [vpcCidr, ...net.onPremCidrs],
        },
      ],
    });

    const gateway = new VpcEndpoint(this, 's3-gateway-endpoint', {
      vpcId,
      serviceName: `com.amazonaws.${region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds,
    });

    const iface = (service: 's3' | 'glue' | 'sts' | 'kms'): InterfaceEndpointOutput => {
      const endpoint = new VpcEndpoint(this, `${service}-interface-endpoint`, {
        vpcId,
        serviceName: `com.amazonaws.${region}.${service}`,
        vpcEndpointType: 'Interface',
        subnetIds,
        securityGroupIds: [endpointSg.id],
        // The S3 interface endpoint cannot take private DNS without the gateway endpoint's
        // companion setting; hosts use the endpoint-specific names anyway.
        privateDnsEnabled: service !== 's3',
      });
      return { id: endpoint.id, dnsName: Fn.replace(endpoint.dnsEntry.get(0).dnsName, '*.', '') };
    };

    this.outputs = this.publish({
      vpcId,
      vpcCidr,
      privateSubnetIds: subnetIds,
      routeTableIds,
      endpointSecurityGroupId: endpointSg.id,
      endpoints: { s3: iface('s3'), glue: iface('glue'), sts: iface('sts'), kms: iface('kms') },
      s3GatewayEndpointId: gateway.id,
      s3PrefixListId: gateway.prefixListId,
    });
  }
}

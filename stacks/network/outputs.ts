/**
 * What the network layer hands to the others, declared once: the TypeScript type, the Terraform
 * outputs the stack publishes (`endpoints.s3.dnsName` becomes `endpoints_s3_dns_name`) and the
 * check `npm run host-config` applies to `terraform output -json` all come from this schema.
 */
import { z } from 'zod';

/** An interface VPC endpoint and its endpoint-specific DNS name (resolvable from anywhere). */
export const interfaceEndpointOutput = z.strictObject({
  id: z.string(),
  dnsName: z.string().meta({
    description: '`vpce-…-….<service>.<region>.vpce.amazonaws.com`, without a leading `*.`',
  }),
});
export type InterfaceEndpointOutput = z.infer<typeof interfaceEndpointOutput>;

export const networkOutputs = z.strictObject({
  vpcId: z.string(),
  vpcCidr: z.string(),
  privateSubnetIds: z.array(z.string()),
  routeTableIds: z.array(z.string()),
  endpointSecurityGroupId: z.string(),
  endpoints: z
    .strictObject({
      s3: interfaceEndpointOutput,
      glue: interfaceEndpointOutput,
      sts: interfaceEndpointOutput,
      kms: interfaceEndpointOutput,
      rolesanywhere: interfaceEndpointOutput
        .optional()
        .meta({ description: 'With `credentials: roles-anywhere`: the signing helper calls it.' }),
      ssm: interfaceEndpointOutput.optional(),
      ssmmessages: interfaceEndpointOutput.optional(),
      ec2messages: interfaceEndpointOutput.optional(),
      logs: interfaceEndpointOutput.optional(),
    })
    .meta({
      description: 'Interface endpoints; the SSM and logs ones only when a host runs in AWS.',
    }),
  s3GatewayEndpointId: z.string().optional().meta({
    description:
      'The S3 gateway endpoint on the private route tables (hosts in the VPC); in an existing VPC only with `existingVpc.s3GatewayEndpoint`.',
  }),
  s3PrefixListId: z.string().optional().meta({
    description:
      "The gateway endpoint's prefix list (`pl-…`), for egress rules to S3; only with the gateway endpoint.",
  }),
  resolverInbound: z
    .strictObject({
      addresses: z.array(z.string()).meta({
        description:
          "The inbound endpoint's IPv4 addresses: the targets of your DNS servers' conditional forwarders.",
      }),
      forwardedNames: z.array(z.string()).meta({
        description:
          'The names to forward to them: `glue.<region>.amazonaws.com` and the other services LDM calls by name from on premises.',
      }),
    })
    .optional()
    .meta({
      description: 'With `resolverInboundEndpoint`: the Route 53 Resolver inbound endpoint.',
    }),
  vpnConnectionId: z
    .string()
    .optional()
    .meta({ description: 'With `connectivity.type: vpn`: whose configuration on premises needs.' }),
  transitGatewayAttachmentId: z.string().optional().meta({
    description: 'With `connectivity.type: transit-gateway` (the TGW owner may have to accept it).',
  }),
});
export type NetworkOutputs = z.infer<typeof networkOutputs>;

/**
 * What each layer hands to the next, as plain types. Producing stacks expose `readonly outputs`
 * of these shapes; consuming stacks take them in their props; the host-config renderer and the
 * plan tooling read them. Values that AWS generates are cross-stack references (tokens at synth
 * time); names the naming function computes are plain strings.
 */

/** An interface VPC endpoint and its endpoint-specific DNS name (resolvable from anywhere). */
export interface InterfaceEndpointOutput {
  readonly id: string;
  /** `vpce-…-….<service>.<region>.vpce.amazonaws.com`, without a leading `*.`. */
  readonly dnsName: string;
}

export interface NetworkOutputs {
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly privateSubnetIds: string[];
  readonly routeTableIds: string[];
  readonly endpointSecurityGroupId: string;
  /** Interface endpoints. SSM ones exist only when a host runs in AWS. */
  readonly endpoints: {
    readonly s3: InterfaceEndpointOutput;
    readonly glue: InterfaceEndpointOutput;
    readonly sts: InterfaceEndpointOutput;
    readonly kms: InterfaceEndpointOutput;
    /** Only when a host runs in AWS (`placement: ec2` or `remoteGlueAgent: true`). */
    readonly ssm?: InterfaceEndpointOutput;
    readonly ssmmessages?: InterfaceEndpointOutput;
    readonly ec2messages?: InterfaceEndpointOutput;
    readonly logs?: InterfaceEndpointOutput;
  };
  /** The S3 gateway endpoint on the private route tables (for hosts inside the VPC). */
  readonly s3GatewayEndpointId: string;
  /** The S3 gateway endpoint's prefix list (`pl-…`), for security group egress to S3. */
  readonly s3PrefixListId: string;
  /** Only with `connectivity.type: vpn`: the connection whose device configuration on premises needs. */
  readonly vpnConnectionId?: string;
  /** Only with `connectivity.type: transit-gateway` (the TGW owner may have to accept it). */
  readonly transitGatewayAttachmentId?: string;
}

export interface SecurityOutputs {
  readonly kmsKeyArn: string;
  readonly kmsAliasName: string;
  readonly migratorRoleArn: string;
  readonly migratorRoleName: string;
  /** Only with `credentials: instance-profile`. */
  readonly instanceProfileName?: string;
  /** Only with `placement: ec2`. */
  readonly migratorSecurityGroupId?: string;
  /** Only with `remoteGlueAgent: true`. */
  readonly glueAgentSecurityGroupId?: string;
  /** Only with `credentials: roles-anywhere`. */
  readonly rolesAnywhere?: { readonly trustAnchorArn: string; readonly profileArn: string };
}

export interface StorageOutputs {
  /** The S3 target bucket (`storage.bucketName` or the generated name). */
  readonly bucketName: string;
  readonly bucketArn: string;
  /** The bucket that receives the target bucket's server access logs. */
  readonly logBucketName: string;
  readonly logBucketArn: string;
  /** Only with `storage.s3Source: true`: the queue of the bucket's object events LDM reads. */
  readonly s3SourceQueue?: { readonly url: string; readonly arn: string };
}

export interface CatalogOutputs {
  /** The account id of the Glue Data Catalog HiveMigrator writes into (`--glue-catalog-id`). */
  readonly catalogId: string;
  readonly databaseNames: string[];
  /** In the order of `databaseNames`; computed, so they exist before the databases do. */
  readonly databaseArns: string[];
  /** `s3://…` location of each database, in the order of `databaseNames`. */
  readonly databaseLocationUris: string[];
  /** Key prefix of the default database locations in the target bucket (for path mappings). */
  readonly warehousePrefix: string;
  /** The Glue interface endpoint's endpoint-specific DNS name, for `--glue-endpoint`. */
  readonly glueEndpointDnsName: string;
}

/** An EC2 host the migrator stack launched. */
export interface HostOutput {
  readonly instanceId: string;
  readonly privateIp: string;
}

export interface MigratorOutputs {
  /** SSM parameter holding the rendered host configuration (JSON, see docs/host-configuration.md). */
  readonly configParameterName: string;
  /** SSM parameter holding the LDM CLI script (`livedata-migrator --script=<file>`). */
  readonly scriptParameterName: string;
  /** Only when the stack launches the EC2 migrator host. */
  readonly migratorHost?: HostOutput;
  /** Only when the stack launches the remote Glue agent host: LDM connects to its private IP. */
  readonly glueAgentHost?: HostOutput;
}

/**
 * Every layer publishes its typed outputs as plain, explicitly named Terraform outputs (besides the
 * `cross-stack-output-…` ones cdktf generates for references, which are sensitive and unstably
 * named), so `terraform output -json` of a stack gives the host-config renderer what it needs.
 * `endpoints.s3.dnsName` becomes `endpoints_s3_dns_name`; absent optional values are skipped.
 */
export function outputName(path: readonly string[]): string {
  return path.map((p) => p.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)).join('_');
}

/** `[name, value]` for every leaf of an outputs object; arrays are leaves (list outputs). */
export function flattenOutputs(outputs: object, path: string[] = []): [string, unknown][] {
  return Object.entries(outputs).flatMap(([key, value]): [string, unknown][] => {
    if (value === undefined) return [];
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return flattenOutputs(value as object, [...path, key]);
    }
    return [[outputName([...path, key]), value]];
  });
}

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
  };
  /** The S3 gateway endpoint on the private route tables (for hosts inside the VPC). */
  readonly s3GatewayEndpointId: string;
  /** The S3 gateway endpoint's prefix list (`pl-…`), for security group egress to S3. */
  readonly s3PrefixListId: string;
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
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly logBucketName: string;
}

export interface CatalogOutputs {
  /** The account id of the Glue Data Catalog HiveMigrator writes into. */
  readonly catalogId: string;
  readonly databaseNames: string[];
  readonly databaseArns: string[];
  /** The Glue interface endpoint's endpoint-specific DNS name, for `--glue-endpoint`. */
  readonly glueEndpointDnsName: string;
}

export interface MigratorOutputs {
  /** SSM parameter holding the rendered host configuration (JSON). */
  readonly configParameterName: string;
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

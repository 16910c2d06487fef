/** The VPC endpoints an environment gets: services, their names, and their private DNS. */

/**
 * Services with an interface endpoint: `s3`, `glue`, `sts`, `kms` in every environment (an
 * on-premises LDM reaches AWS through them), `rolesanywhere` with `credentials: roles-anywhere`
 * (the signing helper's CreateSession call), and `ssm`, `ssmmessages`, `ec2messages`, `logs` when
 * a host runs in AWS (Session Manager instead of SSH or a bastion, and the hosts' logs).
 */
export type InterfaceService =
  's3' | 'glue' | 'sts' | 'kms' | 'rolesanywhere' | 'ssm' | 'ssmmessages' | 'ec2messages' | 'logs';

/** `com.amazonaws.<region>.<service>` */
export function endpointServiceName(region: string, service: InterfaceService): string {
  return `com.amazonaws.${region}.${service}`;
}

/**
 * Whether an interface endpoint gets a private hosted zone for the service's public name. Never
 * for S3: its interface endpoint is for on premises, which uses the endpoint-specific name LDM's
 * documentation shows for `--endpoint`; hosts in the VPC reach S3 through the gateway endpoint.
 * The others' private zones answer in the VPC, and on premises through the Route 53 Resolver
 * inbound endpoint (`resolverInboundEndpoint`) that on-premises DNS forwards the names to.
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

/**
 * The service names on-premises DNS forwards to the Route 53 Resolver inbound endpoint, so that
 * they resolve to the interface endpoints' private addresses: the ones clients on premises call
 * by their regional name (HiveMigrator's Glue client must: it signs for the region in the name).
 */
export function forwardedServiceNames(
  region: string,
  dnsSuffix: string,
  services: readonly InterfaceService[],
): string[] {
  return services
    .filter((service) => privateDnsFor(service, true))
    .map((service) => `${service}.${region}.${dnsSuffix}`);
}

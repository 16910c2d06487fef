/**
 * The one error catalogue. Everything a user can get wrong ends in a `UserError` whose lines say
 * what is wrong, the value received, and the fix; the CLI edges print those lines and exit 1,
 * never a stack trace. Validation rules phrase their expectations here, so the wording of every
 * message can be read (and reviewed) in one place.
 */

/** An error caused by input: config, flags, files. Printed as its `problems`, one per line. */
export class UserError extends Error {
  constructor(
    readonly problems: readonly string[],
    readonly title = 'Invalid input',
  ) {
    super(`${title}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'UserError';
  }
}

/**
 * Renders a received value for a message: short, JSON-ish, never `[object Object]`, and never a
 * character that would act on the terminal instead of being seen (control characters, bidirectional
 * and other invisible formatting characters are written as `\uXXXX`).
 */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const characters = [...visible(typeof value === 'string' ? `'${value}'` : asJson(value))];
  return characters.length > 80 ? `${characters.slice(0, 77).join('')}...` : characters.join('');
}

/** JSON for a message, whatever the value: numbers as written (Infinity), cycles cut. */
function asJson(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  const seen = new WeakSet<object>();
  try {
    return (
      JSON.stringify(value, (_key, v: unknown) => {
        if (typeof v === 'bigint' || (typeof v === 'number' && !Number.isFinite(v)))
          return String(v);
        if (v !== null && typeof v === 'object') {
          if (seen.has(v)) return '(cycle)';
          seen.add(v);
        }
        return v;
      }) ?? String(value)
    );
  } catch {
    return String(value);
  }
}

/** Control, bidirectional-formatting and zero-width characters, as `\uXXXX`. */
export function visible(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** `path: got <value>, expected <what>` — the shape of every validation problem. */
export function problem(path: string, value: unknown, expected: string): string {
  return `${path || '(top level)'}: got ${show(value)}, expected ${expected}`;
}

/** What each validation rule expects, in words. Keys are stable; tests refer to them. */
export const Expect = {
  projectName:
    'a name of 2-20 characters: lowercase letters, digits and hyphens, starting with a letter',
  projectNameReservedPrefix: (prefixes: readonly string[]) =>
    `a project name that does not start with ${prefixes.join(', ')}: bucket names start with it, and S3 reserves those prefixes`,
  envName:
    'a name of 1-20 characters: lowercase letters, digits and hyphens, starting with a letter',
  uniqueEnvName: 'a name no other environment uses',
  accountId: 'a 12-digit AWS account id as a quoted string (for example "111111111111")',
  region: 'a known AWS region such as eu-west-1 (see lib/core/regions.ts)',
  roleArn: 'an IAM role ARN such as arn:aws:iam::111111111111:role/ldm-deploy',
  deployRoleAccount: (accountId: string) =>
    `a role in the environment's own account ${accountId}: the provider's allowed_account_ids would refuse any other`,
  wave: 'a whole number from 0 (rollout order, lower first)',
  tagKey:
    'a tag key of 1-128 characters: letters, digits, spaces and _ . : / = + - @ (the characters AWS allows in tags)',
  tagValue:
    'a tag value of at most 256 characters: letters, digits, spaces and _ . : / = + - @ (the characters AWS allows in tags)',
  tagAwsPrefix:
    'a tag key and value that do not start with aws: (in any case): AWS reserves that prefix',
  tagReserved: (key: string) =>
    `a tag key other than ${key} (in any case): the toolkit sets Project, Environment and ManagedBy on every resource itself`,
  tagKeyCase: (first: string) =>
    `a tag key that differs from '${first}' in more than case: some services treat them as one tag`,
  tooManyTags: (max: number) =>
    `at most ${max} tags: AWS allows 50 on a resource, and the toolkit adds Project, Environment, ManagedBy and (on EC2 resources) Name`,
  cidr: 'an IPv4 CIDR such as 10.20.0.0/16',
  cidrHostBits: (network: string) => `a network address: did you mean ${network}?`,
  vpcCidr: 'a /16 to /24 IPv4 CIDR that does not overlap onPremCidrs',
  onPremOverlapsVpc: (vpc: string) =>
    `an on-premises CIDR that does not overlap the VPC CIDR ${vpc}: traffic to addresses in both could not be routed`,
  vpcChoice: 'exactly one of vpcCidr (a new VPC) and existingVpc (bring your own)',
  availabilityZones: (region: string) =>
    `at least two distinct availability zones of ${region}, such as ${region}a`,
  availabilityZone: (region: string) =>
    `an availability zone of the environment's region ${region}, such as ${region}a`,
  // network (stacks/network/)
  availabilityZoneName: 'an availability zone name such as eu-west-1a',
  availabilityZoneLetter: (region: string) =>
    `an availability zone from ${region}a to ${region}g: the subnet plan gives each zone letter one eighth of the VPC CIDR and keeps the last for the NAT gateway`,
  existingVpcZones: 'no availabilityZones with existingVpc: the existing subnets decide the zones',
  existingVpcConnectivity:
    "connectivity { type: none } with existingVpc: the stack never changes an existing VPC, so the VPC's owner provides the link to on premises",
  existingVpcGatewayForHosts:
    "true with a host in AWS (placement ec2 or remoteGlueAgent): hosts in the VPC reach S3 through the landing zone's gateway endpoint on routeTableIds (route tables that already have an S3 gateway endpoint cannot take a second: run the hosts in subnets whose route tables have none, or on premises)",
  existingVpcOutboundInternet:
    "false with existingVpc: the stack never changes an existing VPC's gateways or routes",
  vpcId: 'a VPC id such as vpc-0123456789abcdef0',
  subnetId: 'a subnet id such as subnet-0123456789abcdef0',
  existingSubnets: 'at least two private subnets, one in each of two availability zones',
  routeTableId: 'a route table id such as rtb-0123456789abcdef0',
  existingRouteTables:
    'at least one route table id (the route tables of the subnets the endpoints and hosts use)',
  listedOnce: 'a value listed once',
  onPremCidrsFor: (connectivity: string) =>
    `at least one on-premises CIDR: connectivity ${connectivity} routes to onPremCidrs, and the endpoints admit only them and the VPC`,
  customerGatewayIp: 'the public IPv4 address of your VPN device, such as 203.0.113.10',
  customerGatewayIpPublic:
    'a public IPv4 address: AWS reaches the VPN device over the internet, so private (RFC 1918), shared (100.64.0.0/10), loopback, link-local and multicast addresses cannot work',
  bgpAsn: 'a BGP ASN: a whole number from 1 to 4294967294',
  bgpAsnReserved: (reserved: readonly number[]) =>
    `a BGP ASN AWS does not reserve for itself (${reserved.join(', ')} are taken)`,
  bgpAsnAmazonSide: (amazonSideAsn: number) =>
    `a BGP ASN other than the Amazon side's ${amazonSideAsn} (set connectivity.amazonSideAsn to move the Amazon side)`,
  amazonSideAsn: 'a private ASN for the Amazon side: 64512-65534 or 4200000000-4294967294',
  transitGatewayId: 'a Transit Gateway id such as tgw-0123456789abcdef0',
  resolverNeedsOnPrem:
    'network.onPremCidrs with resolverInboundEndpoint: the resolver endpoint answers the DNS servers of those networks and no one else',
  stateS3: 'state.s3 with bucket and region when state.backend is s3',
  stateKmsKey:
    'a KMS key or alias ARN such as arn:aws:kms:eu-west-1:222222222222:alias/tfstate-acme-ldm-tfstate',
  keyPrefix:
    'a key prefix of letters, digits, hyphens, underscores and slashes, without leading or trailing slash',
  notPrototypeKey: 'a field name other than __proto__',
  unknownField: (allowed: readonly string[]) =>
    `no such field; allowed here: ${allowed.length > 0 ? allowed.join(', ') : '(none)'}`,
  oneOf: (values: readonly (string | number)[]) =>
    `one of ${values.map((v) => String(v)).join(', ')}`,
  generatedNameTooLong: (what: string, limit: number, name: string) =>
    `shorter project and environment names: the ${what} name '${name}' would exceed ${limit} characters`,
  // security (stacks/security/)
  adminCidr:
    'an IPv4 CIDR of /8 or narrower, never the whole internet (0.0.0.0/0, ::/0): the UI and REST APIs must not be open to everyone',
  adminCidrsForEc2:
    'at least one admin network with placement ec2: the UI and REST APIs of a host in AWS admit adminCidrs and no one else',
  instanceProfileNeedsEc2:
    'roles-anywhere or assume-role with placement on-premises: an instance profile only gives credentials to EC2 instances',
  rolesAnywhereNeeded:
    '{ caCertificateFile: <your CA certificate, PEM> } with credentials roles-anywhere (the default on premises), or another credentials mode',
  assumeRoleNeeded:
    '{ principals: [<IAM role ARN>], externalId: <agreed secret> } with credentials assume-role',
  onlyWithCredentials: (mode: string) =>
    `nothing here unless credentials is ${mode}: these settings would not be used`,
  assumeRoleGuard:
    'an externalId (or conditions) with credentials assume-role: without one, the listed principals assume the role in any context',
  externalId: 'an external id of 2-1224 characters: letters, digits and _+=,.@:/-',
  externalIdInConditions:
    'sts:ExternalId set through assumeRole.externalId, not through conditions',
  trustedPrincipal:
    'an IAM role, user or account root ARN such as arn:aws:iam::222222222222:role/ldm-host (no wildcards)',
  conditionValues:
    'a condition value, or a list of at least one, for the key (such as aws:SourceIp), without control, bidirectional-formatting or zero-width characters',
  conditionOperator: (operators: readonly string[]) =>
    `one of ${operators.join(', ')}: negated and …IfExists operators pass when the caller leaves the key out`,
  commonName:
    'a certificate subject common name (CN) of 1-64 characters, without control, bidirectional-formatting or zero-width characters',
  caCertificateFile: (reason: string) =>
    `a readable file with your CA certificate in PEM (a relative path starts at the directory the toolkit runs in, like LDM_CONFIG): ${reason}`,
  caCertificatePem: 'a PEM file holding a CA certificate (-----BEGIN CERTIFICATE-----)',
  caCertificateOne: (found: number) =>
    `exactly one CA certificate (found ${found}): a Roles Anywhere trust anchor takes one`,
  caCertificateNotCa: (subject: string) =>
    `a CA certificate (basic constraints CA:TRUE); '${subject}' is not one, so it cannot have issued the hosts' certificates`,
  caCertificatePrivateKey:
    'the CA certificate alone: the file holds a private key, which must never be in the config or the repository',
  caCertificateTooLong:
    'a certificate of at most 8000 characters of PEM (the Roles Anywhere limit)',
  crlFile: (reason: string) =>
    `a readable file with the CA's certificate revocation list, PEM or DER (a relative path starts at the directory the toolkit runs in, like LDM_CONFIG): ${reason}`,
  crlPem:
    'a certificate revocation list (CRL): PEM (-----BEGIN X509 CRL-----) or DER, as the CA writes it (openssl ca -gencrl)',
  crlOne: (found: number) =>
    `exactly one CRL (found ${found}): a trust anchor takes the current CRL of its one CA`,
  crlAlgorithm: (oid: string) =>
    `a CRL signed with RSA or ECDSA over SHA-256, SHA-384 or SHA-512, or Ed25519 (this one is signed with algorithm ${oid})`,
  crlNotFromCa: (subject: string) =>
    `a CRL signed by the trust anchor's CA '${subject}' (caCertificateFile): this one's signature does not verify with that CA's key, so it would revoke nothing`,
  crlTooLong: 'a CRL of at most 300,000 characters of PEM (the Roles Anywhere limit)',
  permissionsBoundaryArn:
    'an IAM managed policy ARN such as arn:aws:iam::111111111111:policy/ldm-boundary',
  maxSessionDurationSeconds: 'a whole number of seconds from 3600 (1 hour) to 43200 (12 hours)',
  sourceClusterPort:
    'a port number from 1 to 65535 (TCP), or { port: <1-65535>, protocol: tcp | udp } such as { port: 88, protocol: udp } for a Kerberos KDC',
  sourceClusterPortsNeedOnPrem:
    'network.onPremCidrs to reach: sourceClusterPorts open egress from the migrator host to those networks only',
  internetHttpsNeedsHost:
    'false unless a host runs in AWS (placement ec2 or remoteGlueAgent): there is no security group to relax',
  internetHttpsNeedsNat:
    'false unless network.outboundInternet is true: without its NAT gateway the rule reaches nothing',
  glueRouteNeeded:
    "a route from HiveMigrator on premises to Glue by the name its client can sign for (glue.<region>.amazonaws.com), one of: (a) migrator.remoteGlueAgent: true, the Glue agent on a host in the VPC, where the Glue endpoint's private DNS answers; (b) network.resolverInboundEndpoint: true, and your DNS servers forward glue.<region>.amazonaws.com to its addresses; (c) migrator.allowPublicGlueEndpoint: true, the public endpoint over the internet (a relaxation)",
  glueNeedsPrivateDns:
    "true (the default) in a new VPC: HiveMigrator's Glue client calls glue.<region>.amazonaws.com, which resolves to the Glue endpoint only through its private DNS; or set migrator.allowPublicGlueEndpoint: true to use the public endpoint over the internet (a relaxation)",
  glueRouteExists: (route: string) =>
    `false: HiveMigrator already reaches Glue privately (${route === 'vpc' ? "the Glue agent runs in the VPC, where the Glue endpoint's private DNS answers" : 'through network.resolverInboundEndpoint'}), and the relaxation would do nothing`,
  remoteGlueAgentNeedsOnPrem:
    "network.onPremCidrs with placement on-premises: the remote Glue agent admits the on-premises LDM host's networks on its port",
  migratorGluePolicies: (needed: number, max: number) =>
    `fewer databases: the migrator role's Glue permissions for them need ${needed} managed policies of at most 6,144 characters, and the role takes ${max}`,
  // storage (stacks/storage/)
  bucketNameLength: 'an S3 bucket name of 3-63 characters',
  bucketNameCharacters: 'an S3 bucket name of lowercase letters, digits, dots and hyphens only',
  bucketNameEnds: 'an S3 bucket name that starts and ends with a lowercase letter or a digit',
  bucketNameDots: 'an S3 bucket name without two adjacent dots',
  bucketNameIpAddress:
    'an S3 bucket name that is not formatted as an IP address (like 192.168.5.4)',
  bucketNamePrefix: (prefix: string) =>
    `an S3 bucket name that does not start with '${prefix}' (S3 reserves that prefix)`,
  bucketNameSuffix: (suffix: string) =>
    `an S3 bucket name that does not end with '${suffix}' (S3 reserves that suffix)`,
  distinctBucketNames:
    'a logBucketName other than bucketName: access logs never go into the bucket they record',
  lifecycleDays: 'a whole number of days, 1 or more',
  noncurrentOutlivesAbort: (abortDays: number) =>
    `at least abortIncompleteMultipartUploadDays (${abortDays}): restorable noncurrent versions should outlive unusable upload parts; raise this or lower abortIncompleteMultipartUploadDays`,
  administratorArn:
    "an IAM role or user ARN such as arn:aws:iam::111111111111:role/storage-admin ('*' in the name matches any characters)",
  administratorAccount: (accountId: string) =>
    `a principal of the environment's own account ${accountId}: the bucket policy only exempts principals from a deny, it grants nothing`,
  s3SourceRemoved:
    'no value: storage.s3Source was removed (CHANGELOG, Breaking): its SQS queue was never read by LDM, whose documented S3 source takes no queue; delete the field',
  migratorOutsideVpcEndpoints:
    'false while restrictToVpcEndpoints is false: it relaxes that restriction for the LDM role and does nothing on its own',
  // catalog (stacks/catalog/)
  glueDatabaseName:
    'a Glue database name of 1-255 characters: lowercase letters, digits and underscores',
  glueDatabaseNameCase: (lower: string) =>
    `a lowercase name: Glue stores database names in lower case (HiveMigrator lowercases them too), so write '${lower}'`,
  uniqueDatabaseName: 'a database name no other entry of catalog.databases uses',
  databaseDescription:
    'a description of at most 2048 characters, without control characters other than tabs and line breaks, and without bidirectional-formatting or zero-width characters',
  uniqueDatabaseInCatalog: (c: {
    first: string;
    second: string;
    account: string;
    region: string;
  }) =>
    `a database name no other environment writing into the same Glue Data Catalog (account ${c.account}, ${c.region}) lists: environments ${c.first} and ${c.second} both do, and HiveMigrator would write both into one database; rename it in one of them`,
  // across environments (lib/app/ownership.ts)
  oneOwnerPerAccountRegion: (o: {
    what: string;
    first: string;
    second: string;
    account: string;
    region: string;
    resolve: string;
  }) =>
    `one environment per account and region managing ${o.what}: environments ${o.first} and ${o.second} both manage them in account ${o.account}, ${o.region}, and each apply would undo the other's; ${o.resolve}`,
  uniqueBucketName: (b: { earlier: string; later: string; setting: string }) =>
    `a bucket name of its own: ${b.later} has the name of ${b.earlier}, and bucket names are global; set ${b.setting} to another name`,
  s3LocationUri: 'an S3 location of at most 1024 characters such as s3://bucket/warehouse/sales.db',
  locationInTargetBucket:
    "a location in the environment's target bucket (omit locationUri for s3://<target bucket>/<warehousePrefix>/<name>.db), or allowLocationOutsideTargetBucket: true on this database",
  catalogIdOtherAccount: (accountId: string) =>
    `the 12-digit account id of another account's Glue Data Catalog; omit catalogId to use the catalog of the environment's account ${accountId}`,
  notWithCatalogId:
    'nothing here while catalogId is set: the catalog belongs to another account, where this toolkit creates nothing',
  catalogReader:
    'a 12-digit account id (quoted) or an IAM role ARN such as arn:aws:iam::222222222222:role/analytics',
  catalogReaderOtherAccount: (accountId: string) =>
    `an account or role outside the environment's account ${accountId}: principals of that account get catalog access through IAM policies, not the catalog policy`,
  uniqueCatalogReader: 'a reader no other entry of crossAccountReaders names',
  catalogReadersNeedDatabases:
    'at least one entry in catalog.databases: crossAccountReaders may read those databases and nothing else',
  // migrator hosts and host configuration (stacks/migrator/)
  instanceType: 'an EC2 instance type such as m6i.2xlarge',
  imageId:
    'an AMI id such as ami-0123456789abcdef0, or resolve:ssm:<parameter> such as resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
  rootVolumeSizeGiB: 'a whole number of GiB from 8 to 16384',
  hostPath:
    'an absolute path of letters, digits, single spaces and . _ + @ = , : - (no quotes, backslashes, $, % or braces), without a trailing slash',
  hostAddress: 'a host name or an IPv4 address such as glue-agent.corp.example or 10.20.0.15',
  remoteAgentPort:
    'a TCP port number from 1024 to 65535 (5052 unless the agent is configured otherwise)',
  hdfsUri:
    "the source cluster's fs.defaultFS: hdfs:// and a nameservice or host[:port], such as hdfs://nameservice1 or hdfs://namenode.example.com:8020",
  hadoopConfigPath:
    'an absolute directory path of letters, digits, single spaces and . _ + @ = : - (no commas: the two files go into one comma-separated list)',
  hadoopConfigNeedsDefaultFs:
    'no value without hdfs.defaultFs: auto-discovery (filesystem auto-discover-source hdfs) takes only the Kerberos principal and keytab',
  kerberosPrincipal:
    'a Kerberos principal primary[/instance][@REALM] of letters, digits, . _ and -, such as hdfs@EXAMPLE.COM or hive/_HOST@EXAMPLE.COM',
  ldmId:
    'an id of 1-128 letters, digits, . _ and -, starting with a letter or digit (LDM reads it as one word, unquoted)',
  migrationOutsideMappings: (sourcePaths: readonly string[]) =>
    sourcePaths.length === 0
      ? 'a path a path mapping covers; there is none, because no database of catalog.databases is in the target bucket'
      : `a path under a path mapping's source path (${sourcePaths.join(', ')}): data elsewhere would land at its own path in the bucket, where no Glue database points`,
  executable: 'aws_signing_helper, or the absolute path of the signing helper',
  migratorHostNeedsEc2:
    'false (or no value) while placement is on-premises: the EC2 migrator host is where LDM runs with placement: ec2',
  glueAgentHostNeedsRemoteAgent:
    'false (or no value) while remoteGlueAgent is false: the host runs the remote Glue agent',
  hostNeedsInstanceProfile: (credentials: string) =>
    `false while credentials is ${credentials}: a host the toolkit launches gets its AWS credentials from the instance profile of credentials: instance-profile`,
  glueAgentAddressWithoutRemoteAgent: 'no value while remoteGlueAgent is false',
  glueAgentAddressWithHost:
    'no value while the toolkit launches the remote agent host (the migrator stack publishes its address); set glueAgent.enabled: false to use a host of your own',
  glueAgentAddressNeeded:
    'the address of your remote Glue agent host: with remoteGlueAgent on and no agent host launched by the toolkit (that needs credentials: instance-profile), LDM must be told where the agent runs',
} as const;

/** Messages for failures outside config validation: files, commands, tools. */
export const Fail = {
  configMissing: (path: string) =>
    `${path}: no such file; set LDM_CONFIG to your environments file or start from config/example.yaml`,
  configUnreadable: (path: string, reason: string) => `${path}: cannot be read (${reason})`,
  configPathEmpty: () =>
    'the config path is empty; set LDM_CONFIG to your environments file, or leave it unset for config/example.yaml',
  configAliases: (path: string, max: number, detail: string) =>
    `${path}: not valid YAML: ${detail} (at most ${max} aliases are resolved)`,
  configNotYaml: (path: string, detail: string) => `${path}: not valid YAML: ${detail}`,
  configNotMapping: (path: string) =>
    `${path}: expected a YAML mapping with project, environments, ...; see config/example.yaml`,
  /** A Terraform postcondition of the network stack (checked after apply). */
  endpointDnsNotRegional: (service: string) =>
    `the first DNS entry of the ${service} interface endpoint is not its endpoint-specific regional name (vpce-....vpce.amazonaws.com), so the host configuration would get the wrong name; please report this with the endpoint's dns_entry list`,
  // host-config (lib/cli/host-config.ts, stacks/migrator/)
  usage: (detail: string) =>
    `${detail}; usage: npm run host-config -- --env <name> --outputs-dir <dir> [--out <dir>] [--json | --preflight | --glue-agent-preflight]`,
  noRemoteGlueAgent: (envName: string) =>
    `--glue-agent-preflight: environment ${envName} has no remote Glue agent (migrator.remoteGlueAgent); --preflight prints the migrator host's`,
  unknownEnvironment: (name: string, source: string, known: readonly string[]) =>
    `--env: got '${name}', expected an environment of ${source}: ${known.join(', ')}`,
  outputsFileMissing: (file: string, stack: string) =>
    `${file}: no such file; write it after applying ${stack}: (cd cdktf.out/stacks/${stack} && terraform output -json) > ${file}`,
  outputsFileUnreadable: (file: string, reason: string) => `${file}: cannot be read (${reason})`,
  outputsFileNotJson: (file: string, detail: string) =>
    `${file}: not JSON as terraform output -json writes it (${detail})`,
  outputsFileNotOutputs: (file: string) =>
    `${file}: expected the object terraform output -json writes ({"<output>": {"sensitive": …, "type": …, "value": …}, …})`,
  outputMissing: (file: string, output: string) =>
    `${file}: no output ${output}; apply the stack with this toolkit's version, then write the file again`,
  outputMalformed: (file: string, output: string, expected: string) =>
    `${file}: output ${output} is not ${expected}`,
  outParentMissing: (dir: string, parent: string) =>
    `--out ${dir}: its folder ${parent} does not exist (or is not a folder); create it first, or give another --out`,
  outNotFolder: (dir: string) =>
    `--out ${dir}: exists and is not a folder; give a new or empty folder, or one an earlier host-config --out wrote`,
  outUnusable: (dir: string, reason: string) =>
    `--out ${dir}: cannot be written (${reason}); give a folder you can write, nothing was changed there`,
  outForeignFiles: (dir: string, names: readonly string[], own: readonly string[]) =>
    `--out ${dir}: holds ${names.map((n) => show(n)).join(', ')}, which host-config did not write (it writes ${own.join(', ')}); give a new or empty folder, so nothing else is overwritten or mixed in`,
  outStaleFile: (path: string, reason: string) =>
    `${path}: written by an earlier render that no longer applies, and cannot be removed (${reason}); remove it by hand`,
  outputDatabaseLists: (file: string, names: number, locations: number) =>
    `${file}: database_names has ${names} entries and database_location_uris ${locations}, but they pair up one to one; write the file again with terraform output -json`,
  outputDatabaseName: (file: string, name: unknown) =>
    `${file}: database_names holds ${show(name)}, not a Glue database name (1-255 lowercase letters, digits and underscores); write the file again with terraform output -json`,
  outputLocation: (file: string, name: string, uri: unknown) =>
    `${file}: the location of database ${name} is ${show(uri)}, not an s3://bucket/key location; write the file again with terraform output -json`,
  outputNotConfigured: (file: string, output: string, got: unknown, expected: unknown) =>
    `${file}: ${output} is ${show(got)}, but the config gives ${show(expected)}; apply the stack with this config and write the file again, or set LDM_CONFIG to the config it was applied with`,
  unquotable: (what: string, value: string) =>
    `${what}: ${show(value)} cannot be written so that a shell and LDM's CLI read it the same (quotes, backslashes and line breaks are not allowed)`,
  hostConfigTooLarge: (what: string, bytes: number, limit: number) =>
    `the rendered ${what} takes about ${bytes} bytes, more than the ${limit} bytes an SSM parameter holds; give fewer catalog.databases a locationUri of their own (databases at their default location share one path mapping)`,
  preflightTooLarge: (what: string, bytes: number, limit: number) =>
    `the rendered ${what} takes about ${bytes} bytes compressed, more than the ${limit} bytes an SSM parameter holds; shorten the paths of migrator.source and migrator.hosts, or render it offline (npm run host-config -- --preflight)`,
  manifestUnreadable: (path: string, reason: string) =>
    `${path}: not the manifest of a synth (${reason}); synthesize again (npm run synth, or npm run plan)`,
  dependencyCycle: (stacks: readonly string[]) =>
    `the synth's stacks depend on each other in a cycle (${stacks.join(', ')}); synthesize again`,
  // the synth output folder (lib/app/publish.ts)
  outdirParentMissing: (outdir: string, parent: string) =>
    `${outdir}: its folder ${parent} does not exist; create it, or set CDKTF_OUTDIR to a folder in an existing one`,
  outdirNotOwn: (outdir: string) =>
    `${outdir}: is the working directory or one of its parents, which a synth would replace; set CDKTF_OUTDIR to a folder of its own, such as cdktf.out`,
  outdirNotFolder: (outdir: string) =>
    `${outdir}: exists and is not a folder; remove it, or set CDKTF_OUTDIR to another path`,
  outdirNotSynth: (outdir: string) =>
    `${outdir}: a folder that holds other files than a synth (no manifest.json), which a synth would delete; set CDKTF_OUTDIR to a new or empty folder`,
  outdirUnusable: (path: string, reason: string) => `${path}: cannot be used (${reason})`,
  outdirNotReplaceable: (outdir: string, detail: string) =>
    `${outdir}: cannot be replaced by the new synth (${detail}); make it writable (chmod -R u+w, chattr -R -i) or set CDKTF_OUTDIR to another folder; the previous output is unchanged`,
  outdirMovedAside: (outdir: string, previous: string, reason: string) =>
    `${outdir}: the previous output was moved to ${previous} and cannot be moved back (${reason}); rename it back by hand`,
  leftoverUnremovable: (path: string, detail: string) =>
    `${path}: left by an interrupted run and cannot be removed (${detail}); remove it by hand, then run the command again`,
  savedPlanNotKept: (path: string, reason: string) =>
    `${path}: a saved plan that cannot be carried over into the new synth (${reason}); nothing was replaced`,
  fileSystem: (syscall: string, path: string, reason: string) =>
    `${path || '(no path)'}: ${syscall} failed (${reason}); check the path, its permissions and free space`,
  terraformNotTerraform: (binary: string) =>
    `${binary}: does not answer version -json as Terraform does; set TERRAFORM_BINARY to a Terraform CLI (>= 1.10), or unset it to use terraform on PATH`,
  terraformMissing: () =>
    'terraform: not found on PATH; install Terraform >= 1.10 (https://developer.hashicorp.com/terraform/install) or set TERRAFORM_BINARY',
} as const;

/** Messages of the plan, apply, rollout and bootstrap commands (lib/gitops, lib/cli). */
export const PlanFail = {
  flag: (detail: string) => `${detail}; 'cat help' lists the commands and their flags`,
  conflictingFlags: (a: string, b: string, why: string) =>
    `${a} and ${b} cannot be used together: ${why}`,
  unknownEnvironment: (name: string, known: readonly string[]) =>
    `--env '${name}': no such environment; the config has ${known.join(', ') || '(none)'}`,
  unknownStack: (id: string, known: readonly string[]) =>
    `--stack '${id}': no such stack in the synth; stacks are ${known.join(', ') || '(none)'}`,
  noManifest: (outdir: string, command: string) =>
    `${outdir}/manifest.json: not found; run ${command} first (it synthesizes and saves the plans apply reads)`,
  planJsonMissing: (path: string) => `${path}: no such file`,
  planJsonUnreadable: (path: string, reason: string) =>
    `${path}: cannot be read (${reason}); pass the plan.json files themselves, such as cdktf.out/stacks/*/plan.json`,
  summaryOutEmpty: () => '--out: got an empty path; give a file name, or leave --out out to print',
  summaryUnwritable: (path: string, reason: string) =>
    `--out ${path}: cannot write the summary (${reason}); give a file in a writable folder`,
  planJsonNone: () =>
    'no plan given: npm run plan:summary -- <plan.json>... (the output of terraform show -json <planfile>)',
  planJsonInvalid: (source: string, detail: string) =>
    `${source}: not JSON (${detail}); pass the output of terraform show -json <planfile>`,
  planJsonNotAPlan: (source: string) =>
    `${source}: not a Terraform plan; pass the output of terraform show -json <planfile> (format 1.x)`,
  planEntryNotUnderstood: (source: string, entry: string, what: string) =>
    `${source}: ${entry} has ${what}, so what it changes cannot be told; the destroy guard refuses what it cannot read: pass the unmodified output of terraform show -json <planfile>`,
  planErrored: (source: string) =>
    `${source}: Terraform reports this plan as errored; fix the error and plan again`,
  allowDestroyInvalid: (text: string) =>
    `--allow-destroy '${text}': expected a resource address such as aws_s3_bucket.target-bucket, or <stack>:<address> such as sandbox-storage:aws_s3_bucket.target-bucket`,
  guardFailed: (count: number) =>
    `the plan deletes or replaces ${count} protected resource${count === 1 ? '' : 's'} (listed above); name each one with --allow-destroy <stack>:<address> once the data is safe elsewhere`,
  terraformFailed: (stack: string, step: string) =>
    `${stack}: terraform ${step} failed (its output is above); nothing after ${stack} was run`,
  synthProcesses: (value: string) =>
    `LDM_SYNTH_PROCESSES=${show(value)}: expected a whole number from 1 (how many processes synthesize a config of many environments; 1 keeps it in one)`,
  noCredentials: (stack: string, step: string) =>
    `${stack}: terraform ${step} found no AWS credentials (No valid credential sources found); run it with credentials for the environment's account (AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or plan offline without an account: npm run plan -- --mock-aws`,
  stackFileUnreadable: (stack: string, path: string, reason: string) =>
    `${stack}: ${path} cannot be read as a synthesized stack (${reason}); synthesize again (npm run synth, or npm run plan)`,
  savedPlanUnreadable: (stack: string, path: string, reason: string) =>
    `${stack}: ${path} cannot be read (${reason}); run npm run plan again`,
  noSavedPlan: (stack: string) =>
    `${stack}: no saved plan; run npm run plan (with the same --env/--stack) first`,
  recordUnreadable: (stack: string, path: string, reason: string) =>
    `${stack}: ${path} cannot be read as the record of a saved plan (${reason}); run npm run plan again`,
  planForOtherStack: (stack: string, recorded: string) =>
    `${stack}: the saved plan belongs to stack ${recorded}; run npm run plan again`,
  planStale: (stack: string) =>
    `${stack}: the stack was synthesized again with different content after its plan was saved; run npm run plan again and review the new plan`,
  planFileChanged: (stack: string) =>
    `${stack}: plan.tfplan is not the file npm run plan saved (its checksum differs); run npm run plan again`,
  planIsMock: (stack: string) =>
    `${stack}: the saved plan was made with --mock-aws (placeholder credentials, empty state) and can never be applied; run npm run plan without --mock-aws`,
  planHasPlaceholders: (stack: string, upstreams: readonly string[]) =>
    `${stack}: planned against placeholder outputs of ${upstreams.join(', ')}, which had none yet; apply ${upstreams.join(', ')} first, then plan ${stack} again`,
  planBlockedByGuard: (stack: string, address: string) =>
    `${stack}: the saved plan deletes or replaces the protected ${address} and was not planned with --allow-destroy ${stack}:${address}`,
  upstreamChanged: (stack: string, upstream: string) =>
    `${stack}: the outputs of ${upstream} it reads are not what they were when it was planned; run npm run plan -- --stack ${stack} again and review`,
  applyStopped: (applied: readonly string[]) =>
    applied.length > 0
      ? `applied before the failure: ${applied.join(', ')}; the stacks after it were not applied`
      : 'nothing was applied',
  unknownWave: (wave: string, known: readonly number[]) =>
    `--wave '${wave}': no environment has that wave; waves are ${known.join(', ')}`,
  bootstrapNeedsS3: () =>
    "state.backend is 'local': bootstrap creates the S3 bucket of state.backend s3; set state.backend: s3 and state.s3 { bucket, region, accountId } first",
  bootstrapNeedsAccount: () =>
    'state.s3.accountId: required by bootstrap (the account that holds the state bucket), unless state.s3.roleArn names that account',
} as const;

/** The policy pack's messages (docs/policy.md): acknowledgements in config, findings, the CLI. */
export const PolicyMessages = {
  expectRule: 'a rule id of the policy pack, such as LDM-S3-005 (docs/policy.md lists them)',
  expectResource:
    "'<stack id>/<resource address>', such as sandbox-storage/aws_s3_bucket.target-bucket (* matches any characters)",
  expectReason:
    'a reason: why the finding is accepted and who accepted it (it is printed with the finding), one line without control or bidirectional-formatting characters',
  failed: (count: number) =>
    `Policy check failed: ${count} finding${count === 1 ? '' : 's'} to fix or acknowledge (docs/policy.md)`,
  finding: (f: PolicyFindingText) =>
    `${f.rule} ${f.stack} ${f.resource}: ${f.detail}. Why: ${f.reason} Fix: ${f.fix}`,
  acknowledged: (f: PolicyFindingText, reason: string) =>
    `policy: acknowledged ${f.rule} ${f.stack} ${f.resource}: ${f.detail} (reason: ${reason})`,
  warning: (f: PolicyFindingText) =>
    `policy: warning ${f.rule} ${f.stack} ${f.resource}: ${f.detail}. Why: ${f.reason}`,
  unusedAcknowledgement: (index: number, rule: string, resource: string) =>
    `policy: acknowledgements[${index}] (${rule} on ${resource}) matches no finding; remove it or correct its resource`,
  noSynthOutput: (outdir: string) =>
    `${outdir}: no synthesized stacks (manifest.json missing); run npm run synth first, or leave out --outdir`,
  unreadableStack: (path: string, reason: string) => `${path}: cannot be read (${reason})`,
  usage: (detail: string) =>
    `${detail}; usage: npm run policy -- [--config <file>] [--outdir <synth folder>] [--report <file.json>] [--sarif <file.sarif>]`,
  reportUnwritable: (path: string, reason: string) =>
    `${path}: cannot write the report (${reason})`,
  summary: (s: {
    stacks: number;
    rules: number;
    blocking: number;
    acknowledged: number;
    warnings: number;
  }) =>
    `policy: ${s.stacks} stacks, ${s.rules} rules: ${s.blocking} to fix or acknowledge, ${s.acknowledged} acknowledged, ${s.warnings} warnings`,
  reportWritten: (path: string, format: string) => `policy: wrote the ${format} report to ${path}`,
} as const;

/** What `npm run access` says (lib/cli/access.ts). */
export const AccessMessages = {
  usage: (detail: string) =>
    `${detail}; usage: npm run access -- [--config <file>] [--env <name>...] [--json] [--out <file>] [--check]`,
  failed: (count: number) =>
    `Access not as the table says: ${count} problem${count === 1 ? '' : 's'} (a document with findings, or a call whose verdict is not the expected one; docs/security.md)`,
  reportStale: (file: string, config: string) =>
    `${file} is stale: it is not the report of ${config}; run npm run access -- --config ${config} --out ${file} and commit the result`,
  reportCurrent: (file: string) => `${file}: the access report is up to date`,
  written: (file: string) => `access: wrote the report to ${file}`,
  unwritable: (file: string, reason: string) => `${file}: cannot write the report (${reason})`,
} as const;

/** What `npm run docs:config` says about the generated configuration reference. */
export const DocsMessages = {
  configReferenceStale: (file: string) =>
    `${file} is stale: it is not what the config schema and the prose in lib/docs/configuration-page.ts generate; run npm run docs:config and commit the result`,
  configReferenceCurrent: (file: string) => `${file}: the configuration reference is up to date`,
  configReferenceWritten: (file: string) => `${file}: the configuration reference is regenerated`,
  usage: (detail: string) => `${detail}; usage: npm run docs:config -- [--check] [--file <path>]`,
} as const;

/** What `npm run digest` says about the record of synthesized output. */
export const DigestMessages = {
  usage: (detail: string) => `${detail}; usage: npm run digest -- [--write | --check]`,
  changed: (stack: string) => `${stack}: synthesized output differs from the record`,
} as const;

/** What a finding message shows. */
interface PolicyFindingText {
  readonly rule: string;
  readonly stack: string;
  readonly resource: string;
  readonly detail: string;
  readonly reason: string;
  readonly fix: string;
}

/**
 * How terraform gets the AWS provider (lib/gitops/providers.ts), and the terraform binary: one
 * line per problem, naming the setting and the fix.
 */
export const ProviderMessages = {
  mirrorMissing: (setting: string, dir: string, layout: string) =>
    `${setting}=${dir}: no such folder; set it to a provider filesystem mirror, the folder that holds ${layout} (terraform providers mirror <dir> makes one on a machine with internet), or unset it`,
  mirrorWithoutPin: (
    setting: string,
    dir: string,
    found: readonly string[],
    pinned: string,
    platform: string,
  ) =>
    `${setting}=${dir}: holds hashicorp/aws ${found.length > 0 ? found.join(', ') : 'in no version'} for ${platform}, not ${pinned}, the version the synthesized stacks pin; add it (terraform providers mirror -platform=${platform} ${dir}, on a machine with internet) or point ${setting} at a mirror that has it`,
  cliConfigUnreadable: (setting: string, path: string, detail: string) =>
    `${setting}: Terraform cannot read its CLI configuration ${path} (${detail}); fix the file, or set TF_CLI_CONFIG_FILE to another one`,
  cliConfigMissing: (path: string) =>
    `note: TF_CLI_CONFIG_FILE=${path} does not exist, so terraform runs without a CLI configuration; create it, or unset TF_CLI_CONFIG_FILE`,
  noProvider: (
    host: string,
    reason: string,
    pinned: string,
    platform: string,
    looked: readonly string[],
  ) =>
    `no mirror holds hashicorp/aws ${pinned} for ${platform} and ${host} cannot be reached (${reason}); set LDM_TF_PLUGIN_MIRROR to a folder holding registry.terraform.io/hashicorp/aws/${pinned}/${platform}/, or add a provider_installation block with a filesystem_mirror or network_mirror to your Terraform CLI configuration (looked in ${looked.join(', ')})`,
  installFailed: (source: string, what: string, fix: string) =>
    `terraform init cannot install hashicorp/aws (${what}); the provider comes from ${source}: ${fix}`,
  cacheUnwritable: (setting: string, path: string, reason: string) =>
    `${setting}=${path}: cannot be written (${reason}); make the folder writable, or set ${setting} to another one`,
  workDirUnwritable: (path: string, reason: string) =>
    `${path}: the folder where the toolkit keeps terraform's CLI configuration cannot be written (${reason}); make it writable (chmod u+w), or run from a writable checkout`,
  binaryMissing: (binary: string) =>
    `TERRAFORM_BINARY=${binary}: not found; set it to a Terraform CLI (>= 1.10), or unset it to use terraform on PATH`,
} as const;

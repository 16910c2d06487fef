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

/** Renders a received value for a message: short, JSON-ish, never `[object Object]`. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
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
    'a tag key of 1-128 characters that is not one the toolkit sets (Project, Environment, ManagedBy)',
  tagValue: 'a tag value of at most 256 characters',
  cidr: 'an IPv4 CIDR such as 10.20.0.0/16',
  cidrHostBits: (network: string) => `a network address: did you mean ${network}?`,
  vpcCidr: 'a /16 to /24 IPv4 CIDR that does not overlap onPremCidrs',
  vpcCidrOverlap: (other: string) => `a VPC CIDR that does not overlap onPremCidrs entry ${other}`,
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
  existingVpcOutboundInternet:
    "false with existingVpc: the stack never changes an existing VPC's gateways or routes",
  vpcId: 'a VPC id such as vpc-0123456789abcdef0',
  subnetId: 'a subnet id such as subnet-0123456789abcdef0',
  existingSubnets: 'at least two private subnets, one in each of two availability zones',
  routeTableId: 'a route table id such as rtb-0123456789abcdef0',
  existingRouteTables: 'at least one route table id (the S3 gateway endpoint adds its route there)',
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
  s3BucketName: 'an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens',
  stateKmsKey:
    'a KMS key or alias ARN such as arn:aws:kms:eu-west-1:222222222222:alias/tfstate-acme-ldm-tfstate',
  keyPrefix:
    'a key prefix of letters, digits, hyphens, underscores and slashes, without leading or trailing slash',
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
    'a condition value, or a list of at least one, for the key (such as aws:SourceIp)',
  conditionOperator: (operators: readonly string[]) =>
    `one of ${operators.join(', ')}: negated and …IfExists operators pass when the caller leaves the key out`,
  commonName: 'a certificate subject common name (CN) of 1-64 characters',
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
  configNotYaml: (path: string, detail: string) => `${path}: not valid YAML: ${detail}`,
  configNotMapping: (path: string) =>
    `${path}: expected a YAML mapping with project, environments, ...; see config/example.yaml`,
  /** A Terraform postcondition of the network stack (checked after apply). */
  endpointDnsNotRegional: (service: string) =>
    `the first DNS entry of the ${service} interface endpoint is not its endpoint-specific regional name (vpce-....vpce.amazonaws.com), so the host configuration would get the wrong name; please report this with the endpoint's dns_entry list`,
  // host-config (lib/cli/host-config.ts, stacks/migrator/)
  usage: (detail: string) =>
    `${detail}; usage: npm run host-config -- --env <name> --outputs-dir <dir> [--out <dir>] [--json]`,
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
  unquotable: (what: string, value: string) =>
    `${what}: ${show(value)} cannot be written so that a shell and LDM's CLI read it the same (quotes, backslashes and line breaks are not allowed)`,
  hostConfigTooLarge: (what: string, bytes: number, limit: number) =>
    `the rendered ${what} takes about ${bytes} bytes, more than the ${limit} bytes an SSM parameter holds; give fewer catalog.databases a locationUri of their own (databases at their default location share one path mapping)`,
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
  synthFailed: () => 'synthesis failed (its messages are above); nothing was planned',
  noManifest: (outdir: string, command: string) =>
    `${outdir}/manifest.json: not found; run ${command} first (it synthesizes and saves the plans apply reads)`,
  planJsonMissing: (path: string) => `${path}: no such file`,
  planJsonNone: () =>
    'no plan given: npm run plan:summary -- <plan.json>... (the output of terraform show -json <planfile>)',
  planJsonInvalid: (source: string, detail: string) =>
    `${source}: not JSON (${detail}); pass the output of terraform show -json <planfile>`,
  planJsonNotAPlan: (source: string) =>
    `${source}: not a Terraform plan; pass the output of terraform show -json <planfile> (format 1.x)`,
  planErrored: (source: string) =>
    `${source}: Terraform reports this plan as errored; fix the error and plan again`,
  allowDestroyInvalid: (text: string) =>
    `--allow-destroy '${text}': expected a resource address such as aws_s3_bucket.target-bucket, or <stack>:<address> such as sandbox-storage:aws_s3_bucket.target-bucket`,
  guardFailed: (count: number) =>
    `the plan deletes or replaces ${count} protected resource${count === 1 ? '' : 's'} (listed above); name each one with --allow-destroy <stack>:<address> once the data is safe elsewhere`,
  terraformFailed: (stack: string, step: string) =>
    `${stack}: terraform ${step} failed (its output is above); nothing after ${stack} was run`,
  noSavedPlan: (stack: string) =>
    `${stack}: no saved plan; run npm run plan (with the same --env/--stack) first`,
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
    'a reason: why the finding is accepted and who accepted it (it is printed with the finding)',
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

/** What `npm run docs:config` says about the generated configuration reference. */
export const DocsMessages = {
  configReferenceStale: (file: string) =>
    `${file} is stale: it is not what the config schema and the prose in lib/docs/configuration-page.ts generate; run npm run docs:config and commit the result`,
  configReferenceCurrent: (file: string) => `${file}: the configuration reference is up to date`,
  configReferenceWritten: (file: string) => `${file}: the configuration reference is regenerated`,
  usage: (detail: string) => `${detail}; usage: npm run docs:config -- [--check] [--file <path>]`,
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

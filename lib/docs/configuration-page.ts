/**
 * The prose of docs/configuration.md around the generated tables: what no single field says. What
 * a field means lives in the schema (`.meta({ description })` in lib/app/schema.ts and stacks/<layer>/config.ts), not here.
 */
import type { ReferencePage } from './config-reference';

const yaml = (text: string) => '```yaml\n' + text.trim() + '\n```';

export const CONFIGURATION_PAGE: ReferencePage = {
  title: 'Configuration reference',
  intro: `
One YAML file describes every environment. \`LDM_CONFIG=path\` selects it; the default is
\`config/example.yaml\`. It is validated once, before anything is synthesized: every problem is
printed on its own line with the field path, the value received and what is allowed.

\`\`\`
error: Configuration my-envs.yaml is invalid
  - environments[0].accountId: got '12345', expected a 12-digit AWS account id as a quoted string (for example "111111111111")
  - environments[1].network.onPremCidrs[0]: got '10.0.0.0/8', expected an on-premises CIDR that does not overlap the VPC CIDR 10.20.0.0/16: traffic to addresses in both could not be routed
\`\`\`

This page is generated from the schema in \`lib/app/schema.ts\` and \`stacks/<layer>/config.ts\` by \`npm run docs:config\`, and a test
fails when it is stale: change a field's description there, not here. In the tables, _default_ is
what an omitted field becomes: _required_ fields must be given, _none_ leaves the field unset, and
_its fields' defaults_ fills an omitted object in field by field. The fields of an environment are
named from \`environments[]\`: \`network.vpcCidr\` is \`environments[].network.vpcCidr\`. Relative
paths start at the directory the toolkit runs in, like \`LDM_CONFIG\`.
`,
  sections: {
    '': {
      after: `
Every string of the config reaches Terraform as written: \`\${…}\` and \`%{…}\` in a description or
a condition are text, never an expression Terraform evaluates (a \`\${file("…")}\` stays those
characters, in the plan and in AWS). Where AWS allows no such characters, as in tags, they are
refused.

Tags follow AWS's tag rules: a key of 1-128 and a value of 0-256 characters, each a letter (of any
script), a digit, a space or one of \`_ . : / = + - @\`; neither starting with \`aws:\` in any
case; keys unique regardless of case, none of them \`Project\`, \`Environment\` or \`ManagedBy\` in any
case; at most 46 (AWS allows 50 on a resource, the toolkit sets three, and \`Name\` on EC2
resources).
`,
    },
    'environments[]': {
      after: `
One account, one owner. Across the environments of a file, these are refused, naming both
environments and the setting that resolves it:

- two environments in one account and region that both manage the Glue Data Catalog's encryption
  settings, or both its resource policy (\`crossAccountReaders\`): each exists once per account and
  region, and two stacks would undo each other's applies. On all but one, set
  \`catalog.manageEncryptionSettings: false\` (or move the readers). Lake Formation registration is
  per S3 location, the environment's own bucket, so two environments may each register theirs.
- the same bucket name twice in the file: target and access-log buckets, given or generated, the
  state bucket and its \`<bucket>-logs\`. Bucket names are global.
- the same database name twice in one Glue Data Catalog (the account of \`catalogId\`, or the
  environment's own, and the region).
`,
    },
    'acknowledgements[]': {
      intro: `
Policy findings accepted on purpose. Every synth runs the policy pack and fails on a finding
nobody acknowledged; [policy.md](policy.md) lists the rules and how acknowledging works.
`,
      after: `
Refused: a rule id the pack does not have, a resource without \`<stack id>/\`, a missing or blank
reason, or one with control or bidirectional-formatting characters.
`,
    },
    'environments[].network': {
      intro: `
The VPC LDM reaches privately, and the link to on premises; [network.md](network.md) describes
what the network stack builds and why.
`,
    },
    'environments[].network.existingVpc': {
      intro: `
An existing VPC is used as it is: the stack adds endpoints, their security group and flow logs,
and the S3 gateway endpoint's route in the given route tables; it changes nothing else in the VPC.
`,
    },
    'environments[].network.connectivity': {
      intro: 'The link to on premises, chosen by `type`.',
      after: yaml(`
network:
  vpcCidr: 10.20.0.0/16
  availabilityZones: [eu-west-1a, eu-west-1b]
  onPremCidrs: [192.168.0.0/16]
  connectivity: { type: vpn, customerGatewayIp: 203.0.113.10, bgpAsn: 65010 }
`),
    },
    'environments[].migrator': {
      intro: `
Where LDM runs, who may reach it, and how it gets AWS credentials. The security layer builds the
role, the key and the security groups from these fields; [security.md](security.md) lists every
port and IAM action with its reason.
`,
    },
    'environments[].migrator.rolesAnywhere': {
      after: yaml(`
migrator:
  placement: on-premises
  credentials: roles-anywhere
  rolesAnywhere:
    caCertificateFile: config/certs/example-ca.pem # an example CA: use your own
    commonNames: [ldm-edge-01.example.internal]
`),
    },
    'environments[].migrator.hosts': {
      intro: `
The EC2 hosts the migrator stack launches, and what the rendered host configuration needs beside
the stacks' outputs. [host-configuration.md](host-configuration.md) shows what becomes of them.
`,
      after: `
Paths are absolute, of letters, digits, single spaces and \`. _ + @ = , : -\`: what a shell and
LDM's CLI read the same way once quoted. A host is refused where it has no place: the migrator host
without \`placement: ec2\`, the agent host without \`remoteGlueAgent\`, either without
\`credentials: instance-profile\` (the instance profile is how a launched host gets credentials).

${yaml(`
migrator:
  placement: ec2
  adminCidrs: [192.168.10.0/24]
  remoteGlueAgent: true
  hosts:
    migrator: { instanceType: m6i.4xlarge, rootVolumeSizeGiB: 500 }
    glueAgent: { imageId: ami-0123456789abcdef0 }
    hiveWarehousePath: /warehouse/tablespace/managed/hive
`)}
`,
    },
    'environments[].storage': {
      intro: `
The S3 target bucket and its access-log bucket; [storage.md](storage.md) says what each setting
protects against.
`,
      after: `
Bucket names follow S3's rules: 3-63 characters of \`a-z0-9.-\`, starting and ending with a letter
or digit, no \`..\`, not an IP address, not starting with \`xn--\`, \`sthree-\` or
\`amzn-s3-demo-\`, not ending with \`-s3alias\`, \`--ol-s3\`, \`.mrap\`, \`--x-s3\` or
\`--table-s3\`.
`,
    },
    'environments[].catalog': {
      intro: `
The Glue Data Catalog HiveMigrator writes into; see [catalog.md](catalog.md) for what the stack
creates and why.
`,
    },
    'environments[].catalog.databases[]': {
      after: `
Refused: a name with upper case (the message gives the lowercase spelling) or characters other
than lowercase letters, digits and underscores, or longer than 255; a name used twice; a location
that is not \`s3://bucket/key\` or is outside the target bucket without the flag; a \`catalogId\`
that is not 12 digits or is the environment's own account, or that comes with
\`manageEncryptionSettings: true\`, \`crossAccountReaders\` or \`registerWithLakeFormation\`; a
reader that is not an account id or role ARN, is in the environment's own account, is listed
twice, or has no database to read.
`,
    },
  },
};

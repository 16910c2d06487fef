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
  envName:
    'a name of 1-20 characters: lowercase letters, digits and hyphens, starting with a letter',
  uniqueEnvName: 'a name no other environment uses',
  accountId: 'a 12-digit AWS account id as a quoted string (for example "111111111111")',
  region: 'a known AWS region such as eu-west-1 (see lib/regions.ts)',
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
  stateS3: 'state.s3 with bucket and region when state.backend is s3',
  s3BucketName: 'an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens',
  keyPrefix:
    'a key prefix of letters, digits, hyphens, underscores and slashes, without leading or trailing slash',
  unknownField: (allowed: readonly string[]) =>
    `no such field; allowed here: ${allowed.length > 0 ? allowed.join(', ') : '(none)'}`,
  oneOf: (values: readonly (string | number)[]) =>
    `one of ${values.map((v) => String(v)).join(', ')}`,
  generatedNameTooLong: (what: string, limit: number, name: string) =>
    `shorter project and environment names: the ${what} name '${name}' would exceed ${limit} characters`,
} as const;

/** Messages for failures outside config validation: files, commands, tools. */
export const Fail = {
  configMissing: (path: string) =>
    `${path}: no such file; set LDM_CONFIG to your environments file or start from config/example.yaml`,
  configUnreadable: (path: string, reason: string) => `${path}: cannot be read (${reason})`,
  configNotYaml: (path: string, detail: string) => `${path}: not valid YAML: ${detail}`,
  configNotMapping: (path: string) =>
    `${path}: expected a YAML mapping with project, environments, ...; see config/example.yaml`,
  terraformMissing: () =>
    'terraform: not found on PATH; install Terraform >= 1.10 (https://developer.hashicorp.com/terraform/install) or set TERRAFORM_BINARY',
} as const;

/**
 * What the stacks of one environment output once applied, with made-up values for what AWS
 * generates: ids of the right shape (`vpce-…`, `subnet-…`, `lt-…`), endpoint-specific DNS names,
 * ARNs, addresses inside the VPC. Everything else is real: the outputs and their expressions are
 * read from the synthesized stacks, and the expressions (references, `trimprefix`, the resolver's
 * `for` expression, other stacks' remote state) are evaluated the way Terraform would.
 *
 * Deterministic: a value is derived from a hash of its stack and resource, so golden files built
 * from it stay put. The unit tests render every shipped config's host configuration from these
 * outputs, and the terraform tier gives the same values to `terraform test` (override_data for
 * the remote-state lookups, override_resource for the migrator stack's own resources).
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Address4 } from 'ip-address';
import { parseCidr } from '../../lib/core/cidr';
import { partitionOf } from '../../lib/core/regions';

/** A value an output (or a resource attribute) can have here. */
export type FakeValue = string | string[];

/** The parts of a synthesized stack this module reads. */
export interface StackJson {
  readonly output?: Record<string, { value: unknown; sensitive?: boolean }>;
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
}

/** One environment: its stacks' cdk.tf.json, by stack id, in dependency order. */
export interface EnvironmentSynth {
  readonly region: string;
  readonly accountId: string;
  /** The VPC CIDR (new or existing): addresses are made up inside it. */
  readonly vpcCidr: string;
  readonly stacks: ReadonlyMap<string, StackJson>;
}

/** Resource ids AWS makes up, by type (`<prefix>-<17 hex digits>`). */
const ID_PREFIX: Record<string, string> = {
  aws_vpc: 'vpc',
  aws_subnet: 'subnet',
  aws_route_table: 'rtb',
  aws_security_group: 'sg',
  aws_vpc_endpoint: 'vpce',
  aws_vpn_connection: 'vpn',
  aws_vpn_gateway: 'vgw',
  aws_customer_gateway: 'cgw',
  aws_ec2_transit_gateway_vpc_attachment: 'tgw-attach',
  aws_instance: 'i',
  aws_launch_template: 'lt',
  aws_route53_resolver_endpoint: 'rslvr-in',
};

const hex = (seed: string, length: number) =>
  createHash('sha256').update(seed).digest('hex').slice(0, length);

/** A UUID-shaped string (KMS key ids, Roles Anywhere ids). */
const uuid = (seed: string) => {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** `count`-th made-up address inside the VPC: offsets into its first blocks, like EC2's. */
function addressInVpc(vpcCidr: string, block: number, offset: number): string {
  const cidr = parseCidr(vpcCidr);
  if (!cidr) throw new Error(`fake-outputs: not a CIDR: ${vpcCidr}`);
  const blockSize = (cidr.last - cidr.first + 1n) / 8n;
  return Address4.fromBigInt(cidr.first + blockSize * BigInt(block) + BigInt(offset)).correctForm();
}

/** The made-up value of `type.name.attribute` in stack `stackId`, or undefined for one not known here. */
export function fakeAttribute(
  env: EnvironmentSynth,
  stackId: string,
  reference: string,
): FakeValue | undefined {
  const match = /^(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.(.+)$/.exec(reference);
  if (!match) return undefined;
  const [, type, name, attribute] = match as unknown as [string, string, string, string];
  const seed = `${stackId}/${type}.${name}`;
  const partition = partitionOf(env.region);
  const suffix = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  const config = env.stacks.get(stackId)?.resource?.[type]?.[name] ?? {};
  const hashNumber = parseInt(hex(seed, 6), 16);

  if (attribute === 'id' && ID_PREFIX[type]) return `${ID_PREFIX[type]}-${hex(seed, 17)}`;
  switch (`${type}.${attribute}`) {
    case 'aws_vpc_endpoint.dns_entry[0].dns_name': {
      const service = name.replace(/-interface-endpoint$/, '');
      const label = (parseInt(hex(`${seed}/dns`, 10), 16) + 36 ** 7).toString(36).slice(-8);
      const wildcard = service === 's3' ? '*.' : '';
      return `${wildcard}vpce-${hex(seed, 17)}-${label}.${service}.${env.region}.vpce.${suffix}`;
    }
    case 'aws_vpc_endpoint.prefix_list_id':
      return `pl-${hex(seed, 8)}`;
    case 'aws_kms_key.arn':
      return `arn:${partition}:kms:${env.region}:${env.accountId}:key/${uuid(seed)}`;
    case 'aws_iam_role.arn':
      return `arn:${partition}:iam::${env.accountId}:role/${String(config.name ?? name)}`;
    case 'aws_rolesanywhere_trust_anchor.arn':
      return `arn:${partition}:rolesanywhere:${env.region}:${env.accountId}:trust-anchor/${uuid(seed)}`;
    case 'aws_rolesanywhere_profile.arn':
      return `arn:${partition}:rolesanywhere:${env.region}:${env.accountId}:profile/${uuid(seed)}`;
    case 'aws_instance.private_ip':
      return addressInVpc(env.vpcCidr, 0, 16 + (hashNumber % 200));
    case 'aws_launch_template.latest_version':
      return '1';
    case 'aws_route53_resolver_endpoint.ip_address': {
      const count = Array.isArray(config.ip_address) ? config.ip_address.length : 2;
      return Array.from({ length: count }, (_, i) => addressInVpc(env.vpcCidr, i, 10));
    }
    default:
      return undefined;
  }
}

/** Every output of every stack of the environment, evaluated: stack id → output name → value. */
export function fakeEnvironmentOutputs(
  env: EnvironmentSynth,
): Map<string, Record<string, FakeValue>> {
  const all = new Map<string, Record<string, FakeValue>>();
  for (const [stackId, stack] of env.stacks) {
    const evaluate = (body: string): FakeValue => evaluateExpression(env, stackId, all, body);
    const values: Record<string, FakeValue> = {};
    for (const [name, output] of Object.entries(stack.output ?? {})) {
      values[name] = Array.isArray(output.value)
        ? output.value.map((v) => asString(fill(String(v), evaluate), name))
        : fill(String(output.value), evaluate);
    }
    all.set(stackId, values);
  }
  return all;
}

function asString(value: FakeValue, what: string): string {
  if (typeof value !== 'string') throw new Error(`fake-outputs: ${what} is a list in a list`);
  return value;
}

/** A template: a lone `${…}` keeps its value's type, anything else is a string. */
function fill(text: string, evaluate: (body: string) => FakeValue): FakeValue {
  const whole = /^\$\{((?:[^{}"]|"[^"]*")*)\}$/.exec(text);
  if (whole) return evaluate(whole[1]!);
  return text.replace(/\$\{((?:[^{}"]|"[^"]*")*)\}/g, (_, body: string) =>
    asString(evaluate(body), body),
  );
}

function evaluateExpression(
  env: EnvironmentSynth,
  stackId: string,
  done: ReadonlyMap<string, Record<string, FakeValue>>,
  body: string,
): FakeValue {
  const recurse = (inner: string) => evaluateExpression(env, stackId, done, inner);
  const trim = /^trimprefix\((.*), "(.*)"\)$/s.exec(body);
  if (trim) {
    const value = asString(recurse(trim[1]!), body);
    return value.startsWith(trim[2]!) ? value.slice(trim[2]!.length) : value;
  }
  const forIps = /^\[for (\w+) in (\S+)\.ip_address : \1\.ip\]$/.exec(body);
  if (forIps) return recurse(`${forIps[2]}.ip_address`);
  const remote =
    /^data\.terraform_remote_state\.cross-stack-reference-input-([^.]+)\.outputs\.(.+)$/.exec(body);
  if (remote) {
    const value = done.get(remote[1]!)?.[remote[2]!];
    if (value === undefined)
      throw new Error(`fake-outputs: ${remote[1]} has no output ${remote[2]}`);
    return value;
  }
  const value = fakeAttribute(env, stackId, body);
  if (value === undefined) {
    throw new Error(`fake-outputs: no made-up value for ${body} (add it to fakeAttribute)`);
  }
  return value;
}

/** Writes `<dir>/<stack id>.json` as `terraform output -json` prints them, sensitive flags included. */
export function writeOutputsFiles(
  dir: string,
  env: EnvironmentSynth,
  outputs: ReadonlyMap<string, Record<string, FakeValue>>,
): void {
  for (const [stackId, values] of outputs) {
    const declared = env.stacks.get(stackId)?.output ?? {};
    const json: Record<string, unknown> = {};
    for (const name of Object.keys(values).sort()) {
      const value = values[name]!;
      json[name] = {
        sensitive: declared[name]?.sensitive === true,
        type: Array.isArray(value) ? ['tuple', value.map(() => 'string')] : 'string',
        value,
      };
    }
    writeFileSync(join(dir, `${stackId}.json`), `${JSON.stringify(json, null, 2)}\n`);
  }
}

/** One environment of a synth, in the layers' order, for the functions above. */
export function environmentSynth(
  stacks: Readonly<Record<string, StackJson>>,
  environment: {
    readonly name: string;
    readonly region: string;
    readonly accountId: string;
    readonly network: { readonly vpcCidr?: string; readonly existingVpc?: { cidr: string } };
  },
  layers: readonly string[],
): EnvironmentSynth {
  const vpcCidr = environment.network.vpcCidr ?? environment.network.existingVpc?.cidr;
  if (vpcCidr === undefined) throw new Error('fake-outputs: the environment has no VPC CIDR');
  return {
    region: environment.region,
    accountId: environment.accountId,
    vpcCidr,
    stacks: new Map(
      layers.map((layer) => {
        const id = `${environment.name}-${layer}`;
        const stack = stacks[id];
        if (!stack) throw new Error(`fake-outputs: the synth has no stack ${id}`);
        return [id, stack] as const;
      }),
    ),
  };
}

/**
 * A string of stack `stackId` with its `${…}` filled in as Terraform would after applying: other
 * stacks' outputs from `outputs`, the stack's own resources from the made-up values.
 */
export function fillStackTemplate(
  env: EnvironmentSynth,
  stackId: string,
  outputs: ReadonlyMap<string, Record<string, FakeValue>>,
  text: string,
): string {
  return asString(
    fill(text, (body) => evaluateExpression(env, stackId, outputs, body)),
    text,
  );
}

/**
 * Placeholder upstream outputs, like Terragrunt's `mock_outputs`: a stack whose upstream is not
 * deployed yet can still be planned. cdktf wires stacks with `data.terraform_remote_state` blocks
 * that read the upstream's `cross-stack-output-…` outputs; an override file points those blocks
 * at a state file (format v4) that holds only outputs, with values derived from the outputs the
 * upstream stack declares in its cdk.tf.json:
 *
 * - values known at synth time (names, CIDRs from the config) are kept as they are;
 * - references to resource attributes get a value of the attribute's type, from the provider
 *   schema (`terraform providers schema -json`): lists for list attributes, objects for blocks;
 * - strings look like what they stand for and pass the provider's validation (ARNs parse, ids have
 *   the right prefix, CIDRs are documentation ranges), while reading as obviously fake: ids are
 *   zeros and a counter (`vpc-00000000000000001`), names and DNS names say `placeholder`.
 *
 * Everything here is pure; the plan pipeline reads the files and runs terraform.
 */
import { jsonStrings, templateExpressions } from '../core/literal';
import type { TerraformJson } from '../app/synth-output';
import { iamRoleArn, regionalArn, s3BucketArn } from '../core/arns';
import { partitionOf } from '../core/regions';
import { canonicalJson, sha256 } from '../core/digest';

/** The parts of a synthesized Terraform JSON configuration read here. */
export type { TerraformJson };

interface AwsProviderBlock {
  readonly region?: string;
  readonly allowed_account_ids?: readonly string[];
}

/** A `terraform_remote_state` data source of a consuming stack and what it reads. */
export interface RemoteStateSource {
  /** The data source name (`cross-stack-reference-input-<stack>` with cdktf). */
  readonly name: string;
  /** The stack whose state it reads; undefined when no stack of the synth matches. */
  readonly upstream: string | undefined;
  readonly backend: string;
  readonly config: Readonly<Record<string, unknown>>;
  /** Output names the consuming stack reads through it, sorted. */
  readonly outputsRead: readonly string[];
}

function backendKey(backend: string, config: Readonly<Record<string, unknown>>): string {
  if (backend === 'local') return `local:${String(config.path)}`;
  if (backend === 's3') return `s3:${String(config.bucket)}/${String(config.key)}`;
  return `${backend}:${JSON.stringify(config)}`;
}

/**
 * The remote state data sources of `consumer`, each matched to the stack whose backend it reads
 * (every stack directory sits at the same depth, so relative local paths compare as they are).
 */
export function remoteStateSources(
  consumer: TerraformJson,
  stacks: readonly { readonly id: string; readonly json: TerraformJson }[],
): RemoteStateSource[] {
  const byBackend = new Map<string, string>();
  for (const s of stacks) {
    const [backend, config] = Object.entries(s.json.terraform?.backend ?? {})[0] ?? [];
    if (backend && config) byBackend.set(backendKey(backend, config), s.id);
  }
  // References are read where Terraform evaluates them, never in literal text (a description that
  // spells one, escaped by lib/core/literal.ts, reads nothing).
  const text = jsonStrings(consumer).flatMap(templateExpressions).join('\n');
  return Object.entries(consumer.data?.terraform_remote_state ?? {}).map(([name, raw]) => {
    const block = raw as { readonly backend: string; readonly config?: Record<string, unknown> };
    const config = block.config ?? {};
    const reads = new Set<string>();
    const pattern = new RegExp(
      `data\\.terraform_remote_state\\.${escapeRegExp(name)}\\.outputs\\.([A-Za-z0-9_-]+)`,
      'g',
    );
    for (const m of text.matchAll(pattern)) reads.add(m[1]!);
    return {
      name,
      upstream: byBackend.get(backendKey(block.backend, config)),
      backend: block.backend,
      config,
      outputsRead: [...reads].sort(),
    };
  });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A Terraform type constraint as JSON, as in provider schemas and state files. */
export type CtyType = string | [string, unknown];

/** A block of a provider schema (`terraform providers schema -json`). */
export interface BlockSchema {
  readonly attributes?: Record<
    string,
    {
      readonly type?: CtyType;
      readonly nested_type?: {
        readonly attributes: BlockSchema['attributes'];
        readonly nesting_mode: string;
      };
    }
  >;
  readonly block_types?: Record<
    string,
    { readonly nesting_mode: string; readonly block: BlockSchema }
  >;
}

/** The schema of a resource or data source type (data sources are looked up as `data.<type>`). */
export type SchemaLookup = (type: string) => BlockSchema | undefined;

/** Builds a lookup from the output of `terraform providers schema -json`. */
export function schemaLookup(providersSchema: {
  provider_schemas?: Record<
    string,
    {
      resource_schemas?: Record<string, { block: BlockSchema }>;
      data_source_schemas?: Record<string, { block: BlockSchema }>;
    }
  >;
}): SchemaLookup {
  const blocks = new Map<string, BlockSchema>();
  for (const provider of Object.values(providersSchema.provider_schemas ?? {})) {
    for (const [type, s] of Object.entries(provider.resource_schemas ?? {}))
      blocks.set(type, s.block);
    for (const [type, s] of Object.entries(provider.data_source_schemas ?? {}))
      blocks.set(`data.${type}`, s.block);
  }
  return (type) => blocks.get(type);
}

/** The cty object type of a schema block: its attributes and nested blocks. */
export function blockType(block: BlockSchema): CtyType {
  const fields: Record<string, CtyType> = {};
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    fields[name] = attr.type ?? nestedType(attr.nested_type!);
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    fields[name] = collection(nested.nesting_mode, blockType(nested.block));
  }
  return ['object', fields];
}

function nestedType(nested: {
  attributes: BlockSchema['attributes'];
  nesting_mode: string;
}): CtyType {
  return collection(nested.nesting_mode, blockType({ attributes: nested.attributes }));
}

function collection(mode: string, element: CtyType): CtyType {
  if (mode === 'single' || mode === 'group') return element;
  if (mode === 'map') return ['map', element];
  return [mode === 'set' ? 'set' : 'list', element];
}

/** Where a value stands: the resource type and the attribute, for plausible strings. */
interface Hint {
  readonly resourceType?: string;
  readonly attribute?: string;
}

export interface PlaceholderContext {
  /** The upstream stack's account and region (from its provider block). */
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
}

/** The account and region a stack's provider is pinned to. */
export function providerContext(json: TerraformJson): PlaceholderContext {
  const aws = json.provider?.aws;
  const block = (Array.isArray(aws) ? aws[0] : aws) as AwsProviderBlock | undefined;
  const region = block?.region ?? 'us-east-1';
  const partition = partitionOf(region);
  return { accountId: block?.allowed_account_ids?.[0] ?? '000000000000', region, partition };
}

/** Id prefixes AWS uses, by resource type and by the attribute that refers to one. */
const ID_PREFIXES: Record<string, string> = {
  aws_vpc: 'vpc',
  aws_subnet: 'subnet',
  aws_security_group: 'sg',
  aws_route_table: 'rtb',
  aws_vpc_endpoint: 'vpce',
  aws_internet_gateway: 'igw',
  aws_nat_gateway: 'nat',
  aws_network_acl: 'acl',
  aws_network_interface: 'eni',
  aws_instance: 'i',
  aws_flow_log: 'fl',
  aws_eip: 'eipalloc',
  aws_ec2_managed_prefix_list: 'pl',
  aws_ec2_transit_gateway: 'tgw',
  aws_ec2_transit_gateway_vpc_attachment: 'tgw-attach',
  aws_ec2_transit_gateway_route_table: 'tgw-rtb',
  aws_vpn_gateway: 'vgw',
  aws_customer_gateway: 'cgw',
  aws_vpn_connection: 'vpn',
};
const ATTRIBUTE_ID_PREFIXES: Record<string, string> = {
  vpc_id: 'vpc',
  subnet_id: 'subnet',
  subnet_ids: 'subnet',
  security_group_id: 'sg',
  security_group_ids: 'sg',
  route_table_id: 'rtb',
  route_table_ids: 'rtb',
  prefix_list_id: 'pl',
  network_interface_id: 'eni',
  network_interface_ids: 'eni',
  vpc_endpoint_id: 'vpce',
  transit_gateway_id: 'tgw',
  transit_gateway_attachment_id: 'tgw-attach',
  vpn_gateway_id: 'vgw',
  customer_gateway_id: 'cgw',
  instance_id: 'i',
};
/** Resource types whose id is a UUID (KMS keys). */
const UUID_IDS = new Set(['aws_kms_key', 'aws_kms_replica_key', 'aws_kms_external_key']);
const DOCUMENTATION_CIDRS = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'];

/** Generates distinct, plausible, obviously fake values. One per placeholder state. */
class Placeholders {
  private n = 0;
  constructor(private readonly ctx: PlaceholderContext) {}

  value(type: CtyType, hint: Hint): unknown {
    if (typeof type === 'string') {
      if (type === 'number') return 1;
      if (type === 'bool') return false;
      return this.string(hint);
    }
    const [kind, inner] = type;
    if (kind === 'list' || kind === 'set') {
      return [this.value(inner as CtyType, hint), this.value(inner as CtyType, hint)];
    }
    if (kind === 'map') return { placeholder: this.value(inner as CtyType, hint) };
    if (kind === 'object') {
      return Object.fromEntries(
        Object.entries(inner as Record<string, CtyType>).map(([k, t]) => [
          k,
          this.value(t, { ...hint, attribute: k }),
        ]),
      );
    }
    if (kind === 'tuple') return (inner as CtyType[]).map((t) => this.value(t, hint));
    return this.string(hint);
  }

  string(hint: Hint): string {
    const n = ++this.n;
    const { accountId, region, partition } = this.ctx;
    const type = hint.resourceType ?? '';
    const attr = hint.attribute ?? '';
    const digits = String(n).padStart(17, '0');
    const uuid = `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;
    if (attr === 'arn' || attr.endsWith('_arn')) {
      const service = type.startsWith('aws_') ? type.split('_')[1]! : 'placeholder';
      if (service === 's3') return s3BucketArn(partition, `placeholder-${n}`);
      if (service === 'iam') return iamRoleArn({ partition, accountId }, `placeholder-${n}`);
      if (service === 'kms') return regionalArn(this.ctx, 'kms', `key/${uuid}`);
      return regionalArn(this.ctx, service, `placeholder/placeholder-${n}`);
    }
    if (attr === 'id' && UUID_IDS.has(type)) return uuid;
    if (attr === 'key_id' || attr === 'target_key_id') return uuid;
    const prefix = attr === 'id' ? ID_PREFIXES[type] : ATTRIBUTE_ID_PREFIXES[attr];
    if (prefix) return `${prefix}-${digits}`;
    if (['owner_id', 'account_id', 'catalog_id'].includes(attr)) return accountId;
    if (attr === 'region' || (type === 'aws_region' && ['id', 'name'].includes(attr)))
      return region;
    if (type === 'aws_partition' && attr === 'partition') return partition;
    if (attr === 'hosted_zone_id') return `Z${digits}`;
    if (attr.includes('cidr')) return DOCUMENTATION_CIDRS[n % 3]!;
    if (attr.endsWith('_ip') || attr === 'ip_address') return `192.0.2.${n % 255}`;
    if (attr.includes('dns_name')) {
      return type === 'aws_vpc_endpoint'
        ? `vpce-${digits}-placeholder.${region}.vpce.amazonaws.com`
        : `placeholder-${n}.invalid`;
    }
    return `placeholder-${n}`;
  }
}

/** A reference such as `aws_vpc_endpoint.glue.dns_entry[0].dns_name` or `data.aws_region.r.name`. */
const TRAVERSAL =
  /^((?:data\.)?[a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)(\[(?:\d+|"[^"]*"|\*)\])?((?:\.[A-Za-z0-9_-]+|\[(?:\d+|\*)\])*)$/;
const FIRST_TRAVERSAL =
  /(?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?(?:\.[A-Za-z0-9_-]+|\[\d+\])*/;
const LIST_FUNCTIONS = new Set([
  'tolist',
  'toset',
  'concat',
  'flatten',
  'split',
  'distinct',
  'compact',
  'sort',
  'keys',
  'values',
  'slice',
  'coalescelist',
  'setunion',
  'reverse',
]);
const NUMBER_FUNCTIONS = new Set(['length', 'max', 'min', 'tonumber', 'parseint', 'sum']);
const MAP_FUNCTIONS = new Set(['tomap', 'merge', 'zipmap']);

/** The type of `path` (like `.dns_entry[0].dns_name`) inside a value of type `type`. */
function walk(type: CtyType | undefined, segments: readonly string[]): CtyType | undefined {
  let current = type;
  for (const seg of segments) {
    if (current === undefined || typeof current === 'string') return undefined;
    const [kind, inner] = current;
    if (seg === '[*]') {
      // A splat over a list keeps the list and applies the rest to each element.
      const rest = walk(inner as CtyType, segments.slice(segments.indexOf(seg) + 1));
      return rest === undefined ? undefined : ['list', rest];
    }
    if (seg.startsWith('[')) {
      if (kind === 'list' || kind === 'set' || kind === 'map') current = inner as CtyType;
      else if (kind === 'tuple') current = (inner as CtyType[])[Number(seg.slice(1, -1))];
      else return undefined;
    } else if (kind === 'object') {
      current = (inner as Record<string, CtyType>)[seg];
    } else if (kind === 'map') {
      current = inner as CtyType;
    } else {
      return undefined;
    }
  }
  return current;
}

function segmentsOf(path: string): string[] {
  return [...path.matchAll(/\.([A-Za-z0-9_-]+)|(\[(?:\d+|\*)\])/g)].map((m) => m[1] ?? m[2]!);
}

/** A placeholder for one `${…}` expression: its value and type. */
function expressionPlaceholder(
  expr: string,
  lookup: SchemaLookup,
  gen: Placeholders,
): { value: unknown; type: CtyType } {
  const ref = TRAVERSAL.exec(expr.trim());
  if (ref && ref[1] !== 'var' && ref[1] !== 'local') {
    const [, resourceType, , instance, path] = ref;
    const segments = segmentsOf(path ?? '');
    const schema = lookup(resourceType!);
    const resource = schema ? blockType(schema) : undefined;
    let type = walk(resource, segments);
    // `aws_subnet.private[*].id`: a splat over counted instances yields a list.
    if (type && instance === '[*]') type = ['list', type];
    const attribute = [...segments].reverse().find((s) => !s.startsWith('['));
    const hint = { resourceType: resourceType!.replace(/^data\./, ''), attribute };
    const resolved = type ?? 'string';
    return { value: gen.value(resolved, hint), type: resolved };
  }
  const call = /^([a-z][a-z0-9_]*)\(/.exec(expr.trim());
  const first = FIRST_TRAVERSAL.exec(expr);
  const inner = first ? TRAVERSAL.exec(first[0]) : null;
  const hint: Hint = inner
    ? {
        resourceType: inner[1]!.replace(/^data\./, ''),
        attribute: [...segmentsOf(inner[4] ?? '')].reverse().find((s) => !s.startsWith('[')),
      }
    : {};
  const fn = call?.[1];
  if (fn === 'jsonencode') return { value: '{}', type: 'string' };
  if (fn && NUMBER_FUNCTIONS.has(fn)) return { value: 1, type: 'number' };
  if (fn && LIST_FUNCTIONS.has(fn))
    return { value: gen.value(['list', 'string'], hint), type: ['list', 'string'] };
  if (fn && MAP_FUNCTIONS.has(fn))
    return { value: gen.value(['map', 'string'], hint), type: ['map', 'string'] };
  return { value: gen.string(hint), type: 'string' };
}

/** A placeholder for an output's value as written in the Terraform JSON. */
function valuePlaceholder(
  value: unknown,
  lookup: SchemaLookup,
  gen: Placeholders,
): { value: unknown; type: CtyType } {
  if (typeof value === 'string') {
    const whole = /^\$\{([\s\S]*)\}$/.exec(value);
    if (whole && !whole[1]!.includes('${')) return expressionPlaceholder(whole[1]!, lookup, gen);
    // A template: each interpolation becomes a string placeholder.
    const text = value.replace(/\$\{([^}]*)\}/g, (_, expr: string) =>
      String(expressionPlaceholder(expr, lookup, gen).value),
    );
    return { value: text, type: 'string' };
  }
  if (Array.isArray(value)) {
    const items = value.map((v) => valuePlaceholder(v, lookup, gen));
    return { value: items.map((i) => i.value), type: ['tuple', items.map((i) => i.type)] };
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(
      ([k, v]) => [k, valuePlaceholder(v, lookup, gen)] as const,
    );
    return {
      value: Object.fromEntries(entries.map(([k, v]) => [k, v.value])),
      type: ['object', Object.fromEntries(entries.map(([k, v]) => [k, v.type]))],
    };
  }
  if (typeof value === 'number') return { value, type: 'number' };
  if (typeof value === 'boolean') return { value, type: 'bool' };
  return { value: null, type: 'dynamic' };
}

export interface PlaceholderOutput {
  readonly value: unknown;
  readonly type: CtyType;
  readonly sensitive: boolean;
}

/** Placeholder values for every output `producer` declares. */
export function placeholderOutputs(
  producer: TerraformJson,
  lookup: SchemaLookup,
): Record<string, PlaceholderOutput> {
  const gen = new Placeholders(providerContext(producer));
  return Object.fromEntries(
    Object.entries(producer.output ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, out]) => {
        const { value, type } = valuePlaceholder(out.value, lookup, gen);
        return [name, { value, type, sensitive: out.sensitive === true }];
      }),
  );
}

/** A Terraform state file (format v4) that holds only outputs: enough for terraform_remote_state. */
export function outputsOnlyState(
  stack: string,
  outputs: Record<string, PlaceholderOutput>,
  terraformVersion: string,
): object {
  return {
    version: 4,
    terraform_version: terraformVersion,
    serial: 1,
    lineage: `ldm-placeholder-${stack}`,
    outputs: Object.fromEntries(
      Object.entries(outputs).map(([name, o]) => [
        name,
        { value: o.value, type: o.type, ...(o.sensitive ? { sensitive: true } : {}) },
      ]),
    ),
    resources: [],
    check_results: null,
  };
}

/** The override that points remote state data sources at local state files (absolute paths). */
export function remoteStateOverride(paths: Readonly<Record<string, string>>): object {
  return {
    data: {
      terraform_remote_state: Object.fromEntries(
        Object.entries(paths).map(([name, path]) => [name, { backend: 'local', config: { path } }]),
      ),
    },
  };
}

/**
 * A digest of the values of `names` among `outputs` (as `terraform output -json` prints them), so
 * apply can tell whether the upstream outputs a plan read have changed since, without keeping
 * the (often sensitive) values.
 */
export function outputsDigest(
  outputs: Readonly<Record<string, { readonly value?: unknown }>>,
  names: readonly string[],
): string {
  const picked = Object.fromEntries(
    [...names].sort().map((n) => [n, n in outputs ? { value: outputs[n]!.value } : null]),
  );
  return sha256(canonicalJson(picked));
}

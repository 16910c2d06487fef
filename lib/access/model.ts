/**
 * What the access tier evaluates, read from a synth: every IAM-bearing document of every stack of
 * an environment, with the Terraform references in it replaced by concrete values, and what each
 * one is attached to (a role, a bucket, the key, a queue, a VPC endpoint, the catalog).
 *
 * Values Terraform knows only after apply are replaced by stand-ins named after their resource,
 * so a reader can tell them apart from real ones: `arn:aws:kms:<region>:<account>:key/data-key`,
 * `vpce-s3-interface-endpoint`, `…:trust-anchor/roles-anywhere-trust-anchor`. Values computed at
 * synth time (a role's ARN from its name, a bucket's) are the real ones. A cross-stack reference
 * (`${data.terraform_remote_state.….outputs.…}`) is followed to the output of the stack that
 * publishes it. A reference this module cannot resolve is an error, never a silent match: the
 * simulator would treat `${aws_s3_bucket.x.arn}/*` as a pattern that matches everything.
 *
 * Nothing here imports the simulator (lib/access/harness.ts does).
 */
import type { Config, Environment } from '../app/schema';
import type { SynthesizedJson, TerraformJson } from '../app/synth-output';
import { type EnvironmentContext, environmentContext } from '../core/context';
import { IAM_POLICY_VERSION } from '../core/iam';
import { stackId } from '../core/naming';
import { remoteStateSources } from '../gitops/placeholders';
import { AccessHarnessError, type DocumentKind, type PolicyJson } from './types';

type Body = Record<string, unknown>;

/** One IAM-bearing document of the synth, resolved. */
export interface AccessDocument {
  /** How reports cite it: `<stack>/<resource address>`, plus the attribute when not `policy`. */
  readonly name: string;
  readonly stack: string;
  /** `aws_iam_role.migrator-role` */
  readonly address: string;
  /** `policy`, `assume_role_policy`, `inline_policy[0].policy` */
  readonly attribute: string;
  readonly kind: DocumentKind;
  readonly document: PolicyJson;
  /**
   * What it is attached to: role names (identity and trust), or the ARNs of the resource a
   * resource policy governs (a bucket and its objects, the key, the queue, the catalog), or the
   * endpoint id (endpoint).
   */
  readonly attachedTo: readonly string[];
}

/** Where IAM documents live in Terraform, by resource type and attribute. */
const DOCUMENT_ATTRIBUTES: Readonly<Record<string, Readonly<Record<string, DocumentKind>>>> = {
  aws_iam_role: { assume_role_policy: 'trust', 'inline_policy[].policy': 'identity' },
  aws_iam_role_policy: { policy: 'identity' },
  aws_iam_policy: { policy: 'identity' },
  aws_kms_key: { policy: 'resource' },
  aws_s3_bucket_policy: { policy: 'resource' },
  aws_sqs_queue_policy: { policy: 'resource' },
  aws_glue_resource_policy: { policy: 'resource' },
  aws_vpc_endpoint: { policy: 'endpoint' },
};

/** AWS's default endpoint policy: what an endpoint created without a policy has. */
export const DEFAULT_ENDPOINT_POLICY: PolicyJson = {
  Version: IAM_POLICY_VERSION,
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
};

interface Scope {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly dnsSuffix: string;
}

/** Concrete values of resource attributes, by resource type: real where computable, else stand-ins. */
const ATTRIBUTES: Readonly<
  Record<string, Readonly<Record<string, (s: Scope, id: string, body: Body) => string>>>
> = {
  aws_kms_key: {
    arn: (s, id) => `arn:${s.partition}:kms:${s.region}:${s.accountId}:key/${id}`,
    key_id: (_s, id) => id,
    id: (_s, id) => id,
  },
  aws_iam_role: {
    arn: (s, id, b) => `arn:${s.partition}:iam::${s.accountId}:role/${literal(b, 'name', id)}`,
    name: (_s, id, b) => literal(b, 'name', id),
    id: (_s, id, b) => literal(b, 'name', id),
  },
  aws_iam_policy: {
    arn: (s, id, b) => `arn:${s.partition}:iam::${s.accountId}:policy/${literal(b, 'name', id)}`,
  },
  aws_s3_bucket: {
    arn: (s, id, b) => `arn:${s.partition}:s3:::${literal(b, 'bucket', id)}`,
    id: (_s, id, b) => literal(b, 'bucket', id),
    bucket: (_s, id, b) => literal(b, 'bucket', id),
  },
  aws_sqs_queue: {
    arn: (s, id, b) =>
      `arn:${s.partition}:sqs:${s.region}:${s.accountId}:${literal(b, 'name', id)}`,
    url: (s, id, b) =>
      `https://sqs.${s.region}.${s.dnsSuffix}/${s.accountId}/${literal(b, 'name', id)}`,
  },
  aws_vpc_endpoint: { id: (_s, id) => `vpce-${id}` },
  aws_rolesanywhere_trust_anchor: {
    arn: (s, id) =>
      `arn:${s.partition}:rolesanywhere:${s.region}:${s.accountId}:trust-anchor/${id}`,
  },
  aws_rolesanywhere_profile: {
    arn: (s, id) => `arn:${s.partition}:rolesanywhere:${s.region}:${s.accountId}:profile/${id}`,
  },
  aws_cloudwatch_log_group: {
    arn: (s, id, b) =>
      `arn:${s.partition}:logs:${s.region}:${s.accountId}:log-group:${literal(b, 'name', id)}`,
    name: (_s, id, b) => literal(b, 'name', id),
  },
};

function literal(body: Body, field: string, id: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.includes('${')) {
    throw new AccessHarnessError(`${id}: its ${field} is not a literal (${String(value)})`);
  }
  return value;
}

/** `${…}` that is a Terraform interpolation (not an IAM variable, not escaped as `$${…}`). */
const INTERPOLATION = /(?<!\$)\$\{(?![*?$]\})([^}:]*)\}/g;
const RESOURCE_REF = /^([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)\.([a-z_]+)$/;
const REMOTE_REF = /^data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)$/;

/** Resolves the Terraform references of one environment's stacks to concrete values. */
export class Resolver {
  private readonly byId: ReadonlyMap<string, SynthesizedJson>;

  constructor(
    readonly scope: Scope,
    stacks: readonly SynthesizedJson[],
    private readonly all: readonly SynthesizedJson[],
  ) {
    this.byId = new Map(stacks.map((s) => [s.id, s]));
  }

  /** The value of one expression (the text between `${` and `}`) in a stack. */
  expression(stack: string, expression: string, depth = 0): string {
    const where = `${stack}: \${${expression}}`;
    if (depth > 4) throw new AccessHarnessError(`${where}: references nest too deeply`);
    const json = this.stack(stack).json;
    const remote = REMOTE_REF.exec(expression.trim());
    if (remote) {
      const [, source, output] = remote;
      const upstream = remoteStateSources(json, this.all).find((s) => s.name === source)?.upstream;
      const value = upstream ? this.stack(upstream).json.output?.[output!]?.value : undefined;
      if (typeof value !== 'string') {
        throw new AccessHarnessError(`${where}: no output ${output} of ${upstream ?? source}`);
      }
      return this.text(upstream!, value, depth + 1);
    }
    const ref = RESOURCE_REF.exec(expression.trim());
    if (ref) {
      const [, type, id, attribute] = ref;
      const body = json.resource?.[type!]?.[id!];
      const value = ATTRIBUTES[type!]?.[attribute!];
      if (!body || !value) {
        throw new AccessHarnessError(
          `${where}: no concrete value for this reference (lib/access/model.ts knows ${Object.keys(ATTRIBUTES).join(', ')})`,
        );
      }
      return value(this.scope, id!, body);
    }
    throw new AccessHarnessError(`${where}: not a reference the access tier can resolve`);
  }

  /** A string with every interpolation replaced, and IAM variables (`$${aws:username}`) unescaped. */
  text(stack: string, value: string, depth = 0): string {
    return value
      .replace(INTERPOLATION, (_whole, inner: string) => this.expression(stack, inner, depth))
      .replace(/\$\$\{/g, '${');
  }

  /** Every string of a JSON value resolved (keys too). */
  json(stack: string, value: unknown): unknown {
    if (typeof value === 'string') return this.text(stack, value);
    if (Array.isArray(value)) return value.map((v) => this.json(stack, v));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [this.text(stack, k), this.json(stack, v)]),
      );
    }
    return value;
  }

  stack(id: string): SynthesizedJson {
    const s = this.byId.get(id) ?? this.all.find((x) => x.id === id);
    if (!s) throw new AccessHarnessError(`no stack ${id} in the synth`);
    return s;
  }
}

/** The VPC endpoint of a service, as the network stack made it. */
export interface EndpointModel {
  readonly id: string;
  /** Its policy, or AWS's default one when the stack sets none. */
  readonly policy: AccessDocument;
}

/** One environment of a synth, as the access tier sees it. */
export interface EnvironmentModel {
  readonly environment: Environment;
  readonly context: EnvironmentContext;
  readonly documents: readonly AccessDocument[];
  readonly resolver: Resolver;
  /** A value of a resource in a layer's stack: `value('security', 'aws_kms_key.data-key.arn')`. */
  value(layer: string, expression: string): string;
  /** Does the layer's stack have this resource (`aws_iam_role.lake-formation-role`)? */
  has(layer: string, address: string): boolean;
  /** The identity policies of a role, inline and attached. */
  identityPolicies(roleName: string): readonly AccessDocument[];
  /** The trust policy of a role. */
  trustPolicy(roleName: string): AccessDocument;
  /** The resource policy attached to a resource ARN (a bucket, the key, a queue, the catalog). */
  resourcePolicy(arn: string): AccessDocument | undefined;
  /** The endpoint `<service>-interface-endpoint` or `s3-gateway-endpoint`, if the stack has it. */
  endpoint(constructId: string): EndpointModel | undefined;
}

/** Every document of a stack, with its kind; a policy-shaped attribute the table lacks is an error. */
function documentsOf(stack: SynthesizedJson, resolver: Resolver): AccessDocument[] {
  const found: AccessDocument[] = [];
  for (const [type, resources] of Object.entries(stack.json.resource ?? {})) {
    for (const [id, body] of Object.entries(resources)) {
      const address = `${type}.${id}`;
      const holders: [string, string, unknown][] = Object.entries(body).map(([k, v]) => [k, k, v]);
      for (const [k, v] of Object.entries(body)) {
        if (Array.isArray(v)) {
          v.forEach((block, i) => {
            if (block && typeof block === 'object') {
              for (const [bk, bv] of Object.entries(block as Body)) {
                holders.push([`${k}[${i}].${bk}`, `${k}[].${bk}`, bv]);
              }
            }
          });
        }
      }
      for (const [attribute, pattern, value] of holders) {
        if (typeof value !== 'string' || !/"Statement"\s*:/.test(value)) continue;
        const kind = DOCUMENT_ATTRIBUTES[type]?.[pattern];
        if (!kind) {
          throw new AccessHarnessError(
            `${stack.id}/${address}.${attribute}: a policy document the access tier does not know how to attach (lib/access/model.ts DOCUMENT_ATTRIBUTES)`,
          );
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(value);
        } catch {
          throw new AccessHarnessError(`${stack.id}/${address}.${attribute}: not JSON`);
        }
        found.push({
          name: `${stack.id}/${address}${attribute === 'policy' ? '' : `#${attribute}`}`,
          stack: stack.id,
          address,
          attribute,
          kind,
          document: resolver.json(stack.id, parsed) as PolicyJson,
          attachedTo: attachment(stack, type, id, body, resolver),
        });
      }
    }
  }
  return found;
}

/** What a document's resource attaches it to (see AccessDocument.attachedTo). */
function attachment(
  stack: SynthesizedJson,
  type: string,
  id: string,
  body: Body,
  resolver: Resolver,
): string[] {
  const text = (v: unknown) => (typeof v === 'string' ? resolver.text(stack.id, v) : '');
  const self = (attribute: string) => resolver.expression(stack.id, `${type}.${id}.${attribute}`);
  switch (type) {
    case 'aws_iam_role':
      return [self('name')];
    case 'aws_iam_role_policy':
      return [text(body.role)];
    case 'aws_iam_policy': {
      const arn = self('arn');
      const attachments = stack.json.resource?.aws_iam_role_policy_attachment ?? {};
      return Object.values(attachments)
        .filter((a) => text(a.policy_arn) === arn)
        .map((a) => text(a.role));
    }
    case 'aws_kms_key':
      return [self('arn')];
    case 'aws_s3_bucket_policy': {
      const bucket = text(body.bucket);
      const arn = bucket.startsWith('arn:')
        ? bucket
        : `arn:${resolver.scope.partition}:s3:::${bucket}`;
      return [arn, `${arn}/*`];
    }
    case 'aws_sqs_queue_policy': {
      const url = text(body.queue_url);
      const [, , host, account, name] = url.split('/');
      const region = host?.split('.')[1];
      return [`arn:${resolver.scope.partition}:sqs:${region}:${account}:${name}`];
    }
    case 'aws_glue_resource_policy': {
      const s = resolver.scope;
      return [`arn:${s.partition}:glue:${s.region}:${s.accountId}:*`];
    }
    case 'aws_vpc_endpoint':
      return [self('id')];
    default:
      return [];
  }
}

/** The model of every environment of a config, from its synth (`readSynth`). */
export function accessModels(
  config: Config,
  synth: readonly SynthesizedJson[],
): EnvironmentModel[] {
  return config.environments.map((environment) => environmentModel(config, environment, synth));
}

export function environmentModel(
  config: Config,
  environment: Environment,
  synth: readonly SynthesizedJson[],
): EnvironmentModel {
  const context = environmentContext(config, environment);
  const own = synth.filter((s) => s.id.startsWith(`${environment.name}-`));
  const resolver = new Resolver(context.aws, own, synth);
  const documents = own.flatMap((s) => documentsOf(s, resolver));
  const idOf = (layer: string) => stackId(environment.name, layer);
  const jsonOf = (layer: string): TerraformJson => resolver.stack(idOf(layer)).json;

  return {
    environment,
    context,
    documents,
    resolver,
    value: (layer, expression) => resolver.expression(idOf(layer), expression),
    has: (layer, address) => {
      const [type, id] = address.split('.') as [string, string];
      return jsonOf(layer).resource?.[type]?.[id] !== undefined;
    },
    identityPolicies: (roleName) =>
      documents.filter((d) => d.kind === 'identity' && d.attachedTo.includes(roleName)),
    trustPolicy: (roleName) => {
      const trust = documents.find((d) => d.kind === 'trust' && d.attachedTo.includes(roleName));
      if (!trust) throw new AccessHarnessError(`${environment.name}: no role ${roleName}`);
      return trust;
    },
    resourcePolicy: (arn) =>
      documents.find((d) => d.kind === 'resource' && d.attachedTo.includes(arn)),
    endpoint: (constructId) => {
      const network = idOf('network');
      if (!jsonOf('network').resource?.aws_vpc_endpoint?.[constructId]) return undefined;
      const address = `aws_vpc_endpoint.${constructId}`;
      const id = resolver.expression(network, `${address}.id`);
      const policy = documents.find((d) => d.stack === network && d.address === address) ?? {
        name: `${network}/${address} (AWS default policy)`,
        stack: network,
        address,
        attribute: 'policy',
        kind: 'endpoint' as const,
        document: DEFAULT_ENDPOINT_POLICY,
        attachedTo: [id],
      };
      return { id, policy };
    },
  };
}

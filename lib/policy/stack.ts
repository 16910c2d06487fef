/**
 * A read-only view of one synthesized stack (`cdk.tf.json`) for the rules: resources by type with
 * their Terraform addresses, references between them, and the quirks of Terraform JSON (a nested
 * block is an object or a list of objects; unset attributes are `null`). Built once per stack; the
 * rules share its indexes.
 */
import type { TerraformJson } from '../app/synth-output';

/** An object in Terraform JSON: a resource body, a block, a provider configuration. */
export type Body = Record<string, unknown>;

export type { TerraformJson };

/** One resource or data source of the stack. */
export interface Entry {
  readonly type: string;
  readonly name: string;
  /** `aws_s3_bucket.target-bucket`, `data.aws_iam_policy_document.trust`. */
  readonly address: string;
  readonly body: Body;
}

/** A provider configuration: `provider.aws`, or `provider.aws.<alias>`. */
export interface ProviderEntry {
  readonly name: string;
  readonly address: string;
  readonly body: Body;
}

export class StackView {
  private readonly cache = new Map<string, unknown>();

  constructor(
    readonly id: string,
    readonly json: TerraformJson,
  ) {}

  /** Every resource of a type, in the order the stack lists them. */
  resources(type: string): readonly Entry[] {
    return this.memo(`resource:${type}`, () => entries(this.json.resource?.[type], type, ''));
  }

  /** Every data source of a type. */
  dataSources(type: string): readonly Entry[] {
    return this.memo(`data:${type}`, () => entries(this.json.data?.[type], type, 'data.'));
  }

  /** The resource or data source a reference points at, when it is in this stack. */
  lookup(ref: Reference): Entry | undefined {
    const all = ref.data ? this.dataSources(ref.type) : this.resources(ref.type);
    return all.find((e) => e.name === ref.name);
  }

  /** Every provider configuration (Terraform JSON allows an object or a list per provider name). */
  providers(name: string): readonly ProviderEntry[] {
    return this.memo(`provider:${name}`, () =>
      blocks(this.json.provider?.[name]).map((body) => ({
        name,
        address:
          typeof body.alias === 'string' ? `provider.${name}.${body.alias}` : `provider.${name}`,
        body,
      })),
    );
  }

  /** The backend block, if the stack has one. */
  backend(): { readonly type: string; readonly address: string; readonly body: Body } | undefined {
    const [type, body] = Object.entries(this.json.terraform?.backend ?? {})[0] ?? [];
    return type && isBody(body) ? { type, address: `terraform.backend.${type}`, body } : undefined;
  }

  /** Computes a value once per stack: rules share derived indexes (policy documents, SG rules). */
  memo<T>(key: string, compute: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, compute());
    return this.cache.get(key) as T;
  }
}

function entries(byName: Record<string, Body> | undefined, type: string, prefix: string): Entry[] {
  return Object.entries(byName ?? {})
    .filter(([, body]) => isBody(body))
    .map(([name, body]) => ({ type, name, address: `${prefix}${type}.${name}`, body }));
}

export function isBody(value: unknown): value is Body {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Terraform JSON writes a nested block as an object or as a list of objects: always a list here. */
export function blocks(value: unknown): Body[] {
  if (Array.isArray(value)) return value.filter(isBody);
  return isBody(value) ? [value] : [];
}

/** The first block of a nested block attribute, or an empty one. */
export function block(value: unknown): Body {
  return blocks(value)[0] ?? {};
}

/** A list attribute's strings (a single string counts as a list of one). */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Terraform accepts `true` and `"true"` for booleans (launch templates even type them as strings). */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** A value Terraform computes at plan time: `${...}` anywhere in the string. */
export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.includes('${');
}

/** `${aws_s3_bucket.target.id}` and `${data.aws_iam_policy_document.trust.json}`, parsed. */
export interface Reference {
  readonly data: boolean;
  readonly type: string;
  readonly name: string;
  readonly attribute: string;
}

const REFERENCE = /^\$\{(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)\.([a-z_][a-z0-9_]*)\}$/;

/** The reference a whole value consists of; `undefined` for literals and other expressions. */
export function parseReference(value: unknown): Reference | undefined {
  if (typeof value !== 'string') return undefined;
  const m = REFERENCE.exec(value);
  if (!m) return undefined;
  return { data: m[1] !== undefined, type: m[2]!, name: m[3]!, attribute: m[4]! };
}

/**
 * True when `value` designates `target`: a reference to one of its `attributes`
 * (`${aws_s3_bucket.x.id}`), or the literal value of its naming attribute (`bucket = "my-bucket"`).
 */
export function pointsAt(
  value: unknown,
  target: Entry,
  attributes: readonly string[],
  nameAttribute?: string,
): boolean {
  const ref = parseReference(value);
  if (ref) {
    return (
      !ref.data &&
      ref.type === target.type &&
      ref.name === target.name &&
      attributes.includes(ref.attribute)
    );
  }
  if (nameAttribute === undefined || typeof value !== 'string' || isExpression(value)) return false;
  return value === target.body[nameAttribute];
}

/**
 * The configuration reference, generated from the zod schema so it cannot drift from what the
 * loader accepts. A pure function: schema (+ the page's prose) in, Markdown out.
 *
 * What each field says comes from the schema itself:
 * - type: the schema's `title` metadata where a pattern or rule needs words ("IPv4 CIDR"),
 *   otherwise read from the schema (boolean, one of …, whole number with its bounds, list of …);
 * - default: the schema's `.default()` value, `defaultText` metadata where the default depends on
 *   other fields or is generated ("instance-profile with placement ec2, …"), "none" for an
 *   optional field, "required" otherwise;
 * - meaning: the `description` metadata (`.meta({ description })`).
 * Metadata on wrappers (optional, default, pipes) wins over metadata of what they wrap, so a field
 * can say more than the shared type it uses. Pipes and transforms are read by their input side:
 * the page documents what a user writes.
 */
import { z } from 'zod';

const globalRegistry = z.globalRegistry;

/** Prose of the page around the generated tables; Markdown. */
export interface ReferencePage {
  readonly title: string;
  /** Before the first table. */
  readonly intro: string;
  /** Per section (keyed by its field path, e.g. `environments[].network`): prose around its table. */
  readonly sections?: Readonly<
    Record<string, { readonly intro?: string; readonly after?: string }>
  >;
}

/** What a field's default is, as the page shows it. */
export type FieldDefault =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'text'; readonly text: string }
  /** An object whose omission means "every field at its default" (`.prefault({})`). */
  | { readonly kind: 'fields' }
  | { readonly kind: 'none' }
  | { readonly kind: 'required' };

export interface ReferenceField {
  readonly name: string;
  /** Full path, e.g. `environments[].network.vpcCidr`. */
  readonly path: string;
  /** Readable type, Markdown. */
  readonly type: string;
  readonly default: FieldDefault;
  readonly description: string;
}

export interface ReferenceVariant {
  /** The discriminator's value. */
  readonly value: string;
  readonly description: string;
  readonly fields: readonly ReferenceField[];
}

export interface ReferenceSection {
  /** Full path of the object (`''` for the top level); lists end in `[]`. */
  readonly path: string;
  readonly heading: string;
  readonly depth: number;
  readonly fields: readonly ReferenceField[];
  /** For a discriminated union: the discriminator and one entry per variant. */
  readonly union?: {
    readonly discriminator: string;
    readonly variants: readonly ReferenceVariant[];
  };
}

type Schema = z.core.$ZodType;
type Def = z.core.$ZodTypeDef & Record<string, unknown>;

const defOf = (schema: Schema): Def => schema._zod.def as Def;

/** Wrappers that only say "may be left out" or "defaults to": the field is what they wrap. */
const WRAPPERS = new Set([
  'optional',
  'nullable',
  'default',
  'prefault',
  'readonly',
  'nonoptional',
]);

/** The chain from a field's outer schema to its structural core (pipes by their input side). */
function chain(schema: Schema): Schema[] {
  const out: Schema[] = [schema];
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (WRAPPERS.has(def.type)) current = def.innerType as Schema;
    else if (def.type === 'pipe' && !isTransform(def.in as Schema)) current = def.in as Schema;
    else return out;
    out.push(current);
  }
}

const isTransform = (schema: Schema) => defOf(schema).type === 'transform';
const core = (schema: Schema): Schema => chain(schema).at(-1)!;

/** Metadata along the chain; the outermost wins. */
function metaOf(schema: Schema): Record<string, unknown> {
  return Object.assign(
    {},
    ...chain(schema)
      .reverse()
      .map((s) => globalRegistry.get(s) ?? {}),
  );
}

const stringMeta = (meta: Record<string, unknown>, key: string): string | undefined =>
  typeof meta[key] === 'string' ? (meta[key] as string) : undefined;

/** The sections of the page, in order: the top level, then each object field depth-first. */
export function referenceSections(root: Schema): ReferenceSection[] {
  const sections: ReferenceSection[] = [];
  const visit = (schema: Schema, path: string, depth: number): void => {
    const target = core(schema);
    const def = defOf(target);
    const heading = headingOf(path);
    if (def.type === 'object') {
      const fields = fieldsOf(target, path);
      sections.push({ path, heading, depth, fields });
      for (const field of fields) visitChild(shapeOf(target)[field.name]!, field.path, depth);
    } else if (def.type === 'union' && typeof def.discriminator === 'string') {
      const discriminator = def.discriminator;
      const variants = (def.options as Schema[]).map((option) => {
        const variant = core(option);
        const fields = fieldsOf(variant, path).filter((f) => f.name !== discriminator);
        return {
          value: String(literalOf(shapeOf(variant)[discriminator]!)),
          description: stringMeta(globalRegistry.get(variant) ?? {}, 'description') ?? '',
          fields,
          variant,
        };
      });
      sections.push({
        path,
        heading,
        depth,
        fields: [],
        union: {
          discriminator,
          variants: variants.map(({ value, description: d, fields }) => ({
            value,
            description: d,
            fields,
          })),
        },
      });
      for (const v of variants) {
        for (const field of v.fields)
          visitChild(shapeOf(v.variant)[field.name]!, field.path, depth);
      }
    }
  };
  const visitChild = (schema: Schema, path: string, depth: number): void => {
    const target = core(schema);
    const def = defOf(target);
    if (def.type === 'object' || (def.type === 'union' && def.discriminator)) {
      visit(target, path, depth + 1);
    } else if (def.type === 'array' && isSection(def.element as Schema)) {
      visit(def.element as Schema, `${path}[]`, depth + 1);
    }
  };
  visit(root, '', 0);
  const headings = new Set<string>();
  for (const s of sections) {
    if (headings.has(s.heading)) throw new Error(`two sections are both headed ${s.heading}`);
    headings.add(s.heading);
  }
  return sections;
}

function isSection(schema: Schema): boolean {
  const def = defOf(core(schema));
  return def.type === 'object' || (def.type === 'union' && typeof def.discriminator === 'string');
}

/**
 * A section's heading: its path, without the top-level list it sits in (the fields of
 * `environments[]` read as `network`, `migrator.hosts`, …), so links stay short and stable.
 */
function headingOf(path: string): string {
  if (path === '') return 'Top level';
  const inList = /^[^.[\]]+\[\]\.(.+)$/.exec(path);
  return inList ? inList[1]! : path;
}

const shapeOf = (schema: Schema): Record<string, Schema> =>
  (defOf(schema).shape as Record<string, Schema>) ?? {};

function literalOf(schema: Schema): unknown {
  const def = defOf(core(schema));
  const values = def.values as unknown[] | undefined;
  if (def.type !== 'literal' || !values || values.length !== 1) {
    throw new Error('a discriminated union needs one literal per variant');
  }
  return values[0];
}

function fieldsOf(object: Schema, path: string): ReferenceField[] {
  return Object.entries(shapeOf(object)).map(([name, schema]) => {
    const fieldPath = path === '' ? name : `${path}.${name}`;
    const meta = metaOf(schema);
    return {
      name,
      path: fieldPath,
      type: typeOf(schema, fieldPath),
      default: defaultOf(schema, meta),
      description: stringMeta(meta, 'description') ?? '',
    };
  });
}

function defaultOf(schema: Schema, meta: Record<string, unknown>): FieldDefault {
  const text = stringMeta(meta, 'defaultText');
  if (text !== undefined) return { kind: 'text', text };
  let optional = false;
  for (const s of chain(schema)) {
    const def = defOf(s);
    if (def.type === 'default') return { kind: 'value', value: def.defaultValue };
    if (def.type === 'prefault') {
      const value = def.defaultValue;
      const empty =
        value !== null && typeof value === 'object' && Object.keys(value as object).length === 0;
      return empty && defOf(core(s)).type === 'object'
        ? { kind: 'fields' }
        : { kind: 'value', value };
    }
    if (def.type === 'optional') optional = true;
  }
  return optional ? { kind: 'none' } : { kind: 'required' };
}

/** The readable type of a field (Markdown). */
export function typeOf(schema: Schema, path: string): string {
  const title = stringMeta(metaOf(schema), 'title');
  if (title !== undefined) return title;
  const target = core(schema);
  const def = defOf(target);
  const checks = checksOf(target);
  const link = (what: string, sectionPath: string) =>
    `${what}, see [\`${lastSegment(sectionPath)}\`](#${anchorOf(headingOf(sectionPath))})`;
  switch (def.type) {
    case 'boolean':
      return 'boolean';
    case 'string': {
      if (checks.some((c) => c.check === 'string_format' && c.format === 'regex')) {
        throw new Error(`${path}: a string with a pattern needs a title saying it in words`);
      }
      const format = checks.find((c) => c.check === 'string_format')?.format ?? def.format;
      if (typeof format === 'string') return FORMATS[format] ?? format;
      return `string${lengthOf(checks, 'characters')}`;
    }
    case 'number':
      return numberOf(checks);
    case 'enum':
      return `one of ${Object.values(def.entries as Record<string, string>)
        .map((v) => `\`${v}\``)
        .join(' | ')}`;
    case 'literal':
      return (def.values as unknown[]).map((v) => `\`${String(v)}\``).join(' | ');
    case 'array': {
      const element = def.element as Schema;
      const count = lengthOf(checks, 'items');
      if (isSection(element)) return link(`list of objects${count}`, `${path}[]`);
      return `list of ${plural(typeOf(element, `${path}[]`))}${count}`;
    }
    case 'object':
      return link('object', path);
    case 'union':
      if (typeof def.discriminator === 'string') {
        return link(`object by \`${def.discriminator}\``, path);
      }
      return (def.options as Schema[]).map((o) => typeOf(o, path)).join(' or ');
    case 'record':
      return `map of ${typeOf(def.keyType as Schema, path)} to ${typeOf(def.valueType as Schema, path)}`;
    default:
      throw new Error(`${path}: no readable type for a zod ${def.type}; give it a title`);
  }
}

const FORMATS: Record<string, string> = {
  ipv4: 'IPv4 address',
  ipv6: 'IPv6 address',
  cidrv4: 'IPv4 CIDR',
  url: 'URL',
  email: 'email address',
};

type CheckDef = Record<string, unknown> & { check?: string };

function checksOf(schema: Schema): CheckDef[] {
  return (defOf(schema).checks ?? []).map((c) => c._zod.def as unknown as CheckDef);
}

function numberOf(checks: CheckDef[]): string {
  const whole = checks.some((c) => c.check === 'number_format' && /int/.test(String(c.format)));
  const min = checks.find((c) => c.check === 'greater_than');
  const max = checks.find((c) => c.check === 'less_than');
  const base = whole ? 'whole number' : 'number';
  const bound = (c: CheckDef, inclusive: string, exclusive: string) =>
    `${c.inclusive ? inclusive : exclusive} ${String(c.value)}`;
  if (min && max && min.inclusive && max.inclusive) return `${base}, ${min.value}-${max.value}`;
  const bounds = [min && bound(min, '≥', '>'), max && bound(max, '≤', '<')].filter(Boolean);
  return bounds.length ? `${base} ${bounds.join(', ')}` : base;
}

const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five'];
const count = (n: number) => WORDS[n] ?? String(n);

function lengthOf(checks: CheckDef[], unit: string): string {
  const min = checks.find((c) => c.check === 'min_length')?.minimum as number | undefined;
  const max = checks.find((c) => c.check === 'max_length')?.maximum as number | undefined;
  if (min !== undefined && max !== undefined) return `, ${min}-${max} ${unit}`;
  if (min !== undefined)
    return min === 1 && unit === 'characters' ? ', not empty' : `, at least ${count(min)}`;
  if (max !== undefined) return `, at most ${max} ${unit}`;
  return '';
}

/** "IPv4 CIDR, /8 or narrower" → "IPv4 CIDRs, /8 or narrower"; code and symbols stay as they are. */
function plural(label: string): string {
  const split = /^(.*?)((?:,| \().*)?$/.exec(label)!;
  const head = split[1]!;
  const rest = split[2] ?? '';
  return /[A-Za-z]$/.test(head) && !/s$/.test(head) ? `${head}s${rest}` : label;
}

const lastSegment = (path: string) => path.split('.').at(-1)!;

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
export function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/** A default as YAML flow (what a user would write). */
export function yamlFlow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(yamlFlow).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0
      ? '{}'
      : `{ ${entries.map(([k, v]) => `${k}: ${yamlFlow(v)}`).join(', ')} }`;
  }
  if (typeof value === 'string') {
    const plain =
      /^[A-Za-z0-9_./@-][A-Za-z0-9_./:@ -]*$/.test(value) &&
      !/^(true|false|null|~|yes|no|on|off|[-+]?[0-9.]+)$/i.test(value) &&
      !value.endsWith(' ');
    return plain ? value : JSON.stringify(value);
  }
  return String(value);
}

function defaultCell(d: FieldDefault): string {
  switch (d.kind) {
    case 'value':
      return `\`${yamlFlow(d.value)}\``;
    case 'text':
      return d.text;
    case 'fields':
      return "its fields' defaults";
    case 'none':
      return 'none';
    case 'required':
      return 'required';
  }
}

/** A table cell: one line, pipes escaped (also inside code spans, as GFM tables need). */
const cell = (text: string) => text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}

const fieldRow = (f: ReferenceField) => [
  `\`${f.name}\``,
  f.type,
  defaultCell(f.default),
  f.description,
];

function sectionTable(section: ReferenceSection): string {
  if (!section.union)
    return table(['field', 'type', 'default', 'meaning'], section.fields.map(fieldRow));
  const rows = section.union.variants.flatMap((v) => {
    const head = v.description ? [[`\`${v.value}\``, '', '', '', v.description]] : [];
    const fields = v.fields.map((f, i) => [
      i === 0 && head.length === 0 ? `\`${v.value}\`` : '',
      ...fieldRow(f),
    ]);
    return head.length === 0 && fields.length === 0
      ? [[`\`${v.value}\``, '', '', '', '']]
      : [...head, ...fields];
  });
  return table([`\`${section.union.discriminator}\``, 'field', 'type', 'default', 'meaning'], rows);
}

/**
 * The reference page for a schema. Deterministic: the same schema and prose give the same bytes.
 * Throws when the prose names a section the schema does not have (it would silently vanish).
 */
export function renderConfigReference(schema: Schema, page: ReferencePage): string {
  const sections = referenceSections(schema);
  const known = new Set(sections.map((s) => s.path));
  const unknown = Object.keys(page.sections ?? {}).filter((p) => !known.has(p));
  if (unknown.length > 0)
    throw new Error(`prose for sections the schema lacks: ${unknown.join(', ')}`);
  const parts = [`# ${page.title}`, page.intro.trim()];
  for (const section of sections) {
    const prose = page.sections?.[section.path];
    parts.push(
      `${'#'.repeat(Math.min(2 + Math.max(section.depth - 1, 0), 4))} ${headingText(section)}`,
    );
    if (prose?.intro) parts.push(prose.intro.trim());
    parts.push(sectionTable(section));
    if (prose?.after) parts.push(prose.after.trim());
  }
  return `${parts.join('\n\n')}\n`;
}

const headingText = (s: ReferenceSection) => (s.path === '' ? s.heading : `\`${s.heading}\``);

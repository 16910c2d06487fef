/**
 * A layer's outputs as Terraform outputs, both ways. Each layer declares its outputs once, as a zod
 * schema (stacks/<layer>/outputs.ts); a stack publishes every leaf as a plain, explicitly named
 * output (besides the `cross-stack-output-…` ones cdktf generates for references, which are
 * sensitive and unstably named), and `npm run host-config` reads them back from `terraform output
 * -json` with the same schema. `endpoints.s3.dnsName` is the output `endpoints_s3_dns_name`; lists
 * are list outputs; absent optional values publish nothing.
 */
import type { z } from 'zod';
import { Fail } from './errors';

/** `['endpoints', 's3', 'dnsName']` -> `endpoints_s3_dns_name` */
export function outputName(path: readonly string[]): string {
  return path.map((p) => p.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)).join('_');
}

/** `[name, value]` for every leaf of an outputs object; arrays are leaves (list outputs). */
export function flattenOutputs(outputs: object, path: string[] = []): [string, unknown][] {
  return Object.entries(outputs).flatMap(([key, value]): [string, unknown][] => {
    if (value === undefined) return [];
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return flattenOutputs(value as object, [...path, key]);
    }
    return [[outputName([...path, key]), value]];
  });
}

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType };
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Looks through `optional` and `nonoptional` (`.required()`); says whether it may be absent. */
function unwrap(schema: z.ZodType): { schema: z.ZodType; optional: boolean } {
  let node = schema;
  let optional: boolean | undefined;
  for (;;) {
    const def = defOf(node);
    if ((def.type !== 'optional' && def.type !== 'nonoptional') || !def.innerType) break;
    optional ??= def.type === 'optional';
    node = def.innerType;
  }
  return { schema: node, optional: optional ?? false };
}

/**
 * Rebuilds the object `schema` describes from output values (by output name), as `terraform output
 * -json` printed them. Returns it with one problem per missing or malformed output; an optional
 * object whose outputs are all absent is left out.
 */
export function readOutputs<S extends z.ZodType>(
  schema: S,
  values: ReadonlyMap<string, unknown>,
  file: string,
): { value: z.infer<S> | undefined; problems: string[] } {
  const read = (node: z.ZodType, path: string[]): { value: unknown; problems: string[] } => {
    const { schema: inner } = unwrap(node);
    const def = defOf(inner);
    if (def.type === 'object' && def.shape) {
      const value: Record<string, unknown> = {};
      const problems: string[] = [];
      for (const [field, child] of Object.entries(def.shape)) {
        const { optional } = unwrap(child);
        if (optional && !hasAny(child, [...path, field], values)) continue;
        const sub = read(child, [...path, field]);
        value[field] = sub.value;
        problems.push(...sub.problems);
      }
      return { value, problems };
    }
    const name = outputName(path);
    const raw = values.get(name);
    if (raw === undefined) return { value: undefined, problems: [Fail.outputMissing(file, name)] };
    const parsed = inner.safeParse(raw);
    return parsed.success
      ? { value: parsed.data, problems: [] }
      : {
          value: undefined,
          problems: [
            Fail.outputMalformed(
              file,
              name,
              def.type === 'array' ? 'a list of strings' : 'a string',
            ),
          ],
        };
  };
  const { value, problems } = read(schema, []);
  return { value: problems.length === 0 ? (value as z.infer<S>) : undefined, problems };
}

/** Whether any output under `path` of this (possibly nested) schema is present. */
function hasAny(node: z.ZodType, path: string[], values: ReadonlyMap<string, unknown>): boolean {
  const def = defOf(unwrap(node).schema);
  if (def.type === 'object' && def.shape) {
    return Object.entries(def.shape).some(([field, child]) =>
      hasAny(child, [...path, field], values),
    );
  }
  return values.has(outputName(path));
}

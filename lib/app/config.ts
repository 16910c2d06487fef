/**
 * Reads, parses and validates the environments file. The only way a `Config` comes to exist:
 * every problem is collected and thrown together as one `UserError`, so the CLI prints them all
 * and exits before anything is written.
 */
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { Expect, Fail, problem, UserError, visible } from '../core/errors';
import { readTextFile, UnreadableFile } from '../core/files';
import { type Config, configSchema } from './schema';

/** The embedded default, used when LDM_CONFIG is not set (or set to nothing). */
export const DEFAULT_CONFIG_PATH = 'config/example.yaml';

/** The largest environments file read: a hundred environments take about 100 KB. */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/**
 * YAML aliases resolved at most: a few `&defaults` / `<<: *defaults` are plenty, and a "billion
 * laughs" document (aliases of aliases) would otherwise expand without bound.
 */
export const MAX_YAML_ALIASES = 100;

/** The config file a command reads: `LDM_CONFIG`, the default when it is unset or empty. */
export function configPathFrom(env: NodeJS.ProcessEnv): string {
  return env.LDM_CONFIG || DEFAULT_CONFIG_PATH;
}

/**
 * The config with only the environments `names` (`--env`), in the file's order; every name that
 * is not an environment of the file at `source` is a problem, all reported together.
 */
export function selectEnvironments(
  config: Config,
  names: readonly string[],
  source: string,
): Config {
  const known = config.environments.map((e) => e.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new UserError(
      unknown.map((name) => Fail.unknownEnvironment(name, source, known)),
      'Unknown environment',
    );
  }
  return { ...config, environments: config.environments.filter((e) => names.includes(e.name)) };
}

export function loadConfig(path: string): Config {
  if (path === '') throw new UserError([Fail.configPathEmpty()], 'Configuration not found');
  let text: string;
  try {
    text = readTextFile(path, MAX_CONFIG_BYTES);
  } catch (err) {
    if (!(err instanceof UnreadableFile)) throw err;
    if (err.code === 'ENOENT')
      throw new UserError([Fail.configMissing(path)], 'Configuration not found');
    throw new UserError([Fail.configUnreadable(path, err.reason)], 'Configuration not readable');
  }
  return parseConfig(text, path);
}

/** Parses YAML text; `source` names the file in messages. */
export function parseConfig(text: string, source = 'config'): Config {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new UserError(
      doc.errors.map((e) => Fail.configNotYaml(source, e.message.split('\n')[0] ?? e.message)),
      `Configuration ${source} is not valid YAML`,
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (err) {
    // The yaml library refuses an alias explosion (and aliases it cannot resolve) while converting.
    throw new UserError(
      [Fail.configAliases(source, MAX_YAML_ALIASES, (err as Error).message)],
      `Configuration ${source} is not valid YAML`,
    );
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UserError([Fail.configNotMapping(source)], `Configuration ${source} is invalid`);
  }
  return validateConfig(raw, source);
}

/** Validates an already-parsed object. */
export function validateConfig(raw: unknown, source = 'config'): Config {
  // zod would drop a `__proto__` key without a word (it cannot be an own property of its output).
  const prototypeKeys = keysNamed(raw, '__proto__').map((path) =>
    problem(formatPath(path), '__proto__', Expect.notPrototypeKey),
  );
  const result = configSchema.safeParse(raw);
  if (result.success && prototypeKeys.length === 0) return result.data;
  const lines = [
    ...prototypeKeys,
    ...(result.error?.issues ?? []).flatMap((issue) => describeIssue(issue, raw)),
  ];
  throw new UserError([...new Set(lines)], `Configuration ${source} is invalid`);
}

/** The paths of every mapping key `name` in a parsed document (cycles are walked once). */
function keysNamed(root: unknown, name: string): PropertyKey[][] {
  const found: PropertyKey[][] = [];
  const seen = new WeakSet<object>();
  const walk = (node: unknown, path: PropertyKey[]) => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, [...path, i]));
      return;
    }
    for (const key of Object.keys(node)) {
      if (key === name) found.push([...path, key]);
      else walk((node as Record<string, unknown>)[key], [...path, key]);
    }
  };
  walk(root, []);
  return found;
}

/** `environments[1].network.vpcCidr` (invisible and control characters of keys as `\\uXXXX`). */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) =>
      typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${visible(String(p))}`,
    )
    .join('');
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

const ZOD_DEFAULT_MESSAGE =
  /^(Invalid input|Invalid option|Invalid string|Invalid element|Too small|Too big|Invalid)/;

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string[] {
  const path = issue.path as PropertyKey[];
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeysAt(path, raw);
    return issue.keys.map((key) =>
      problem(
        formatPath([...path, key]),
        valueAt(raw, [...path, key]),
        Expect.unknownField(allowed),
      ),
    );
  }
  // A rule may name the value it refuses when it is not the one at the path (a map's key).
  const shown =
    issue.code === 'custom' ? (issue.params as { shown?: unknown } | undefined) : undefined;
  const value =
    shown && 'shown' in shown
      ? shown.shown
      : 'input' in issue && issue.input !== undefined
        ? issue.input
        : valueAt(raw, path);
  return [problem(formatPath(path), value, expectation(issue))];
}

function expectation(issue: z.core.$ZodIssue): string {
  if (!ZOD_DEFAULT_MESSAGE.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'array' || issue.expected === 'object'
        ? `an ${issue.expected}`
        : `a ${issue.expected}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `at least ${String(issue.minimum)} entries`
        : `at least ${String(issue.minimum)}${issue.origin === 'string' ? ' characters' : ''}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `at most ${String(issue.maximum)} entries`
        : `at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters' : ''}`;
    case 'invalid_value':
      return Expect.oneOf(issue.values.map((v) => String(v)));
    case 'invalid_format':
      return `a valid ${issue.format}`;
    default:
      return issue.message;
  }
}

/** The field names the schema allows at `path`, for "unknown field" messages. */
function allowedKeysAt(path: readonly PropertyKey[], raw: unknown): string[] {
  let schema: unknown = configSchema;
  for (let i = 0; i <= path.length; i++) {
    schema = unwrap(schema, valueAt(raw, path.slice(0, i)));
    if (i === path.length) break;
    const def = defOf(schema);
    const key = path[i];
    if (def?.type === 'object' && typeof key === 'string')
      schema = (def.shape as Record<string, unknown>)[key];
    else if (def?.type === 'array') schema = def.element;
    else if (def?.type === 'record') schema = def.valueType;
    else return [];
  }
  const def = defOf(schema);
  return def?.type === 'object' ? Object.keys(def.shape as object) : [];
}

type Def = Record<string, unknown> & { type: string };
function defOf(schema: unknown): Def | undefined {
  return (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;
}

/** Looks through optional/default/pipe wrappers, and picks the union member the value selects. */
function unwrap(schema: unknown, value: unknown): unknown {
  for (;;) {
    const def = defOf(schema);
    if (!def) return schema;
    if (['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch'].includes(def.type)) {
      schema = def.innerType;
    } else if (def.type === 'pipe') {
      schema = def.in;
    } else if (def.type === 'union') {
      const options = def.options as unknown[];
      const discriminator = def.discriminator as string | undefined;
      const picked = options.find((o) => {
        const shape = defOf(unwrap(o, value))?.shape as Record<string, unknown> | undefined;
        const lit = shape && discriminator ? defOf(shape[discriminator]) : undefined;
        const literal = (lit?.values as unknown[] | undefined)?.[0];
        if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
        // A discriminated union picks by its key; a plain one, its (first) object member.
        return discriminator
          ? (value as Record<string, unknown>)[discriminator] === literal
          : shape !== undefined;
      });
      if (!picked) return schema;
      schema = picked;
    } else {
      return schema;
    }
  }
}

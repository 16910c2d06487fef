/**
 * Config strings are data: every string a user writes reaches Terraform as a literal (lib/core/
 * literal.ts), or is refused where AWS would refuse it anyway. Three properties:
 *
 * 1. the escape itself, over hostile strings: what Terraform reads back is the string written, and
 *    nothing in it is evaluated;
 * 2. every string field of the config schema is accounted for: either its own rule refuses template
 *    syntax, or it is listed below with what happens to it (written as a literal, refused by a rule
 *    of the config, or never synthesized) — a new free-text field fails here until it is listed;
 * 3. a synth of a config with hostile strings in every free-text field carries each one as exactly
 *    that literal. test/terraform/literal-strings.test.ts plans the same with the real Terraform.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { validateConfig } from '../../../../lib/app/config';
import { configSchema } from '../../../../lib/app/schema';
import {
  hasTemplateSequence,
  jsonStrings,
  readTerraformLiteral,
  templateExpressions,
  terraformLiteral,
  terraformLiterals,
} from '../../../../lib/core/literal';
import { remoteStateSources } from '../../../../lib/gitops/placeholders';
import { crossStackValues } from '../../../../lib/docs/graph';
import { tagKeyProblem, tagValueProblem } from '../../../../lib/core/tags';
import { hostileConfig, hostileStrings, singleLine } from '../../../support/hostile';
import {
  CONFIG_DIR,
  problemsOf,
  rawEnv,
  rawExample,
  resources,
  synth,
} from '../../../support/synth';

const STRINGS = hostileStrings(400);

describe('terraformLiteral', () => {
  test('Terraform reads back exactly the string written, and evaluates nothing in it', () => {
    for (const s of STRINGS) {
      const literal = terraformLiteral(s);
      expect({ s, read: readTerraformLiteral(literal) }).toEqual({ s, read: s });
      expect({ s, evaluated: hasTemplateSequence(literal) }).toEqual({ s, evaluated: false });
    }
  });

  test('leaves strings without template syntax as they are (names, ids, ARNs)', () => {
    for (const s of [
      'ldm-sandbox',
      'arn:aws:iam::111111111111:role/x',
      '10.0.0.0/16',
      '$ {',
      '%',
    ]) {
      expect(terraformLiteral(s)).toBe(s);
    }
  });

  test('escapes keys as well as values, at any depth, without touching other values', () => {
    const value = { a: ['${x}', 1, true, null, { '%{k}': '${v}' }] };
    expect(terraformLiterals(value)).toEqual({ a: ['$${x}', 1, true, null, { '%%{k}': '$${v}' }] });
    expect(value.a[0]).toBe('${x}');
  });

  test('the Terraform template scanner: a single $ before { is code, more are an escape', () => {
    expect(hasTemplateSequence('${x}')).toBe(true);
    expect(hasTemplateSequence('a%{ if x }')).toBe(true);
    expect(hasTemplateSequence('$${x}')).toBe(false);
    expect(hasTemplateSequence('$$${x}')).toBe(false);
    expect(hasTemplateSequence('%%{x}')).toBe(false);
  });
});

/** A string field of the schema: its path (`[]` for list items, `<key>`/`<value>` for maps). */
interface Leaf {
  readonly path: string;
  readonly schema: z.ZodType;
}

type Def = Record<string, any> & { type: string };
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

function stringLeaves(schema: unknown, path: string, out: Leaf[], depth = 0): Leaf[] {
  if (depth > 40) throw new Error(`the config schema nests deeper than expected at ${path}`);
  const def = defOf(schema);
  const inner = (s: unknown, p = path) => stringLeaves(s, p, out, depth + 1);
  switch (def.type) {
    case 'string':
      out.push({ path, schema: schema as z.ZodType });
      break;
    case 'object':
      for (const [key, child] of Object.entries(def.shape as object)) {
        inner(child, path ? `${path}.${key}` : key);
      }
      break;
    case 'array':
      inner(def.element, `${path}[]`);
      break;
    case 'record':
      inner(def.keyType, `${path}.<key>`);
      inner(def.valueType, `${path}.<value>`);
      break;
    case 'union':
      for (const option of def.options as unknown[]) inner(option);
      break;
    case 'pipe':
      // A string checked by another schema (`.pipe(cidr)`) is one field: the pipe decides.
      if (defOf(def.in).type === 'string') out.push({ path, schema: schema as z.ZodType });
      else {
        inner(def.in);
        inner(def.out);
      }
      break;
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nullable':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      inner(def.innerType);
      break;
    default:
      // numbers, booleans, enums, literals, transforms: no free text
      break;
  }
  return out;
}

const TEMPLATES = ['${file("/etc/hostname")}', '%{ if true }x%{ endif }'];

/**
 * The string fields whose own rule accepts template syntax, and what happens to what they hold.
 * `literal`: written into a stack, as a literal (property 3 checks each); `refused`: a rule of the
 * config refuses it (checked below); `not synthesized`: never written into a stack.
 */
const FREE_TEXT: Record<
  string,
  | { readonly handling: 'literal' | 'not synthesized' }
  | { readonly handling: 'refused'; readonly set: (raw: any, value: string) => void }
> = {
  'tags.<key>': { handling: 'refused', set: (raw, v) => (raw.tags = { [v]: 'x' }) },
  'tags.<value>': { handling: 'refused', set: (raw, v) => (raw.tags = { Owner: v }) },
  'environments[].network.availabilityZones[]': {
    handling: 'refused',
    set: (raw, v) => (rawEnv(raw).network.availabilityZones = [v, 'eu-west-1b']),
  },
  'environments[].migrator.rolesAnywhere.caCertificateFile': {
    handling: 'refused',
    set: (raw, v) => (rawEnv(raw).migrator.rolesAnywhere.caCertificateFile = v),
  },
  'environments[].migrator.rolesAnywhere.crlFile': {
    handling: 'refused',
    set: (raw, v) => (rawEnv(raw).migrator.rolesAnywhere.crlFile = v),
  },
  'environments[].migrator.rolesAnywhere.commonNames[]': { handling: 'literal' },
  'environments[].migrator.assumeRole.conditions.<key>': {
    handling: 'refused',
    set: (raw, v) =>
      (rawEnv(raw).migrator = {
        credentials: 'assume-role',
        assumeRole: {
          principals: ['arn:aws:iam::333333333333:role/ldm-host'],
          externalId: 'ldm-7f3a9c',
          conditions: { [v]: { 'aws:SourceIp': '192.168.0.0/16' } },
        },
      }),
  },
  'environments[].migrator.assumeRole.conditions.<value>.<key>': { handling: 'literal' },
  'environments[].migrator.assumeRole.conditions.<value>.<value>': { handling: 'literal' },
  'environments[].migrator.assumeRole.conditions.<value>.<value>[]': { handling: 'literal' },
  'environments[].catalog.databases[].description': { handling: 'literal' },
  'acknowledgements[].resource': { handling: 'not synthesized' },
  'acknowledgements[].reason': { handling: 'not synthesized' },
};

describe('every string field of the config is accounted for', () => {
  const leaves = stringLeaves(configSchema, '', []);
  const accepting = [
    ...new Set(
      leaves
        .filter((leaf) => TEMPLATES.some((t) => leaf.schema.safeParse(t).success))
        .map((leaf) => leaf.path),
    ),
  ].sort();

  test('the walk finds the schema’s string fields', () => {
    expect(leaves.length).toBeGreaterThan(40);
    expect(leaves.map((l) => l.path)).toContain('environments[].storage.bucketName');
  });

  test('fields accepting template syntax are exactly the listed ones', () => {
    expect(accepting).toEqual(Object.keys(FREE_TEXT).sort());
  });

  test.each(
    Object.entries(FREE_TEXT).flatMap(([path, entry]) =>
      entry.handling === 'refused' ? TEMPLATES.map((t) => [path, t, entry.set] as const) : [],
    ),
  )('fails if %s holds %s', (_path, template, set) => {
    expect(
      problemsOf(() =>
        validateConfig(
          (() => {
            const raw = rawExample();
            set(raw, template);
            return raw;
          })(),
          'test',
        ),
      ).length,
    ).toBeGreaterThan(0);
  });

  test('tags never hold template syntax: AWS’s tag characters leave none', () => {
    for (const s of STRINGS) {
      if (!/[$%{}]/.test(s)) continue;
      expect({ s, key: tagKeyProblem(s) !== undefined }).toEqual({ s, key: true });
      expect({ s, value: tagValueProblem(s) !== undefined }).toEqual({ s, value: true });
    }
  });
});

describe('a synth carries hostile strings as literals', () => {
  const strings = hostileStrings(60, 1616);
  const raw = hostileConfig(rawExample(), strings);
  const config = validateConfig(raw, 'hostile');
  const { stacks } = synth(config);

  test('database descriptions: each exactly its string, nothing evaluated', () => {
    for (const [env, prefix] of [
      ['sandbox', 'ra'],
      ['assumer', 'ar'],
    ] as const) {
      const databases = resources(stacks[`${env}-catalog`], 'aws_glue_catalog_database');
      strings.forEach((s, i) => {
        const written = databases[`database-${prefix}_${i}`].description as string;
        expect({
          s,
          read: readTerraformLiteral(written),
          code: hasTemplateSequence(written),
        }).toEqual({ s, read: s, code: false });
      });
    }
  });

  test('trust policy: common names and condition keys and values, each exactly its string', () => {
    const policyOf = (stack: string) => {
      const role = resources(stacks[stack], 'aws_iam_role')['migrator-role'];
      const text = role.assume_role_policy as string;
      // The toolkit's own references (`${aws_…}`) are code; every other piece is a literal.
      for (const piece of jsonStrings(JSON.parse(text)).filter((p) => !/\$\{(aws_|data\.)/.test(p)))
        expect({ piece, code: hasTemplateSequence(piece) }).toEqual({ piece, code: false });
      return JSON.parse(readTerraformLiteral(text));
    };
    const roles = JSON.stringify(policyOf('sandbox-security'));
    for (const cn of singleLine(strings, 64)) expect(roles).toContain(JSON.stringify(cn));
    const assumed = policyOf('assumer-security');
    const conditions = assumed.Statement.flatMap((st: any) => Object.values(st.Condition ?? {}));
    const keys = conditions.flatMap((c: any) => Object.keys(c));
    const values = conditions.flatMap((c: any) => Object.values(c).flat());
    const expected = raw.environments[1].migrator.assumeRole.conditions;
    for (const key of Object.keys(expected.StringEquals)) expect(keys).toContain(key);
    for (const value of expected.StringLike['aws:PrincipalTag/all'])
      expect(values).toContain(value);
  });

  test('no stack holds a template sequence made of config text', () => {
    for (const [id, json] of Object.entries(stacks)) {
      const text = JSON.stringify(json);
      // The toolkit's own references are `${aws_…}`, `${data.…}`, `${jsonencode(…)}`: never file().
      expect({ id, evaluates: /(^|[^$])\$\{file\(/.test(text) }).toEqual({ id, evaluates: false });
      expect({ id, directive: /(^|[^%])%\{ ?(if|for|else|endif|endfor)/.test(text) }).toEqual({
        id,
        directive: false,
      });
    }
  });

  test('configs without template syntax synthesize as before (literal is the identity there)', () => {
    const example = readFileSync(join(CONFIG_DIR, 'example.yaml'), 'utf8');
    expect(example).not.toMatch(/[$%]\{/);
  });
});

describe('references are read where Terraform evaluates them, never in literal text', () => {
  test('templateExpressions: the bodies of ${…}, escapes skipped, strings and braces balanced', () => {
    expect(templateExpressions('a ${x.y} b $${not} c ${f("}", {a = 1})} d')).toEqual([
      'x.y',
      'f("}", {a = 1})',
    ]);
    expect(templateExpressions('${unterminated')).toEqual(['unterminated']);
  });

  test('a description that spells a remote-state reference reads nothing from that stack', () => {
    const spelled =
      '${data.terraform_remote_state.cross-stack-reference-input-sandbox-network.outputs.fake}';
    const config = validateConfig(
      (() => {
        const raw = rawExample();
        rawEnv(raw).catalog.databases[0].description =
          `${spelled} and data.terraform_remote_state.cross-stack-reference-input-sandbox-network.outputs.other`;
        return raw;
      })(),
      'spelled',
    );
    const { stacks } = synth(config);
    const all = Object.entries(stacks).map(([id, json]) => ({ id, json }));
    const reads = remoteStateSources(stacks['sandbox-catalog'], all).flatMap((s) => s.outputsRead);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads).not.toContain('fake');
    expect(reads).not.toContain('other');
    const labels = [
      ...(crossStackValues(all.map((s) => ({ ...s, dependencies: [] })))
        .get('sandbox-network')
        ?.get('sandbox-catalog') ?? []),
    ];
    expect(labels.join()).not.toMatch(/fake|other/);
  });
});

/**
 * Hostile strings for the config's free-text fields: what a pull request from a stranger would put
 * there. Terraform template expressions and directives (`${file("/etc/hostname")}` would read a
 * file of the runner that plans), escapes that are already escaped, quotes, backslashes, line breaks
 * and Unicode beyond the BMP. `hostileStrings` adds seeded random mixes of the same fragments, so a
 * failure names a seed that reproduces it.
 */
import { isPrintableText } from '../../lib/core/fields';

export const HOSTILE_STRINGS: readonly string[] = [
  '${file("/etc/hostname")}',
  '${file("/proc/self/environ")}',
  '%{ if true }yes%{ else }no%{ endif }',
  '%{ for x in ["a", "b"] }${x}%{ endfor }',
  '$${already-escaped}',
  '$$${three-dollars}',
  '%%{already-escaped-directive}',
  'a ${ unterminated',
  'a %{ unterminated',
  '}${}%{}${"a"}${"b"}',
  '$ {not-a-template} % {nor-this}',
  '"double" \'single\' `back` \\backslash\\ \\" \\u0041',
  'line one\nline two\ttabbed',
  'ünïcödé 日本語 Ελληνικά 🚀 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '${aws:username} ${aws:PrincipalTag/team}',
  '<script>alert(1)</script> && rm -rf / ; $(id) `id`',
];

const FRAGMENTS = [
  '${',
  '%{',
  '}',
  '$${',
  '%%{',
  '$',
  '%',
  '{',
  '"',
  "'",
  '\\',
  'file("/etc/hostname")',
  ' if true ',
  'endif',
  '~',
  'ü',
  '日本',
  '🚀',
  ' ',
  'aws:',
  'x',
  '\n',
];

/** mulberry32: a small seeded generator, so a failing mix is reproducible from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` strings: the fixed list first, then seeded random mixes of the fragments above. */
export function hostileStrings(count: number, seed = 16): string[] {
  const next = random(seed);
  const mixes: string[] = [];
  while (HOSTILE_STRINGS.length + mixes.length < count) {
    const length = 1 + Math.floor(next() * 8);
    mixes.push(
      Array.from({ length }, () => FRAGMENTS[Math.floor(next() * FRAGMENTS.length)]!).join(''),
    );
  }
  return [...HOSTILE_STRINGS, ...mixes].slice(0, count);
}

/** The strings a single-line field accepts (no line breaks), cut to `max` characters. */
export function singleLine(strings: readonly string[], max: number): string[] {
  return [
    ...new Set(
      strings.map((s) => [...s.replace(/[\n\t]/g, ' ')].slice(0, max).join('')).filter(Boolean),
    ),
  ].filter((s) => isPrintableText(s));
}

/**
 * The example config with `strings` in every free-text field that reaches a stack: two
 * environments (in two accounts), one with Roles Anywhere (`commonNames`) and one with assume-role
 * (`conditions`, keys and values), each with a database per string (`description`).
 */
export function hostileConfig(
  example: Record<string, any>,
  strings: readonly string[],
): Record<string, any> {
  const raw = structuredClone(example);
  const template = raw.environments[0];
  const databases = (prefix: string) =>
    strings.map((description, i) => ({ name: `${prefix}_${i}`, description }));
  const rolesAnywhere = {
    ...structuredClone(template),
    catalog: { databases: databases('ra') },
  };
  rolesAnywhere.migrator.rolesAnywhere.commonNames = singleLine(strings, 64);
  const keys = singleLine(strings, 100).map((s, i) => `aws:PrincipalTag/${i}${s}`);
  const values = singleLine(strings, 1000);
  const assumeRole = {
    ...structuredClone(template),
    name: 'assumer',
    accountId: '222222222222',
    network: { ...structuredClone(template.network), vpcCidr: '10.21.0.0/16' },
    migrator: {
      placement: 'on-premises',
      credentials: 'assume-role',
      assumeRole: {
        principals: ['arn:aws:iam::333333333333:role/ldm-host'],
        externalId: 'ldm-7f3a9c',
        conditions: {
          StringEquals: Object.fromEntries(keys.map((k, i) => [k, values[i % values.length]])),
          StringLike: { 'aws:PrincipalTag/all': values },
        },
      },
    },
    catalog: { databases: databases('ar') },
  };
  raw.environments = [rolesAnywhere, assumeRole];
  return raw;
}

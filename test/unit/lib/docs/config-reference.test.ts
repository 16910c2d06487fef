/** The configuration reference is generated from the schema: what it says is what the loader does. */
import { join } from 'node:path';
import { z } from 'zod';
import {
  anchorOf,
  type ReferenceField,
  type ReferencePage,
  type ReferenceSection,
  referenceSections,
  renderConfigReference,
  yamlFlow,
} from '../../../../lib/docs/config-reference';
import { CONFIGURATION_PAGE } from '../../../../lib/docs/configuration-page';
import { configSchema } from '../../../../lib/app/schema';
import { ROOT } from '../../../support/synth';

const PAGE: ReferencePage = { title: 'Reference', intro: 'One file.' };

/** A small schema with one of each shape the real one uses. */
const hostName = z
  .string()
  .regex(/^[a-z.]+$/)
  .meta({ title: 'host name' });
const small = z.strictObject({
  host: hostName.meta({ description: 'The host.' }),
  backup: hostName.optional().meta({ title: 'host name, not `host`', description: 'Another.' }),
  port: z.number().int().min(1).max(65535).default(443).meta({ description: 'The port.' }),
  mode: z
    .enum(['fast', 'safe'])
    .optional()
    .meta({ description: 'How.', defaultText: '`safe` when `port` is 443, else `fast`' }),
  names: z.array(z.string().min(1).max(64)).min(2).default([]).meta({ description: 'Names.' }),
  ports: z.array(z.number().int().meta({ title: 'TCP port' })).meta({ description: 'Ports.' }),
  cert: z
    .strictObject({ file: z.string().min(1).meta({ title: 'path', description: 'The file.' }) })
    .transform((c) => ({ ...c, pem: 'read' }))
    .optional()
    .meta({ description: 'A certificate, read when parsed.' }),
  limits: z
    .strictObject({ days: z.number().min(0).default(7).meta({ description: 'Days | nights.' }) })
    .prefault({})
    .meta({ description: 'Limits.' }),
  link: z
    .discriminatedUnion('type', [
      z.strictObject({ type: z.literal('none') }).meta({ description: 'No link.' }),
      z.strictObject({
        type: z.literal('vpn'),
        peer: z.ipv4().meta({ description: 'The peer.' }),
        tls: z.boolean().default(true).meta({ description: 'TLS.' }),
      }),
    ])
    .default({ type: 'none' })
    .meta({ description: 'The link.' }),
  items: z
    .array(z.strictObject({ id: z.string().meta({ description: 'The id.' }) }))
    .min(1)
    .meta({ description: 'Items.' }),
});

const sectionAt = (sections: ReferenceSection[], path: string) => {
  const found = sections.find((s) => s.path === path);
  if (!found) throw new Error(`no section ${path}`);
  return found;
};
const fieldAt = (sections: ReferenceSection[], path: string): ReferenceField => {
  const all = sections.flatMap((s) => [
    ...s.fields,
    ...(s.union?.variants ?? []).flatMap((v) => v.fields),
  ]);
  const found = all.find((f) => f.path === path);
  if (!found) throw new Error(`no field ${path}`);
  return found;
};

describe('the generator, on a small schema', () => {
  const sections = referenceSections(small);

  test('renders every section as a table, the top level first and nested objects after', () => {
    expect(renderConfigReference(small, PAGE)).toBe(
      [
        '# Reference',
        'One file.',
        '## Top level',
        [
          '| field | type | default | meaning |',
          '| --- | --- | --- | --- |',
          '| `host` | host name | required | The host. |',
          '| `backup` | host name, not `host` | none | Another. |',
          '| `port` | whole number, 1-65535 | `443` | The port. |',
          '| `mode` | one of `fast` \\| `safe` | `safe` when `port` is 443, else `fast` | How. |',
          '| `names` | list of strings, 1-64 characters, at least two | `[]` | Names. |',
          '| `ports` | list of TCP ports | required | Ports. |',
          '| `cert` | object, see [`cert`](#cert) | none | A certificate, read when parsed. |',
          "| `limits` | object, see [`limits`](#limits) | its fields' defaults | Limits. |",
          '| `link` | object by `type`, see [`link`](#link) | `{ type: none }` | The link. |',
          '| `items` | list of objects, at least one, see [`items[]`](#items) | required | Items. |',
        ].join('\n'),
        '## `cert`',
        [
          '| field | type | default | meaning |',
          '| --- | --- | --- | --- |',
          '| `file` | path | required | The file. |',
        ].join('\n'),
        '## `limits`',
        [
          '| field | type | default | meaning |',
          '| --- | --- | --- | --- |',
          '| `days` | number ≥ 0 | `7` | Days \\| nights. |',
        ].join('\n'),
        '## `link`',
        [
          '| `type` | field | type | default | meaning |',
          '| --- | --- | --- | --- | --- |',
          '| `none` |  |  |  | No link. |',
          '| `vpn` | `peer` | IPv4 address | required | The peer. |',
          '|  | `tls` | boolean | `true` | TLS. |',
        ].join('\n'),
        '## `items[]`',
        [
          '| field | type | default | meaning |',
          '| --- | --- | --- | --- |',
          '| `id` | string | required | The id. |',
        ].join('\n'),
      ].join('\n\n') + '\n',
    );
  });

  test('metadata on the field wins over the metadata of the type it uses', () => {
    expect(fieldAt(sections, 'host').type).toBe('host name');
    expect(fieldAt(sections, 'backup').type).toBe('host name, not `host`');
  });

  test('a transform is documented by its input side', () => {
    expect(sectionAt(sections, 'cert').fields.map((f) => f.name)).toEqual(['file']);
  });

  test('a default that depends on other fields is given in words', () => {
    expect(fieldAt(sections, 'mode').default).toEqual({
      kind: 'text',
      text: '`safe` when `port` is 443, else `fast`',
    });
  });

  test('prose goes around the table of the section it names', () => {
    const page = renderConfigReference(small, {
      ...PAGE,
      sections: { link: { intro: 'Before.', after: 'After.' } },
    });
    expect(page).toContain('## `link`\n\nBefore.\n\n| `type` |');
    expect(page).toContain('| TLS. |\n\nAfter.\n\n## `items[]`');
  });

  test('the same schema gives the same bytes', () => {
    expect(renderConfigReference(small, PAGE)).toBe(renderConfigReference(small, PAGE));
  });

  test('fails if a string with a pattern has no title to say it in words', () => {
    const bare = z.strictObject({ id: z.string().regex(/^x-\d+$/) });
    expect(() => renderConfigReference(bare, PAGE)).toThrow(
      'id: a string with a pattern needs a title saying it in words',
    );
  });

  test('fails if the prose names a section the schema does not have', () => {
    expect(() =>
      renderConfigReference(small, { ...PAGE, sections: { 'limits.missing': { intro: 'x' } } }),
    ).toThrow('prose for sections the schema lacks: limits.missing');
  });

  test('headings of fields in a top-level list drop the list, and anchors follow GitHub', () => {
    const nested = z.strictObject({
      envs: z.array(z.strictObject({ net: z.strictObject({ cidr: z.string() }) })),
    });
    expect(referenceSections(nested).map((s) => s.heading)).toEqual(['Top level', 'envs[]', 'net']);
    expect(anchorOf('`migrator.hosts`')).toBe('migratorhosts');
    expect(anchorOf('Top level')).toBe('top-level');
  });
});

describe('the configuration reference', () => {
  const sections = referenceSections(configSchema);
  const fields = sections.flatMap((s) => [
    ...s.fields,
    ...(s.union?.variants ?? []).flatMap((v) => v.fields),
  ]);
  const page = renderConfigReference(configSchema, CONFIGURATION_PAGE);

  test('documents the sections of the configuration', () => {
    expect(sections.map((s) => s.heading)).toEqual([
      'Top level',
      'state',
      'state.s3',
      'environments[]',
      'network',
      'network.existingVpc',
      'network.connectivity',
      'migrator',
      'migrator.rolesAnywhere',
      'migrator.assumeRole',
      'migrator.hosts',
      'migrator.hosts.migrator',
      'migrator.hosts.glueAgent',
      'migrator.hosts.signingHelper',
      'migrator.source',
      'migrator.source.hdfs',
      'migrator.source.hdfs.kerberos',
      'migrator.source.hive',
      'migrator.source.hive.kerberos',
      'migrator.source.migrations[]',
      'storage',
      'catalog',
      'catalog.databases[]',
      'acknowledgements[]',
    ]);
  });

  test('every field has a meaning', () => {
    expect(fields.filter((f) => f.description.trim() === '').map((f) => f.path)).toEqual([]);
  });

  test('every field has a row in its section, with its type and default', () => {
    const chunks = page.split(/\n(?=#{2,4} )/);
    const missing = sections.flatMap((section) => {
      const heading = section.path === '' ? 'Top level' : `\`${section.heading}\``;
      const chunk = chunks.find((c) => new RegExp(`^#{2,4} ${escape(heading)}\\n`).test(c)) ?? '';
      const own = [...section.fields, ...(section.union?.variants ?? []).flatMap((v) => v.fields)];
      return own
        .filter((f) => {
          // In a union's table the field is the second column; the first names the variant.
          const rowStart = section.union ? /^\| [^|]* \| / : /^\| /;
          const row = chunk
            .split('\n')
            .find((line) => new RegExp(rowStart.source + escape(`\`${f.name}\` |`)).test(line));
          const shown =
            f.default.kind === 'value'
              ? `\`${yamlFlow(f.default.value)}\``
              : f.default.kind === 'text'
                ? f.default.text
                : f.default.kind === 'fields'
                  ? "its fields' defaults"
                  : f.default.kind;
          return !row || !row.includes(cellText(shown)) || !row.includes(cellText(f.type));
        })
        .map((f) => f.path);
    });
    expect(missing).toEqual([]);
  });

  test('the defaults it shows are the ones the loader applies', () => {
    const ca = join(ROOT, 'config', 'certs', 'example-ca.pem');
    const env = {
      name: 'sandbox',
      accountId: '111111111111',
      region: 'eu-west-1',
    };
    const raws = [
      {
        environments: [
          {
            ...env,
            network: {
              vpcCidr: '10.20.0.0/16',
              availabilityZones: ['eu-west-1a', 'eu-west-1b'],
              onPremCidrs: ['192.168.0.0/16'],
              connectivity: { type: 'vpn', customerGatewayIp: '203.0.113.10', bgpAsn: 65010 },
              resolverInboundEndpoint: true,
            },
            migrator: { rolesAnywhere: { caCertificateFile: ca }, source: {} },
            catalog: { databases: [{ name: 'sales' }] },
          },
        ],
      },
      {
        state: { backend: 's3', s3: { bucket: 'acme-tfstate', region: 'eu-west-1' } },
        environments: [
          {
            ...env,
            network: {
              existingVpc: {
                vpcId: 'vpc-0123456789abcdef0',
                cidr: '10.30.0.0/16',
                subnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
                routeTableIds: ['rtb-0123456789abcdef0'],
              },
            },
            migrator: {
              allowPublicGlueEndpoint: true,
              credentials: 'assume-role',
              assumeRole: {
                principals: ['arn:aws:iam::222222222222:role/ldm'],
                externalId: 'ldm-migration',
              },
            },
          },
        ],
      },
    ];
    const parsed = raws.map((raw) => {
      const result = configSchema.safeParse(raw);
      if (!result.success) throw new Error(JSON.stringify(result.error.issues));
      return result.data;
    });
    const unchecked: string[] = [];
    const wrong: { path: string; documented: unknown; applied: unknown }[] = [];
    for (const field of fields) {
      const d = field.default;
      if (d.kind !== 'value' && d.kind !== 'none' && d.kind !== 'fields') continue;
      const parent = field.path.split('.').slice(0, -1).join('.');
      const i = raws.findIndex(
        (raw, k) => !at(raw, field.path).found && isObject(at(parsed[k], parent).value),
      );
      if (i < 0) {
        if (d.kind === 'value') unchecked.push(field.path);
        continue;
      }
      const applied = at(parsed[i], field.path).value;
      const ok =
        d.kind === 'value'
          ? JSON.stringify(applied) === JSON.stringify(d.value)
          : d.kind === 'none'
            ? applied === undefined
            : isObject(applied);
      if (!ok) wrong.push({ path: field.path, documented: d, applied });
    }
    expect(unchecked).toEqual([]);
    expect(wrong).toEqual([]);
  });

  test('links to sections point at headings of the page', () => {
    const anchors = new Set([...page.matchAll(/^#{2,4} (.+)$/gm)].map((m) => anchorOf(m[1]!)));
    const links = [...page.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(10);
    expect(links.filter((l) => !anchors.has(l))).toEqual([]);
  });

  test('the anchors other pages link to still exist', () => {
    const anchors = [...page.matchAll(/^#{2,4} (.+)$/gm)].map((m) => anchorOf(m[1]!));
    expect(anchors).toEqual(
      expect.arrayContaining(['network', 'migrator', 'migratorhosts', 'storage', 'catalog']),
    );
  });
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const cellText = (text: string) => text.replace(/\|/g, '\\|');
const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The value at a reference path (`environments[].network`): lists by their first item. */
function at(root: unknown, path: string): { found: boolean; value?: unknown } {
  if (path === '') return { found: true, value: root };
  let value: unknown = root;
  for (const segment of path.split('.')) {
    const [, key, list] = /^([^[]+)(\[\])?$/.exec(segment)!;
    if (!isObject(value) || !(key! in value)) return { found: false };
    value = value[key!];
    if (list) {
      if (!Array.isArray(value) || value.length === 0) return { found: false };
      value = value[0];
    }
  }
  return { found: true, value };
}

/**
 * The LDM CLI scripts, end to end: golden files of every shipped config's host configuration
 * (rendered from made-up `terraform output -json` files through the path `npm run host-config`
 * takes), every line checked against LDM's command reference, the order LDM requires, and the
 * config rules that keep the scripts runnable: a route to Glue HiveMigrator's client can sign for,
 * and source settings LDM's shell reads as one word each.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse as shellParse } from 'shell-quote';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { loadConfig } from '../../../../lib/app/config';
import type { Config, Environment } from '../../../../lib/app/schema';
import { Expect, problem } from '../../../../lib/core/errors';
import { LAYER_IDS } from '../../../../stacks';
import { hostConfigFiles } from '../../../../stacks/migrator/files';
import { readHostConfigInput } from '../../../../stacks/migrator/outputs-files';
import { quoteArg } from '../../../../stacks/migrator/quote';
import { type HostConfig, renderHostConfig } from '../../../../stacks/migrator/render';
import { KERBEROS_PRINCIPAL, LDM_ID } from '../../../../stacks/migrator/source';
import {
  environmentSynth,
  fakeEnvironmentOutputs,
  fillStackTemplate,
  writeOutputsFiles,
} from '../../../support/fake-outputs';
import {
  COMMAND_REFERENCE_URL,
  documentedCommand,
  LDM_COMMANDS,
  springShellWords,
  undocumented,
} from '../../../support/ldm-command-reference';
import {
  configFiles,
  configWith,
  problemsOf,
  rawEnv,
  resources,
  ROOT,
  synth,
} from '../../../support/synth';
import { compressedText } from '../../../fixtures/host-config/terraform-values';

const GOLDEN = join(ROOT, 'test', 'fixtures', 'host-config', 'golden', 'config');
/** `UPDATE_GOLDEN=1 npx jest test/unit/stacks/migrator` rewrites the golden files; review the diff. */
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** The commands of a script, as LDM's CLI reads them (and a POSIX shell reads the same). */
function commandsOf(script: string): string[][] {
  return script
    .trimEnd()
    .split('\n')
    .map((line) => {
      const words = springShellWords(line);
      expect(shellParse(line)).toEqual(words);
      return words;
    });
}

const commandName = (words: readonly string[]) => documentedCommand(words)?.command ?? '?';

interface Rendered {
  readonly config: Config;
  readonly environment: Environment;
  readonly rendered: HostConfig;
  /** The SSM values of the migrator stack, as Terraform fills them in with the same outputs. */
  readonly published: Record<string, string>;
}

/**
 * Every environment of a config file, rendered from made-up outputs through
 * `readHostConfigInput` (what `npm run host-config` does), and its migrator stack's SSM values
 * filled in with the same outputs.
 */
function renderConfig(file: string): Rendered[] {
  const config = loadConfig(file);
  const out = synth(config);
  return config.environments.map((environment) => {
    const env = environmentSynth(out.stacks, environment, LAYER_IDS);
    const outputs = fakeEnvironmentOutputs(env);
    const dir = mkdtempSync(join(tmpdir(), 'ldm-fake-outputs-'));
    writeOutputsFiles(dir, env, outputs);
    const rendered = renderHostConfig(readHostConfigInput(config, environment, dir));
    const migratorId = `${environment.name}-migrator`;
    const stack = out.stacks[migratorId];
    const parameters = resources(stack, 'aws_ssm_parameter');
    const fillIn = (text: string) => fillStackTemplate(env, migratorId, outputs, text);
    const published: Record<string, string> = Object.fromEntries(
      Object.entries<any>(parameters)
        // The two halves of a compressed preflight: below, the text they compress.
        .filter(([, p]) => !String(p.value).startsWith('${substr(local.'))
        .map(([id, p]) => [id, fillIn(p.value)]),
    );
    for (const [name, expression] of Object.entries<string>(stack.locals ?? {})) {
      published[name] = compressedText(expression, (ref) => fillIn(`\${${ref}}`));
    }
    return { config, environment, rendered, published };
  });
}

const SHIPPED = new Map(configFiles().map((file) => [basename(file), renderConfig(file)]));

describe('every shipped config: golden files of the whole host configuration', () => {
  test.each([...SHIPPED.keys()])('%s', (file) => {
    for (const { environment, rendered } of SHIPPED.get(file)!) {
      const dir = join(GOLDEN, basename(file, '.yaml'), environment.name);
      const files = hostConfigFiles(rendered);
      if (UPDATE) {
        mkdirSync(dir, { recursive: true });
        for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      }
      expect(readdirSync(dir).sort()).toEqual(Object.keys(files).sort());
      for (const [name, text] of Object.entries(files)) {
        expect(text).toBe(readFileSync(join(dir, name), 'utf8'));
      }
    }
  });

  test.each([...SHIPPED.keys()])(
    '%s: the migrator stack publishes what the offline render gives',
    (file) => {
      for (const { rendered, published } of SHIPPED.get(file)!) {
        expect(published).toEqual({
          'host-config': rendered.json,
          'cli-script': rendered.script,
          'cli-update-script': rendered.updateScript,
          preflight: rendered.preflight,
          ...(rendered.glueAgentPreflight !== undefined
            ? { 'glue-agent-preflight': rendered.glueAgentPreflight }
            : {}),
        });
      }
    },
  );
});

describe('every line is a command of LDM’s command reference, with its documented flags', () => {
  const all = [...SHIPPED.values()].flat();

  test.each([...SHIPPED.keys()])('%s', (file) => {
    for (const { rendered } of SHIPPED.get(file)!) {
      for (const script of [rendered.script, rendered.updateScript]) {
        expect(commandsOf(script).flatMap(undocumented)).toEqual([]);
      }
    }
  });

  test('the reference check itself refuses what LDM does not document', () => {
    expect(undocumented(['migration', 'start', '--migration-id', 'x'])).toEqual([
      'undocumented command: migration start --migration-id x',
    ]);
    expect(undocumented(['filesystem', 'add', 's3a', '--sqs-queue', 'q'])).toEqual([
      'filesystem add s3a: undocumented flag --sqs-queue',
    ]);
    expect(undocumented(['connect', 'hivemigrator', '--port'])).toEqual([
      'connect hivemigrator: --port has no value',
    ]);
  });

  test('the update script uses only update, configure and read commands', () => {
    const verbs = new Set(
      all.flatMap(({ rendered }) => commandsOf(rendered.updateScript).map(commandName)),
    );
    expect([...verbs].filter((c) => / add( |$)|auto-discover|run$/.test(c))).toEqual([]);
    expect([...verbs].sort()).toEqual(
      [
        'connect hivemigrator',
        'filesystem show',
        'filesystem update hdfs',
        'filesystem update s3a',
        'hive agent check',
        'hive agent configure glue',
        'hive agent configure hive',
        'hive migration list',
        'hive rule configure',
        'migration list',
        'path mapping list',
        'source fs show',
      ].sort(),
    );
  });

  test('docs/host-configuration.md links every command either script uses to its line', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'host-configuration.md'), 'utf8');
    const used = new Set(
      all.flatMap(({ rendered }) =>
        [rendered.script, rendered.updateScript].flatMap((s) => commandsOf(s).map(commandName)),
      ),
    );
    used.add('connect livemigrator');
    const missing = [...used].filter(
      (command) =>
        !doc.includes(
          `[\`${command}\`](${COMMAND_REFERENCE_URL}?plain=1#L${LDM_COMMANDS[command]!.line})`,
        ),
    );
    expect(missing).toEqual([]);
  });
});

describe('the first-run script: the order LDM requires', () => {
  const kerberized = SHIPPED.get('kerberized-hdfs.yaml')![0]!.rendered;
  const commands = commandsOf(kerberized.script);
  const first = (command: string) => commands.findIndex((w) => commandName(w) === command);
  const last = (command: string) =>
    commands.length - 1 - [...commands].reverse().findIndex((w) => commandName(w) === command);

  test('connects to HiveMigrator over TLS before any hive command', () => {
    expect(commands[0]).toEqual([
      'connect',
      'hivemigrator',
      '--host',
      'localhost',
      '--ssl',
      '--port',
      '6781',
    ]);
    const hive = commands.findIndex((w) => w[0] === 'hive');
    expect(hive).toBeGreaterThan(0);
  });

  test('source, target, agents, path mappings, rules, data migrations, metadata migration', () => {
    const order = [
      'filesystem add hdfs',
      'filesystem add s3a',
      'hive agent add glue',
      'hive agent add hive',
      'path mapping add',
      'hive rule add',
      'migration add',
      'migration run',
      'hive migration add',
    ];
    for (let i = 1; i < order.length; i++) {
      expect(last(order[i - 1]!)).toBeLessThan(first(order[i]!));
    }
  });

  test('the Kerberized source: principal, keytab and the NameNode HA properties files', () => {
    expect(commands[first('filesystem add hdfs')]).toEqual([
      'filesystem',
      'add',
      'hdfs',
      '--file-system-id',
      'ldm-kerberos-hdfs',
      '--source',
      '--default-fs',
      'hdfs://nameservice1',
      '--properties-files',
      '/etc/hadoop/conf/core-site.xml,/etc/hadoop/conf/hdfs-site.xml',
      '--kerberos-principal',
      'hdfs@EXAMPLE.COM',
      '--kerberos-keytab',
      '/etc/security/keytabs/hdfs.headless.keytab',
    ]);
    expect(commands[first('hive agent add hive')]).toEqual(
      expect.arrayContaining([
        '--kerberos-principal',
        'hive/_HOST@EXAMPLE.COM',
        '--file-system-id',
        'ldm-kerberos-hdfs',
      ]),
    );
  });

  test('one rule per database, one data migration per database, one metadata migration naming the rules', () => {
    const rules = commands.filter((w) => commandName(w) === 'hive rule add');
    expect(rules.map((w) => w.slice(3))).toEqual([
      ['--name', 'ldm-kerberos-sales', '--database-pattern', 'sales', '--table-pattern', '*'],
      [
        '--name',
        'ldm-kerberos-marketing',
        '--database-pattern',
        'marketing',
        '--table-pattern',
        '*',
      ],
    ]);
    expect(
      commands.filter((w) => commandName(w) === 'migration add').map((w) => w.slice(2)),
    ).toEqual([
      [
        '--migration-id',
        'ldm-kerberos-sales',
        '--path',
        '/warehouse/tablespace/managed/hive/sales.db',
        '--target',
        'ldm-kerberos-s3',
      ],
      [
        '--migration-id',
        'ldm-kerberos-marketing',
        '--path',
        '/warehouse/tablespace/managed/hive/marketing.db',
        '--target',
        'ldm-kerberos-s3',
      ],
    ]);
    expect(commands[first('hive migration add')]).toEqual([
      'hive',
      'migration',
      'add',
      '--source',
      'ldm-kerberos-hive',
      '--target',
      'ldm-kerberos-glue',
      '--rule-names',
      'ldm-kerberos-sales,ldm-kerberos-marketing',
      '--name',
      'ldm-kerberos-metadata',
      '--auto-start',
    ]);
  });

  test('without start, nothing is run: no migration run, no --auto-start', () => {
    const [{ rendered }] = renderConfigWith((raw) => {
      const env = rawEnv(raw);
      env.migrator.source.start = false;
    });
    expect(rendered.script).not.toMatch(/migration run|--auto-start/);
    expect(rendered.document.migrations.start).toBe(false);
  });

  test('auto-discovery: auto-discover-source with the Kerberos identity, the agent on its id', () => {
    const [{ rendered }] = renderConfigWith((raw) => {
      const source = rawEnv(raw).migrator.source;
      delete source.hdfs.defaultFs;
      delete source.hdfs.hadoopConfigPath;
    });
    const commands = commandsOf(rendered.script);
    expect(commands[1]).toEqual([
      'filesystem',
      'auto-discover-source',
      'hdfs',
      '--kerberos-principal',
      'hdfs@EXAMPLE.COM',
      '--kerberos-keytab',
      '/etc/security/keytabs/hdfs.headless.keytab',
    ]);
    expect(rendered.script).toContain(' --file-system-id auto-discovered-source-hdfs\n');
    expect(commandsOf(rendered.updateScript)[1]!.slice(0, 5)).toEqual([
      'filesystem',
      'update',
      'hdfs',
      '--file-system-id',
      'auto-discovered-source-hdfs',
    ]);
  });

  test('configured data migrations replace the per-database ones', () => {
    const [{ rendered }] = renderConfigWith((raw) => {
      rawEnv(raw).migrator.source.migrations = [
        { id: 'sales-2024', path: '/warehouse/tablespace/managed/hive/sales.db/year=2024' },
      ];
    });
    expect(rendered.document.migrations.data).toEqual([
      { id: 'sales-2024', path: '/warehouse/tablespace/managed/hive/sales.db/year=2024' },
    ]);
  });

  test('TLS settings decide the connect lines: LDM first with ldmApiTls, none without TLS', () => {
    const [tls] = renderConfigWith((raw) => (rawEnv(raw).migrator.ldmApiTls = true));
    const [plain] = renderConfigWith((raw) => (rawEnv(raw).migrator.hiveMigratorTls = false));
    for (const script of [tls!.rendered.script, tls!.rendered.updateScript]) {
      expect(commandsOf(script).slice(0, 2)).toEqual([
        ['connect', 'livemigrator', '--host', 'localhost', '--ssl', '--port', '18080'],
        ['connect', 'hivemigrator', '--host', 'localhost', '--ssl', '--port', '6781'],
      ]);
      expect(commandsOf(script).flatMap(undocumented)).toEqual([]);
    }
    expect(plain!.rendered.script).not.toContain('connect ');
    expect(plain!.rendered.document.connections.hiveMigrator).toEqual({
      host: 'localhost',
      port: 6780,
      tls: false,
    });
  });

  test('a remote Glue agent of your own, on the port its configuration sets', () => {
    const [{ rendered }] = renderConfigWith((raw) => {
      const migrator = rawEnv(raw).migrator;
      migrator.remoteGlueAgent = true;
      migrator.hosts.glueAgent = { address: 'glue-agent.corp.example', port: 5552 };
    });
    expect(rendered.script).toContain(' --host glue-agent.corp.example --port 5552\n');
    expect(rendered.updateScript).toContain(' --host glue-agent.corp.example --port 5552\n');
    expect(rendered.document.glue).toMatchObject({
      route: 'vpc',
      remoteAgent: { host: 'glue-agent.corp.example', port: 5552, tls: true },
    });
  });

  test('a target-only config renders no source, no rules and no migrations', () => {
    const example = SHIPPED.get('example.yaml')![0]!.rendered;
    expect(commandsOf(example.script).map(commandName)).toEqual([
      'connect hivemigrator',
      'filesystem add s3a',
      'filesystem show',
      'hive agent add glue',
      'hive agent check',
      'path mapping add',
    ]);
  });
});

describe('the route to Glue: always the regional name, never an endpoint-specific one', () => {
  test.each([...SHIPPED.keys()])('%s', (file) => {
    for (const { rendered, environment } of SHIPPED.get(file)!) {
      const suffix = environment.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
      expect(rendered.document.glue.endpoint).toBe(`glue.${environment.region}.${suffix}`);
      expect(rendered.script).toContain(`--glue-endpoint glue.${environment.region}.${suffix} `);
      expect(rendered.script).not.toMatch(/--glue-endpoint \S*vpce/);
    }
  });

  test('the JSON document says how the name reaches Glue', () => {
    const routes = Object.fromEntries(
      [...SHIPPED].map(([file, envs]) => [file, envs.map((e) => e.rendered.document.glue.route)]),
    );
    expect(routes).toEqual({
      'ec2-remote-agent.yaml': ['vpc'],
      'example.yaml': ['resolver'],
      'existing-vpc.yaml': ['resolver'],
      'kerberized-hdfs.yaml': ['resolver'],
      'multi-account.yaml': ['resolver', 'resolver', 'resolver'],
      'transit-gateway.yaml': ['vpc'],
    });
  });
});

describe('credentials: both services read one profile', () => {
  test('the drop-in points SDK v1 and v2 at the same file, whatever ~/.aws holds', () => {
    const { rendered } = SHIPPED.get('example.yaml')![0]!;
    expect(rendered.systemdDropIn).toBe(
      [
        "# ldm-landing-zone: the AWS profile of LDM's services is /etc/ldm-landing-zone/aws-config",
        '[Service]',
        'Environment=AWS_CONFIG_FILE=/etc/ldm-landing-zone/aws-config',
        'Environment=AWS_CREDENTIAL_PROFILES_FILE=/etc/ldm-landing-zone/aws-config',
        'Environment=AWS_SHARED_CREDENTIALS_FILE=/etc/ldm-landing-zone/aws-config',
        'Environment=AWS_PROFILE=default',
        'Environment=AWS_REGION=eu-west-1',
        '',
      ].join('\n'),
    );
    expect(rendered.document.credentials.services).toEqual(['livedata-migrator', 'hivemigrator']);
  });

  test('Roles Anywhere: the signing helper calls the interface endpoint', () => {
    const { rendered } = SHIPPED.get('example.yaml')![0]!;
    const command = shellParse(rendered.document.credentials.credentialProcess!) as string[];
    const endpoint = command[command.indexOf('--endpoint') + 1];
    expect(endpoint).toMatch(
      /^https:\/\/vpce-[0-9a-f]{17}-[0-9a-z]{8}\.rolesanywhere\.eu-west-1\.vpce\.amazonaws\.com$/,
    );
    expect(rendered.document.credentials.rolesAnywhereEndpoint).toBe(endpoint);
    expect(rendered.awsConfig).toBe(
      `[default]\nregion = eu-west-1\n${rendered.credentialProcess}\n`,
    );
  });

  test('instance profile: the profile holds the region only', () => {
    const { rendered } = SHIPPED.get('transit-gateway.yaml')![0]!;
    expect(rendered.awsConfig).toBe('[default]\nregion = us-east-1\n');
    expect(rendered.document.credentials.credentialProcess).toBeNull();
  });
});

/** The kerberized-hdfs config with `change` applied, rendered from made-up outputs. */
function renderConfigWith(change: (raw: Record<string, any>) => void): Rendered[] {
  const raw = parseYaml(readFileSync(join(ROOT, 'config', 'kerberized-hdfs.yaml'), 'utf8'));
  change(raw);
  const file = join(mkdtempSync(join(tmpdir(), 'ldm-config-')), 'kerberized.yaml');
  writeFileSync(file, stringifyYaml(raw));
  return renderConfig(file);
}

// -----------------------------------------------------------------------------------------------
// config rules
// -----------------------------------------------------------------------------------------------

const at = (path: string) => `environments[0].${path}`;
const RA = { caCertificateFile: 'config/certs/example-ca.pem' };

describe('config: a route to Glue', () => {
  const problemsWith = (network: Record<string, unknown>, migrator: Record<string, unknown>) =>
    problemsOf(() =>
      configWith((raw) => {
        Object.assign(rawEnv(raw).network, network);
        rawEnv(raw).migrator = { rolesAnywhere: RA, ...migrator };
      }),
    );

  test('fails if HiveMigrator on premises has none, naming the three ways', () => {
    expect(problemsWith({ resolverInboundEndpoint: false }, {})).toEqual([
      problem(at('network.resolverInboundEndpoint'), false, Expect.glueRouteNeeded),
    ]);
    expect(Expect.glueRouteNeeded).toMatch(
      /\(a\) migrator\.remoteGlueAgent: true.*\(b\) network\.resolverInboundEndpoint: true.*\(c\) migrator\.allowPublicGlueEndpoint: true/,
    );
  });

  test.each([
    ['the resolver endpoint', { resolverInboundEndpoint: true }, {}],
    [
      'a remote agent in the VPC',
      { resolverInboundEndpoint: false },
      { remoteGlueAgent: true, hosts: { glueAgent: { address: '10.20.0.9' } } },
    ],
    [
      'the public endpoint, named',
      { resolverInboundEndpoint: false },
      { allowPublicGlueEndpoint: true },
    ],
  ])('passes with %s', (_, network, migrator) => {
    expect(() =>
      configWith((raw) => {
        Object.assign(rawEnv(raw).network, network);
        rawEnv(raw).migrator = { rolesAnywhere: RA, ...migrator };
      }),
    ).not.toThrow();
  });

  test('fails if private DNS is off in a new VPC: the regional name would not reach the endpoint', () => {
    expect(problemsWith({ endpointPrivateDns: false }, {})).toEqual([
      problem(at('network.endpointPrivateDns'), false, Expect.glueNeedsPrivateDns),
    ]);
  });

  test('fails if the public endpoint is allowed where a private route exists', () => {
    expect(
      problemsWith({ resolverInboundEndpoint: true }, { allowPublicGlueEndpoint: true }),
    ).toEqual([
      problem(at('migrator.allowPublicGlueEndpoint'), true, Expect.glueRouteExists('resolver')),
    ]);
  });
});

describe('config: migrator.source', () => {
  const problemsWith = (source: Record<string, unknown>, catalog?: Record<string, unknown>) =>
    problemsOf(() =>
      configWith((raw) => {
        rawEnv(raw).migrator.source = source;
        if (catalog) Object.assign(rawEnv(raw).catalog, catalog);
      }),
    );
  const kerberos = { principal: 'hdfs@EXAMPLE.COM', keytab: '/etc/security/keytabs/hdfs.keytab' };

  test('defaults: auto-discovery, no Hive agent, per-database migrations, not started', () => {
    const env = configWith((raw) => (rawEnv(raw).migrator.source = {})).environments[0]!;
    expect(env.migrator.source).toEqual({ hdfs: {}, start: false });
  });

  test.each([
    [
      'hdfs.kerberos.principal',
      { hdfs: { kerberos: { ...kerberos, principal: 'hdfs @EXAMPLE.COM' } } },
      'hdfs @EXAMPLE.COM',
      Expect.kerberosPrincipal,
    ],
    [
      'hdfs.kerberos.principal',
      { hdfs: { kerberos: { ...kerberos, principal: 'hdfs;reboot' } } },
      'hdfs;reboot',
      Expect.kerberosPrincipal,
    ],
    [
      'hdfs.kerberos.principal',
      { hdfs: { kerberos: { ...kerberos, principal: '--help' } } },
      '--help',
      Expect.kerberosPrincipal,
    ],
    [
      'hdfs.kerberos.keytab',
      { hdfs: { kerberos: { ...kerberos, keytab: "/etc/o'neil.keytab" } } },
      "/etc/o'neil.keytab",
      Expect.hostPath,
    ],
    [
      'hdfs.kerberos.keytab',
      { hdfs: { kerberos: { ...kerberos, keytab: 'keytabs/hdfs.keytab' } } },
      'keytabs/hdfs.keytab',
      Expect.hostPath,
    ],
    [
      'hive.kerberos.keytab',
      { hive: { kerberos: { ...kerberos, keytab: '/etc/$(id).keytab' } } },
      '/etc/$(id).keytab',
      Expect.hostPath,
    ],
    ['hdfs.defaultFs', { hdfs: { defaultFs: 'namenode:8020' } }, 'namenode:8020', Expect.hdfsUri],
    [
      'hdfs.hadoopConfigPath',
      { hdfs: { defaultFs: 'hdfs://ns1', hadoopConfigPath: '/etc/a,b' } },
      '/etc/a,b',
      Expect.hadoopConfigPath,
    ],
    [
      'hive.configPath',
      { hive: { configPath: '/etc/hive/conf\n' } },
      '/etc/hive/conf\n',
      Expect.hostPath,
    ],
    [
      'migrations[0].id',
      { migrations: [{ id: 'sales data', path: '/apps/hive/warehouse/sales.db' }] },
      'sales data',
      Expect.ldmId,
    ],
    [
      'migrations[0].id',
      { migrations: [{ id: '-x', path: '/apps/hive/warehouse/sales.db' }] },
      '-x',
      Expect.ldmId,
    ],
    [
      'migrations[0].path',
      { migrations: [{ id: 'x', path: '/apps/hive/warehouse/${x}' }] },
      '/apps/hive/warehouse/${x}',
      Expect.hostPath,
    ],
  ])('fails if %s is %j', (path, source, value, expected) => {
    expect(problemsWith(source)).toEqual([problem(at(`migrator.source.${path}`), value, expected)]);
  });

  test('fails if a migration path lies outside the path mappings, naming the source paths', () => {
    expect(
      problemsWith({
        migrations: [
          { id: 'logs', path: '/data/logs' },
          { id: 'wh', path: '/apps/hive/warehouse/sales.db' },
        ],
      }),
    ).toEqual([
      problem(
        at('migrator.source.migrations[0].path'),
        '/data/logs',
        Expect.migrationOutsideMappings(['/apps/hive/warehouse']),
      ),
    ]);
  });

  test('fails if a migration path is a sibling of a database mapping, not under it', () => {
    expect(
      problemsWith(
        { migrations: [{ id: 'other', path: '/apps/hive/warehouse/other.db' }] },
        {
          databases: [
            {
              name: 'sales',
              locationUri: 's3://elsewhere-bucket/sales',
              allowLocationOutsideTargetBucket: true,
            },
            { name: 'hr' },
          ],
        },
      ),
    ).toEqual([
      problem(
        at('migrator.source.migrations[0].path'),
        '/apps/hive/warehouse/other.db',
        Expect.migrationOutsideMappings(['/apps/hive/warehouse/hr.db']),
      ),
    ]);
  });

  test('fails if two migrations share an id', () => {
    const path = '/apps/hive/warehouse/sales.db';
    expect(
      problemsWith({
        migrations: [
          { id: 'a', path },
          { id: 'a', path },
        ],
      }),
    ).toEqual([problem(at('migrator.source.migrations[1].id'), 'a', Expect.listedOnce)]);
  });

  test('fails if the Hadoop config path comes without defaultFs (auto-discovery takes none)', () => {
    expect(problemsWith({ hdfs: { hadoopConfigPath: '/etc/hadoop/conf' } })).toEqual([
      problem(
        at('migrator.source.hdfs.hadoopConfigPath'),
        '/etc/hadoop/conf',
        Expect.hadoopConfigNeedsDefaultFs,
      ),
    ]);
  });

  test('what the rules accept is written bare: ids and principals need no quoting', () => {
    for (const value of [
      'hdfs@EXAMPLE.COM',
      'hive/_HOST@EXAMPLE.COM',
      'hdfs',
      'nn/host-1.example.com@EX.COM',
    ]) {
      expect(KERBEROS_PRINCIPAL.test(value)).toBe(true);
      expect(quoteArg(value, 'principal')).toBe(value);
    }
    for (const value of ['sales', 'sales-2024.v2', 'A_1']) {
      expect(LDM_ID.test(value)).toBe(true);
      expect(quoteArg(value, 'id')).toBe(value);
    }
  });
});

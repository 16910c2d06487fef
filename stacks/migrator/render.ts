/**
 * The host configuration renderer: from the four layers' outputs and the environment's config to
 * what an LDM host needs to go from nothing to running migrations:
 *
 * - the LDM CLI script for the first run (`livedata-migrator --script=<file>`): connect (TLS),
 *   the source, the S3 target, the Glue agent, the Hive agent, path mappings, Hive rules, data
 *   migrations, the metadata migration — `add` commands, in the order LDM requires;
 * - the script for every later run, with the documented `update`/`configure` verbs instead (LDM's
 *   script mode has no conditionals and documents no exit status, so "add if absent" cannot be
 *   written in one script: a fresh LDM gets the first, a configured one the second);
 * - the AWS profile both services read, and the systemd drop-in that points them at it;
 * - the same values as a versioned JSON document.
 *
 * Every command and flag is one of LDM's command reference (docs/host-configuration.md links each).
 *
 * One renderer for both uses: the migrator stack renders at synth time, where the values AWS
 * generates are cdktf tokens (`Deferral` says which; they end up as Terraform references inside
 * the SSM parameter values), and `npm run host-config` renders offline from `terraform output
 * -json`, where every value is a plain string. Values the toolkit computes (names, paths, config)
 * are always plain, so both renderings are identical for the same values (a `terraform test` in
 * test/terraform proves it in Terraform's own evaluator). Deferred values are written bare: AWS
 * writes DNS names, ARNs, account ids and IPv4 addresses in characters that need no quoting (see
 * quote.ts).
 */
import { z } from 'zod';
import type { Environment } from '../../lib/app/schema';
import { ldmDatabaseId, resourceNames } from '../../lib/core/naming';
import { Ports } from '../../lib/core/ports';
import { dnsSuffixOf } from '../../lib/core/regions';
import { catalogOutputs } from '../catalog/outputs';
import { interfaceEndpointOutput, networkOutputs } from '../network/outputs';
import { securityOutputs } from '../security/outputs';
import { storageOutputs } from '../storage/outputs';
import { type GlueRoute, glueRoute } from './config';
import { HOST_CONFIG_DIR, HOST_CONFIG_FILES } from './files';
import { databasePath, mappedDatabases, type PathMapping, pathMappings } from './mappings';
import { hostOutput } from './outputs';
import { renderPreflight } from './preflight';
import { quoteArg } from './quote';
import { LDM_SERVICES } from './services';

export type { PathMapping } from './mappings';

/** The JSON document's format name and version: bump the version on any incompatible change. */
export const HOST_CONFIG_FORMAT = 'ldm-host-config';
export const HOST_CONFIG_VERSION = 2;

/** The credential provider classes LDM's S3A filesystem can use (never static keys). */
export const CREDENTIALS_PROVIDERS = {
  /** LDM on EC2 with the instance profile's role. */
  instanceProfile: 'com.amazonaws.auth.InstanceProfileCredentialsProvider',
  /** Environment, profile files (a Roles Anywhere `credential_process`, an assumed role), … */
  defaultChain: 'com.amazonaws.auth.DefaultAWSCredentialsProviderChain',
} as const;

/** Where the CLI reaches LDM and HiveMigrator: it runs on the LDM host. */
export const LOCAL_HOST = 'localhost';

/**
 * The id LDM gives the source `filesystem auto-discover-source hdfs` finds. LDM's command
 * reference shows it only in an example (`source del --file-system-id auto-discovered-source-hdfs`).
 */
export const AUTO_DISCOVERED_SOURCE_ID = 'auto-discovered-source-hdfs';

/** The services that read the AWS profile: LDM (as `hdfs`) and HiveMigrator (as `hive`). */
export const AWS_PROFILE_SERVICES = [
  LDM_SERVICES.livedataMigrator,
  LDM_SERVICES.hiveMigrator,
] as const;

/** A Hive rule's table pattern: every table of the database. */
const ALL_TABLES = '*';

/**
 * The parts of each layer's outputs the renderer reads, picked from the layers' own schemas: the
 * migrator stack passes the layers' outputs objects, `npm run host-config` reads these fields back
 * from `terraform output -json` and checks them with the same schemas.
 */
export const RENDERER_READS = {
  /**
   * On premises: the S3 interface endpoint LDM reaches S3 through. With Roles Anywhere: its
   * interface endpoint, which the signing helper calls.
   */
  network: z.strictObject({
    endpoints: z.strictObject({
      s3: networkOutputs.shape.endpoints.shape.s3.pick({ dnsName: true }),
      rolesanywhere: interfaceEndpointOutput.pick({ dnsName: true }).optional(),
    }),
  }),
  security: securityOutputs.pick({ kmsKeyArn: true, migratorRoleArn: true, rolesAnywhere: true }),
  storage: storageOutputs.pick({ bucketName: true }),
  catalog: catalogOutputs.pick({
    catalogId: true,
    databaseNames: true,
    databaseLocationUris: true,
    warehousePrefix: true,
  }),
  /** Only when the migrator stack launched the remote Glue agent host: LDM connects to its IP. */
  migrator: z.strictObject({ glueAgentHost: hostOutput.pick({ privateIp: true }) }),
} as const;

/** What the renderer needs of the network layer for this environment, if anything. */
export function networkReads(environment: Pick<Environment, 'migrator'>) {
  const { placement, credentials } = environment.migrator;
  if (credentials === 'roles-anywhere') {
    return z.strictObject({
      endpoints: RENDERER_READS.network.shape.endpoints.required({ rolesanywhere: true }),
    });
  }
  return placement === 'on-premises' ? RENDERER_READS.network : undefined;
}

type Reads<L extends keyof typeof RENDERER_READS> = z.infer<(typeof RENDERER_READS)[L]>;

/** What the renderer reads: the parts of the layers' outputs it uses, and the environment. */
export interface HostConfigInput {
  readonly project: string;
  readonly environment: Pick<Environment, 'name' | 'accountId' | 'region' | 'migrator' | 'network'>;
  readonly network?: Reads<'network'>;
  readonly security: Reads<'security'>;
  readonly storage: Reads<'storage'>;
  readonly catalog: Reads<'catalog'>;
  /** The private IP of the remote Glue agent host the migrator stack launched, if it did. */
  readonly glueAgentHostIp?: string;
}

/**
 * Which values are only known at apply time (cdktf tokens in the migrator stack). They are written
 * as they are: AWS spells DNS names, ARNs, account ids and IPv4 addresses without characters that
 * need quoting, and endpoint DNS names come without `*.` (NetworkOutputs' contract).
 */
export type Deferral = (value: string) => boolean;

/** Offline rendering: every value is known. */
export const ALL_KNOWN: Deferral = () => false;

/** A Kerberos identity: `--kerberos-principal`, `--kerberos-keytab`. */
export interface KerberosIdentity {
  readonly principal: string;
  readonly keytab: string;
}

/** A connection of the CLI to one of LDM's services. */
export interface ServiceConnection {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
}

/** The JSON document (format `ldm-host-config`, version 2; documented in docs/host-configuration.md). */
export interface HostConfigDocument {
  readonly format: typeof HOST_CONFIG_FORMAT;
  readonly version: typeof HOST_CONFIG_VERSION;
  readonly environment: {
    readonly name: string;
    readonly accountId: string;
    readonly region: string;
  };
  readonly placement: Environment['migrator']['placement'];
  /** Where the CLI connects: `connect livemigrator` / `connect hivemigrator` when TLS is on. */
  readonly connections: {
    readonly livedataMigrator: ServiceConnection;
    readonly hiveMigrator: ServiceConnection;
  };
  readonly credentials: {
    readonly mode: Environment['migrator']['credentials'];
    readonly roleArn: string;
    readonly s3aCredentialsProvider: string;
    /** Roles Anywhere only: the command of the AWS profile's `credential_process`. */
    readonly credentialProcess: string | null;
    /** Roles Anywhere only: the interface endpoint the signing helper calls (`--endpoint`). */
    readonly rolesAnywhereEndpoint: string | null;
    /** The AWS profile file both services read. */
    readonly awsConfigFile: string;
    /** The variables the systemd drop-in sets for each of `services`. */
    readonly environment: Readonly<Record<string, string>>;
    readonly services: readonly string[];
  };
  readonly s3: {
    readonly fileSystemId: string;
    readonly bucketName: string;
    /** On premises only: the S3 interface endpoint (endpoint-specific name, no `*.`). */
    readonly endpoint: string | null;
    readonly kmsKeyArn: string;
    readonly properties: Readonly<Record<string, string>>;
  };
  readonly glue: {
    readonly agentName: string;
    /** `glue.<region>.amazonaws.com`: the name HiveMigrator's Glue client can sign for. */
    readonly endpoint: string;
    readonly region: string;
    /** How that name reaches Glue (see GlueRoute). */
    readonly route: Exclude<GlueRoute, 'none'>;
    readonly catalogId: string;
    /** Whether `--glue-catalog-id` is passed: the catalog is another account's. */
    readonly crossAccount: boolean;
    readonly remoteAgent: {
      readonly host: string;
      readonly port: number;
      readonly tls: true;
    } | null;
  };
  /** `migrator.source`: the source filesystem, or `null` (the script configures the target only). */
  readonly source: {
    readonly fileSystemId: string;
    /** `auto`: `filesystem auto-discover-source hdfs`; `manual`: `filesystem add hdfs --source`. */
    readonly discovery: 'auto' | 'manual';
    readonly defaultFs: string | null;
    readonly propertiesFiles: readonly string[];
    readonly kerberos: KerberosIdentity | null;
  } | null;
  /** `migrator.source.hive`: HiveMigrator's agent on the source metastore, or `null`. */
  readonly hiveAgent: {
    readonly name: string;
    readonly configPath: string | null;
    readonly kerberos: KerberosIdentity | null;
  } | null;
  readonly pathMappings: readonly PathMapping[];
  readonly migrations: {
    /** Whether the script starts them (`migration run`, `--auto-start`). */
    readonly start: boolean;
    readonly data: readonly { readonly id: string; readonly path: string }[];
    readonly rules: readonly {
      readonly name: string;
      readonly databasePattern: string;
      readonly tablePattern: string;
    }[];
    readonly metadata: {
      readonly name: string;
      readonly source: string;
      readonly target: string;
      readonly ruleNames: readonly string[];
    } | null;
  };
}

export interface HostConfig {
  readonly document: HostConfigDocument;
  /** `JSON.stringify(document, null, 2)` and a final newline. */
  readonly json: string;
  /** The LDM CLI script for a fresh LDM: one command a line. */
  readonly script: string;
  /** The LDM CLI script for every later run: `update`/`configure` what the first one added. */
  readonly updateScript: string;
  /** The `[default]` AWS profile both services read (`credentials.awsConfigFile`). */
  readonly awsConfig: string;
  /** The systemd drop-in (`[Service]` `Environment=` lines) for each of `credentials.services`. */
  readonly systemdDropIn: string;
  /** Roles Anywhere only: the `credential_process = …` line of the AWS profile. */
  readonly credentialProcess?: string;
  /** The migrator host's preflight (preflight.ts): a POSIX shell script. */
  readonly preflight: string;
  /** With a remote Glue agent: the agent host's preflight. */
  readonly glueAgentPreflight?: string;
}

/** `*.vpce-….s3.<region>.vpce.amazonaws.com` → `vpce-….s3.<region>.vpce.amazonaws.com`. */
export function stripWildcard(dnsName: string): string {
  return dnsName.replace(/^\*\./, '');
}

/** `glue.<region>.amazonaws.com` (`.amazonaws.com.cn` in China): never an endpoint-specific name. */
export function glueEndpointName(region: string): string {
  return `glue.${region}.${dnsSuffixOf(region)}`;
}

/** One `--flag value` of a CLI command, or a `--flag` alone. */
type Option = readonly [flag: string, value?: string];

/** The options, or none when `condition` does not hold. */
function onlyIf(condition: boolean, ...options: Option[]): Option[] {
  return condition ? options : [];
}

export function renderHostConfig(input: HostConfigInput, deferral = ALL_KNOWN): HostConfig {
  const document = hostConfigDocument(input, deferral);
  const commands = new Commands(document, deferral);
  const preflightInput = { environment: input.environment, document };
  return {
    document,
    json: `${JSON.stringify(document, null, 2)}\n`,
    script: lines(commands.firstRun()),
    updateScript: lines(commands.update()),
    ...awsProfileFiles(document.credentials, document.environment.region),
    preflight: renderPreflight(preflightInput, 'migrator', deferral),
    ...(document.glue.remoteAgent
      ? { glueAgentPreflight: renderPreflight(preflightInput, 'glue-agent', deferral) }
      : {}),
  };
}

/** The AWS profile and its systemd drop-in: what a host's services need for credentials. */
export type AwsProfile = Pick<HostConfig, 'awsConfig' | 'systemdDropIn' | 'credentialProcess'>;

/** The AWS profile alone, for a host that needs no more (the remote Glue agent host). */
export function renderAwsProfile(input: HostConfigInput, deferral = ALL_KNOWN): AwsProfile {
  return awsProfileFiles(credentialsOf(input, deferral), input.environment.region);
}

function awsProfileFiles(
  credentials: HostConfigDocument['credentials'],
  region: string,
): AwsProfile {
  const credentialProcess =
    credentials.credentialProcess === null
      ? undefined
      : `credential_process = ${credentials.credentialProcess}`;
  return {
    awsConfig: lines([
      '[default]',
      `region = ${region}`,
      ...(credentialProcess ? [credentialProcess] : []),
    ]),
    systemdDropIn: lines([
      `# ldm-landing-zone: the AWS profile of LDM's services is ${credentials.awsConfigFile}`,
      '[Service]',
      ...Object.entries(credentials.environment).map(([k, v]) => `Environment=${k}=${v}`),
    ]),
    ...(credentialProcess ? { credentialProcess } : {}),
  };
}

function lines(list: readonly string[]): string {
  return `${list.join('\n')}\n`;
}

/** The LDM CLI commands of both scripts, from the document. */
class Commands {
  constructor(
    private readonly doc: HostConfigDocument,
    private readonly deferral: Deferral,
  ) {}

  private line(command: string, options: readonly Option[]): string {
    const quote = (value: string, what: string) =>
      this.deferral(value) ? value : quoteArg(value, what);
    return [
      command,
      ...options.map(([flag, value]) =>
        value === undefined ? flag : `${flag} ${quote(value, flag)}`,
      ),
    ].join(' ');
  }

  /** A fresh LDM: connect, then add everything, in the order LDM requires. */
  firstRun(): string[] {
    const { doc } = this;
    const { source, hiveAgent, migrations } = doc;
    return [
      ...this.connect(),
      // The one source, before anything that migrates from it.
      ...(source
        ? [
            source.discovery === 'auto'
              ? this.line('filesystem auto-discover-source hdfs', this.kerberos(source.kerberos))
              : this.line('filesystem add hdfs', [
                  ['--file-system-id', source.fileSystemId],
                  ['--source'],
                  ...this.hdfsOptions(source),
                ]),
            this.line('source fs show', []),
          ]
        : []),
      // The target, then the agent linked to it.
      this.line('filesystem add s3a', this.s3aOptions()),
      this.line('filesystem show', [['--file-system-id', doc.s3.fileSystemId]]),
      this.line('hive agent add glue', this.glueOptions()),
      this.line('hive agent check', [['--name', doc.glue.agentName]]),
      ...(hiveAgent
        ? [
            this.line('hive agent add hive', this.hiveOptions()),
            this.line('hive agent check', [['--name', hiveAgent.name]]),
          ]
        : []),
      // Path mappings apply only to migrations created after them.
      ...doc.pathMappings.map((m) =>
        this.line('path mapping add', [
          ['--path-mapping-id', m.id],
          ['--source-path', m.sourcePath],
          ['--target', doc.s3.fileSystemId],
          ['--target-path', m.targetPath],
          ['--description', m.description],
        ]),
      ),
      // Rules before the metadata migration that names them.
      ...migrations.rules.map((r) => this.line('hive rule add', this.ruleOptions(r))),
      ...migrations.data.map((m) =>
        this.line('migration add', [
          ['--migration-id', m.id],
          ['--path', m.path],
          ['--target', doc.s3.fileSystemId],
        ]),
      ),
      ...(migrations.start
        ? migrations.data.map((m) => this.line('migration run', [['--migration-id', m.id]]))
        : []),
      ...(migrations.metadata
        ? [
            this.line('hive migration add', [
              ['--source', migrations.metadata.source],
              ['--target', migrations.metadata.target],
              ['--rule-names', migrations.metadata.ruleNames.join(',')],
              ['--name', migrations.metadata.name],
              ...onlyIf(migrations.start, ['--auto-start']),
            ]),
          ]
        : []),
    ];
  }

  /**
   * A configured LDM: bring what the first run added up to date with `update`/`configure` (all
   * their parameters are optional except the id), then show what exists. Path mappings and
   * migrations have no update command: adding one after the first run is a step of its own
   * (docs/host-configuration.md).
   */
  update(): string[] {
    const { doc } = this;
    const { source, hiveAgent, migrations } = doc;
    const sourceOptions = source
      ? source.discovery === 'auto'
        ? this.kerberos(source.kerberos)
        : this.hdfsOptions(source)
      : [];
    return [
      ...this.connect(),
      ...(source && sourceOptions.length > 0
        ? [
            this.line('filesystem update hdfs', [
              ['--file-system-id', source.fileSystemId],
              ...sourceOptions,
            ]),
          ]
        : []),
      ...(source ? [this.line('source fs show', [])] : []),
      this.line('filesystem update s3a', this.s3aOptions()),
      this.line('filesystem show', [['--file-system-id', doc.s3.fileSystemId]]),
      this.line('hive agent configure glue', this.glueOptions()),
      this.line('hive agent check', [['--name', doc.glue.agentName]]),
      ...(hiveAgent
        ? [
            this.line('hive agent configure hive', this.hiveOptions()),
            this.line('hive agent check', [['--name', hiveAgent.name]]),
          ]
        : []),
      ...migrations.rules.map((r) => this.line('hive rule configure', this.ruleOptions(r))),
      this.line('path mapping list', [['--target', doc.s3.fileSystemId]]),
      ...(migrations.data.length > 0 ? [this.line('migration list', [])] : []),
      ...(migrations.metadata ? [this.line('hive migration list', [])] : []),
    ];
  }

  /** Only for services on TLS: without it, the CLI's own connection (18080, 6780) is right. */
  private connect(): string[] {
    const { livedataMigrator, hiveMigrator } = this.doc.connections;
    const connect = (command: string, c: ServiceConnection) =>
      this.line(command, [['--host', c.host], ['--ssl'], ['--port', String(c.port)]]);
    return [
      ...(livedataMigrator.tls ? [connect('connect livemigrator', livedataMigrator)] : []),
      ...(hiveMigrator.tls ? [connect('connect hivemigrator', hiveMigrator)] : []),
    ];
  }

  private kerberos(identity: KerberosIdentity | null): Option[] {
    return identity
      ? [
          ['--kerberos-principal', identity.principal],
          ['--kerberos-keytab', identity.keytab],
        ]
      : [];
  }

  private hdfsOptions(source: NonNullable<HostConfigDocument['source']>): Option[] {
    return [
      ...onlyIf(source.defaultFs !== null, ['--default-fs', source.defaultFs ?? '']),
      ...onlyIf(source.propertiesFiles.length > 0, [
        '--properties-files',
        source.propertiesFiles.join(','),
      ]),
      ...this.kerberos(source.kerberos),
    ];
  }

  private s3aOptions(): Option[] {
    const { s3, credentials } = this.doc;
    const properties = Object.entries(s3.properties)
      .map(([key, value]) => `${key}=${value}`)
      .join(',');
    return [
      ['--file-system-id', s3.fileSystemId],
      ['--bucket-name', s3.bucketName],
      ['--credentials-provider', credentials.s3aCredentialsProvider],
      ...onlyIf(s3.endpoint !== null, ['--endpoint', s3.endpoint ?? '']),
      ['--properties', properties],
    ];
  }

  private glueOptions(): Option[] {
    const { glue, s3 } = this.doc;
    const remote = glue.remoteAgent;
    return [
      ['--name', glue.agentName],
      ['--glue-endpoint', glue.endpoint],
      ['--aws-region', glue.region],
      ...onlyIf(glue.crossAccount, ['--glue-catalog-id', glue.catalogId]),
      ['--file-system-id', s3.fileSystemId],
      ...onlyIf(remote !== null, ['--host', remote?.host ?? ''], ['--port', String(remote?.port)]),
    ];
  }

  private hiveOptions(): Option[] {
    const { hiveAgent, source } = this.doc;
    if (!hiveAgent || !source) throw new Error('renderHostConfig: no Hive agent to configure');
    return [
      ['--name', hiveAgent.name],
      ...onlyIf(hiveAgent.configPath !== null, ['--config-path', hiveAgent.configPath ?? '']),
      ...this.kerberos(hiveAgent.kerberos),
      ['--file-system-id', source.fileSystemId],
    ];
  }

  private ruleOptions(rule: HostConfigDocument['migrations']['rules'][number]): Option[] {
    return [
      ['--name', rule.name],
      ['--database-pattern', rule.databasePattern],
      ['--table-pattern', rule.tablePattern],
    ];
  }
}

/** The values of the host configuration, as the JSON document holds them. */
export function hostConfigDocument(
  input: HostConfigInput,
  deferral = ALL_KNOWN,
): HostConfigDocument {
  const { environment: env, security, storage, catalog } = input;
  const { migrator } = env;
  const names = resourceNames({
    project: input.project,
    envName: env.name,
    accountId: env.accountId,
    region: env.region,
  });
  // Inside the VPC, LDM reaches S3 through the gateway endpoint on the route tables; on premises
  // through the S3 interface endpoint, which LDM must be told about.
  const onPremises = migrator.placement === 'on-premises';
  let s3Endpoint: string | null = null;
  if (onPremises) {
    const dnsName = input.network?.endpoints.s3.dnsName;
    if (dnsName === undefined) {
      throw new Error('renderHostConfig: on premises, the S3 interface endpoint is needed');
    }
    s3Endpoint = stripWildcard(dnsName);
  }
  const remoteAgentHost = migrator.remoteGlueAgent
    ? (input.glueAgentHostIp ?? migrator.hosts.glueAgent.address)
    : undefined;
  if (migrator.remoteGlueAgent && remoteAgentHost === undefined) {
    throw new Error(
      'renderHostConfig: remoteGlueAgent is on but neither glueAgentHostIp nor hosts.glueAgent.address is given',
    );
  }
  const route = glueRoute({ ...migrator, network: env.network });
  if (route === 'none') {
    // Config validation refuses such an environment before anything renders.
    throw new Error('renderHostConfig: HiveMigrator has no route to Glue');
  }
  return {
    format: HOST_CONFIG_FORMAT,
    version: HOST_CONFIG_VERSION,
    environment: { name: env.name, accountId: env.accountId, region: env.region },
    placement: migrator.placement,
    connections: {
      livedataMigrator: { host: LOCAL_HOST, port: Ports.LDM_API.port, tls: migrator.ldmApiTls },
      hiveMigrator: {
        host: LOCAL_HOST,
        port: (migrator.hiveMigratorTls ? Ports.HIVEMIGRATOR_API_TLS : Ports.HIVEMIGRATOR_API).port,
        tls: migrator.hiveMigratorTls,
      },
    },
    credentials: credentialsOf(input, deferral),
    s3: {
      fileSystemId: names.ldmFileSystemId,
      bucketName: storage.bucketName,
      endpoint: s3Endpoint,
      kmsKeyArn: security.kmsKeyArn,
      properties: {
        // A PrivateLink endpoint name does not tell the AWS SDK the signing region.
        ...(onPremises ? { 'fs.s3a.endpoint.region': env.region } : {}),
        // The bucket encrypts with the key by default; asking for it explicitly also satisfies a
        // bucket policy that refuses uploads without SSE-KMS.
        'fs.s3a.server-side-encryption-algorithm': 'SSE-KMS',
        'fs.s3a.server-side-encryption.key': security.kmsKeyArn,
      },
    },
    glue: {
      agentName: names.ldmGlueAgent,
      // The Glue client builds EndpointConfiguration(endpoint, null): the SDK takes the signing
      // region from this name, so it must be the regional one (a vpce-… name gives "vpce").
      endpoint: glueEndpointName(env.region),
      region: env.region,
      route,
      catalogId: catalog.catalogId,
      crossAccount: catalog.catalogId !== env.accountId,
      remoteAgent:
        remoteAgentHost !== undefined
          ? { host: remoteAgentHost, port: migrator.hosts.glueAgent.port, tls: true }
          : null,
    },
    ...sourceSide(input, names, deferral),
  };
}

/** How the services get credentials, and the profile and variables that give them. */
function credentialsOf(
  input: HostConfigInput,
  deferral: Deferral,
): HostConfigDocument['credentials'] {
  const { migrator, region } = input.environment;
  const rolesAnywhereEndpoint =
    migrator.credentials === 'roles-anywhere' ? rolesAnywhereUrl(input) : null;
  const awsConfigFile = `${HOST_CONFIG_DIR}/${HOST_CONFIG_FILES.awsConfig}`;
  return {
    mode: migrator.credentials,
    roleArn: input.security.migratorRoleArn,
    s3aCredentialsProvider:
      migrator.credentials === 'instance-profile'
        ? CREDENTIALS_PROVIDERS.instanceProfile
        : CREDENTIALS_PROVIDERS.defaultChain,
    credentialProcess: rolesAnywhereEndpoint
      ? signingHelperCommand(input, rolesAnywhereEndpoint, deferral)
      : null,
    rolesAnywhereEndpoint,
    awsConfigFile,
    // AWS SDK for Java v1 reads its credentials file from AWS_CREDENTIAL_PROFILES_FILE (falling
    // back to ~/.aws/config only when ~/.aws/credentials is missing), SDK v2, the CLI and the
    // signing helper from AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE: all point at the one
    // profile, so an existing ~/.aws/credentials of hdfs or hive cannot win.
    environment: {
      AWS_CONFIG_FILE: awsConfigFile,
      AWS_CREDENTIAL_PROFILES_FILE: awsConfigFile,
      AWS_SHARED_CREDENTIALS_FILE: awsConfigFile,
      AWS_PROFILE: 'default',
      AWS_REGION: region,
    },
    services: AWS_PROFILE_SERVICES,
  };
}

type SourceSide = Pick<HostConfigDocument, 'source' | 'hiveAgent' | 'pathMappings' | 'migrations'>;

/** The source filesystem, the Hive agent, the path mappings and the migrations. */
function sourceSide(
  input: HostConfigInput,
  names: ReturnType<typeof resourceNames>,
  deferral: Deferral,
): SourceSide {
  const { databaseNames, databaseLocationUris, warehousePrefix } = input.catalog;
  if ([...databaseNames, ...databaseLocationUris, warehousePrefix].some(deferral)) {
    throw new Error('renderHostConfig: database names and locations must be known at synth time');
  }
  const warehousePath = input.environment.migrator.hosts.hiveWarehousePath;
  const mappingInput = {
    bucket: input.storage.bucketName,
    warehousePrefix,
    warehousePath,
    databases: databaseNames.map((name, i) => ({
      name,
      locationUri: databaseLocationUris[i] ?? '',
    })),
  };
  const mappings = pathMappings(mappingInput);
  const config = input.environment.migrator.source;
  if (!config) {
    return {
      source: null,
      hiveAgent: null,
      pathMappings: mappings,
      migrations: { start: false, data: [], rules: [], metadata: null },
    };
  }

  const { hdfs, hive } = config;
  const manual = hdfs.defaultFs !== undefined;
  const source = {
    fileSystemId: manual ? names.ldmSourceFileSystemId : AUTO_DISCOVERED_SOURCE_ID,
    discovery: manual ? ('manual' as const) : ('auto' as const),
    defaultFs: hdfs.defaultFs ?? null,
    propertiesFiles:
      hdfs.hadoopConfigPath !== undefined
        ? ['core-site.xml', 'hdfs-site.xml'].map((file) => `${hdfs.hadoopConfigPath}/${file}`)
        : [],
    kerberos: hdfs.kerberos ?? null,
  };
  const hiveAgent = hive
    ? {
        name: names.ldmHiveAgent,
        configPath: hive.configPath ?? null,
        kerberos: hive.kerberos ?? null,
      }
    : null;
  const data =
    config.migrations ??
    mappedDatabases(mappingInput).map((database) => ({
      id: ldmDatabaseId(names, database),
      path: databasePath(warehousePath, database),
    }));
  // One rule per database the migrator role may write in Glue: the catalog's databases.
  const rules = hiveAgent
    ? databaseNames.map((database) => ({
        name: ldmDatabaseId(names, database),
        databasePattern: database,
        tablePattern: ALL_TABLES,
      }))
    : [];
  return {
    source,
    hiveAgent,
    pathMappings: mappings,
    migrations: {
      start: config.start,
      data,
      rules,
      metadata:
        hiveAgent && rules.length > 0
          ? {
              name: names.ldmMetadataMigration,
              source: hiveAgent.name,
              target: names.ldmGlueAgent,
              ruleNames: rules.map((r) => r.name),
            }
          : null,
    },
  };
}

/** `https://<the Roles Anywhere interface endpoint's endpoint-specific name>`. */
function rolesAnywhereUrl(input: HostConfigInput): string {
  const dnsName = input.network?.endpoints.rolesanywhere?.dnsName;
  if (dnsName === undefined) {
    throw new Error('renderHostConfig: with Roles Anywhere, its interface endpoint is needed');
  }
  return `https://${stripWildcard(dnsName)}`;
}

/**
 * `aws_signing_helper credential-process --certificate … --role-arn … --endpoint https://…`, every
 * value quoted; `--endpoint` points CreateSession at the Roles Anywhere interface endpoint, so the
 * host needs no route to the public one.
 */
function signingHelperCommand(
  input: HostConfigInput,
  endpoint: string,
  deferral: Deferral,
): string {
  const rolesAnywhere = input.security.rolesAnywhere;
  if (!rolesAnywhere) {
    throw new Error(
      'renderHostConfig: credentials is roles-anywhere but the security outputs have no rolesAnywhere',
    );
  }
  const helper = input.environment.migrator.hosts.signingHelper;
  const quote = (value: string, what: string) => (deferral(value) ? value : quoteArg(value, what));
  return [
    quote(helper.executable, 'signingHelper.executable'),
    'credential-process',
    `--certificate ${quote(helper.certificatePath, 'signingHelper.certificatePath')}`,
    `--private-key ${quote(helper.privateKeyPath, 'signingHelper.privateKeyPath')}`,
    `--trust-anchor-arn ${quote(rolesAnywhere.trustAnchorArn, '--trust-anchor-arn')}`,
    `--profile-arn ${quote(rolesAnywhere.profileArn, '--profile-arn')}`,
    `--role-arn ${quote(input.security.migratorRoleArn, '--role-arn')}`,
    `--endpoint ${quote(endpoint, '--endpoint')}`,
  ].join(' ');
}

/**
 * The host configuration renderer: from the four layers' outputs and the environment's config to
 * what an LDM host needs to start migrating — an LDM CLI script (`livedata-migrator
 * --script=<file>`), the same values as a versioned JSON document, and for Roles Anywhere the AWS
 * profile whose `credential_process` runs the signing helper.
 *
 * One renderer for both uses: the migrator stack renders at synth time, where the values AWS
 * generates are cdktf tokens (`Deferral` says which; they end up as Terraform references inside
 * the SSM parameter values), and `npm run host-config` renders offline from `terraform output
 * -json`, where every value is a plain string. Values the toolkit computes (names, paths, config)
 * are always plain, so both renderings are identical for the same values. Deferred values are
 * written bare: AWS writes DNS names, ARNs, account ids and IPv4 addresses in characters that need
 * no quoting (see quote.ts).
 */
import { z } from 'zod';
import type { Environment } from '../../lib/app/schema';
import { resourceNames } from '../../lib/core/naming';
import { Ports } from '../../lib/core/ports';
import { catalogOutputs } from '../catalog/outputs';
import { parseS3Uri } from '../catalog/locations';
import { networkOutputs } from '../network/outputs';
import { securityOutputs } from '../security/outputs';
import { storageOutputs } from '../storage/outputs';
import { hostOutput } from './outputs';
import { quoteArg } from './quote';

/** The JSON document's format name and version: bump the version on any incompatible change. */
export const HOST_CONFIG_FORMAT = 'ldm-host-config';
export const HOST_CONFIG_VERSION = 1;

/** The credential provider classes LDM's S3A filesystem can use (never static keys). */
export const CREDENTIALS_PROVIDERS = {
  /** LDM on EC2 with the instance profile's role. */
  instanceProfile: 'com.amazonaws.auth.InstanceProfileCredentialsProvider',
  /** Environment, profile files (a Roles Anywhere `credential_process`, an assumed role), … */
  defaultChain: 'com.amazonaws.auth.DefaultAWSCredentialsProviderChain',
} as const;

/**
 * The parts of each layer's outputs the renderer reads, picked from the layers' own schemas: the
 * migrator stack passes the layers' outputs objects, `npm run host-config` reads these fields back
 * from `terraform output -json` and checks them with the same schemas.
 */
export const RENDERER_READS = {
  /** Only read on premises, where LDM reaches S3 through the interface endpoint. */
  network: z.strictObject({
    endpoints: z.strictObject({
      s3: networkOutputs.shape.endpoints.shape.s3.pick({ dnsName: true }),
    }),
  }),
  security: securityOutputs.pick({ kmsKeyArn: true, migratorRoleArn: true, rolesAnywhere: true }),
  storage: storageOutputs.pick({ bucketName: true }),
  catalog: catalogOutputs.pick({
    catalogId: true,
    databaseNames: true,
    databaseLocationUris: true,
    warehousePrefix: true,
    glueEndpointDnsName: true,
  }),
  /** Only when the migrator stack launched the remote Glue agent host: LDM connects to its IP. */
  migrator: z.strictObject({ glueAgentHost: hostOutput.pick({ privateIp: true }) }),
} as const;

type Reads<L extends keyof typeof RENDERER_READS> = z.infer<(typeof RENDERER_READS)[L]>;

/** What the renderer reads: the parts of the layers' outputs it uses, and the environment. */
export interface HostConfigInput {
  readonly project: string;
  readonly environment: Pick<Environment, 'name' | 'accountId' | 'region' | 'migrator'>;
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

export interface PathMapping {
  readonly id: string;
  readonly sourcePath: string;
  readonly targetPath: string;
  readonly description: string;
}

/** The JSON document (format `ldm-host-config`, version 1; documented in docs/host-configuration.md). */
export interface HostConfigDocument {
  readonly format: typeof HOST_CONFIG_FORMAT;
  readonly version: typeof HOST_CONFIG_VERSION;
  readonly environment: {
    readonly name: string;
    readonly accountId: string;
    readonly region: string;
  };
  readonly placement: Environment['migrator']['placement'];
  readonly credentials: {
    readonly mode: Environment['migrator']['credentials'];
    readonly roleArn: string;
    readonly s3aCredentialsProvider: string;
    /** Roles Anywhere only: the command of the AWS profile's `credential_process`. */
    readonly credentialProcess: string | null;
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
    readonly endpoint: string;
    readonly region: string;
    readonly catalogId: string;
    /** Whether `--glue-catalog-id` is passed: the catalog is another account's. */
    readonly crossAccount: boolean;
    readonly remoteAgent: {
      readonly host: string;
      readonly port: number;
      readonly tls: true;
    } | null;
  };
  readonly pathMappings: readonly PathMapping[];
}

export interface HostConfig {
  readonly document: HostConfigDocument;
  /** `JSON.stringify(document, null, 2)` and a final newline. */
  readonly json: string;
  /** The LDM CLI script: one command a line. */
  readonly script: string;
  /** Roles Anywhere only: the `credential_process = …` line of the host's AWS profile. */
  readonly credentialProcess?: string;
  /** Roles Anywhere only: the `[default]` profile for `~/.aws/config` of LDM's service user. */
  readonly awsConfig?: string;
}

/** `*.vpce-….s3.<region>.vpce.amazonaws.com` → `vpce-….s3.<region>.vpce.amazonaws.com`. */
export function stripWildcard(dnsName: string): string {
  return dnsName.replace(/^\*\./, '');
}

/** One `--flag value` of a CLI command. */
type Option = readonly [flag: string, value: string];

/** The options, or none when `condition` does not hold. */
function onlyIf(condition: boolean, ...options: Option[]): Option[] {
  return condition ? options : [];
}

export function renderHostConfig(input: HostConfigInput, deferral = ALL_KNOWN): HostConfig {
  const document = hostConfigDocument(input, deferral);
  const quote = (value: string, what: string) => (deferral(value) ? value : quoteArg(value, what));
  const line = (command: string, options: Option[]) =>
    [command, ...options.map(([flag, value]) => `${flag} ${quote(value, flag)}`)].join(' ');

  const { s3, glue, credentials } = document;
  const properties = Object.entries(s3.properties)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
  const remoteAgent = glue.remoteAgent;
  const lines = [
    line('filesystem add s3a', [
      ['--file-system-id', s3.fileSystemId],
      ['--bucket-name', s3.bucketName],
      ['--credentials-provider', credentials.s3aCredentialsProvider],
      ...onlyIf(s3.endpoint !== null, ['--endpoint', s3.endpoint ?? '']),
      ['--properties', properties],
    ]),
    line('filesystem show', [['--file-system-id', s3.fileSystemId]]),
    line('hive agent add glue', [
      ['--name', glue.agentName],
      ['--glue-endpoint', glue.endpoint],
      ['--aws-region', glue.region],
      ...onlyIf(glue.crossAccount, ['--glue-catalog-id', glue.catalogId]),
      ['--file-system-id', s3.fileSystemId],
      ...onlyIf(
        remoteAgent !== null,
        ['--host', remoteAgent?.host ?? ''],
        ['--port', String(remoteAgent?.port)],
      ),
    ]),
    line('hive agent check', [['--name', glue.agentName]]),
    ...document.pathMappings.map((m) =>
      line('path mapping add', [
        ['--path-mapping-id', m.id],
        ['--source-path', m.sourcePath],
        ['--target', s3.fileSystemId],
        ['--target-path', m.targetPath],
        ['--description', m.description],
      ]),
    ),
  ];

  const result: HostConfig = {
    document,
    json: `${JSON.stringify(document, null, 2)}\n`,
    script: `${lines.join('\n')}\n`,
  };
  if (credentials.credentialProcess === null) return result;
  const credentialProcess = `credential_process = ${credentials.credentialProcess}`;
  return {
    ...result,
    credentialProcess,
    awsConfig: `[default]\nregion = ${document.environment.region}\n${credentialProcess}\n`,
  };
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

  return {
    format: HOST_CONFIG_FORMAT,
    version: HOST_CONFIG_VERSION,
    environment: { name: env.name, accountId: env.accountId, region: env.region },
    placement: migrator.placement,
    credentials: {
      mode: migrator.credentials,
      roleArn: security.migratorRoleArn,
      s3aCredentialsProvider:
        migrator.credentials === 'instance-profile'
          ? CREDENTIALS_PROVIDERS.instanceProfile
          : CREDENTIALS_PROVIDERS.defaultChain,
      credentialProcess:
        migrator.credentials === 'roles-anywhere' ? signingHelperCommand(input, deferral) : null,
    },
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
      endpoint: stripWildcard(catalog.glueEndpointDnsName),
      region: env.region,
      catalogId: catalog.catalogId,
      crossAccount: catalog.catalogId !== env.accountId,
      remoteAgent:
        remoteAgentHost !== undefined
          ? { host: remoteAgentHost, port: Ports.REMOTE_GLUE_AGENT.port, tls: true }
          : null,
    },
    pathMappings: pathMappings(input, deferral),
  };
}

/**
 * Path mappings, so the Hive warehouse's directories land where the Glue databases point. When
 * every configured database has its default location (`<warehousePrefix>/<name>.db` in the target
 * bucket), one mapping of the whole warehouse does it, as LDM's documentation shows. Otherwise
 * each database in the target bucket gets its own mapping (they never overlap); a database located
 * in another bucket gets none (the S3 filesystem is the target bucket).
 */
function pathMappings(input: HostConfigInput, deferral: Deferral): PathMapping[] {
  const { databaseNames, databaseLocationUris, warehousePrefix } = input.catalog;
  const bucket = input.storage.bucketName;
  const warehouse = input.environment.migrator.hosts.hiveWarehousePath;
  if ([...databaseNames, ...databaseLocationUris, warehousePrefix].some(deferral)) {
    throw new Error('renderHostConfig: database names and locations must be known at synth time');
  }
  const locations = databaseNames.map((name, i) => ({
    name,
    location: parseS3Uri(databaseLocationUris[i] ?? ''),
  }));
  if (locations.length === 0) return [];
  const isDefault = ({ name, location }: (typeof locations)[number]) =>
    location?.bucket === bucket && location.key === `${warehousePrefix}/${name}.db`;
  if (locations.every(isDefault)) {
    return [
      {
        id: 'hive-warehouse',
        sourcePath: warehouse,
        targetPath: `/${warehousePrefix}`,
        description: 'Hive warehouse into the Glue Data Catalog warehouse prefix',
      },
    ];
  }
  return locations.flatMap(({ name, location }) =>
    location?.bucket === bucket
      ? [
          {
            id: `hive-${name}`,
            sourcePath: `${warehouse}/${name}.db`,
            targetPath: `/${location.key.replace(/\/+$/, '')}`,
            description: `Hive database ${name} into its Glue Data Catalog location`,
          },
        ]
      : [],
  );
}

/** `aws_signing_helper credential-process --certificate … --role-arn …`, every value quoted. */
function signingHelperCommand(input: HostConfigInput, deferral: Deferral): string {
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
  ].join(' ');
}

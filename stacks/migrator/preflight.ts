/**
 * The host preflight: a POSIX shell script, rendered from the same outputs as the LDM CLI script,
 * that checks on the migrator host (and on the remote Glue agent host, when there is one) what LDM
 * needs of it and of the network before LDM is configured:
 *
 * - DNS: every endpoint name the host uses resolves, into the VPC CIDR where the private path is
 *   configured (a public address there means the conditional forwarder or private DNS is missing);
 * - HTTPS: a TLS handshake to each endpoint, with the time it took;
 * - the clock, against the first endpoint's `Date` header (SigV4 allows 5 minutes);
 * - the listeners LDM, the UI, HiveMigrator (or the remote agent) need: free, or held by their
 *   service;
 * - the remote Glue agent, from the migrator host: a TCP connection to its port;
 * - credentials: the rendered AWS profile yields the migrator role (with the aws CLI); with Roles
 *   Anywhere, the AWS SDK for Java in LDM's and HiveMigrator's jars is one that reads the
 *   profile's credential_process (1.11.489 on);
 * - with `--write-test`: an object under `preflight/` in the target bucket, written with SSE-KMS,
 *   read back and deleted;
 * - the source side, when configured: the NameNodes' RPC ports and the KDCs over TCP and UDP.
 *
 * Which checks a host gets, and what each expects, is decided here (`preflightPlan`); the shell
 * functions that run them are in preflight-library.ts. Values reach the script quoted by the LDM
 * script's rules (quote.ts); values known only at apply time are written bare (see render.ts).
 */
import type { Environment } from '../../lib/app/schema';
import { type Port, Ports, remoteGlueAgentPort, SOURCE_DEFAULT_PORTS } from '../../lib/core/ports';
import { dnsSuffixOf } from '../../lib/core/regions';
import { kerberosProbe } from './kerberos-probe';
import { PREFLIGHT_LIBRARY, type PreflightChunk } from './preflight-library';
import { HOST_CONFIG_FILES } from './files';
import { quoteArg } from './quote';
import type { Deferral, HostConfigDocument } from './render';
import { LDM_JAR_FOLDERS, LDM_SERVICES } from './services';

/** The hosts a preflight is rendered for. */
export type PreflightHost = 'migrator' | 'glue-agent';

/** SigV4 refuses a request whose signing time is more than 5 minutes off AWS's clock. */
export const SIGV4_MAX_CLOCK_SKEW_SECONDS = 300;
/** A clock further off than this is a warning: something is not keeping it synchronized. */
export const CLOCK_SKEW_WARNING_SECONDS = 60;
/** Where the Hadoop client configuration is when neither the config nor HADOOP_CONF_DIR says. */
export const DEFAULT_HADOOP_CONF_DIR = '/etc/hadoop/conf';
/** The realm the UDP probe asks for when a principal names none: any KDC answers a request. */
const PROBE_REALM_WITHOUT_REALM = 'LDM-PREFLIGHT';

/** What a check's failure is: FAIL for what LDM needs, WARN for what only other tools use. */
export type Severity = 'FAIL' | 'WARN';

/**
 * How an endpoint name resolves for the host: `vpce` (an endpoint-specific name, in public DNS),
 * `forwarder` (on-premises DNS forwards it to the Route 53 Resolver inbound endpoint), `vpc` (the
 * endpoint's private DNS, in the VPC), all three to addresses in the VPC CIDR; `public` (AWS's
 * public name: the S3 gateway endpoint, or the public Glue endpoint), anywhere.
 */
export type Resolution = 'vpce' | 'forwarder' | 'vpc' | 'public';

/** An AWS endpoint the host calls: its name must resolve, and answer TLS on 443. */
export interface EndpointCheck {
  readonly service: 's3' | 'glue' | 'sts' | 'kms' | 'rolesanywhere';
  readonly name: string;
  readonly resolution: Resolution;
  readonly severity: Severity;
}

/** A service whose jars must hold an AWS SDK for Java that reads credential_process. */
export interface SdkCheck {
  readonly service: string;
  readonly folder: string;
  /** The fix other than a newer SDK. */
  readonly otherwise: string;
}

/** A port a service of the host listens on. */
export interface ListenerCheck {
  readonly port: Port;
  readonly service: string;
}

/** What one host's preflight checks. */
export interface PreflightPlan {
  readonly host: PreflightHost;
  readonly endpoints: readonly EndpointCheck[];
  readonly listeners: readonly ListenerCheck[];
  /** The migrator host with a remote Glue agent: LDM connects to it. */
  readonly remoteAgent: { readonly host: string; readonly port: number } | null;
  /** Only the migrator host writes to the target bucket. */
  readonly writeTest: boolean;
  /** With Roles Anywhere: the services of the host that call AWS through credential_process. */
  readonly sdks: readonly SdkCheck[];
  /** The source side (the migrator host, with `migrator.source`). */
  readonly namenodes: { readonly defaultFs: string; readonly confDir: string } | null;
  /** Kerberos realms of the source side's principals (`''`: the host's default realm). */
  readonly realms: readonly string[];
}

/** What the renderer reads: the document and the environment it was rendered for. */
export interface PreflightInput {
  readonly environment: Pick<Environment, 'name' | 'accountId' | 'region' | 'migrator' | 'network'>;
  readonly document: HostConfigDocument;
}

/** The VPC CIDR the private path leads into. */
function vpcCidrOf(network: Environment['network']): string {
  const cidr = network.vpcCidr ?? network.existingVpc?.cidr;
  if (cidr === undefined) throw new Error('preflight: the environment has no VPC CIDR');
  return cidr;
}

/** Which checks `host` gets, and what each expects. */
export function preflightPlan(input: PreflightInput, host: PreflightHost): PreflightPlan {
  const { environment: env, document: doc } = input;
  const { network, migrator, region } = env;
  const suffix = dnsSuffixOf(region);
  const regional = (service: string) => `${service}.${region}.${suffix}`;
  const inVpc = host === 'glue-agent' || doc.placement === 'ec2';
  // The endpoints' private DNS answers in the VPC, and on premises through the resolver endpoint.
  const privateDns = network.endpointPrivateDns || network.existingVpc !== undefined;
  const forwarded = !inVpc && network.resolverInboundEndpoint;
  const regionalResolution: Resolution =
    privateDns && inVpc ? 'vpc' : privateDns && forwarded ? 'forwarder' : 'public';
  const regionalEndpoint = (
    service: 'glue' | 'sts' | 'kms',
    severity: Severity,
    resolution = regionalResolution,
  ): EndpointCheck => ({ service, name: regional(service), resolution, severity });

  const endpoints: EndpointCheck[] = [];
  if (host === 'migrator') {
    // On premises the S3 interface endpoint; in the VPC the public name, which the S3 gateway
    // endpoint on the subnet's route table carries.
    endpoints.push(
      doc.s3.endpoint !== null
        ? { service: 's3', name: doc.s3.endpoint, resolution: 'vpce', severity: 'FAIL' }
        : { service: 's3', name: regional('s3'), resolution: 'public', severity: 'FAIL' },
    );
  }
  const agentHere = host === 'glue-agent' || doc.glue.remoteAgent === null;
  if (agentHere) {
    const route = host === 'glue-agent' ? 'vpc' : doc.glue.route;
    const resolution = route === 'public' ? 'public' : route === 'resolver' ? 'forwarder' : 'vpc';
    endpoints.push(regionalEndpoint('glue', 'FAIL', resolution));
  }
  if (doc.credentials.rolesAnywhereEndpoint !== null) {
    endpoints.push({
      service: 'rolesanywhere',
      name: doc.credentials.rolesAnywhereEndpoint.replace(/^https:\/\//, ''),
      resolution: 'vpce',
      severity: 'FAIL',
    });
  }
  // STS: the assume-role credentials call it; otherwise only tools do (aws sts get-caller-identity).
  endpoints.push(regionalEndpoint('sts', migrator.credentials === 'assume-role' ? 'FAIL' : 'WARN'));
  // KMS: S3 and Glue use the key on LDM's behalf; LDM does not call KMS itself.
  endpoints.push(regionalEndpoint('kms', 'WARN'));

  const listeners: ListenerCheck[] =
    host === 'migrator'
      ? [
          { port: Ports.LDM_API, service: LDM_SERVICES.livedataMigrator },
          { port: migrator.uiTls ? Ports.UI_TLS : Ports.UI, service: LDM_SERVICES.ui },
          {
            port: doc.connections.hiveMigrator.tls
              ? Ports.HIVEMIGRATOR_API_TLS
              : Ports.HIVEMIGRATOR_API,
            service: LDM_SERVICES.hiveMigrator,
          },
        ]
      : [
          {
            port: remoteGlueAgentPort(migrator.hosts.glueAgent.port),
            service: LDM_SERVICES.remoteGlueAgent,
          },
        ];

  // With Roles Anywhere, the services that call AWS read the profile's credential_process: LDM
  // (S3) and HiveMigrator's Glue agent where it runs, on this host or on the remote agent host.
  const otherMode = 'another migrator.credentials mode (docs/security.md)';
  const sdks: SdkCheck[] =
    doc.credentials.mode !== 'roles-anywhere'
      ? []
      : host === 'glue-agent'
        ? [
            {
              service: LDM_SERVICES.remoteGlueAgent,
              folder: LDM_JAR_FOLDERS.remoteGlueAgent,
              otherwise: otherMode,
            },
          ]
        : [
            {
              service: LDM_SERVICES.livedataMigrator,
              folder: LDM_JAR_FOLDERS.livedataMigrator,
              otherwise: otherMode,
            },
            ...(agentHere
              ? [
                  {
                    service: LDM_SERVICES.hiveMigrator,
                    folder: LDM_JAR_FOLDERS.hiveMigrator,
                    otherwise: `migrator.remoteGlueAgent: true, or ${otherMode}`,
                  },
                ]
              : []),
          ];

  const source = host === 'migrator' ? doc.source : null;
  const principals = [source?.kerberos, host === 'migrator' ? doc.hiveAgent?.kerberos : null]
    .filter((k) => k != null)
    .map((k) => /@(.+)$/.exec(k.principal)?.[1] ?? '');
  return {
    host,
    endpoints,
    listeners,
    remoteAgent:
      host === 'migrator' && doc.glue.remoteAgent
        ? { host: doc.glue.remoteAgent.host, port: doc.glue.remoteAgent.port }
        : null,
    writeTest: host === 'migrator',
    sdks,
    namenodes: source
      ? {
          defaultFs: source.defaultFs ?? '',
          confDir: migrator.source?.hdfs.hadoopConfigPath ?? '',
        }
      : null,
    realms: [...new Set(principals)],
  };
}

/** How to get credentials right, by mode. */
function credentialsFix(doc: HostConfigDocument): string {
  switch (doc.credentials.mode) {
    case 'roles-anywhere':
      return `run the credential_process of ${doc.credentials.awsConfigFile}: the signing helper, its certificate and key (migrator.hosts.signingHelper)`;
    case 'assume-role':
      return `add to ${doc.credentials.awsConfigFile} the source profile that assumes the migrator role (docs/host-configuration.md)`;
    case 'instance-profile':
      return 'the instance needs the instance profile of the security stack';
  }
}

/** One shell line: a command and its arguments, each quoted (or written bare when deferred). */
function call(deferral: Deferral, words: readonly (string | number)[]): string {
  return words
    .map((w, i) =>
      typeof w === 'number' || i === 0 || deferral(w) ? String(w) : quoteArg(w, 'preflight'),
    )
    .join(' ');
}

/**
 * The preflight of `host`: the header, the values, the shell functions its checks use, the checks
 * and the summary. Throws on a value that cannot be quoted (quote.ts).
 */
export function renderPreflight(
  input: PreflightInput,
  host: PreflightHost,
  deferral: Deferral,
): string {
  const plan = preflightPlan(input, host);
  const { environment: env, document: doc } = input;
  // Shell assignments are always single-quoted (`REGION=eu-west-1` reads as arithmetic to
  // shellcheck): values known only at apply time too, so both renderings are the same text (AWS
  // writes them without quotes, see render.ts).
  const q = (value: string, what: string) => {
    const quoted = deferral(value) ? value : quoteArg(value, what);
    return quoted.startsWith("'") ? quoted : `'${quoted}'`;
  };
  const run = (...words: (string | number)[]) => `  ${call(deferral, words)}`;

  const values: [string, string | number][] = [
    ['ENV', q(env.name, 'environment')],
    ['HOST', host],
    ['REGION', q(env.region, 'region')],
    ['VPC', q(vpcCidrOf(env.network), 'VPC CIDR')],
    ['HTTPS', Ports.HTTPS.port],
    ['MAXSKEW', SIGV4_MAX_CLOCK_SKEW_SECONDS],
    ['WARNSKEW', CLOCK_SKEW_WARNING_SECONDS],
    ['AWSCFG', q(doc.credentials.awsConfigFile, 'awsConfigFile')],
    ['ROLE', q(doc.credentials.roleArn, 'migrator role ARN')],
    ['STS', q(plan.endpoints.find((e) => e.service === 'sts')!.name, 'STS endpoint')],
  ];
  if (plan.writeTest) {
    const s3 = plan.endpoints.find((e) => e.service === 's3')!;
    values.push(
      ['BUCKET', q(doc.s3.bucketName, 'bucket name')],
      ['KEY', q(doc.s3.kmsKeyArn, 'KMS key ARN')],
      ['S3', q(s3.name, 'S3 endpoint')],
      // The aws CLI reaches a bucket through an S3 interface endpoint at `bucket.<its name>`.
      ['S3URL', s3.resolution === 'vpce' ? q(`https://bucket.${s3.name}`, 'S3 endpoint') : "''"],
    );
  }
  if (plan.namenodes) {
    values.push(
      ['NNPORT', SOURCE_DEFAULT_PORTS.namenodeRpc.port],
      ['CONFDIR', DEFAULT_HADOOP_CONF_DIR],
    );
  }
  if (plan.realms.length > 0) values.push(['KDCPORT', SOURCE_DEFAULT_PORTS.kerberosKdc.port]);

  const checks = [
    ...plan.endpoints.map((e) => run('endpoint', e.severity, e.name, e.resolution)),
    '  clock',
    ...plan.listeners.map((l) => run('listener', l.port.port, l.port.description, l.service)),
    ...(plan.remoteAgent
      ? [
          run(
            'reach',
            'FAIL',
            'glue-agent',
            plan.remoteAgent.host,
            plan.remoteAgent.port,
            `allow TCP ${plan.remoteAgent.port} from this host to the remote Glue agent host, where ${LDM_SERVICES.remoteGlueAgent} listens (its own preflight checks it)`,
          ),
        ]
      : []),
    run('credentials', credentialsFix(doc)),
    ...plan.sdks.map((s) => run('sdk', s.service, s.folder, s.otherwise)),
    plan.writeTest
      ? '  [ $write = 0 ] || write_test'
      : "  [ $write = 0 ] || r WARN write-test 'not on this host' 'the preflight of the migrator host runs it'",
    ...(plan.namenodes ? [run('namenodes', plan.namenodes.defaultFs, plan.namenodes.confDir)] : []),
    ...plan.realms.map(
      (realm) =>
        `  kdc ${quoteArg(realm, 'Kerberos realm')} ${kerberosProbe(realm || PROBE_REALM_WITHOUT_REALM).toString('base64')}`,
    ),
  ];

  const chunks: PreflightChunk[] = [
    'core',
    'endpoint',
    ...(plan.remoteAgent || plan.namenodes || plan.realms.length > 0 ? ['reach' as const] : []),
    'clock',
    'listener',
    'credentials',
    ...(plan.sdks.length > 0 ? ['sdk' as const] : []),
    ...(plan.writeTest ? ['writeTest' as const] : []),
    ...(plan.namenodes ? ['namenodes' as const] : []),
    ...(plan.realms.length > 0 ? ['kdc' as const] : []),
  ];
  const what = host === 'migrator' ? 'the migrator host' : 'the remote Glue agent host';
  const file =
    host === 'migrator' ? HOST_CONFIG_FILES.preflight : HOST_CONFIG_FILES.glueAgentPreflight;
  const script = [
    '#!/bin/sh',
    `# ldm-landing-zone preflight of ${what} of environment ${env.name} (${env.region},`,
    `# account ${env.accountId}), rendered from the outputs of its stacks.`,
    `# Usage: sh ${file} [--json]${plan.writeTest ? ' [--write-test]' : ''} [--timeout SECONDS] [--aws-config FILE]`,
    '#          [--ca-file PEM] [--connect-to NAME=HOST:PORT]...',
    '# Checks what LDM needs of this host and its network, one line each:',
    '# PASS|WARN|FAIL <requirement> — <what was seen> [— how to fix]. Exit status 1 on any FAIL.',
    ...(plan.writeTest
      ? [
          '# It changes nothing; --write-test writes one object under preflight/ in the target bucket',
          '# and deletes it. See docs/network-requirements.md, "Check it from the host".',
        ]
      : ['# It changes nothing. See docs/network-requirements.md, "Check it from the host".']),
    ...values.map(([name, value]) => `${name}=${value}`),
    ...chunks.map((c) => PREFLIGHT_LIBRARY[c].trimEnd()),
    'checks() {',
    ...checks,
    '}',
    PREFLIGHT_LIBRARY.main.trimEnd(),
  ].join('\n');
  return `${script}\n`;
}

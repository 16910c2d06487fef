/**
 * The port catalogue: every port the toolkit opens, in one place, from LDM's published network
 * requirements (see docs/network-requirements.md). LDM's early documentation labelled 18080
 * "outbound" and 8081 "bi-directional"; the published requirements make both inbound listeners
 * on the migrator host, which is how they appear here.
 */

export type Direction = 'inbound' | 'outbound';

/** The IP protocol of a port: LDM's ports are TCP; DNS and a Kerberos KDC also answer on UDP. */
export type Protocol = 'tcp' | 'udp';

export interface Port {
  readonly port: number;
  readonly protocol: Protocol;
  /** Direction seen from the host the rule protects. */
  readonly direction: Direction;
  /** Written into the security group rule's description: says which catalogue entry it is. */
  readonly description: string;
}

function port(
  port: number,
  direction: Direction,
  description: string,
  protocol: Protocol = 'tcp',
): Port {
  return { port, protocol, direction, description };
}

export const Ports = {
  /** Data and API traffic to S3, Glue, STS and KMS. */
  HTTPS: port(443, 'outbound', 'HTTPS to AWS APIs (S3, Glue, STS, KMS)'),
  /** LDM REST API: the CLI, the UI and scripts are its clients. */
  LDM_API: port(18080, 'inbound', 'LiveData Migrator REST API'),
  /** LiveData UI over HTTP. */
  UI: port(8081, 'inbound', 'LiveData UI (HTTP)'),
  /** LiveData UI over TLS. */
  UI_TLS: port(8443, 'inbound', 'LiveData UI (HTTPS)'),
  /** HiveMigrator REST API over HTTP. */
  HIVEMIGRATOR_API: port(6780, 'inbound', 'HiveMigrator REST API (HTTP)'),
  /** HiveMigrator REST API over TLS. */
  HIVEMIGRATOR_API_TLS: port(6781, 'inbound', 'HiveMigrator REST API (HTTPS)'),
  /**
   * HiveMigrator remote Glue agent, on the remote agent host; LDM is the client. 5052 is the
   * default of LDM's older documentation; the agent's own configuration decides (`remoteGlueAgentPort`).
   */
  REMOTE_GLUE_AGENT: port(5052, 'inbound', 'HiveMigrator remote Glue agent'),
  /** DNS queries from on-premises resolvers to the Route 53 Resolver inbound endpoint, over UDP. */
  DNS_UDP: port(53, 'inbound', 'DNS (UDP) to the Route 53 Resolver inbound endpoint', 'udp'),
  /** The same over TCP (large answers, and resolvers that use TCP). */
  DNS_TCP: port(53, 'inbound', 'DNS (TCP) to the Route 53 Resolver inbound endpoint'),
} as const satisfies Record<string, Port>;

export type PortName = keyof typeof Ports;

/** `443/tcp`: how docs and findings name a port. */
export function portLabel(p: Pick<Port, 'port' | 'protocol'>): string {
  return `${p.port}/${p.protocol}`;
}

/**
 * A port of the source Hadoop cluster that an LDM host on EC2 connects to on premises (NameNode
 * RPC 8020, DataNode 9866, Hive metastore 9083, Kerberos 88 over TCP and UDP, ...). Clusters
 * differ, so these come from `migrator.sourceClusterPorts` rather than from the catalogue.
 */
export function sourceClusterPort(n: number, protocol: Protocol = 'tcp'): Port {
  const what = protocol === 'tcp' ? String(n) : portLabel({ port: n, protocol });
  return port(
    n,
    'outbound',
    `Source Hadoop cluster port ${what} (migrator.sourceClusterPorts)`,
    protocol,
  );
}

/**
 * The remote Glue agent's port: the catalogue entry, on the port the agent's configuration sets
 * (`migrator.hosts.glueAgent.port`, 5052 unless changed).
 */
export function remoteGlueAgentPort(n: number): Port {
  return { ...Ports.REMOTE_GLUE_AGENT, port: n };
}

/**
 * Ports of the source side the toolkit opens nowhere but the host preflight checks (see
 * stacks/migrator/preflight.ts): the defaults of the services, used when the NameNode URI or
 * krb5.conf names no port.
 */
export const SOURCE_DEFAULT_PORTS = {
  /** HDFS NameNode RPC: `hdfs://<host>` without a port means 8020. */
  namenodeRpc: port(8020, 'outbound', 'HDFS NameNode RPC (the source cluster)'),
  /** Kerberos KDC, over TCP and UDP: a `kdc` line of krb5.conf without a port means 88. */
  kerberosKdc: port(88, 'outbound', 'Kerberos KDC (the source cluster)'),
} as const satisfies Record<string, Port>;

/** Every port and protocol the catalogue knows: a security group rule on any other is a finding. */
export const CATALOGUE: readonly Pick<Port, 'port' | 'protocol'>[] = Object.values(Ports).map(
  ({ port, protocol }) => ({ port, protocol }),
);

/** Whether `port` over `protocol` is a catalogue entry. */
export function inCatalogue(port: number, protocol: string): boolean {
  return CATALOGUE.some((p) => p.port === port && p.protocol === protocol);
}

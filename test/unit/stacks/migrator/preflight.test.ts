/**
 * The host preflight's plan: which checks each host gets and what each expects, by placement,
 * route to Glue, credentials, remote agent and source side; its values quoted by the LDM script's
 * rules; ports from the catalogue; the Kerberos request it sends. Running it is
 * test/cli/preflight.test.ts; ShellCheck on it is shellcheck.test.ts.
 */
import { join } from 'node:path';
import { loadConfig } from '../../../../lib/app/config';
import type { Config } from '../../../../lib/app/schema';
import { Fail } from '../../../../lib/core/errors';
import { Ports, SOURCE_DEFAULT_PORTS } from '../../../../lib/core/ports';
import { kerberosProbe, PROBE_PRINCIPAL } from '../../../../stacks/migrator/kerberos-probe';
import {
  type PreflightHost,
  preflightPlan,
  renderPreflight,
} from '../../../../stacks/migrator/preflight';
import { PREFLIGHT_LIBRARY } from '../../../../stacks/migrator/preflight-library';
import { readHostConfigInput } from '../../../../stacks/migrator/outputs-files';
import {
  ALL_KNOWN,
  hostConfigDocument,
  type HostConfigInput,
} from '../../../../stacks/migrator/render';
import { configWith, problemsOf, rawEnv, ROOT } from '../../../support/synth';

const OUTPUTS = join(ROOT, 'test', 'fixtures', 'host-config', 'outputs');
const example = loadConfig(join(ROOT, 'config', 'example.yaml'));
const ADMINS = ['192.168.10.0/24'];

/** The example's outputs, rendered for a config (its migrator section edited). */
function inputFor(config: Config): HostConfigInput {
  return readHostConfigInput(config, config.environments[0]!, OUTPUTS);
}
function planOf(config: Config, host: PreflightHost = 'migrator') {
  const input = inputFor(config);
  const document = hostConfigDocument(input);
  return preflightPlan({ environment: input.environment, document }, host);
}
const withMigrator = (migrator: Record<string, unknown>, network?: Record<string, unknown>) =>
  configWith((raw) => {
    Object.assign(rawEnv(raw).migrator, migrator);
    if (network) Object.assign(rawEnv(raw).network, network);
  });
/** The endpoints as `service resolution severity`. */
const endpoints = (plan: ReturnType<typeof planOf>) =>
  plan.endpoints.map((e) => `${e.service} ${e.resolution} ${e.severity}`);

describe('which endpoints a host checks, and how their names must resolve', () => {
  test('on premises through the resolver endpoint: vpce names, the rest forwarded, STS and KMS warnings', () => {
    const plan = planOf(example);
    expect(endpoints(plan)).toEqual([
      's3 vpce FAIL',
      'glue forwarder FAIL',
      'rolesanywhere vpce FAIL',
      'sts forwarder WARN',
      'kms forwarder WARN',
    ]);
    expect(plan.endpoints.map((e) => e.name).slice(1)).toEqual([
      'glue.eu-west-1.amazonaws.com',
      expect.stringMatching(
        /^vpce-[0-9a-f]+-[0-9a-z]+\.rolesanywhere\.eu-west-1\.vpce\.amazonaws\.com$/,
      ),
      'sts.eu-west-1.amazonaws.com',
      'kms.eu-west-1.amazonaws.com',
    ]);
  });

  test('on premises with the public Glue endpoint (the relaxation): public names, anywhere', () => {
    const plan = planOf(
      withMigrator({ allowPublicGlueEndpoint: true }, { resolverInboundEndpoint: false }),
    );
    expect(endpoints(plan)).toEqual([
      's3 vpce FAIL',
      'glue public FAIL',
      'rolesanywhere vpce FAIL',
      'sts public WARN',
      'kms public WARN',
    ]);
  });

  test('assumed role credentials need STS: a FAIL', () => {
    const plan = planOf(
      withMigrator({
        credentials: 'assume-role',
        assumeRole: { principals: ['arn:aws:iam::111111111111:role/edge'], externalId: 'x-1' },
        rolesAnywhere: undefined,
      }),
    );
    expect(endpoints(plan)).toEqual([
      's3 vpce FAIL',
      'glue forwarder FAIL',
      'sts forwarder FAIL',
      'kms forwarder WARN',
    ]);
  });

  test('on EC2: S3 by its public name (the gateway endpoint), the rest by the VPC’s private DNS', () => {
    const plan = planOf(
      withMigrator({
        placement: 'ec2',
        adminCidrs: ADMINS,
        credentials: 'instance-profile',
        rolesAnywhere: undefined,
      }),
    );
    expect(plan.endpoints.map((e) => `${e.name} ${e.resolution}`)).toEqual([
      's3.eu-west-1.amazonaws.com public',
      'glue.eu-west-1.amazonaws.com vpc',
      'sts.eu-west-1.amazonaws.com vpc',
      'kms.eu-west-1.amazonaws.com vpc',
    ]);
  });

  test('an existing VPC whose own endpoints have private DNS: names still resolve into its CIDR', () => {
    const input = inputFor(example);
    const environment = {
      ...input.environment,
      network: {
        ...input.environment.network,
        vpcCidr: undefined,
        existingVpc: {
          vpcId: 'vpc-0a1b2c3d4e5f60718',
          cidr: '10.40.0.0/16',
          subnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0b1c2d3e4f5061728'],
          routeTableIds: ['rtb-0a1b2c3d4e5f60718'],
          s3GatewayEndpoint: false,
        },
        endpointPrivateDns: false,
      },
    };
    const document = hostConfigDocument({ ...input, environment });
    const plan = preflightPlan({ environment, document }, 'migrator');
    expect(endpoints(plan)).toEqual([
      's3 vpce FAIL',
      'glue forwarder FAIL',
      'rolesanywhere vpce FAIL',
      'sts forwarder WARN',
      'kms forwarder WARN',
    ]);
    expect(renderPreflight({ environment, document }, 'migrator', ALL_KNOWN)).toContain(
      "\nVPC='10.40.0.0/16'\n",
    );
  });

  test('a remote Glue agent: Glue is checked on the agent host, which the migrator host reaches', () => {
    const config = withMigrator({
      remoteGlueAgent: true,
      hosts: { glueAgent: { address: 'glue-agent.corp.example', port: 5552 } },
    });
    const migrator = planOf(config);
    expect(migrator.endpoints.map((e) => e.service)).toEqual(['s3', 'rolesanywhere', 'sts', 'kms']);
    expect(migrator.remoteAgent).toEqual({ host: 'glue-agent.corp.example', port: 5552 });
    const agent = planOf(config, 'glue-agent');
    expect(endpoints(agent)).toEqual([
      'glue vpc FAIL',
      'rolesanywhere vpce FAIL',
      'sts vpc WARN',
      'kms vpc WARN',
    ]);
    expect(agent.listeners.map((l) => [l.port.port, l.port.description, l.service])).toEqual([
      [5552, Ports.REMOTE_GLUE_AGENT.description, 'hivemigrator-remote-server'],
    ]);
    expect([agent.writeTest, agent.remoteAgent, agent.namenodes, agent.realms]).toEqual([
      false,
      null,
      null,
      [],
    ]);
  });
});

describe('the AWS SDK for Java that must read credential_process', () => {
  const sdks = (plan: ReturnType<typeof planOf>) =>
    plan.sdks.map((c) => `${c.service} ${c.folder}`);
  const script = (config: Config, host: PreflightHost = 'migrator') => {
    const input = inputFor(config);
    return renderPreflight(
      { environment: input.environment, document: hostConfigDocument(input) },
      host,
      ALL_KNOWN,
    );
  };

  test('with Roles Anywhere: LDM and HiveMigrator, in the folders LDM installs them to', () => {
    expect(sdks(planOf(example))).toEqual([
      'livedata-migrator /opt/wandisco/livedata-migrator',
      'hivemigrator /opt/wandisco/hivemigrator',
    ]);
    expect(script(example)).toContain(
      "\n  sdk hivemigrator /opt/wandisco/hivemigrator 'migrator.remoteGlueAgent: true, or another migrator.credentials mode (docs/security.md)'\n",
    );
  });

  test('with a remote Glue agent: LDM on the migrator host, the remote agent on its own host', () => {
    const config = withMigrator({
      remoteGlueAgent: true,
      hosts: { glueAgent: { address: 'glue-agent.corp.example' } },
    });
    expect(sdks(planOf(config))).toEqual(['livedata-migrator /opt/wandisco/livedata-migrator']);
    expect(sdks(planOf(config, 'glue-agent'))).toEqual([
      'hivemigrator-remote-server /opt/wandisco/hivemigrator-remote-server',
    ]);
    expect(script(config, 'glue-agent')).toContain('\nsdk() {\n');
  });

  test('without Roles Anywhere nothing reads credential_process: no check, no function', () => {
    const assumed = withMigrator({
      credentials: 'assume-role',
      assumeRole: { principals: ['arn:aws:iam::111111111111:role/edge'], externalId: 'x-1' },
      rolesAnywhere: undefined,
    });
    expect(planOf(assumed).sdks).toEqual([]);
    expect(script(assumed)).not.toMatch(/^ *sdk /m);
    expect(script(assumed)).not.toContain('\nsdk() {\n');
    expect(script(example)).toContain('\nsdk() {\n');
  });
});

describe('listeners, the source side', () => {
  test('the listeners follow the TLS settings, from the port catalogue', () => {
    const ports = (migrator: Record<string, unknown>) =>
      planOf(withMigrator(migrator)).listeners.map((l) => [l.port, l.service]);
    expect(ports({})).toEqual([
      [Ports.LDM_API, 'livedata-migrator'],
      [Ports.UI, 'livedata-ui'],
      [Ports.HIVEMIGRATOR_API_TLS, 'hivemigrator'],
    ]);
    expect(ports({ uiTls: true, hiveMigratorTls: false })).toEqual([
      [Ports.LDM_API, 'livedata-migrator'],
      [Ports.UI_TLS, 'livedata-ui'],
      [Ports.HIVEMIGRATOR_API, 'hivemigrator'],
    ]);
  });

  test('no port number is written into the shell functions: they come from the catalogue', () => {
    const numbers = [
      ...Object.values(Ports).map((p) => p.port),
      ...Object.values(SOURCE_DEFAULT_PORTS).map((p) => p.port),
    ];
    for (const [chunk, text] of Object.entries(PREFLIGHT_LIBRARY)) {
      // "Route 53" is a name, not a port.
      const code = text.replaceAll('Route 53', 'Route');
      for (const n of numbers) {
        expect([chunk, new RegExp(`\\b${n}\\b`).test(code)]).toEqual([chunk, false]);
      }
    }
  });

  test('the source side: the NameNodes of defaultFs or the Hadoop configuration, the realms of the principals', () => {
    const plan = planOf(
      withMigrator({
        source: {
          hdfs: {
            defaultFs: 'hdfs://nameservice1',
            hadoopConfigPath: '/etc/hadoop/conf',
            kerberos: { principal: 'hdfs@EXAMPLE.COM', keytab: '/k/hdfs.keytab' },
          },
          hive: { kerberos: { principal: 'hive/_HOST@EXAMPLE.COM', keytab: '/k/hive.keytab' } },
        },
      }),
    );
    expect(plan.namenodes).toEqual({
      defaultFs: 'hdfs://nameservice1',
      confDir: '/etc/hadoop/conf',
    });
    expect(plan.realms).toEqual(['EXAMPLE.COM']);
    const auto = planOf(
      withMigrator({
        source: { hdfs: { kerberos: { principal: 'hdfs', keytab: '/k/h.keytab' } } },
      }),
    );
    // Auto-discovery: fs.defaultFS of the host's Hadoop configuration; the host's default realm.
    expect(auto.namenodes).toEqual({ defaultFs: '', confDir: '' });
    expect(auto.realms).toEqual(['']);
    expect(planOf(example).namenodes).toBeNull();
    expect(planOf(example).realms).toEqual([]);
  });
});

describe('rendering', () => {
  test('fails if a value cannot be quoted by the LDM script’s rules, naming it', () => {
    const input = inputFor(example);
    const document = hostConfigDocument(input);
    const bad = {
      ...document,
      credentials: { ...document.credentials, roleArn: "arn:aws:iam::111111111111:role/it's" },
    };
    expect(
      problemsOf(() =>
        renderPreflight({ environment: input.environment, document: bad }, 'migrator', ALL_KNOWN),
      ),
    ).toEqual([Fail.unquotable('migrator role ARN', "arn:aws:iam::111111111111:role/it's")]);
  });

  test('values known only at apply time are written as the offline render writes them', () => {
    const input = inputFor(example);
    const document = hostConfigDocument(input);
    const known = renderPreflight(
      { environment: input.environment, document },
      'migrator',
      ALL_KNOWN,
    );
    const deferred = renderPreflight(
      { environment: input.environment, document },
      'migrator',
      (v) => v === document.credentials.roleArn || v === document.s3.kmsKeyArn,
    );
    expect(deferred).toBe(known);
    expect(known).toContain(`\nROLE='${document.credentials.roleArn}'\n`);
  });

  test('no shell function holds what Terraform would read as a template', () => {
    for (const text of Object.values(PREFLIGHT_LIBRARY)) expect(text).not.toMatch(/[$%]\{/);
  });
});

describe('the Kerberos request the UDP check sends', () => {
  /** A DER element: tag, content, and what follows it. */
  function der(bytes: Buffer): { tag: number; content: Buffer; rest: Buffer } {
    let length = bytes[1]!;
    let offset = 2;
    if (length & 0x80) {
      const n = length & 0x7f;
      length = bytes.subarray(2, 2 + n).reduce((a, b) => a * 256 + b, 0);
      offset += n;
    }
    return {
      tag: bytes[0]!,
      content: bytes.subarray(offset, offset + length),
      rest: bytes.subarray(offset + length),
    };
  }
  /** The elements of a constructed value. */
  function children(content: Buffer): Map<number, Buffer> {
    const out = new Map<number, Buffer>();
    for (let rest = content; rest.length > 0;) {
      const e = der(rest);
      out.set(e.tag, e.content);
      rest = e.rest;
    }
    return out;
  }
  const integer = (b: Buffer) => der(b).content.reduce((a, x) => a * 256 + x, 0);
  /** The strings of a SEQUENCE OF GeneralString. */
  const strings = (b: Buffer) => {
    const out: string[] = [];
    for (let rest = der(b).content; rest.length > 0;) {
      const e = der(rest);
      out.push(e.content.toString());
      rest = e.rest;
    }
    return out;
  };

  test('an AS-REQ (RFC 4120) for ldm-preflight@<realm> to krbtgt/<realm>, without pre-authentication', () => {
    const request = der(kerberosProbe('EXAMPLE.COM'));
    expect(request.tag).toBe(0x6a); // [APPLICATION 10]
    expect(request.rest.length).toBe(0);
    const fields = children(der(request.content).content);
    expect(integer(fields.get(0xa1)!)).toBe(5); // pvno
    expect(integer(fields.get(0xa2)!)).toBe(10); // msg-type AS-REQ
    expect(fields.has(0xa3)).toBe(false); // no padata
    const body = children(der(fields.get(0xa4)!).content);
    const cname = children(der(body.get(0xa1)!).content);
    expect(strings(cname.get(0xa1)!)).toEqual([PROBE_PRINCIPAL]);
    expect(der(body.get(0xa2)!).content.toString()).toBe('EXAMPLE.COM');
    const sname = children(der(body.get(0xa3)!).content);
    expect(strings(sname.get(0xa1)!)).toEqual(['krbtgt', 'EXAMPLE.COM']);
    expect(der(body.get(0xa5)!).tag).toBe(0x18); // till: GeneralizedTime
  });

  test('fails if the realm is not one of a principal', () => {
    expect(() => kerberosProbe('EXAMPLE COM')).toThrow(/is not a realm of a principal/);
  });
});

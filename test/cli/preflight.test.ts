/**
 * The host preflight, run for real: the script `npm run host-config -- --preflight` renders, run
 * with `sh` against local stand-ins (test/support/stand-ins.ts) — an HTTPS server standing in for
 * the AWS endpoints (reached with the script's documented `--connect-to`, trusted with its
 * `--ca-file`), a process holding LDM's port, a NameNode, a KDC. The checks themselves (getent,
 * curl, ss, the aws CLI, bash's /dev/udp) are the script's own and run unchanged.
 */
import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadConfig } from '../../lib/app/config';
import type { Config } from '../../lib/app/schema';
import { Ports } from '../../lib/core/ports';
import { kerberosProbe } from '../../stacks/migrator/kerberos-probe';
import { readHostConfigInput } from '../../stacks/migrator/outputs-files';
import { type HostConfigInput, renderHostConfig } from '../../stacks/migrator/render';
import {
  endpointStandIn,
  type EndpointStandIn,
  kdcStandIn,
  namenodeStandIn,
  pathWith,
  runPreflight,
  tcpStandIn,
  testCertificates,
} from '../support/stand-ins';
import { configWith, rawEnv, ROOT } from '../support/synth';

jest.setTimeout(60_000);

const OUTPUTS = join(ROOT, 'test', 'fixtures', 'host-config', 'outputs');
const example = loadConfig(join(ROOT, 'config', 'example.yaml'));
const temp = (name: string) => mkdtempSync(join(tmpdir(), `ldm-preflight-${name}-`));

/** The example's renderer input (its outputs files), with `change` applied. */
function inputOf(
  config: Config = example,
  change: (i: HostConfigInput) => HostConfigInput = (i) => i,
) {
  return change(readHostConfigInput(config, config.environments[0]!, OUTPUTS));
}
const rendered = renderHostConfig(inputOf());
const S3 = rendered.document.s3.endpoint!;
const ROLES_ANYWHERE = rendered.document.credentials.rolesAnywhereEndpoint!.replace('https://', '');
const GLUE = 'glue.eu-west-1.amazonaws.com';
const ENDPOINTS = [
  S3,
  GLUE,
  ROLES_ANYWHERE,
  'sts.eu-west-1.amazonaws.com',
  'kms.eu-west-1.amazonaws.com',
];
const ROLE_ARN = rendered.document.credentials.roleArn;
const MIGRATOR_ROLE_SESSION =
  'arn:aws:sts::111111111111:assumed-role/ldm-sandbox-migrator/ldm-edge-01';

const tls = testCertificates([
  '*.eu-west-1.amazonaws.com',
  '*.s3.eu-west-1.vpce.amazonaws.com',
  '*.rolesanywhere.eu-west-1.vpce.amazonaws.com',
]);

/** `--connect-to` every endpoint the stand-in answers as, trusting the stand-in's CA. */
function pointedAt(standIn: EndpointStandIn, names: readonly string[] = ENDPOINTS): string[] {
  return [
    '--timeout',
    '2',
    '--ca-file',
    tls.caFile,
    ...names.flatMap((name) => ['--connect-to', `${name}=127.0.0.1:${standIn.port}`]),
  ];
}

/** An AWS profile with keys of its own: the stand-ins check no signature. */
function awsConfig(): string {
  const file = join(temp('aws'), 'aws-config');
  writeFileSync(
    file,
    '[default]\nregion = eu-west-1\naws_access_key_id = AKIAPREFLIGHTEXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
  );
  return file;
}

/** The result line of a requirement. */
function lineOf(lines: readonly string[], requirement: string): string | undefined {
  return lines.find((l) => l.split(' — ')[0]!.replace(/^(PASS|WARN|FAIL) /, '') === requirement);
}

/** The aws CLI: the credentials and write checks run it for real. */
function requireAwsCli(): void {
  if (spawnSync('sh', ['-c', 'command -v aws']).status !== 0) {
    throw new Error(
      'the aws CLI is not on PATH: these tests run it against the stand-ins; install it (apt-get install -y awscli, or pip install awscli)',
    );
  }
}

/** The commands a preflight uses, for a PATH without some of them. */
const TOOLS = [
  'sh', 'bash', 'getent', 'curl', 'openssl', 'ss', 'awk', 'sed', 'grep', 'sort', 'tr', 'cut',
  'head', 'tail', 'cat', 'date', 'uname', 'timeout', 'dd', 'wc', 'base64', 'env', 'aws',
]; // prettier-ignore

let standIn: EndpointStandIn;
beforeAll(async () => {
  standIn = await endpointStandIn({ tls, callerArn: MIGRATOR_ROLE_SESSION });
});
afterAll(() => standIn.close());

describe('the preflight against local stand-ins', () => {
  test('a local TLS server on 127.0.0.1 gives PASS with a handshake time', async () => {
    const run = await runPreflight(rendered.preflight, pointedAt(standIn));
    for (const name of ENDPOINTS) {
      expect(lineOf(run.lines, `https ${name}`)).toMatch(
        new RegExp(
          `^PASS https ${name.replace(/\./g, '\\.')} — TLS handshake in \\d+\\.\\d+ s via 127\\.0\\.0\\.1:${standIn.port}$`,
        ),
      );
    }
    // Certificates are verified: without the stand-in's CA, the handshake fails and says why.
    const untrusted = await runPreflight(rendered.preflight, [
      '--timeout',
      '2',
      '--connect-to',
      `${GLUE}=127.0.0.1:${standIn.port}`,
    ]);
    expect(lineOf(untrusted.lines, `https ${GLUE}`)).toBe(
      `FAIL https ${GLUE} — SSL certificate problem: unable to get local issuer certificate via 127.0.0.1:${standIn.port} — a TLS-inspecting proxy? LDM's JVM must trust its CA too; show it to the preflight with --ca-file`,
    );
    // The endpoint's clock is this host's: within the 60 s the preflight lets pass.
    expect(lineOf(run.lines, 'clock')).toMatch(
      new RegExp(`^PASS clock — [0-2] s (ahead|behind) of ${S3.replace(/\./g, '\\.')} \\(`),
    );
  });

  test('fails if a name does not resolve, with the DNS hint for how it should resolve', async () => {
    const invalid = 'vpce-0a1b2c3d4e5f60718-abcdefgh.s3.eu-west-1.vpce.invalid';
    const script = renderHostConfig(
      inputOf(example, (i) => ({
        ...i,
        network: { endpoints: { ...i.network!.endpoints, s3: { dnsName: invalid } } },
      })),
    ).preflight;
    const run = await runPreflight(script, pointedAt(standIn, [invalid]));
    expect(lineOf(run.lines, `dns ${invalid}`)).toBe(
      `FAIL dns ${invalid} — does not resolve — endpoint-specific names are in public DNS: the DNS of this host must resolve it unchanged`,
    );
    // Glue's regional name: on premises it must reach the endpoint through the conditional
    // forwarder; here it resolves nowhere, or (with internet) to a public address.
    expect(lineOf(run.lines, `dns ${GLUE}`)).toMatch(
      new RegExp(
        `^FAIL dns ${GLUE.replace(/\./g, '\\.')} — (does not resolve|.+ not in the VPC CIDR 10\\.20\\.0\\.0/16 .+) — forward ${GLUE.replace(/\./g, '\\.')} on your DNS servers to the Route 53 Resolver inbound endpoint \\(network output resolver_inbound_addresses\\)$`,
      ),
    );
    expect(run.code).toBe(1);
  });

  test('a name must resolve into the VPC CIDR where the private path is configured', async () => {
    const withS3 = (vpcCidr: string) =>
      renderHostConfig(
        inputOf(example, (i) => ({
          ...i,
          environment: { ...i.environment, network: { ...i.environment.network, vpcCidr } },
          network: { endpoints: { ...i.network!.endpoints, s3: { dnsName: 'localhost' } } },
        })),
      ).preflight;
    const outside = await runPreflight(withS3('10.20.0.0/16'), ['--timeout', '1']);
    expect(lineOf(outside.lines, 'dns localhost')).toBe(
      'FAIL dns localhost — 127.0.0.1: 127.0.0.1 not in the VPC CIDR 10.20.0.0/16 (a public address means the conditional forwarder or the private DNS is missing) — endpoint-specific names are in public DNS: the DNS of this host must resolve it unchanged',
    );
    const inside = await runPreflight(withS3('127.0.0.0/8'), ['--timeout', '1']);
    expect(lineOf(inside.lines, 'dns localhost')).toBe('PASS dns localhost — 127.0.0.1');
  });

  test('a Date header 10 minutes off gives FAIL', async () => {
    const slow = await endpointStandIn({ tls, skewSeconds: -600 });
    try {
      const run = await runPreflight(rendered.preflight, pointedAt(slow));
      expect(lineOf(run.lines, 'clock')).toMatch(
        new RegExp(
          `^FAIL clock — 60[0-2] s ahead of ${S3.replace(/\./g, '\\.')} \\([A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\\) — AWS refuses requests signed more than 300 s off: synchronize the clock \\(chronyd, ntpd\\)$`,
        ),
      );
      expect(run.code).toBe(1);
    } finally {
      await slow.close();
    }
  });

  test('a listener already on 18080 gives FAIL with the owning process', async () => {
    const port = Ports.LDM_API.port;
    const holder = await tcpStandIn((socket) => socket.destroy(), port);
    try {
      const run = await runPreflight(rendered.preflight, ['--timeout', '1']);
      const comm = readFileSync('/proc/self/comm', 'utf8').trim();
      expect(lineOf(run.lines, `listener ${port}/tcp (LiveData Migrator REST API)`)).toBe(
        `FAIL listener ${port}/tcp (LiveData Migrator REST API) — held by ${comm} (pid ${process.pid}) — stop it or move it: livedata-migrator listens on ${port}`,
      );
      expect(lineOf(run.lines, 'listener 6781/tcp (HiveMigrator REST API (HTTPS))')).toBe(
        'PASS listener 6781/tcp (HiveMigrator REST API (HTTPS)) — free',
      );
      expect(run.code).toBe(1);
    } finally {
      await holder.close();
    }
  });

  test('--json: the same results as a document, and the exit status', async () => {
    const text = await runPreflight(rendered.preflight, pointedAt(standIn));
    const json = await runPreflight(rendered.preflight, [...pointedAt(standIn), '--json']);
    const document = JSON.parse(json.stdout);
    expect(document).toMatchObject({
      format: 'ldm-preflight',
      version: 1,
      environment: 'sandbox',
      host: 'migrator',
    });
    expect(document.results.map((r: any) => `${r.status} ${r.requirement}`)).toEqual(
      text.lines.map((l) => l.split(' — ')[0]),
    );
    const count = (s: string) => document.results.filter((r: any) => r.status === s).length;
    expect(document.summary).toEqual({
      pass: count('PASS'),
      warn: count('WARN'),
      fail: count('FAIL'),
    });
    expect(json.code).toBe(document.summary.fail > 0 ? 1 : 0);
    expect(text.stdout.trimEnd().split('\n').pop()).toBe(
      `preflight: ${count('PASS')} PASS, ${count('WARN')} WARN, ${count('FAIL')} FAIL`,
    );
  });

  test('without curl, openssl s_client makes the handshake, and verifies the certificate', async () => {
    const env = { PATH: pathWith(TOOLS.filter((t) => t !== 'curl')) };
    const run = await runPreflight(rendered.preflight, pointedAt(standIn), { env });
    // `date +%s` resolution: whole seconds, and a second boundary can fall inside the handshake.
    expect(lineOf(run.lines, `https ${GLUE}`)).toMatch(
      new RegExp(
        `^PASS https ${GLUE.replace(/\./g, '\\.')} — TLS handshake in about \\d+ s \\(openssl\\) via 127\\.0\\.0\\.1:${standIn.port}$`,
      ),
    );
    const untrusted = await runPreflight(
      rendered.preflight,
      ['--timeout', '2', '--connect-to', `${GLUE}=127.0.0.1:${standIn.port}`],
      { env },
    );
    expect(lineOf(untrusted.lines, `https ${GLUE}`)).toMatch(
      /^FAIL https .* — verify error:num=\d+:.* via 127\.0\.0\.1:\d+ — a TLS-inspecting proxy\? LDM's JVM must trust its CA too; show it to the preflight with --ca-file$/,
    );
  });

  test('fails with usage on a bad option, before checking anything', async () => {
    const unknown = await runPreflight(rendered.preflight, ['--fix']);
    expect(unknown).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'preflight: unknown option --fix (see --help)\n',
    });
    const timeout = await runPreflight(rendered.preflight, ['--timeout', 'soon']);
    expect(timeout).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'preflight: --timeout takes whole seconds\n',
    });
    const help = await runPreflight(rendered.preflight, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: sh preflight\.sh \[--json\] \[--write-test\]/);
  });
});

describe('credentials and the write test, through the aws CLI', () => {
  beforeAll(requireAwsCli);

  test('the rendered profile yields the migrator role: PASS, and nothing else in the environment is used', async () => {
    const run = await runPreflight(
      rendered.preflight,
      [...pointedAt(standIn), '--aws-config', awsConfig()],
      {
        env: {
          AWS_ACCESS_KEY_ID: 'AKIAFROMTHESHELL',
          AWS_SECRET_ACCESS_KEY: 'x',
          AWS_PROFILE: 'other',
        },
      },
    );
    expect(lineOf(run.lines, 'credentials')).toBe(
      `PASS credentials — ${MIGRATOR_ROLE_SESSION}: the migrator role`,
    );
    const sts = standIn.received.filter((r) => r.body.includes('Action=GetCallerIdentity')).pop()!;
    // Signed with the profile's key, for STS in the environment's region.
    expect(sts.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAPREFLIGHTEXAMPLE\/\d{8}\/eu-west-1\/sts\/aws4_request,/,
    );
  });

  test('fails if the identity is not the migrator role', async () => {
    const other = await endpointStandIn({
      tls,
      callerArn: 'arn:aws:sts::111111111111:assumed-role/Admin/alice',
    });
    try {
      const run = await runPreflight(rendered.preflight, [
        ...pointedAt(other),
        '--aws-config',
        awsConfig(),
      ]);
      expect(lineOf(run.lines, 'credentials')).toBe(
        `FAIL credentials — arn:aws:sts::111111111111:assumed-role/Admin/alice, not the migrator role ${ROLE_ARN} — run the credential_process of /etc/ldm-landing-zone/aws-config: the signing helper, its certificate and key (migrator.hosts.signingHelper)`,
      );
    } finally {
      await other.close();
    }
  });

  test('fails if the rendered profile yields no credentials (no signing helper here), with the fix', async () => {
    const profile = join(temp('profile'), 'aws-config');
    writeFileSync(profile, rendered.awsConfig);
    const run = await runPreflight(rendered.preflight, [
      ...pointedAt(standIn),
      '--aws-config',
      profile,
    ]);
    expect(lineOf(run.lines, 'credentials')).toMatch(
      /^FAIL credentials — .*(aws_signing_helper|credential|process).* — run the credential_process of \/etc\/ldm-landing-zone\/aws-config: /i,
    );
  });

  test('without the aws CLI: WARN, and how to check by hand', async () => {
    const run = await runPreflight(rendered.preflight, pointedAt(standIn), {
      env: { PATH: pathWith(TOOLS.filter((t) => t !== 'aws')) },
    });
    expect(lineOf(run.lines, 'credentials')).toBe(
      'WARN credentials — no aws CLI on this host: not checked — as each service user: AWS_CONFIG_FILE=/etc/ldm-landing-zone/aws-config AWS_SHARED_CREDENTIALS_FILE=/etc/ldm-landing-zone/aws-config aws sts get-caller-identity',
    );
  });

  test('--write-test writes one object under preflight/ with SSE-KMS and the key, reads it back and deletes it', async () => {
    const s3 = await endpointStandIn({ tls, callerArn: MIGRATOR_ROLE_SESSION });
    try {
      const run = await runPreflight(rendered.preflight, [
        ...pointedAt(s3),
        '--aws-config',
        awsConfig(),
        '--write-test',
      ]);
      const { bucketName, kmsKeyArn } = rendered.document.s3;
      const line = run.lines.find((l) => l.includes(' write-test '))!;
      expect(line).toMatch(
        new RegExp(
          `^PASS write-test s3://${bucketName}/preflight/[^ ]+\\.txt — written with SSE-KMS \\(${kmsKeyArn}\\), read back, deleted$`,
        ),
      );
      const writes = s3.received.filter((r) => r.method === 'PUT');
      expect(writes).toHaveLength(1);
      expect(writes[0]!.path).toMatch(new RegExp(`^/${bucketName}/preflight/`));
      expect(writes[0]!.headers).toMatchObject({
        'x-amz-server-side-encryption': 'aws:kms',
        'x-amz-server-side-encryption-aws-kms-key-id': kmsKeyArn,
      });
      expect(s3.received.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([
        writes[0]!.path,
      ]);
      expect(s3.objects.size).toBe(0);
    } finally {
      await s3.close();
    }
  });

  test('changes nothing on the host: no write to S3 unless asked, no file anywhere it runs', async () => {
    const s3 = await endpointStandIn({ tls, callerArn: MIGRATOR_ROLE_SESSION });
    try {
      const cwd = temp('cwd');
      await runPreflight(rendered.preflight, [...pointedAt(s3), '--aws-config', awsConfig()], {
        cwd,
      });
      expect(s3.received.filter((r) => r.method !== 'GET' && r.method !== 'POST')).toEqual([]);
      await runPreflight(
        rendered.preflight,
        [...pointedAt(s3), '--aws-config', awsConfig(), '--write-test'],
        { cwd },
      );
      // HOME and TMPDIR are the working folder: nothing was left in it.
      expect(readdirSync(cwd)).toEqual([]);
    } finally {
      await s3.close();
    }
  });
});

describe('the AWS SDK for Java in the services’ jars', () => {
  /** python3, whose zipfile module writes the jars here (and reads them where unzip is missing). */
  const python = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], {
    encoding: 'utf8',
  }).stdout.trim();

  /** A folder standing in for /opt/wandisco: each jar by path, with the names of its entries. */
  function installed(jars: Record<string, readonly string[]>): string {
    if (!python.startsWith('/'))
      throw new Error('python3 is not on PATH: these tests write jars with it');
    const root = temp('wandisco');
    for (const [path, entries] of Object.entries(jars)) {
      const file = join(root, path);
      mkdirSync(dirname(file), { recursive: true });
      const write = spawnSync(python, [
        '-c',
        'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w") as z:\n  for n in sys.argv[2:]: z.writestr(n, "")',
        file,
        'META-INF/MANIFEST.MF',
        ...entries,
      ]);
      expect(write.status).toBe(0);
    }
    return root;
  }
  /** The example's preflight, looking for LDM's folders under `root` instead of /opt/wandisco. */
  const lookingIn = (root: string) => rendered.preflight.replaceAll('/opt/wandisco/', `${root}/`);
  const sdkLines = (lines: readonly string[]) => lines.filter((l) => / sdk /.test(l));

  test('one that reads credential_process gives PASS, an older one FAIL with the fix, inside fat jars too', async () => {
    const root = installed({
      'livedata-migrator/livedata-migrator.jar': ['BOOT-INF/lib/aws-java-sdk-core-1.12.470.jar'],
      'hivemigrator/hivemigrator.jar': ['BOOT-INF/lib/aws-java-sdk-bundle-1.11.901.jar'],
      'hivemigrator/lib/aws-java-sdk-core-1.11.267.jar': [
        'com/amazonaws/SDKGlobalConfiguration.class',
      ],
    });
    const run = await runPreflight(lookingIn(root), ['--timeout', '1']);
    expect(sdkLines(run.lines)).toEqual([
      `PASS sdk livedata-migrator — AWS SDK for Java 1.12.470 in ${root}/livedata-migrator`,
      `FAIL sdk hivemigrator — AWS SDK for Java 1.11.267 in ${root}/hivemigrator ignores credential_process (read from 1.11.489) — hivemigrator with AWS SDK for Java 1.11.489 or later, or migrator.remoteGlueAgent: true, or another migrator.credentials mode (docs/security.md)`,
    ]);
    expect(run.code).toBe(1);
  });

  test('a service folder that is a link (to a versioned install) is followed', async () => {
    const root = installed({
      'livedata-migrator-2.6/livedata-migrator.jar': [
        'BOOT-INF/lib/aws-java-sdk-core-1.12.470.jar',
      ],
    });
    symlinkSync(join(root, 'livedata-migrator-2.6'), join(root, 'livedata-migrator'));
    const run = await runPreflight(lookingIn(root), ['--timeout', '1']);
    expect(sdkLines(run.lines)[0]).toBe(
      `PASS sdk livedata-migrator — AWS SDK for Java 1.12.470 in ${root}/livedata-migrator`,
    );
  });

  test('without unzip, python3 reads the jars', async () => {
    const root = installed({
      'livedata-migrator/livedata-migrator.jar': ['BOOT-INF/lib/aws-java-sdk-core-1.11.489.jar'],
      'hivemigrator/hivemigrator.jar': ['BOOT-INF/lib/aws-java-sdk-core-1.11.488.jar'],
    });
    const path = pathWith([...TOOLS, 'find']);
    symlinkSync(python, join(path, 'python3'));
    const run = await runPreflight(lookingIn(root), ['--timeout', '1'], { env: { PATH: path } });
    expect(sdkLines(run.lines).map((l) => l.split(' — ').slice(0, 2).join(' — '))).toEqual([
      `PASS sdk livedata-migrator — AWS SDK for Java 1.11.489 in ${root}/livedata-migrator`,
      `FAIL sdk hivemigrator — AWS SDK for Java 1.11.488 in ${root}/hivemigrator ignores credential_process (read from 1.11.489)`,
    ]);
  });

  test('WARN where it cannot tell: not installed, no SDK jar, nothing to read the jars with', async () => {
    const root = installed({ 'livedata-migrator/livedata-migrator.jar': ['BOOT-INF/lib/x.jar'] });
    const run = await runPreflight(lookingIn(root), ['--timeout', '1']);
    expect(sdkLines(run.lines)).toEqual([
      `WARN sdk livedata-migrator — no aws-java-sdk-core or -bundle jar in ${root}/livedata-migrator: not checked`,
      `WARN sdk hivemigrator — no ${root}/hivemigrator: not checked — run it again once hivemigrator is installed`,
    ]);
    const bare = await runPreflight(lookingIn(root), ['--timeout', '1'], {
      env: { PATH: pathWith([...TOOLS, 'find']) },
    });
    expect(sdkLines(bare.lines)[0]).toBe(
      `WARN sdk livedata-migrator — no unzip or python3 to read the jars in ${root}/livedata-migrator: not checked — install unzip`,
    );
  });
});

describe('the source side: NameNodes and the KDC', () => {
  test('each NameNode of an HA nameservice (hdfs-site.xml), and the KDC over TCP and UDP', async () => {
    const nn1 = await namenodeStandIn();
    const closed = await tcpStandIn(() => {});
    const nn2 = closed.port;
    await closed.close();
    const kdc = await kdcStandIn();
    const conf = temp('hadoop');
    writeFileSync(
      join(conf, 'hdfs-site.xml'),
      `<?xml version="1.0"?>\n<configuration>\n  <property><name>dfs.nameservices</name><value>nameservice1</value></property>\n  <property>\n    <name>dfs.namenode.rpc-address.nameservice1.nn1</name>\n    <value>127.0.0.1:${nn1.port}</value>\n  </property>\n  <property><name>dfs.namenode.rpc-address.nameservice1.nn2</name><value>127.0.0.1:${nn2}</value></property>\n</configuration>\n`,
    );
    const krb5 = join(temp('krb5'), 'krb5.conf');
    writeFileSync(
      krb5,
      `[libdefaults]\n  default_realm = EXAMPLE.COM\n[realms]\n  EXAMPLE.COM = {\n    kdc = 127.0.0.1:${kdc.port}\n  }\n  OTHER.COM = {\n    kdc = 192.0.2.1\n  }\n`,
    );
    const config = configWith((raw) => {
      rawEnv(raw).migrator.source = {
        hdfs: {
          defaultFs: 'hdfs://nameservice1',
          hadoopConfigPath: conf,
          kerberos: { principal: 'hdfs@EXAMPLE.COM', keytab: '/etc/security/keytabs/hdfs.keytab' },
        },
      };
    });
    try {
      const script = renderHostConfig(inputOf(config)).preflight;
      const run = await runPreflight(script, ['--timeout', '2'], { env: { KRB5_CONFIG: krb5 } });
      expect(lineOf(run.lines, `namenode 127.0.0.1:${nn1.port}/tcp`)).toMatch(
        new RegExp(`^PASS namenode 127\\.0\\.0\\.1:${nn1.port}/tcp — connected in \\d+\\.\\d+ s$`),
      );
      expect(lineOf(run.lines, `namenode 127.0.0.1:${nn2}/tcp`)).toBe(
        `FAIL namenode 127.0.0.1:${nn2}/tcp — Failed to connect to 127.0.0.1 port ${nn2} after 0 ms: Couldn't connect to server — allow TCP from this host to the NameNode (HA: dfs.namenode.rpc-address.nameservice1.* in ${conf}/hdfs-site.xml)`,
      );
      expect(lineOf(run.lines, `kdc 127.0.0.1:${kdc.port}/tcp`)).toMatch(
        /^PASS kdc .* — connected in /,
      );
      expect(lineOf(run.lines, `kdc 127.0.0.1:${kdc.port}/udp`)).toBe(
        `PASS kdc 127.0.0.1:${kdc.port}/udp — answered a Kerberos request`,
      );
      // Only the realm of the principals; and what reached the KDC is the AS-REQ for it.
      expect(run.lines.filter((l) => l.includes('192.0.2.1'))).toEqual([]);
      expect(kdc.datagrams).toEqual([kerberosProbe('EXAMPLE.COM')]);
    } finally {
      await nn1.close();
      await kdc.close();
    }
  });

  test('fails if the KDC does not answer over UDP; passes when krb5.conf keeps Kerberos on TCP', async () => {
    const kdc = await kdcStandIn({ udp: false });
    const krb5 = (libdefaults: string) => {
      const file = join(temp('krb5'), 'krb5.conf');
      writeFileSync(
        file,
        `[libdefaults]\n${libdefaults}[realms]\n EXAMPLE.COM = {\n  kdc = 127.0.0.1:${kdc.port}\n }\n`,
      );
      return file;
    };
    const config = configWith((raw) => {
      rawEnv(raw).migrator.source = {
        hdfs: {
          kerberos: { principal: 'hdfs@EXAMPLE.COM', keytab: '/etc/security/keytabs/hdfs.keytab' },
        },
      };
    });
    const conf = temp('hadoop');
    writeFileSync(
      join(conf, 'core-site.xml'),
      '<configuration><property><name>fs.defaultFS</name><value>hdfs://127.0.0.1:9</value></property></configuration>\n',
    );
    try {
      const script = renderHostConfig(inputOf(config)).preflight;
      const env = { HADOOP_CONF_DIR: conf };
      const plain = krb5('');
      const udp = await runPreflight(script, ['--timeout', '1'], {
        env: { ...env, KRB5_CONFIG: plain },
      });
      expect(lineOf(udp.lines, `kdc 127.0.0.1:${kdc.port}/udp`)).toBe(
        `FAIL kdc 127.0.0.1:${kdc.port}/udp — no answer in 1 s — allow UDP ${kdc.port} from this host to the KDC, or set udp_preference_limit = 1 in [libdefaults] of ${plain}`,
      );
      // Auto-discovery: the NameNode of fs.defaultFS in the cluster's core-site.xml.
      expect(lineOf(udp.lines, 'namenode 127.0.0.1:9/tcp')).toMatch(
        /^FAIL namenode 127\.0\.0\.1:9\/tcp — /,
      );
      const tcpOnly = await runPreflight(script, ['--timeout', '1'], {
        env: { ...env, KRB5_CONFIG: krb5('  udp_preference_limit = 1\n') },
      });
      expect(lineOf(tcpOnly.lines, `kdc 127.0.0.1:${kdc.port}/udp`)).toMatch(
        /— not used: .*krb5\.conf sets udp_preference_limit = 1$/,
      );
    } finally {
      await kdc.close();
    }
  });
});

describe('the remote Glue agent', () => {
  test('the migrator host reaches the agent; the agent host checks its own port and Glue', async () => {
    const agent = await tcpStandIn((socket) => socket.destroy());
    const config = configWith((raw) => {
      Object.assign(rawEnv(raw).migrator, {
        remoteGlueAgent: true,
        hosts: { glueAgent: { address: '127.0.0.1', port: agent.port } },
      });
    });
    try {
      const both = renderHostConfig(inputOf(config));
      const migrator = await runPreflight(both.preflight, ['--timeout', '1']);
      expect(lineOf(migrator.lines, `glue-agent 127.0.0.1:${agent.port}/tcp`)).toMatch(
        /^PASS glue-agent .* — connected in /,
      );
      // HiveMigrator's Glue client runs on the agent host, not here.
      expect(migrator.lines.filter((l) => l.includes(GLUE))).toEqual([]);
      const onAgent = await runPreflight(both.glueAgentPreflight!, ['--timeout', '1']);
      expect(
        lineOf(onAgent.lines, `listener ${agent.port}/tcp (HiveMigrator remote Glue agent)`),
      ).toBe(
        `FAIL listener ${agent.port}/tcp (HiveMigrator remote Glue agent) — held by ${readFileSync('/proc/self/comm', 'utf8').trim()} (pid ${process.pid}) — stop it or move it: hivemigrator-remote-server listens on ${agent.port}`,
      );
      expect(
        onAgent.lines.some(
          (l) => l.startsWith(`FAIL dns ${GLUE} — `) || l.startsWith(`PASS dns ${GLUE} — `),
        ),
      ).toBe(true);
    } finally {
      await agent.close();
    }
  });
});

describe('docs/network-requirements.md', () => {
  test('its sample run checks what the Kerberized example’s preflight checks, in its order', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'network-requirements.md'), 'utf8');
    const sample = /A sample run:[\s\S]*?```text\n([\s\S]*?)```/
      .exec(doc)![1]!
      .trimEnd()
      .split('\n');
    const golden = readFileSync(
      join(
        ROOT,
        'test',
        'fixtures',
        'host-config',
        'golden',
        'config',
        'kerberized-hdfs',
        'kerberos',
        'preflight.sh',
      ),
      'utf8',
    );
    const checks = golden.slice(
      golden.indexOf('checks() {\n') + 11,
      golden.indexOf('\n}\n', golden.indexOf('checks() {')),
    );
    // What each rendered check prints: its requirements, or a pattern where the host decides.
    const expected: (string | RegExp)[] = checks
      .split('\n')
      .flatMap((line): (string | RegExp)[] => {
        const words = line.trim().split(' ');
        switch (words[0]) {
          case 'endpoint':
            return [`dns ${words[2]}`, `https ${words[2]}`];
          case 'listener':
            return [`listener ${words[1]}/tcp (${/'(.*)'/.exec(line)![1]})`];
          case 'clock':
          case 'credentials':
            return [words[0]];
          case 'sdk':
            return [`sdk ${words[1]}`];
          case 'namenodes':
            return [/^namenode /, /^namenode /];
          case 'kdc':
            return [/^kdc .*\/tcp$/, /^kdc .*\/udp$/];
          default:
            return []; // the write test, only with --write-test
        }
      });
    const results = sample.slice(1, -1);
    expect(results.map((l) => l.replace(/^(PASS|WARN|FAIL) /, '').split(' — ')[0])).toEqual(
      expected.map((e) => (typeof e === 'string' ? e : expect.stringMatching(e))),
    );
    expect(sample[0]).toMatch(/^ldm-landing-zone preflight of the migrator host of kerberos: /);
    const count = (s: string) => results.filter((l) => l.startsWith(`${s} `)).length;
    expect(sample.at(-1)).toBe(
      `preflight: ${count('PASS')} PASS, ${count('WARN')} WARN, ${count('FAIL')} FAIL`,
    );
  });
});

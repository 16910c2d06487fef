import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, parseConfig } from '../../../../lib/app/config';
import { CONFIG_DIR, configFiles, configWith, problemsOf, rawEnv } from '../../../support/synth';

describe('config: defaults', () => {
  test('the example loads and is fully defaulted', () => {
    const config = loadConfig(join(CONFIG_DIR, 'example.yaml'));
    expect(config.project).toBe('ldm');
    expect(config.state).toEqual({ backend: 'local' });
    const env = config.environments[0]!;
    expect(env.wave).toBe(0);
    expect(env.migrator.placement).toBe('on-premises');
    expect(env.storage.abortIncompleteMultipartUploadDays).toBe(7);
  });

  test('a minimal environment gets every default', () => {
    const config = parseConfig(
      [
        'environments:',
        '  - name: dev',
        '    accountId: "123456789012"',
        '    region: us-east-1',
        '    network:',
        '      vpcCidr: 10.0.0.0/20',
        '      availabilityZones: [us-east-1a, us-east-1b]',
        // LDM on premises reaches Glue privately only through DNS forwarded to the VPC.
        '      onPremCidrs: [192.168.0.0/16]',
        '      resolverInboundEndpoint: true',
        // roles-anywhere, the default on premises, needs the CA that signs the hosts' certificates.
        '    migrator: { rolesAnywhere: { caCertificateFile: config/certs/example-ca.pem } }',
      ].join('\n'),
    );
    const env = config.environments[0]!;
    expect(config.project).toBe('ldm');
    expect(config.tags).toEqual({});
    expect(env.network.connectivity).toEqual({ type: 'none' });
    expect(env.network.flowLogRetentionDays).toBe(365);
    expect(env.network.endpointPrivateDns).toBe(true);
    expect(env.migrator).toMatchObject({
      placement: 'on-premises',
      credentials: 'roles-anywhere',
      hiveMigratorTls: true,
      ldmApiTls: false,
      remoteGlueAgent: false,
      allowPublicGlueEndpoint: false,
    });
    expect(env.migrator.source).toBeUndefined();
    expect(env.migrator.hosts.glueAgent.port).toBe(5052);
    expect(env.storage).toMatchObject({
      versioning: true,
      noncurrentVersionExpirationDays: 30,
      abortIncompleteMultipartUploadDays: 7,
    });
    expect(env.catalog.databases).toEqual([]);
  });

  test('ec2 placement defaults to instance-profile credentials', () => {
    const config = configWith((raw) => {
      rawEnv(raw).migrator = { placement: 'ec2', adminCidrs: ['192.168.10.0/24'] };
    });
    expect(config.environments[0]!.migrator.credentials).toBe('instance-profile');
  });

  test.each(configFiles())('%s validates', (file) => {
    expect(() => loadConfig(file)).not.toThrow();
  });
});

describe('config: bad input is reported by field, all at once', () => {
  test('fails if the file is missing', () => {
    const problems = problemsOf(() => loadConfig('/nonexistent/ldm.yaml'));
    expect(problems).toEqual([
      expect.stringMatching(/^\/nonexistent\/ldm\.yaml: no such file; set LDM_CONFIG/),
    ]);
  });

  test('fails if the file is not YAML', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ldm-config-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'environments: [\n  - name: x\n  bad: : :\n');
    const problems = problemsOf(() => loadConfig(file));
    expect(problems[0]).toMatch(/bad\.yaml: not valid YAML: .+/);
  });

  test('fails if the document is not a mapping', () => {
    expect(problemsOf(() => parseConfig('- a\n- b\n', 'list.yaml'))).toEqual([
      expect.stringMatching(/^list\.yaml: expected a YAML mapping/),
    ]);
  });

  test('fails if a key appears twice', () => {
    expect(problemsOf(() => parseConfig('project: a\nproject: b\n', 'dup.yaml'))[0]).toMatch(
      /not valid YAML/,
    );
  });

  test('fails if a field is unknown, naming the fields allowed there', () => {
    const problems = problemsOf(() =>
      configWith((raw) => (rawEnv(raw).network.vpcCdir = '10.0.0.0/16')),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^environments\[0\]\.network\.vpcCdir: got '10\.0\.0\.0\/16', expected no such field; allowed here: vpcCidr, existingVpc, /,
      ),
    );
  });

  test('fails if an unknown field sits at the top level', () => {
    expect(problemsOf(() => configWith((raw) => (raw.enviroments = [])))).toContainEqual(
      expect.stringMatching(
        /^enviroments: got \[\], expected no such field; allowed here: project, state, tags, environments, acknowledgements$/,
      ),
    );
  });

  test('fails if two environments share a name', () => {
    const problems = problemsOf(() =>
      configWith((raw) => raw.environments.push(structuredClone(raw.environments[0]))),
    );
    expect(problems).toEqual([
      "environments[1].name: got 'sandbox', expected a name no other environment uses",
    ]);
  });

  test('fails if the account id is not 12 digits', () => {
    expect(problemsOf(() => configWith((raw) => (rawEnv(raw).accountId = '12345')))).toEqual([
      expect.stringMatching(
        /^environments\[0\]\.accountId: got '12345', expected a 12-digit AWS account id/,
      ),
    ]);
  });

  test('fails if the account id is an unquoted number (YAML would drop leading zeros)', () => {
    expect(problemsOf(() => configWith((raw) => (rawEnv(raw).accountId = 111111111111)))).toEqual([
      expect.stringMatching(
        /^environments\[0\]\.accountId: got 111111111111, expected .*quoted string/,
      ),
    ]);
  });

  test('fails if the region is unknown', () => {
    expect(problemsOf(() => configWith((raw) => (rawEnv(raw).region = 'eu-west1')))).toContainEqual(
      expect.stringMatching(
        /^environments\[0\]\.region: got 'eu-west1', expected a known AWS region/,
      ),
    );
  });

  test('fails if a CIDR does not parse', () => {
    expect(
      problemsOf(() => configWith((raw) => (rawEnv(raw).network.vpcCidr = '10.20.0.0/33'))),
    ).toContainEqual(
      "environments[0].network.vpcCidr: got '10.20.0.0/33', expected an IPv4 CIDR such as 10.20.0.0/16",
    );
  });

  test('fails if a CIDR has host bits set', () => {
    expect(
      problemsOf(() => configWith((raw) => (rawEnv(raw).network.onPremCidrs = ['192.168.1.0/16']))),
    ).toEqual([
      "environments[0].network.onPremCidrs[0]: got '192.168.1.0/16', expected a network address: did you mean 192.168.0.0/16?",
    ]);
  });

  test('fails if the VPC CIDR overlaps onPremCidrs', () => {
    expect(
      problemsOf(() => configWith((raw) => (rawEnv(raw).network.onPremCidrs = ['10.0.0.0/8']))),
    ).toEqual([
      "environments[0].network.onPremCidrs[0]: got '10.0.0.0/8', expected an on-premises CIDR that does not overlap the VPC CIDR 10.20.0.0/16: traffic to addresses in both could not be routed",
    ]);
  });

  test('fails if the deploy role is in another account', () => {
    expect(
      problemsOf(() =>
        configWith((raw) => (rawEnv(raw).deployRoleArn = 'arn:aws:iam::222222222222:role/deploy')),
      ),
    ).toEqual([
      expect.stringMatching(/^environments\[0\]\.deployRoleArn: .*own account 111111111111/),
    ]);
  });

  test('fails if the s3 state backend has no settings', () => {
    expect(problemsOf(() => configWith((raw) => (raw.state = { backend: 's3' })))).toEqual([
      expect.stringMatching(/^state\.s3: got nothing, expected/),
    ]);
  });

  test('fails if the state KMS key is not a key or alias ARN', () => {
    const problems = problemsOf(() =>
      configWith((raw) => {
        raw.state = {
          backend: 's3',
          s3: { bucket: 'acme-tfstate', region: 'eu-west-1', kmsKeyId: 'tfstate' },
        };
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^state\.s3\.kmsKeyId: got 'tfstate', expected a KMS key or alias ARN/),
    ]);
  });

  test('fails if the project name starts with a prefix S3 reserves for bucket names', () => {
    expect(problemsOf(() => configWith((raw) => (raw.project = 'xn--ldm')))).toEqual([
      "project: got 'xn--ldm', expected a project name that does not start with xn--, sthree-, amzn-s3-demo-: bucket names start with it, and S3 reserves those prefixes",
    ]);
  });

  test('fails if a tag key is one the toolkit sets', () => {
    expect(problemsOf(() => configWith((raw) => (raw.tags = { Project: 'x' })))).toEqual([
      expect.stringMatching(
        /^tags\.Project: got 'Project', expected a tag key other than Project \(in any case\)/,
      ),
    ]);
  });

  test('fails if generated names would exceed AWS limits', () => {
    expect(
      problemsOf(() =>
        configWith((raw) => {
          raw.project = 'averyveryverylongprj';
          rawEnv(raw).name = 'averyveryverylongenv';
        }),
      ),
    ).toEqual([
      expect.stringMatching(
        /^environments\[0\]\.name: .*the S3 bucket name '.*' would exceed 63 characters/,
      ),
    ]);
  });

  test('reports every problem of a file together', () => {
    const problems = problemsOf(() =>
      configWith((raw) => {
        rawEnv(raw).accountId = '1';
        rawEnv(raw).region = 'mars-1';
        rawEnv(raw).network.onPremCidrs = ['10.20.5.0/24'];
      }),
    );
    expect(problems.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining([
        'environments[0].accountId',
        'environments[0].region',
        'environments[0].network.onPremCidrs[0]',
      ]),
    );
  });
});

/**
 * The host configuration: the renderer (golden files per placement and credentials mode), its
 * quoting, reading `terraform output -json` files, the `migrator.hosts` config rules, and the
 * migrator stack that publishes the rendered configuration and launches the EC2 hosts.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { parse as shellParse } from 'shell-quote';
import { loadConfig } from '../../../../lib/app/config';
import type { Config, Environment } from '../../../../lib/app/schema';
import { DEFAULT_IMAGE_ID } from '../../../../stacks/migrator/hosts';
import { hostsToLaunch } from '../../../../lib/core/context';
import { awsScope } from '../../../../lib/core/arns';
import { Expect, Fail, problem } from '../../../../lib/core/errors';
import { z } from 'zod';
import { flattenOutputs, readOutputs } from '../../../../lib/core/outputs';
import { hostConfigFiles, writeHostConfig } from '../../../../stacks/migrator/files';
import { parseOutputsJson, readHostConfigInput } from '../../../../stacks/migrator/outputs-files';
import { hostConfigReadPolicy } from '../../../../stacks/migrator/policies';
import { isQuotable, quoteArg } from '../../../../stacks/migrator/quote';
import {
  CREDENTIALS_PROVIDERS,
  type HostConfig,
  type HostConfigInput,
  renderHostConfig,
} from '../../../../stacks/migrator/render';
import { renderUserData, WAIT_SECONDS } from '../../../../stacks/migrator/user-data';
import { MIGRATOR_IDS } from '../../../../stacks/migrator/stack';
import {
  configWith,
  onlyResource,
  problemsOf,
  rawEnv,
  resources,
  ROOT,
  synth,
} from '../../../support/synth';
import { springShellWords } from '../../../support/ldm-command-reference';
import {
  compressedText,
  fillTemplate,
  remoteStateLookup,
} from '../../../fixtures/host-config/terraform-values';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'host-config');
const OUTPUTS = join(FIXTURES, 'outputs');
/** `UPDATE_GOLDEN=1 npx jest test/unit/stacks/migrator` rewrites the golden files; review the diff. */
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function expectGolden(name: string, rendered: HostConfig): void {
  const dir = join(FIXTURES, 'golden', name);
  const files = hostConfigFiles(rendered);
  if (UPDATE) {
    mkdirSync(dir, { recursive: true });
    for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
  }
  expect(readdirSync(dir).sort()).toEqual(Object.keys(files).sort());
  for (const [file, content] of Object.entries(files)) {
    expect(content).toBe(readFileSync(join(dir, file), 'utf8'));
  }
}

const KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/0f4c2a9e-5b1d-4c7e-9a3f-2d8b6e1c0a57';
const ROLE_ARN = 'arn:aws:iam::111111111111:role/ldm-sandbox-migrator';
const BUCKET = 'ldm-sandbox-111111111111-eu-west-1-data';

const RA_ENDPOINT = 'vpce-0a9b8c7d6e5f40312-q8w7e6r5.rolesanywhere.eu-west-1.vpce.amazonaws.com';

/** Outputs as the layers publish them, with `*.` left on the endpoint names the renderer strips. */
function inputFor(env: Environment, overrides: Partial<HostConfigInput> = {}): HostConfigInput {
  return {
    project: 'ldm',
    environment: env,
    network: {
      endpoints: {
        s3: { dnsName: '*.vpce-0f1e2d3c4b5a69788-4kd8cmz1.s3.eu-west-1.vpce.amazonaws.com' },
        rolesanywhere: { dnsName: RA_ENDPOINT },
      },
    },
    security: {
      kmsKeyArn: KEY_ARN,
      migratorRoleArn: ROLE_ARN,
      rolesAnywhere:
        env.migrator.credentials === 'roles-anywhere'
          ? {
              trustAnchorArn:
                'arn:aws:rolesanywhere:eu-west-1:111111111111:trust-anchor/6a1f3c2e-8d4b-4e9a-b7c5-0e2d9f1a3b4c',
              profileArn:
                'arn:aws:rolesanywhere:eu-west-1:111111111111:profile/2c7e9b1d-4f3a-4b8e-a6d2-9e1f0c3b5a7d',
            }
          : undefined,
    },
    storage: { bucketName: BUCKET },
    catalog: {
      catalogId: '111111111111',
      databaseNames: ['sales'],
      databaseLocationUris: [`s3://${BUCKET}/warehouse/sales.db`],
      warehousePrefix: 'warehouse',
    },
    ...overrides,
  };
}

/** The example's environment with its migrator section replaced. */
function envWith(migrator: Record<string, unknown>): Environment {
  return configWith((raw) => (rawEnv(raw).migrator = migrator)).environments[0]!;
}

const ROLES_ANYWHERE = { caCertificateFile: 'config/certs/example-ca.pem' };
const ASSUME_ROLE = {
  principals: ['arn:aws:iam::111111111111:role/hadoop-edge'],
  externalId: 'ldm-sandbox',
};
const ADMINS = ['192.168.10.0/24'];

/** Every line of the script reads the same to a POSIX shell and to LDM's CLI. */
function expectSameWords(script: string): void {
  for (const line of script.trimEnd().split('\n')) {
    const shellWords = shellParse(line);
    expect(shellWords.every((w) => typeof w === 'string')).toBe(true);
    expect(springShellWords(line)).toEqual(shellWords);
  }
}

describe('quoting', () => {
  test('writes ids, names, ARNs and DNS names bare', () => {
    for (const value of [
      'ldm-sandbox-s3',
      'arn:aws:kms:eu-west-1:111111111111:key/0f4c2a9e',
      'vpce-0f1e.s3.eu-west-1.vpce.amazonaws.com',
      '/apps/hive/warehouse/sales.db',
      'fs.s3a.endpoint.region=eu-west-1,fs.s3a.server-side-encryption-algorithm=SSE-KMS',
      '10.20.0.25',
    ]) {
      expect(quoteArg(value, 'v')).toBe(value);
    }
  });

  test('single-quotes spaces, shell syntax, an empty value and a leading hyphen', () => {
    expect(quoteArg('/data/hive warehouse', 'v')).toBe("'/data/hive warehouse'");
    expect(quoteArg('a;b&c|d>e', 'v')).toBe("'a;b&c|d>e'");
    expect(quoteArg('$HOME', 'v')).toBe("'$HOME'");
    expect(quoteArg('*', 'v')).toBe("'*'");
    expect(quoteArg('', 'v')).toBe("''");
    expect(quoteArg('--port', 'v')).toBe("'--port'");
  });

  test('quoted values read back the same in a POSIX shell and in LDM CLI', () => {
    const values = ['/data/hive warehouse', 'a;b&c|d>e', '$HOME', '*', '~root', 'x#y', '"q"', ''];
    for (const value of values) {
      const line = `cmd --opt ${quoteArg(value, 'v')} --next 1`;
      expect(shellParse(line)).toEqual(['cmd', '--opt', value, '--next', '1']);
      expect(springShellWords(line)).toEqual(['cmd', '--opt', value, '--next', '1']);
    }
  });

  test.each([
    ["it's", 'a single quote'],
    ['C:\\path', 'a backslash'],
    ['two\nlines', 'a line break'],
    ['${var.x}', 'a Terraform template'],
    ['%{ if x }', 'a Terraform directive'],
  ])('fails if a value holds %j (%s)', (value) => {
    expect(isQuotable(value)).toBe(false);
    expect(problemsOf(() => quoteArg(value, '--description'))).toEqual([
      Fail.unquotable('--description', value),
    ]);
  });
});

describe('renderer: golden files per placement and credentials mode', () => {
  test('on premises with Roles Anywhere (the example), from its terraform output -json files', () => {
    const config = loadConfig(join(ROOT, 'config', 'example.yaml'));
    const rendered = renderHostConfig(
      readHostConfigInput(config, config.environments[0]!, OUTPUTS),
    );
    expectGolden('on-premises-roles-anywhere', rendered);
    expectSameWords(rendered.script);
    const outputs = JSON.parse(readFileSync(join(OUTPUTS, 'sandbox-network.json'), 'utf8'));
    expect(rendered.document.s3.endpoint).toBe(outputs.endpoints_s3_dns_name.value);
    expect(rendered.document.s3.endpoint).toMatch(/^vpce-[0-9a-f]+-[0-9a-z]+\.s3\.eu-west-1\./);
    // Every database at its default location: one mapping for the whole warehouse.
    expect(rendered.document.pathMappings).toEqual([
      {
        id: 'hive-warehouse',
        sourcePath: '/apps/hive/warehouse',
        targetPath: '/warehouse',
        description: 'Hive warehouse into the Glue Data Catalog warehouse prefix',
      },
    ]);
    expect(rendered.credentialProcess).toMatch(
      /^credential_process = aws_signing_helper credential-process --certificate \S+ --private-key \S+ --trust-anchor-arn arn:aws:rolesanywhere:\S+ --profile-arn arn:aws:rolesanywhere:\S+ --role-arn arn:aws:iam::111111111111:role\/ldm-sandbox-migrator --endpoint https:\/\/vpce-\S+\.rolesanywhere\.eu-west-1\.vpce\.amazonaws\.com$/,
    );
  });

  test('on premises with an assumed role, a remote agent of your own, another account’s catalog, paths that need quotes', () => {
    const env = envWith({
      placement: 'on-premises',
      credentials: 'assume-role',
      assumeRole: ASSUME_ROLE,
      remoteGlueAgent: true,
      hosts: {
        glueAgent: { address: 'glue-agent.corp.example' },
        hiveWarehousePath: '/data/hive warehouse',
      },
    });
    const rendered = renderHostConfig(
      inputFor(env, {
        catalog: {
          catalogId: '222222222222',
          databaseNames: ['sales', 'finance', 'archive'],
          databaseLocationUris: [
            `s3://${BUCKET}/warehouse/sales.db`,
            `s3://${BUCKET}/curated/finance/`,
            's3://another-bucket/archive.db',
          ],
          warehousePrefix: 'warehouse',
        },
      }),
    );
    expectGolden('on-premises-assume-role', rendered);
    expectSameWords(rendered.script);
    const lines = rendered.script.trimEnd().split('\n');
    expect(lines[0]).toBe('connect hivemigrator --host localhost --ssl --port 6781');
    // `*.` stripped from the S3 endpoint's name; Glue by its regional name.
    expect(lines[1]).toContain(
      ' --endpoint vpce-0f1e2d3c4b5a69788-4kd8cmz1.s3.eu-west-1.vpce.amazonaws.com ',
    );
    expect(lines[3]).toContain(' --glue-endpoint glue.eu-west-1.amazonaws.com ');
    expect(rendered.script).not.toContain('*.');
    expect(lines[3]).toContain(
      ' --glue-catalog-id 222222222222 --file-system-id ldm-sandbox-s3 --host glue-agent.corp.example --port 5052',
    );
    // The path with a space is quoted in the script, plain in the JSON document.
    expect(lines[5]).toContain(" --source-path '/data/hive warehouse/sales.db' ");
    expect(rendered.document.pathMappings.map((m) => [m.sourcePath, m.targetPath])).toEqual([
      ['/data/hive warehouse/sales.db', '/warehouse/sales.db'],
      ['/data/hive warehouse/finance.db', '/curated/finance'],
    ]);
    expect(rendered.credentialProcess).toBeUndefined();
    expect(rendered.document.credentials.s3aCredentialsProvider).toBe(
      CREDENTIALS_PROVIDERS.defaultChain,
    );
  });

  test('on EC2 with the instance profile and the remote agent host the stack launched', () => {
    const env = envWith({ placement: 'ec2', adminCidrs: ADMINS, remoteGlueAgent: true });
    const rendered = renderHostConfig(
      inputFor(env, { network: undefined, glueAgentHostIp: '10.20.0.25' }),
    );
    expectGolden('ec2-instance-profile', rendered);
    expectSameWords(rendered.script);
    expect(rendered.script).not.toContain('--endpoint');
    expect(rendered.script).not.toContain('fs.s3a.endpoint.region');
    expect(rendered.script).toContain(
      `--credentials-provider ${CREDENTIALS_PROVIDERS.instanceProfile} `,
    );
    expect(rendered.document.glue.remoteAgent).toEqual({
      host: '10.20.0.25',
      port: 5052,
      tls: true,
    });
  });

  test('on EC2 with an assumed role', () => {
    const env = envWith({
      placement: 'ec2',
      adminCidrs: ADMINS,
      credentials: 'assume-role',
      assumeRole: ASSUME_ROLE,
    });
    const rendered = renderHostConfig(inputFor(env));
    expectGolden('ec2-assume-role', rendered);
    expect(rendered.document.s3.endpoint).toBeNull();
    expect(rendered.document.glue.remoteAgent).toBeNull();
    expect(rendered.script).not.toContain('--glue-catalog-id');
  });

  test('on EC2 with Roles Anywhere and signing helper files in a folder with a space', () => {
    const env = envWith({
      placement: 'ec2',
      adminCidrs: ADMINS,
      credentials: 'roles-anywhere',
      rolesAnywhere: ROLES_ANYWHERE,
      hosts: {
        signingHelper: {
          executable: '/opt/aws/bin/aws_signing_helper',
          certificatePath: '/etc/pki/ldm host/cert.pem',
          privateKeyPath: '/etc/pki/ldm host/key.pem',
        },
      },
    });
    const rendered = renderHostConfig(inputFor(env));
    expectGolden('ec2-roles-anywhere', rendered);
    const command = shellParse(rendered.document.credentials.credentialProcess!);
    expect(command.slice(0, 6)).toEqual([
      '/opt/aws/bin/aws_signing_helper',
      'credential-process',
      '--certificate',
      '/etc/pki/ldm host/cert.pem',
      '--private-key',
      '/etc/pki/ldm host/key.pem',
    ]);
    expect(rendered.awsConfig).toBe(
      `[default]\nregion = eu-west-1\n${rendered.credentialProcess}\n`,
    );
  });

  test('docs/host-configuration.md shows the rendered files of the Kerberized example', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'host-configuration.md'), 'utf8');
    const golden = join(FIXTURES, 'golden', 'config', 'kerberized-hdfs', 'kerberos');
    for (const [file, language] of [
      ['ldm-cli.script', 'text'],
      ['ldm-cli-update.script', 'text'],
      ['aws-config', 'ini'],
      ['aws-environment.conf', 'ini'],
    ]) {
      expect(doc).toContain(
        `\`\`\`${language}\n${readFileSync(join(golden, file!), 'utf8')}\`\`\``,
      );
    }
  });

  test('never renders static keys', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
      );
    const all = files(join(FIXTURES, 'golden'));
    expect(all.length).toBeGreaterThan(50);
    for (const file of all) {
      expect(readFileSync(file, 'utf8')).not.toMatch(
        /access-key|secret-key|SimpleAWSCredentialsProvider/i,
      );
    }
  });

  test('the JSON document carries its format and version', () => {
    const rendered = renderHostConfig(
      inputFor(envWith({ credentials: 'assume-role', assumeRole: ASSUME_ROLE })),
    );
    expect(JSON.parse(rendered.json)).toMatchObject({ format: 'ldm-host-config', version: 2 });
    expect(JSON.parse(rendered.json)).toEqual(rendered.document);
  });

  test('fails if a value from the outputs cannot be quoted', () => {
    const env = envWith({ credentials: 'assume-role', assumeRole: ASSUME_ROLE });
    expect(
      problemsOf(() => renderHostConfig(inputFor(env, { storage: { bucketName: "it's" } }))),
    ).toEqual([Fail.unquotable('--bucket-name', "it's")]);
  });
});

describe('terraform output -json files', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'ldm-outputs-'));
  const example = () => loadConfig(join(ROOT, 'config', 'example.yaml'));

  test('reading is the inverse of flattenOutputs, for strings, lists and nesting', () => {
    const outputs = {
      catalogId: '111111111111',
      databaseNames: ['a', 'b'],
      rolesAnywhere: { trustAnchorArn: 'arn:t', profileArn: 'arn:p' },
    };
    const values = new Map(flattenOutputs(outputs));
    const schema = z.strictObject({
      catalogId: z.string(),
      databaseNames: z.array(z.string()),
      rolesAnywhere: z.strictObject({ trustAnchorArn: z.string(), profileArn: z.string() }),
      optional: z.string().optional(),
    });
    expect(readOutputs(schema, values, 'f.json')).toEqual({ value: outputs, problems: [] });
  });

  test('reads sensitive outputs and any list type terraform prints', () => {
    const values = parseOutputsJson(
      JSON.stringify({
        a: { sensitive: true, type: 'string', value: 'secret-but-needed' },
        b: { sensitive: false, type: ['list', 'string'], value: ['x'] },
        c: { sensitive: false, type: ['tuple', ['string', 'string']], value: ['y', 'z'] },
      }),
      'f.json',
    );
    expect([...values]).toEqual([
      ['a', 'secret-but-needed'],
      ['b', ['x']],
      ['c', ['y', 'z']],
    ]);
  });

  test('fails if a file is not JSON', () => {
    expect(problemsOf(() => parseOutputsJson('{"a": ', 'x/sandbox-network.json'))).toEqual([
      expect.stringMatching(
        /^x\/sandbox-network\.json: not JSON as terraform output -json writes it \(.+\)$/,
      ),
    ]);
  });

  test.each([
    ['a list', '[]'],
    ['outputs without values', '{"vpc_id": "vpc-1"}'],
  ])('fails if a file holds %s', (_, text) => {
    expect(problemsOf(() => parseOutputsJson(text, 'f.json'))).toEqual([
      Fail.outputsFileNotOutputs('f.json'),
    ]);
  });

  test('fails if an output is missing or has the wrong type, naming the file and the output', () => {
    const values = parseOutputsJson(
      JSON.stringify({ catalog_id: { sensitive: false, type: 'string', value: ['1'] } }),
      'f.json',
    );
    expect(
      readOutputs(
        z.strictObject({ catalogId: z.string(), databaseNames: z.array(z.string()) }),
        values,
        'f.json',
      ).problems,
    ).toEqual([
      Fail.outputMalformed('f.json', 'catalog_id', 'a string'),
      Fail.outputMissing('f.json', 'database_names'),
    ]);
  });

  test('fails if files are missing: every missing file in one report', () => {
    const empty = dir();
    expect(
      problemsOf(() => readHostConfigInput(example(), example().environments[0]!, empty)),
    ).toEqual(
      ['network', 'security', 'storage', 'catalog'].map((layer) =>
        Fail.outputsFileMissing(join(empty, `sandbox-${layer}.json`), `sandbox-${layer}`),
      ),
    );
  });

  test('fails if the security outputs lack Roles Anywhere with credentials roles-anywhere', () => {
    const copy = dir();
    for (const file of readdirSync(OUTPUTS)) {
      const outputs = JSON.parse(readFileSync(join(OUTPUTS, file), 'utf8'));
      delete outputs.roles_anywhere_profile_arn;
      writeFileSync(join(copy, file), JSON.stringify(outputs));
    }
    expect(
      problemsOf(() => readHostConfigInput(example(), example().environments[0]!, copy)),
    ).toEqual([
      Fail.outputMissing(join(copy, 'sandbox-security.json'), 'roles_anywhere_profile_arn'),
    ]);
  });

  test('reads the remote agent host from the migrator stack when the stack launched it', () => {
    const config = configWith((raw) => {
      rawEnv(raw).migrator = { placement: 'ec2', adminCidrs: ADMINS, remoteGlueAgent: true };
    });
    const problems = problemsOf(() =>
      readHostConfigInput(config, config.environments[0]!, OUTPUTS),
    );
    expect(problems).toEqual([
      Fail.outputMissing(join(OUTPUTS, 'sandbox-migrator.json'), 'glue_agent_host_private_ip'),
    ]);
  });
});

describe('writing files', () => {
  test('writes both scripts, the JSON, the AWS profile and its drop-in, the preflight, and nothing else', () => {
    const config = loadConfig(join(ROOT, 'config', 'example.yaml'));
    const rendered = renderHostConfig(
      readHostConfigInput(config, config.environments[0]!, OUTPUTS),
    );
    const out = join(mkdtempSync(join(tmpdir(), 'ldm-host-')), 'nested');
    writeHostConfig(out, rendered);
    expect(readdirSync(out).sort()).toEqual([
      'aws-config',
      'aws-environment.conf',
      'host-config.json',
      'ldm-cli-update.script',
      'ldm-cli.script',
      'preflight.sh',
    ]);
    expect(readFileSync(join(out, 'ldm-cli.script'), 'utf8')).toBe(rendered.script);
    expect(readFileSync(join(out, 'preflight.sh'), 'utf8')).toBe(rendered.preflight);
  });
});

describe('user data', () => {
  const input = {
    region: 'eu-west-1',
    configParameter: '/ldm/sandbox/migrator/host-config.json',
    scriptParameter: '/ldm/sandbox/migrator/cli-script',
    updateScriptParameter: '/ldm/sandbox/migrator/cli-update-script',
    awsConfig: '[default]\nregion = eu-west-1\n',
    systemdDropIn: '[Service]\nEnvironment=AWS_CONFIG_FILE=/etc/ldm-landing-zone/aws-config\n',
    services: ['livedata-migrator', 'hivemigrator'],
    preflight: {
      parameters: [1, 2, 3, 4].map((i) => `/ldm/sandbox/migrator/preflight-${i}`),
      file: 'preflight.sh',
    },
  };
  const waitFor = [
    { what: 'LDM REST API', host: '127.0.0.1', port: 18080 },
    { what: 'HiveMigrator REST API', host: '127.0.0.1', port: 6781 },
    { what: 'the remote Glue agent', host: '10.20.0.25', port: 5052 },
  ];

  test('fetches the three parameters and installs the profile for each service; only the migrator host runs the script', () => {
    const agent = renderUserData({ ...input, services: ['hivemigrator-remote-server'] });
    const migrator = renderUserData({ ...input, run: { waitFor } });
    for (const text of [agent, migrator]) {
      for (const [parameter, file] of [
        ['host-config.json', 'host-config.json'],
        ['cli-script', 'ldm-cli.script'],
        ['cli-update-script', 'ldm-cli-update.script'],
      ]) {
        expect(text).toContain(
          `fetch /ldm/sandbox/migrator/${parameter} /etc/ldm-landing-zone/${file}\n`,
        );
      }
      expect(text).toContain(
        'aws ssm get-parameter --region eu-west-1 --with-decryption --name "$1" --query Parameter.Value --output text',
      );
      expect(text).toContain(
        "cat > /etc/ldm-landing-zone/aws-config <<'LDM_EOF'\n[default]\nregion = eu-west-1\nLDM_EOF\n",
      );
    }
    const dropIns = (text: string) =>
      text
        .split('\n')
        .filter((l) => l.startsWith('install -m 0644 /etc/ldm-landing-zone/aws-environment.conf '));
    expect(dropIns(agent)).toEqual([
      'install -m 0644 /etc/ldm-landing-zone/aws-environment.conf /etc/systemd/system/hivemigrator-remote-server.service.d/ldm-landing-zone-aws.conf',
    ]);
    expect(dropIns(migrator)).toEqual([
      'install -m 0644 /etc/ldm-landing-zone/aws-environment.conf /etc/systemd/system/livedata-migrator.service.d/ldm-landing-zone-aws.conf',
      'install -m 0644 /etc/ldm-landing-zone/aws-environment.conf /etc/systemd/system/hivemigrator.service.d/ldm-landing-zone-aws.conf',
    ]);
    expect(agent).not.toContain('livedata-migrator --script');
    expect(migrator.trimEnd().split('\n').pop()).toBe(
      'livedata-migrator --script=/etc/ldm-landing-zone/ldm-cli.script',
    );
  });

  test('the migrator host waits for every service the script talks to, in order, each with a timeout and a log line', () => {
    const migrator = renderUserData({ ...input, run: { waitFor } });
    const waits = migrator.split('\n').filter((l) => l.startsWith('wait_for '));
    expect(waits).toEqual([
      "wait_for 'LDM REST API' 127.0.0.1 18080",
      "wait_for 'HiveMigrator REST API' 127.0.0.1 6781",
      "wait_for 'the remote Glue agent' 10.20.0.25 5052",
    ]);
    expect(migrator).toContain(`for attempt in $(seq 1 ${WAIT_SECONDS / 10}); do`);
    expect(migrator).toContain('log "waiting for $1 on $2:$3 (at most 600 s)"');
    expect(migrator).toMatch(
      /log "\$1 does not answer on \$2:\$3 after 600 s: the LDM CLI script was not run; .*" >&2\n {2}return 1/,
    );
    // Services that started before the drop-in existed are restarted, before any wait.
    expect(migrator.indexOf('systemctl try-restart livedata-migrator hivemigrator')).toBeLessThan(
      migrator.indexOf('wait_for '),
    );
  });

  test('a wait that times out stops the script with its log line', () => {
    const text = renderUserData({
      ...input,
      run: { waitFor: [{ what: 'nothing', host: '127.0.0.1', port: 1 }] },
    })
      .replace(/seq 1 \d+/g, 'seq 1 1')
      .replace(/sleep \d+/g, 'sleep 0')
      .replace(/^fetch .*$/gm, ':')
      .replace(/^if fetch .*&&$/m, 'if false &&')
      .replace(/^(install|cat|chmod|systemctl|  install).*$/gm, ':')
      .replace(/^LDM_EOF$|^\[default\]$|^region = .*$|^\[Service\]$|^Environment=.*$/gm, ':')
      .replace('if ! command -v livedata-migrator > /dev/null; then', 'if false; then');
    const run = spawnSync('bash', ['-c', text], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      'ldm-landing-zone: waiting for nothing on 127.0.0.1:1 (at most 600 s)',
    );
    expect(run.stderr).toContain(
      'ldm-landing-zone: nothing does not answer on 127.0.0.1:1 after 600 s: the LDM CLI script was not run',
    );
  });

  test('fetches the parts of the preflight, unpacks and runs it once, and goes on whatever it finds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ldm-user-data-'));
    const text = renderUserData(input).replaceAll('/etc/ldm-landing-zone', dir);
    const block = text.slice(text.indexOf('# The preflight'), text.indexOf('\nfi\n') + 4);
    // What SSM holds: the script compressed and encoded, cut in four where the stack cuts it.
    const preflight = '#!/bin/sh\necho "checking $*"\n# some words to compress\nexit 1\n';
    const encoded = gzipSync(preflight).toString('base64');
    const part = Math.ceil(encoded.length / 16) * 4;
    const parts = mkdtempSync(join(tmpdir(), 'ldm-ssm-'));
    for (const i of [0, 1, 2, 3]) {
      const value = encoded.slice(i * part, i === 3 ? undefined : (i + 1) * part);
      writeFileSync(join(parts, `preflight-${i + 1}`), `${value}\n`);
    }
    const run = spawnSync(
      'bash',
      [
        '-c',
        [
          'set -euo pipefail',
          'log() { echo "ldm-landing-zone: $*"; }',
          // A stand-in for the SSM fetch: the parameter's value, as `--output text` prints it.
          `fetch() { cp "${parts}/$(basename "$1")" "$2"; }`,
          block,
          'echo "user data goes on"',
        ].join('\n'),
      ],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      'checking \nldm-landing-zone: the preflight found problems (above): see docs/network-requirements.md\nuser data goes on\n',
    );
    expect(readFileSync(join(dir, 'preflight.sh'), 'utf8')).toBe(preflight);
    expect(readdirSync(dir)).toEqual(['preflight.sh']);
  });

  test('is valid bash, with nothing Terraform would read as a template and no backslash', () => {
    for (const run of [undefined, { waitFor }]) {
      const text = renderUserData({ ...input, run });
      expect(text).not.toMatch(/[$%]\{|\\/);
      expect(spawnSync('bash', ['-n'], { input: text }).status).toBe(0);
    }
  });

  test('refuses a profile it cannot write literally', () => {
    expect(() => renderUserData({ ...input, awsConfig: 'x = ${y}\n' })).toThrow(/awsConfig/);
  });
});

describe('the read policy', () => {
  test('allows GetParameter on the two parameters and Decrypt through SSM for them only', () => {
    const policy = hostConfigReadPolicy({
      scope: awsScope('cn-north-1', '111111111111'),
      parameterNames: ['/ldm/x/migrator/host-config.json', '/ldm/x/migrator/cli-script'],
      kmsKeyArn: 'arn:aws-cn:kms:cn-north-1:111111111111:key/k',
    });
    const arns = [
      'arn:aws-cn:ssm:cn-north-1:111111111111:parameter/ldm/x/migrator/host-config.json',
      'arn:aws-cn:ssm:cn-north-1:111111111111:parameter/ldm/x/migrator/cli-script',
    ];
    expect(policy.Statement).toEqual([
      { Sid: 'ReadHostConfiguration', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: arns },
      {
        Sid: 'DecryptHostConfiguration',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: 'arn:aws-cn:kms:cn-north-1:111111111111:key/k',
        Condition: {
          StringEquals: {
            'kms:ViaService': 'ssm.cn-north-1.amazonaws.com.cn',
            'kms:EncryptionContext:PARAMETER_ARN': arns,
          },
        },
      },
    ]);
  });
});

describe('config: migrator.hosts', () => {
  const at = (path: string) => `environments[0].migrator.hosts.${path}`;
  const problemsWith = (migrator: Record<string, unknown>) =>
    problemsOf(() => configWith((raw) => (rawEnv(raw).migrator = migrator)));

  test('defaults', () => {
    const hosts = configWith().environments[0]!.migrator.hosts;
    expect(hosts).toEqual({
      migrator: { instanceType: 'm6i.2xlarge', imageId: DEFAULT_IMAGE_ID, rootVolumeSizeGiB: 200 },
      glueAgent: {
        instanceType: 'm6i.large',
        imageId: DEFAULT_IMAGE_ID,
        rootVolumeSizeGiB: 30,
        port: 5052,
      },
      hiveWarehousePath: '/apps/hive/warehouse',
      signingHelper: {
        executable: 'aws_signing_helper',
        certificatePath: '/etc/wandisco/aws/roles-anywhere/certificate.pem',
        privateKeyPath: '/etc/wandisco/aws/roles-anywhere/private-key.pem',
      },
    });
  });

  test.each([
    [
      { placement: 'on-premises', credentials: 'roles-anywhere' },
      { migrator: false, glueAgent: false },
    ],
    [
      { placement: 'ec2', credentials: 'instance-profile' },
      { migrator: true, glueAgent: false },
    ],
    [
      { placement: 'ec2', credentials: 'instance-profile', remoteGlueAgent: true },
      { migrator: true, glueAgent: true },
    ],
    [
      {
        placement: 'ec2',
        credentials: 'instance-profile',
        remoteGlueAgent: true,
        hosts: { migrator: { enabled: false }, glueAgent: { enabled: false } },
      },
      { migrator: false, glueAgent: false },
    ],
    [
      { placement: 'ec2', credentials: 'assume-role' },
      { migrator: false, glueAgent: false },
    ],
    [
      { placement: 'on-premises', credentials: 'roles-anywhere', remoteGlueAgent: true },
      { migrator: false, glueAgent: false },
    ],
  ])('hosts launched for %j: %j', (migrator, expected) => {
    expect(hostsToLaunch(migrator)).toEqual(expected);
  });

  test('fails if the migrator host is enabled on premises', () => {
    expect(
      problemsWith({ rolesAnywhere: ROLES_ANYWHERE, hosts: { migrator: { enabled: true } } }),
    ).toEqual([problem(at('migrator.enabled'), true, Expect.migratorHostNeedsEc2)]);
  });

  test('fails if the agent host is enabled without remoteGlueAgent', () => {
    expect(
      problemsWith({
        placement: 'ec2',
        adminCidrs: ADMINS,
        hosts: { glueAgent: { enabled: true } },
      }),
    ).toEqual([problem(at('glueAgent.enabled'), true, Expect.glueAgentHostNeedsRemoteAgent)]);
  });

  test('fails if a host is enabled without an instance profile', () => {
    expect(
      problemsWith({
        placement: 'ec2',
        adminCidrs: ADMINS,
        credentials: 'assume-role',
        assumeRole: ASSUME_ROLE,
        remoteGlueAgent: true,
        hosts: { migrator: { enabled: true }, glueAgent: { enabled: true } },
      }),
    ).toEqual([
      problem(at('migrator.enabled'), true, Expect.hostNeedsInstanceProfile('assume-role')),
      problem(at('glueAgent.enabled'), true, Expect.hostNeedsInstanceProfile('assume-role')),
    ]);
  });

  test('fails if remoteGlueAgent has neither a launched host nor an address', () => {
    expect(problemsWith({ rolesAnywhere: ROLES_ANYWHERE, remoteGlueAgent: true })).toEqual([
      problem(at('glueAgent.address'), undefined, Expect.glueAgentAddressNeeded),
    ]);
  });

  test('fails if an address is given while the toolkit launches the agent host', () => {
    expect(
      problemsWith({
        placement: 'ec2',
        adminCidrs: ADMINS,
        remoteGlueAgent: true,
        hosts: { glueAgent: { address: '10.0.0.5' } },
      }),
    ).toEqual([problem(at('glueAgent.address'), '10.0.0.5', Expect.glueAgentAddressWithHost)]);
  });

  test('fails if an address is given without remoteGlueAgent', () => {
    expect(
      problemsWith({
        rolesAnywhere: ROLES_ANYWHERE,
        hosts: { glueAgent: { address: '10.0.0.5' } },
      }),
    ).toEqual([
      problem(at('glueAgent.address'), '10.0.0.5', Expect.glueAgentAddressWithoutRemoteAgent),
    ]);
  });

  test.each([
    [
      'migrator.instanceType',
      { migrator: { instanceType: 'large' } },
      'large',
      Expect.instanceType,
    ],
    ['migrator.imageId', { migrator: { imageId: 'ubuntu-22.04' } }, 'ubuntu-22.04', Expect.imageId],
    [
      'glueAgent.imageId',
      { glueAgent: { imageId: 'resolve:ssm:' } },
      'resolve:ssm:',
      Expect.imageId,
    ],
    [
      'migrator.rootVolumeSizeGiB',
      { migrator: { rootVolumeSizeGiB: 4 } },
      4,
      Expect.rootVolumeSizeGiB,
    ],
    [
      'glueAgent.rootVolumeSizeGiB',
      { glueAgent: { rootVolumeSizeGiB: 30.5 } },
      30.5,
      Expect.rootVolumeSizeGiB,
    ],
    ['hiveWarehousePath', { hiveWarehousePath: 'apps/hive' }, 'apps/hive', Expect.hostPath],
    ['hiveWarehousePath', { hiveWarehousePath: '/apps/hive/' }, '/apps/hive/', Expect.hostPath],
    ['hiveWarehousePath', { hiveWarehousePath: "/o'brien" }, "/o'brien", Expect.hostPath],
    ['hiveWarehousePath', { hiveWarehousePath: '/$HOME' }, '/$HOME', Expect.hostPath],
    [
      'signingHelper.certificatePath',
      { signingHelper: { certificatePath: '/a\\b.pem' } },
      '/a\\b.pem',
      Expect.hostPath,
    ],
    [
      'signingHelper.executable',
      { signingHelper: { executable: 'bin/helper' } },
      'bin/helper',
      Expect.executable,
    ],
  ])('fails if %s is invalid (%j)', (path, hosts, value, expected) => {
    expect(problemsWith({ rolesAnywhere: ROLES_ANYWHERE, hosts })).toEqual([
      problem(at(path), value, expected),
    ]);
  });

  test('fails if an agent address is not a host name or IPv4 address', () => {
    expect(
      problemsWith({
        rolesAnywhere: ROLES_ANYWHERE,
        remoteGlueAgent: true,
        hosts: { glueAgent: { address: 'https://agent:5052' } },
      }),
    ).toEqual([problem(at('glueAgent.address'), 'https://agent:5052', Expect.hostAddress)]);
  });

  test('fails if a hosts field is unknown, naming the fields allowed there', () => {
    expect(
      problemsWith({ rolesAnywhere: ROLES_ANYWHERE, hosts: { migrator: { ami: 'ami-1' } } }),
    ).toEqual([
      problem(
        at('migrator.ami'),
        'ami-1',
        Expect.unknownField(['enabled', 'instanceType', 'imageId', 'rootVolumeSizeGiB']),
      ),
    ]);
  });
});

describe('migrator stack: the published host configuration', () => {
  const config = loadConfig(join(ROOT, 'config', 'example.yaml'));
  const stack = synth(config).stacks['sandbox-migrator'];
  const parameters = resources(stack, 'aws_ssm_parameter');

  test('the addresses of its resources are pinned', () => {
    expect(Object.keys(parameters).sort()).toEqual([
      'cli-script',
      'cli-update-script',
      'host-config',
      'preflight-1',
      'preflight-2',
      'preflight-3',
      'preflight-4',
    ]);
    expect(Object.keys(stack.locals)).toEqual(['preflight']);
    expect(Object.keys(resources(stack, 'aws_iam_role_policy'))).toEqual(['host-config-read']);
    expect(MIGRATOR_IDS).toEqual({
      configParameter: 'host-config',
      scriptParameter: 'cli-script',
      updateScriptParameter: 'cli-update-script',
      preflight: 'preflight',
      glueAgentPreflight: 'glue-agent-preflight',
      readPolicy: 'host-config-read',
      migratorHost: 'migrator-host',
      glueAgentHost: 'glue-agent-host',
    });
  });

  test('the parameters are SecureStrings under the SSM prefix, encrypted with the environment key', () => {
    const keyArn =
      '${data.terraform_remote_state.cross-stack-reference-input-sandbox-security.outputs.cross-stack-output-aws_kms_keydata-keyarn}';
    expect(parameters['host-config']).toMatchObject({
      name: '/ldm/sandbox/migrator/host-config.json',
      type: 'SecureString',
      key_id: keyArn,
      tier: 'Standard',
    });
    expect(parameters['cli-script']).toMatchObject({
      name: '/ldm/sandbox/migrator/cli-script',
      type: 'SecureString',
      key_id: keyArn,
      tier: 'Standard',
    });
    expect(parameters['cli-update-script']).toMatchObject({
      name: '/ldm/sandbox/migrator/cli-update-script',
      type: 'SecureString',
      key_id: keyArn,
      tier: 'Standard',
    });
  });

  test('renders what the offline CLI renders, once Terraform fills in the other stacks’ outputs', () => {
    const lookup = remoteStateLookup(OUTPUTS, 'sandbox');
    const golden = join(FIXTURES, 'golden', 'on-premises-roles-anywhere');
    expect(fillTemplate(parameters['cli-script'].value, lookup)).toBe(
      readFileSync(join(golden, 'ldm-cli.script'), 'utf8'),
    );
    expect(fillTemplate(parameters['host-config'].value, lookup)).toBe(
      readFileSync(join(golden, 'host-config.json'), 'utf8'),
    );
    expect(fillTemplate(parameters['cli-update-script'].value, lookup)).toBe(
      readFileSync(join(golden, 'ldm-cli-update.script'), 'utf8'),
    );
    expect(
      compressedText(stack.locals.preflight, (ref) => fillTemplate(`\${${ref}}`, lookup)),
    ).toBe(readFileSync(join(golden, 'preflight.sh'), 'utf8'));
  });

  test('the preflight is compressed by Terraform and split in four SecureStrings the host joins', () => {
    expect(stack.locals.preflight).toMatch(/^\$\{base64gzip\(join\("", \["#!\/bin\/sh\\n/);
    const part = '(ceil((length(local.preflight) / 16)) * 4)';
    const values = [
      `\${substr(local.preflight, 0, ${part})}`,
      `\${substr(local.preflight, (${part} * 1), ${part})}`,
      `\${substr(local.preflight, (${part} * 2), ${part})}`,
      `\${substr(local.preflight, (${part} * 3), -1)}`,
    ];
    values.forEach((value, i) =>
      expect(parameters[`preflight-${i + 1}`]).toMatchObject({
        name: `/ldm/sandbox/migrator/preflight-${i + 1}`,
        type: 'SecureString',
        key_id: parameters['host-config'].key_id,
        value,
        // Each part of the compressed preflight fits the free tier.
        tier: 'Standard',
      }),
    );
  });

  test('the LDM role may read its parameters and nothing else', () => {
    const policy = onlyResource(stack, 'aws_iam_role_policy');
    expect(policy.role).toBe('ldm-sandbox-migrator');
    const statements = JSON.parse(policy.policy).Statement;
    expect(statements.map((s: any) => [s.Action, s.Resource])).toEqual([
      [
        'ssm:GetParameter',
        [
          'arn:aws:ssm:eu-west-1:111111111111:parameter/ldm/sandbox/migrator/host-config.json',
          'arn:aws:ssm:eu-west-1:111111111111:parameter/ldm/sandbox/migrator/cli-script',
          'arn:aws:ssm:eu-west-1:111111111111:parameter/ldm/sandbox/migrator/cli-update-script',
          'arn:aws:ssm:eu-west-1:111111111111:parameter/ldm/sandbox/migrator/preflight-1',
          'arn:aws:ssm:eu-west-1:111111111111:parameter/ldm/sandbox/migrator/preflight-2',
          'arn:aws:ssm:eu-west-1:111111111111:parameter/ldm/sandbox/migrator/preflight-3',
          'arn:aws:ssm:eu-west-1:111111111111:parameter/ldm/sandbox/migrator/preflight-4',
        ],
      ],
      ['kms:Decrypt', parameters['host-config'].key_id],
    ]);
  });

  test('outputs name the parameters; no host on premises', () => {
    expect(stack.output).toEqual({
      config_parameter_name: { value: '/ldm/sandbox/migrator/host-config.json' },
      script_parameter_name: { value: '/ldm/sandbox/migrator/cli-script' },
      update_script_parameter_name: { value: '/ldm/sandbox/migrator/cli-update-script' },
      preflight_parameter_names: {
        value: [1, 2, 3, 4].map((i) => `/ldm/sandbox/migrator/preflight-${i}`),
      },
    });
    expect(resources(stack, 'aws_instance')).toEqual({});
    expect(resources(stack, 'aws_launch_template')).toEqual({});
  });

  /** The example with `n` databases, each with a location of its own when `custom`. */
  const withDatabases = (n: number, custom: boolean) =>
    configWith((raw) => {
      rawEnv(raw).catalog.databases = Array.from({ length: n }, (_, i) => ({
        name: `db_${i}`,
        ...(custom ? { locationUri: `s3://${BUCKET}/curated/db_${i}` } : {}),
      }));
    });
  const tiersOf = (config: Config) => {
    const parameters = resources(synth(config).stacks['sandbox-migrator'], 'aws_ssm_parameter');
    return { json: parameters['host-config'].tier, script: parameters['cli-script'].tier };
  };

  test('databases at their default location share one path mapping: a hundred fit a Standard parameter', () => {
    expect(tiersOf(withDatabases(100, false))).toEqual({ json: 'Standard', script: 'Standard' });
  });

  test('a configuration that can exceed 4 KB goes to an Advanced parameter', () => {
    expect(tiersOf(withDatabases(12, true))).toEqual({ json: 'Advanced', script: 'Standard' });
  });

  test('fails if the configuration cannot fit an SSM parameter', () => {
    expect(problemsOf(() => synth(withDatabases(30, true)))).toEqual([
      expect.stringMatching(
        /^the rendered \/ldm\/sandbox\/migrator\/host-config\.json takes about \d+ bytes, more than the 8192 bytes an SSM parameter holds; give fewer catalog\.databases a locationUri of their own/,
      ),
    ]);
  });
});

describe('migrator stack: EC2 hosts', () => {
  const config: Config = configWith((raw) => {
    rawEnv(raw).migrator = {
      placement: 'ec2',
      adminCidrs: ADMINS,
      remoteGlueAgent: true,
      hosts: { migrator: { imageId: 'ami-0123456789abcdef0', rootVolumeSizeGiB: 500 } },
    };
  });
  const stack = synth(config).stacks['sandbox-migrator'];
  const templates = resources(stack, 'aws_launch_template');
  const instances = resources(stack, 'aws_instance');
  const remote = (name: string) =>
    `\${data.terraform_remote_state.cross-stack-reference-input-sandbox-${name}}`;

  test('the addresses of the hosts are pinned', () => {
    expect(Object.keys(instances).sort()).toEqual(['glue-agent-host', 'migrator-host']);
    expect(Object.keys(templates).sort()).toEqual([
      'glue-agent-host-template',
      'migrator-host-template',
    ]);
  });

  test.each([
    ['migrator-host', 'ldm-sandbox-migrator', 'migrator-host-sg'],
    ['glue-agent-host', 'ldm-sandbox-glue-agent', 'glue-agent-sg'],
  ])(
    '%s: IMDSv2 only, the instance profile, a private subnet, its security group, no public IP',
    (id, name, sg) => {
      const template = templates[`${id}-template`];
      expect(template.name).toBe(name);
      expect(template.metadata_options).toEqual({
        http_endpoint: 'enabled',
        http_tokens: 'required',
        http_put_response_hop_limit: 1,
        instance_metadata_tags: 'disabled',
      });
      expect(template.iam_instance_profile).toEqual({ name: 'ldm-sandbox-migrator' });
      expect(template.network_interfaces).toEqual([
        {
          device_index: 0,
          subnet_id: expect.stringMatching(
            /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-sandbox-network\.outputs\.cross-stack-output-aws_subnetprivate-eu-west-1a/,
          ),
          security_groups: [expect.stringContaining(`aws_security_group${sg}id`)],
          associate_public_ip_address: 'false',
          delete_on_termination: 'true',
        },
      ]);
      expect(instances[id].launch_template).toEqual({
        id: `\${aws_launch_template.${id}-template.id}`,
        version: `\${aws_launch_template.${id}-template.latest_version}`,
      });
      expect(instances[id].root_block_device).toMatchObject({
        encrypted: true,
        kms_key_id: expect.stringContaining(remote('security').slice(0, -1)),
        volume_type: 'gp3',
      });
    },
  );

  test('the image and sizes come from config; the default image is resolved by EC2 at launch', () => {
    expect(templates['migrator-host-template'].image_id).toBe('ami-0123456789abcdef0');
    expect(templates['glue-agent-host-template'].image_id).toBe(DEFAULT_IMAGE_ID);
    expect(instances['migrator-host'].instance_type).toBe('m6i.2xlarge');
    expect(instances['migrator-host'].root_block_device.volume_size).toBe(500);
    expect(instances['glue-agent-host'].instance_type).toBe('m6i.large');
    expect(instances['glue-agent-host'].root_block_device.volume_size).toBe(30);
  });

  test('user data fetches the configuration from SSM; the migrator host waits for it, its policy and the agent', () => {
    const AGENT_IP = 'aws_instance.glue-agent-host.private_ip';
    /** The text Terraform encodes: raw strings joined with the agent's address. */
    const decode = (expression: string) => {
      const join = /^\$\{base64encode\(join\("", (\[.*\])\)\)\}$/s.exec(expression);
      const parts: string[] = join
        ? JSON.parse(join[1]!.split(AGENT_IP).join(JSON.stringify(`<${AGENT_IP}>`)))
        : [JSON.parse(/^\$\{base64encode\((".*")\)\}$/s.exec(expression)![1]!)];
      return parts.join('');
    };
    const common = {
      region: 'eu-west-1',
      configParameter: '/ldm/sandbox/migrator/host-config.json',
      scriptParameter: '/ldm/sandbox/migrator/cli-script',
      updateScriptParameter: '/ldm/sandbox/migrator/cli-update-script',
      awsConfig: '[default]\nregion = eu-west-1\n',
      systemdDropIn: renderHostConfig(
        inputFor(config.environments[0]!, { glueAgentHostIp: '10.0.0.1' }),
      ).systemdDropIn,
    };
    expect(decode(templates['migrator-host-template'].user_data)).toBe(
      renderUserData({
        ...common,
        services: ['livedata-migrator', 'hivemigrator'],
        preflight: {
          parameters: [1, 2, 3, 4].map((i) => `/ldm/sandbox/migrator/preflight-${i}`),
          file: 'preflight.sh',
        },
        run: {
          waitFor: [
            { what: 'LDM REST API', host: '127.0.0.1', port: 18080 },
            { what: 'HiveMigrator REST API', host: '127.0.0.1', port: 6781 },
            { what: 'the remote Glue agent', host: `<${AGENT_IP}>`, port: 5052 },
          ],
        },
        deferred: (v) => v.startsWith('<'),
      }),
    );
    expect(decode(templates['glue-agent-host-template'].user_data)).toBe(
      renderUserData({
        ...common,
        services: ['hivemigrator-remote-server'],
        preflight: {
          parameters: [1, 2, 3, 4].map((i) => `/ldm/sandbox/migrator/glue-agent-preflight-${i}`),
          file: 'glue-agent-preflight.sh',
        },
      }),
    );
    expect(instances['migrator-host'].depends_on).toEqual([
      'aws_ssm_parameter.host-config',
      'aws_ssm_parameter.cli-script',
      'aws_ssm_parameter.cli-update-script',
      'aws_ssm_parameter.preflight-1',
      'aws_ssm_parameter.preflight-2',
      'aws_ssm_parameter.preflight-3',
      'aws_ssm_parameter.preflight-4',
      'aws_iam_role_policy.host-config-read',
    ]);
  });

  test('LDM is told the agent host’s private IP; outputs name both hosts', () => {
    const script = resources(stack, 'aws_ssm_parameter')['cli-script'].value;
    expect(script).toContain(' --host ${aws_instance.glue-agent-host.private_ip} --port 5052\n');
    expect(stack.output).toMatchObject({
      migrator_host_instance_id: { value: '${aws_instance.migrator-host.id}' },
      migrator_host_private_ip: { value: '${aws_instance.migrator-host.private_ip}' },
      glue_agent_host_instance_id: { value: '${aws_instance.glue-agent-host.id}' },
      glue_agent_host_private_ip: { value: '${aws_instance.glue-agent-host.private_ip}' },
    });
  });

  test('no host when enabled is false', () => {
    const own = configWith((raw) => {
      rawEnv(raw).migrator = {
        placement: 'ec2',
        adminCidrs: ADMINS,
        remoteGlueAgent: true,
        hosts: {
          migrator: { enabled: false },
          glueAgent: { enabled: false, address: '10.20.0.9' },
        },
      };
    });
    const ownStack = synth(own).stacks['sandbox-migrator'];
    expect(resources(ownStack, 'aws_instance')).toEqual({});
    expect(resources(ownStack, 'aws_ssm_parameter')['cli-script'].value).toContain(
      ' --host 10.20.0.9 --port 5052\n',
    );
  });
});

/**
 * `npm run host-config` as a user runs it: on a folder of `terraform output -json` files (see
 * test/fixtures/host-config/regenerate.ts for how they were made), and with bad input.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runEntry } from '../support/cli';
import { rawExample, rawEnv, ROOT } from '../support/synth';

const CLI = 'lib/cli/host-config.ts';
const FIXTURES = join(ROOT, 'test', 'fixtures', 'host-config');
const OUTPUTS = join(FIXTURES, 'outputs');
const golden = (name: string, file: string) =>
  readFileSync(join(FIXTURES, 'golden', name, file), 'utf8');
const temp = () => mkdtempSync(join(tmpdir(), 'ldm-host-config-'));

/** A copy of the outputs folder, with `edit` applied to the named file's outputs. */
function outputsWith(file: string, edit: (outputs: Record<string, any>) => void): string {
  const dir = temp();
  cpSync(OUTPUTS, dir, { recursive: true });
  const path = join(dir, file);
  const outputs = JSON.parse(readFileSync(path, 'utf8'));
  edit(outputs);
  writeFileSync(path, JSON.stringify(outputs, null, 2));
  return dir;
}

/** Runs the CLI from the project folder with the embedded example config (or `config`). */
function hostConfig(args: string[], config?: string) {
  return runEntry(CLI, args, { env: { LDM_CONFIG: config } });
}

/** The error lines a failed run prints, and that it printed no stack trace. */
function expectFailure(run: ReturnType<typeof hostConfig>, title: string, problems: string[]) {
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr.split('\n').filter(Boolean)).toEqual([
    `error: ${title}`,
    ...problems.map((p) => `  - ${p}`),
  ]);
}

describe('host-config from terraform output -json files', () => {
  test('prints the LDM CLI script of the example', () => {
    const run = hostConfig(['--env', 'sandbox', '--outputs-dir', OUTPUTS]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(golden('on-premises-roles-anywhere', 'ldm-cli.script'));
  });

  test('prints the JSON document with --json', () => {
    const run = hostConfig(['--env', 'sandbox', '--outputs-dir', OUTPUTS, '--json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(golden('on-premises-roles-anywhere', 'host-config.json'));
  });

  test('prints the migrator host’s preflight with --preflight', () => {
    const run = hostConfig(['--env', 'sandbox', '--outputs-dir', OUTPUTS, '--preflight']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(golden('on-premises-roles-anywhere', 'preflight.sh'));
  });

  test('prints the remote Glue agent host’s preflight with --glue-agent-preflight', () => {
    const raw = rawExample();
    Object.assign(rawEnv(raw).migrator, {
      remoteGlueAgent: true,
      hosts: { glueAgent: { address: 'glue-agent.corp.example', port: 5552 } },
    });
    const config = join(temp(), 'agent.yaml');
    writeFileSync(config, stringify(raw));
    const run = hostConfig(
      ['--env', 'sandbox', '--outputs-dir', OUTPUTS, '--glue-agent-preflight'],
      config,
    );
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(
      /^#!\/bin\/sh\n# ldm-landing-zone preflight of the remote Glue agent host /,
    );
    expect(run.stdout).toContain(
      "\n  listener 5552 'HiveMigrator remote Glue agent' hivemigrator-remote-server\n",
    );
  });

  test('writes both scripts, the JSON document, the AWS profile and its drop-in with --out', () => {
    const out = join(temp(), 'host');
    const run = hostConfig(['--env', 'sandbox', '--outputs-dir', OUTPUTS, '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const files = [
      'aws-config',
      'aws-environment.conf',
      'host-config.json',
      'ldm-cli-update.script',
      'ldm-cli.script',
      'preflight.sh',
    ];
    expect(readdirSync(out).sort()).toEqual(files);
    for (const file of files) {
      expect(readFileSync(join(out, file), 'utf8')).toBe(
        golden('on-premises-roles-anywhere', file),
      );
    }
    expect(run.stderr.split('\n').filter(Boolean).sort()).toEqual(
      files.map((f) => `wrote ${join(out, f)}`),
    );
  });

  test('reads the remote agent host from the migrator stack’s outputs on EC2', () => {
    const raw = rawExample();
    rawEnv(raw).migrator = {
      placement: 'ec2',
      adminCidrs: ['192.168.10.0/24'],
      remoteGlueAgent: true,
    };
    const config = join(temp(), 'ec2.yaml');
    writeFileSync(config, stringify(raw));
    const outputs = outputsWith('sandbox-migrator.json', (o) => {
      o.glue_agent_host_private_ip = { sensitive: false, type: 'string', value: '10.20.0.25' };
    });
    const run = hostConfig(['--env', 'sandbox', '--outputs-dir', outputs], config);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(' --host 10.20.0.25 --port 5052\n');
    expect(run.stdout).toContain(
      ' --credentials-provider com.amazonaws.auth.InstanceProfileCredentialsProvider ',
    );
    expect(run.stdout).not.toContain('--endpoint');
  });
});

describe('host-config: bad input', () => {
  test('fails if the environment is unknown, writing nothing', () => {
    const out = join(temp(), 'host');
    expectFailure(
      hostConfig(['--env', 'prod', '--outputs-dir', OUTPUTS, '--out', out]),
      'Unknown environment',
      ["--env: got 'prod', expected an environment of config/example.yaml: sandbox"],
    );
    expect(existsSync(out)).toBe(false);
  });

  test('fails if --env or --outputs-dir is missing', () => {
    const run = hostConfig([]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--env is required; usage: npm run host-config -- --env <name>');
    expect(run.stderr).toContain('--outputs-dir is required');
  });

  test('fails if it is asked to print two files, or one with --out', () => {
    expectFailure(
      hostConfig(['--env', 'sandbox', '--outputs-dir', OUTPUTS, '--json', '--preflight']),
      'Invalid arguments',
      [
        '--json and --preflight: choose one to print; usage: npm run host-config -- --env <name> --outputs-dir <dir> [--out <dir>] [--json | --preflight | --glue-agent-preflight]',
      ],
    );
    const out = join(temp(), 'host');
    expectFailure(
      hostConfig(['--env', 'sandbox', '--outputs-dir', OUTPUTS, '--preflight', '--out', out]),
      'Invalid arguments',
      [
        '--preflight prints one file; with --out every file is written; usage: npm run host-config -- --env <name> --outputs-dir <dir> [--out <dir>] [--json | --preflight | --glue-agent-preflight]',
      ],
    );
    expect(existsSync(out)).toBe(false);
  });

  test('fails if --glue-agent-preflight is asked where there is no remote Glue agent', () => {
    expectFailure(
      hostConfig(['--env', 'sandbox', '--outputs-dir', OUTPUTS, '--glue-agent-preflight']),
      'Invalid arguments',
      [
        "--glue-agent-preflight: environment sandbox has no remote Glue agent (migrator.remoteGlueAgent); --preflight prints the migrator host's",
      ],
    );
  });

  test('fails if a flag is unknown', () => {
    const run = hostConfig(['--env', 'sandbox', '--outputs-dir', OUTPUTS, '--format', 'yaml']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: Invalid arguments\n {2}- Unknown option '--format'/);
  });

  test('fails if output files are missing, naming each file', () => {
    const dir = temp();
    cpSync(join(OUTPUTS, 'sandbox-network.json'), join(dir, 'sandbox-network.json'));
    const out = join(temp(), 'host');
    const run = hostConfig(['--env', 'sandbox', '--outputs-dir', dir, '--out', out]);
    expectFailure(
      run,
      'Cannot read the stack outputs',
      ['security', 'storage', 'catalog'].map(
        (layer) =>
          `${join(dir, `sandbox-${layer}.json`)}: no such file; write it after applying sandbox-${layer}: (cd cdktf.out/stacks/sandbox-${layer} && terraform output -json) > ${join(dir, `sandbox-${layer}.json`)}`,
      ),
    );
    expect(existsSync(out)).toBe(false);
  });

  test('fails if a file is not what terraform output -json writes', () => {
    const dir = temp();
    cpSync(OUTPUTS, dir, { recursive: true });
    writeFileSync(join(dir, 'sandbox-storage.json'), 'bucket_name = "x"\n');
    const run = hostConfig(['--env', 'sandbox', '--outputs-dir', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `^error: Cannot read the stack outputs\\n {2}- ${join(dir, 'sandbox-storage.json').replace(/[.]/g, '\\.')}: not JSON as terraform output -json writes it \\(.+\\)\\n$`,
      ),
    );
  });

  test('fails if an output is missing or malformed, naming the file and the output', () => {
    const dir = outputsWith('sandbox-catalog.json', (o) => {
      delete o.warehouse_prefix;
      o.database_names.value = 'sales';
    });
    const out = join(temp(), 'host');
    const file = join(dir, 'sandbox-catalog.json');
    expectFailure(
      hostConfig(['--env', 'sandbox', '--outputs-dir', dir, '--out', out]),
      'Cannot read the stack outputs',
      [
        `${file}: output database_names is not a list of strings`,
        `${file}: no output warehouse_prefix; apply the stack with this toolkit's version, then write the file again`,
      ],
    );
    expect(existsSync(out)).toBe(false);
  });

  test('fails if the config is invalid', () => {
    const config = join(temp(), 'bad.yaml');
    writeFileSync(config, 'environments: []\n');
    const run = hostConfig(['--env', 'sandbox', '--outputs-dir', OUTPUTS], config);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: Configuration ${config} is invalid`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  test('a failed run leaves the files of an earlier run as they were', () => {
    const out = join(temp(), 'host');
    expect(hostConfig(['--env', 'sandbox', '--outputs-dir', OUTPUTS, '--out', out]).code).toBe(0);
    const before = readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]);
    const dir = outputsWith('sandbox-security.json', (o) => delete o.kms_key_arn);
    expect(hostConfig(['--env', 'sandbox', '--outputs-dir', dir, '--out', out]).code).toBe(1);
    expect(readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'utf8')])).toEqual(before);
  });
});

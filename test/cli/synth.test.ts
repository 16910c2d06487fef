import { spawn } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scaledConfig } from '../../lib/app/bench';
import { PARTS_FROM_ENVIRONMENTS } from '../../lib/cli/synth';
import { runEntry, tree } from '../support/cli';
import { CONFIG_DIR, ROOT } from '../support/synth';

/** A folder that looks like a user's checkout: the example config in config/. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ldm-cli-'));
  cpSync(CONFIG_DIR, join(dir, 'config'), { recursive: true });
  return dir;
}

describe('synth from the command line', () => {
  test('synthesizes the embedded example with no credentials, deterministically across folders and runs', () => {
    const [a, b] = [workspace(), workspace()];
    const noCredentials = {
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_PROFILE: undefined,
    };
    for (const dir of [a, b]) {
      const run = runEntry('main.ts', [], {
        cwd: dir,
        env: { ...noCredentials, LDM_CONFIG: undefined, CDKTF_OUTDIR: undefined },
      });
      expect(run).toMatchObject({ code: 0, stderr: '' });
    }
    const first = tree(join(a, 'cdktf.out'));
    expect(Object.keys(first)).toContain('stacks/sandbox-network/cdk.tf.json');
    expect(tree(join(b, 'cdktf.out'))).toEqual(first);
    expect(
      runEntry('main.ts', [], { cwd: a, env: { LDM_CONFIG: undefined, CDKTF_OUTDIR: undefined } })
        .code,
    ).toBe(0);
    expect(tree(join(a, 'cdktf.out'))).toEqual(first);
    // No absolute paths and no timestamps leak into the output.
    expect(JSON.stringify(first)).not.toContain(a);
    expect(JSON.stringify(first)).not.toMatch(/20\d\d-\d\d-\d\dT/);
  });

  test('fails if the config is invalid: one line per problem, no stack trace, previous output untouched', () => {
    const dir = workspace();
    expect(
      runEntry('main.ts', [], { cwd: dir, env: { LDM_CONFIG: undefined, CDKTF_OUTDIR: undefined } })
        .code,
    ).toBe(0);
    const before = tree(join(dir, 'cdktf.out'));
    writeFileSync(
      join(dir, 'bad.yaml'),
      [
        'environments:',
        '  - name: Sandbox',
        '    accountId: "12"',
        '    region: eu-west-1',
        '    network: { vpcCidr: 10.0.0.0/16, availabilityZones: [eu-west-1a, eu-west-1b], onPremCidrs: [10.0.0.0/8], resolverInboundEndpoint: true }',
        '    migrator: { credentials: roles-anywhere, rolesAnywhere: { caCertificateFile: config/certs/example-ca.pem } }',
      ].join('\n'),
    );
    const run = runEntry('main.ts', [], {
      cwd: dir,
      env: { LDM_CONFIG: 'bad.yaml', CDKTF_OUTDIR: undefined },
    });
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      'error: Configuration bad.yaml is invalid',
      expect.stringMatching(/^ {2}- environments\[0\]\.name: got 'Sandbox', expected /),
      expect.stringMatching(/^ {2}- environments\[0\]\.accountId: got '12', expected /),
      expect.stringMatching(
        /^ {2}- environments\[0\]\.network\.onPremCidrs\[0\]: got '10\.0\.0\.0\/8', expected /,
      ),
    ]);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(tree(join(dir, 'cdktf.out'))).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(['bad.yaml', 'cdktf.out', 'config']);
  });

  test('fails if LDM_CONFIG names a missing file', () => {
    const run = runEntry('main.ts', [], {
      cwd: workspace(),
      env: { LDM_CONFIG: 'nope.yaml', CDKTF_OUTDIR: undefined },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('nope.yaml: no such file; set LDM_CONFIG');
  });
});

describe('what npm run synth says', () => {
  test('one line per environment and a total with the time and the folder, on stdout', () => {
    const run = runEntry('main.ts', [], {
      cwd: workspace(),
      env: { LDM_CONFIG: 'config/multi-account.yaml', CDKTF_OUTDIR: undefined },
    });
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.slice(0, -1)).toEqual([
      expect.stringMatching(/^dev: +5 stacks, \d+ resources, \d+ policy findings?/),
      expect.stringMatching(/^test: +5 stacks, \d+ resources, \d+ policy findings?/),
      expect.stringMatching(/^prod: +5 stacks, \d+ resources, \d+ policy findings?/),
    ]);
    expect(lines.at(-1)).toMatch(
      /^synthesized 3 environments of config\/multi-account\.yaml: 15 stacks, \d+ resources, \d+ policy findings? .*in \d+\.\d\d s, into cdktf\.out\/$/,
    );
  });

  test('--quiet says nothing when it succeeds; --json says it as JSON', () => {
    const dir = workspace();
    const env = { LDM_CONFIG: undefined, CDKTF_OUTDIR: undefined };
    expect(runEntry('main.ts', ['--quiet'], { cwd: dir, env })).toMatchObject({
      code: 0,
      stdout: '',
      stderr: '',
    });
    const json = runEntry('main.ts', ['--json'], { cwd: dir, env });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      config: 'config/example.yaml',
      outdir: 'cdktf.out',
      seconds: expect.any(Number),
      environments: [{ environment: 'sandbox', stacks: 5, resources: expect.any(Number) }],
      total: { stacks: 5, policyFindings: 0 },
    });
  });

  test('fails if --quiet and --json come together, or with an unknown flag', () => {
    const both = runEntry('main.ts', ['--quiet', '--json'], { cwd: workspace() });
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('--quiet and --json cannot be used together');
    const unknown = runEntry('main.ts', ['--verbose'], { cwd: workspace() });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Unknown option '--verbose'/);
  });
});

describe('the bundle npm run synth runs', () => {
  // Each build takes about a second, more on a busy machine.
  jest.setTimeout(120_000);
  /** A copy of the project's sources, sharing its node_modules, with bundles of its own. */
  function project(): string {
    const dir = mkdtempSync(join(tmpdir(), 'ldm-project-'));
    for (const entry of ['main.ts', 'lib', 'stacks', 'config', 'package.json', 'tsconfig.json'])
      cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    return dir;
  }
  const synthIn = (dir: string, outdir = 'cdktf.out') =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [join(dir, 'lib', 'app', 'bundle.js'), 'main.ts'], {
        cwd: dir,
        env: { ...process.env, LDM_CONFIG: undefined, CDKTF_OUTDIR: outdir },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });

  test('is built again after any edit, so a stale bundle is never run; builds at once do not collide', async () => {
    const dir = project();
    expect((await synthIn(dir)).code).toBe(0);
    const source = join(dir, 'lib', 'app', 'synth-summary.ts');
    const text = readFileSync(source, 'utf8');
    // An edit that keeps the size and the modification time is still an edit: the first 40
    // characters (the start of the module's comment) become a statement and a new comment.
    const statement = "process.stderr.write('edited\\n');/**";
    const edited = `${statement.padStart(40, ' ')}${text.slice(40)}`;
    expect(edited.length).toBe(text.length);
    const { mtime } = statSync(source);
    writeFileSync(source, edited);
    utimesSync(source, mtime, mtime);
    // Two synths at once, both finding the bundle stale: both build, both run the new one.
    const [a, b] = await Promise.all([synthIn(dir, 'out-a'), synthIn(dir, 'out-b')]);
    for (const run of [a, b]) expect(run).toMatchObject({ code: 0, stderr: 'edited\n' });
    writeFileSync(source, text);
    expect(await synthIn(dir)).toMatchObject({ code: 0, stderr: '' });
  });

  test('fails if a source does not build: one line per error, with its file and line', async () => {
    const dir = project();
    appendFileSync(join(dir, 'lib', 'app', 'synth-summary.ts'), '\nexport const broken = ;\n');
    const run = await synthIn(dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error: The TypeScript sources do not build\n {2}- lib\/app\/synth-summary\.ts:\d+:\d+: Unexpected ";"\n$/,
    );
  });
});

describe('a config of many environments', () => {
  jest.setTimeout(120_000);

  test(`is synthesized by a process per core, into exactly what one process writes`, () => {
    const dir = workspace();
    writeFileSync(
      join(dir, 'many.yaml'),
      scaledConfig(readFileSync(join(CONFIG_DIR, 'example.yaml'), 'utf8'), PARTS_FROM_ENVIRONMENTS),
    );
    const env = { LDM_CONFIG: 'many.yaml', CDKTF_OUTDIR: 'parts', LDM_SYNTH_PROCESSES: '2' };
    const parts = runEntry('main.ts', ['--json'], { cwd: dir, env });
    const one = runEntry('main.ts', ['--json'], {
      cwd: dir,
      env: { ...env, CDKTF_OUTDIR: 'one', LDM_SYNTH_PROCESSES: '1' },
    });
    for (const run of [parts, one]) expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(tree(join(dir, 'parts'))).toEqual(tree(join(dir, 'one')));
    // The same summary, but for the time and the folder.
    const summary = (run: typeof parts) => {
      const json = JSON.parse(run.stdout);
      delete json.seconds;
      delete json.outdir;
      return json;
    };
    expect(summary(parts)).toEqual(summary(one));
    expect(summary(parts).total.stacks).toBe(5 * PARTS_FROM_ENVIRONMENTS);
    expect(readdirSync(dir).sort()).toEqual(['config', 'many.yaml', 'one', 'parts']);
  });

  test('fails if LDM_SYNTH_PROCESSES is not a whole number from 1', () => {
    const run = runEntry('main.ts', [], {
      cwd: workspace(),
      env: { LDM_CONFIG: undefined, CDKTF_OUTDIR: undefined, LDM_SYNTH_PROCESSES: '0' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("LDM_SYNTH_PROCESSES='0': expected a whole number from 1");
  });
});

import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEntry, tree } from '../support/cli';
import { CONFIG_DIR } from '../support/synth';

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

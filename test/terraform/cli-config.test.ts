/**
 * The CLI configuration the toolkit writes when it adds a provider mirror to a user's own (HCL or
 * JSON), read by the real terraform: `terraform init` offline installs the AWS provider from the
 * mirror the toolkit added, so Terraform parsed the file and took its `provider_installation`; the
 * user's file is left as it was. The mirror here holds a stand-in provider binary: `init` links a
 * provider, it does not run it, and offline a provider from anywhere else would fail the init.
 */
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AWS_PROVIDER, terraformPlatform, terraformSetup } from '../../lib/gitops/providers';
import { tierTerraform } from '../support/terraform';

jest.setTimeout(5 * 60_000);

const temp = (name: string) => mkdtempSync(join(tmpdir(), `ldm-cli-config-${name}-`));

/** A filesystem mirror holding a stand-in for the pinned provider (unpacked). */
function standInMirror(): string {
  const mirror = temp('mirror');
  const dir = join(mirror, AWS_PROVIDER.address, AWS_PROVIDER.version, terraformPlatform());
  mkdirSync(dir, { recursive: true });
  const binary = join(dir, `terraform-provider-aws_v${AWS_PROVIDER.version}_x5`);
  writeFileSync(binary, '#!/bin/sh\nexit 1\n');
  chmodSync(binary, 0o755);
  return mirror;
}

/** A user's CLI configuration: credentials for a registry, and a provider_installation of its own. */
const USER_CONFIGS = {
  hcl: [
    'credentials "app.terraform.io" {',
    '  token = "xxxxxxxxxxxxxx.atlasv1.zzzzzzzzzzzzz"',
    '}',
    'provider_installation {',
    '  filesystem_mirror {',
    '    path = "/nowhere/corporate-mirror"',
    '  }',
    '}',
    'disable_checkpoint = true',
    '',
  ].join('\n'),
  json: `${JSON.stringify(
    {
      credentials: { 'app.terraform.io': { token: 'xxxxxxxxxxxxxx.atlasv1.zzzzzzzzzzzzz' } },
      provider_installation: [{ filesystem_mirror: [{ path: '/nowhere/corporate-mirror' }] }],
      disable_checkpoint: true,
    },
    null,
    2,
  )}\n`,
};

test.each(Object.entries(USER_CONFIGS))(
  'a %s configuration of the user, with LDM_TF_PLUGIN_MIRROR: terraform installs from the mirror, the file is untouched',
  async (format, text) => {
    const mirror = standInMirror();
    const user = join(temp('user'), format === 'json' ? 'terraformrc.json' : 'terraformrc');
    writeFileSync(user, text);
    const { PATH, HOME } = process.env;
    const setup = await terraformSetup({
      env: { PATH, HOME, TF_CLI_CONFIG_FILE: user, LDM_TF_PLUGIN_MIRROR: mirror },
      workDir: temp('work'),
    });
    expect(setup.source).toMatchObject({ kind: 'mirror', dir: mirror });

    const module = temp('module');
    writeFileSync(
      join(module, 'main.tf.json'),
      JSON.stringify({
        terraform: {
          required_providers: { aws: { source: 'hashicorp/aws', version: AWS_PROVIDER.version } },
        },
      }),
    );
    const init = await tierTerraform(
      ['init', '-backend=false', '-input=false', '-no-color'],
      module,
      {
        env: setup.env,
      },
    );
    expect({ code: init.code, stderr: init.stderr }).toEqual({ code: 0, stderr: '' });
    const installed = join(
      module,
      '.terraform',
      'providers',
      AWS_PROVIDER.address,
      AWS_PROVIDER.version,
      terraformPlatform(),
    );
    expect(readlinkSync(installed)).toBe(
      join(mirror, AWS_PROVIDER.address, AWS_PROVIDER.version, terraformPlatform()),
    );
    expect(readFileSync(user, 'utf8')).toBe(text);
  },
);

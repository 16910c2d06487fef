/**
 * Where terraform gets the AWS provider (lib/gitops/providers.ts): the order of the sources, the
 * user's CLI configuration kept and never written, one line per bad input. Folders are made up
 * in a temporary folder; `terraform` itself is not run here (test/cli/providers.test.ts runs it).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AWS_PROVIDER,
  classifyInitFailure,
  cliConfigShape,
  cliConfigWithMirror,
  findMirror,
  mirrorHasPinned,
  resolveProviderSource,
  terraformPlatform,
  terraformSetup,
} from '../../../../lib/gitops/providers';
import { problemsOf } from '../../../support/synth';

const PLATFORM = 'linux_amd64';

/** A filesystem mirror holding the AWS provider `version`, unpacked (or packed). */
function mirror(dir: string, version = AWS_PROVIDER.version, packed = false): string {
  const base = join(dir, 'registry.terraform.io', 'hashicorp', 'aws');
  if (packed) {
    mkdirSync(base, { recursive: true });
    writeFileSync(join(base, `terraform-provider-aws_${version}_${PLATFORM}.zip`), 'zip');
  } else {
    mkdirSync(join(base, version, PLATFORM), { recursive: true });
    writeFileSync(join(base, version, PLATFORM, `terraform-provider-aws_v${version}_x5`), 'binary');
  }
  return dir;
}

function scratch(): { home: string; root: string; work: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ldm-providers-'));
  const home = join(dir, 'home');
  const root = join(dir, 'opt');
  mkdirSync(home);
  mkdirSync(root);
  return { home, root, work: join(dir, 'work') };
}

const resolveIn = (s: ReturnType<typeof scratch>, env: NodeJS.ProcessEnv = {}) =>
  resolveProviderSource({ env, home: s.home, roots: [s.root], platform: PLATFORM });

const REGISTRY_DOWN = async () => ({ reachable: false as const, reason: 'DNS: ENOTFOUND' });

describe('where the provider comes from, in order', () => {
  test('LDM_TF_PLUGIN_MIRROR first, even over a provider_installation of the user', () => {
    const s = scratch();
    const named = mirror(join(s.root, 'named'));
    writeFileSync(join(s.home, '.terraformrc'), 'provider_installation {\n  direct {}\n}\n');
    expect(resolveIn(s, { LDM_TF_PLUGIN_MIRROR: named }).source).toEqual({
      kind: 'mirror',
      dir: named,
      setting: 'LDM_TF_PLUGIN_MIRROR',
    });
  });

  test("then the user's CLI configuration, when it has a provider_installation block", () => {
    const s = scratch();
    mirror(join(s.root, 'tf-plugins'));
    const file = join(s.home, 'my.tfrc');
    writeFileSync(file, 'provider_installation {\n  network_mirror { url = "https://m/" }\n}\n');
    expect(resolveIn(s, { TF_CLI_CONFIG_FILE: file }).source).toEqual({
      kind: 'user-config',
      file,
    });
    // ~/.terraformrc when TF_CLI_CONFIG_FILE is unset, and the *.tfrc files of ~/.terraform.d.
    const rc = join(s.home, '.terraformrc');
    writeFileSync(rc, 'provider_installation {\n  direct {}\n}\n');
    expect(resolveIn(s).source).toEqual({ kind: 'user-config', file: rc });
  });

  test('a configuration without provider_installation (credentials only) does not decide', () => {
    const s = scratch();
    const found = mirror(join(s.root, 'tf-plugins'));
    writeFileSync(
      join(s.home, '.terraformrc'),
      'credentials "app.terraform.io" {\n  token = "x"\n}\n# provider_installation {\n',
    );
    expect(resolveIn(s).source).toEqual({ kind: 'found-mirror', dir: found });
  });

  test("then Terraform's implied local mirror folders, which terraform reads itself", () => {
    const s = scratch();
    mirror(join(s.root, 'tf-plugins'));
    const implied = mirror(join(s.home, '.terraform.d', 'plugins'));
    expect(resolveIn(s).source).toEqual({ kind: 'implied-mirror', dir: implied });
    const xdg = mirror(join(s.home, 'xdg', 'terraform', 'plugins'));
    const t = scratch();
    expect(
      resolveProviderSource({
        env: { XDG_DATA_HOME: join(s.home, 'xdg') },
        home: t.home,
        roots: [],
        platform: PLATFORM,
      }).source,
    ).toEqual({ kind: 'implied-mirror', dir: xdg });
  });

  test('then a mirror found in the usual places, unpacked or packed', () => {
    const s = scratch();
    const packed = mirror(join(s.root, 'a-packed'), AWS_PROVIDER.version, true);
    expect(resolveIn(s).source).toEqual({ kind: 'found-mirror', dir: packed });
    expect(findMirror([s.root], 'darwin_arm64')).toBeUndefined();
  });

  test('a working folder holding links is no mirror, nor is another version', () => {
    const s = scratch();
    mirror(join(s.root, 'old'), '5.99.0');
    expect(mirrorHasPinned(join(s.root, 'old'), PLATFORM)).toBe(false);
    expect(findMirror([s.root], PLATFORM)).toBeUndefined();
    expect(resolveIn(s).source).toEqual({ kind: 'registry' });
  });

  test('terraformPlatform names platforms as Terraform does', () => {
    expect(terraformPlatform('linux', 'x64')).toBe('linux_amd64');
    expect(terraformPlatform('darwin', 'arm64')).toBe('darwin_arm64');
    expect(terraformPlatform('win32', 'x64')).toBe('windows_amd64');
  });
});

describe('the environment terraform runs with', () => {
  test("a found mirror: the toolkit's own CLI configuration, the user's blocks kept as they are", async () => {
    const s = scratch();
    const found = mirror(join(s.root, 'tf-plugins'));
    const user = [
      'credentials "app.terraform.io" {',
      '  token = "dummy.atlasv1.not-a-real-token"',
      '}',
      'host "example.com" {',
      '  services = { "modules.v1" = "https://example.com/modules/" }',
      '}',
      '',
    ].join('\n');
    const rc = join(s.home, '.terraformrc');
    writeFileSync(rc, user);
    const setup = await terraformSetup({
      env: { PATH: '/bin' },
      home: s.home,
      roots: [s.root],
      platform: PLATFORM,
      workDir: s.work,
    });
    const written = readFileSync(setup.env.TF_CLI_CONFIG_FILE!, 'utf8');
    expect(setup.env.TF_CLI_CONFIG_FILE).toBe(join(s.work, 'terraform.tfrc'));
    expect(written).toContain(user.trimEnd());
    expect(written).toContain(`path    = ${JSON.stringify(found)}`);
    expect(cliConfigShape(written).providerInstallation).toHaveLength(1);
    expect(readFileSync(rc, 'utf8')).toBe(user);
    expect(setup.env).toMatchObject({ TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' });
  });

  test("the user's provider_installation: nothing written, TF_CLI_CONFIG_FILE untouched", async () => {
    const s = scratch();
    const file = join(s.home, 'corp.tfrc');
    const text = 'provider_installation {\n  filesystem_mirror { path = "/corp" }\n}\n';
    writeFileSync(file, text);
    const setup = await terraformSetup({
      env: { TF_CLI_CONFIG_FILE: file },
      home: s.home,
      roots: [s.root],
      platform: PLATFORM,
      workDir: s.work,
    });
    expect(setup.source.kind).toBe('user-config');
    expect(setup.env.TF_CLI_CONFIG_FILE).toBe(file);
    expect(setup.env.TF_PLUGIN_CACHE_DIR).toBeUndefined();
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  test('LDM_TF_PLUGIN_MIRROR over a provider_installation of the user: that block gives way, the rest stays', () => {
    const user =
      'credentials "x.example" {\n  token = "t"\n}\nprovider_installation {\n  network_mirror {\n    url = "https://m/"\n  }\n}\nplugin_cache_dir = "/c"\n';
    const written = cliConfigWithMirror('/mirror', { path: '/u', setting: '~', text: user });
    expect(written).toContain('credentials "x.example" {');
    expect(written).toContain('plugin_cache_dir = "/c"');
    expect(written).not.toContain('network_mirror');
    expect(cliConfigShape(written).providerInstallation).toHaveLength(1);
    // JSON configurations stay JSON.
    const json = JSON.parse(
      cliConfigWithMirror('/mirror', {
        path: '/u.json',
        setting: '~',
        text: '{"credentials": {"x": {"token": "t"}}, "provider_installation": [{"direct": [{}]}]}',
      }),
    );
    expect(json.credentials).toEqual({ x: { token: 't' } });
    expect(json.provider_installation[0].filesystem_mirror[0].path).toBe('/mirror');
  });

  test('the CLI configuration scan skips strings, comments and heredocs', () => {
    const text = [
      '# provider_installation {',
      '/* provider_installation { } */',
      'credentials "provider_installation {" {',
      '  token = <<EOT',
      'provider_installation {',
      'EOT',
      '}',
      'provider_installation {',
      '  direct { exclude = ["a/b}"] }',
      '}',
    ].join('\n');
    const shape = cliConfigShape(text);
    expect(shape.providerInstallation).toHaveLength(1);
    const block = shape.providerInstallation[0]!;
    expect(text.slice(block.start, block.end)).toBe(
      'provider_installation {\n  direct { exclude = ["a/b}"] }\n}',
    );
    expect(shape.pluginCacheDir).toBe(false);
  });

  test('TF_CLI_CONFIG_FILE naming a missing file counts as none, with one note', async () => {
    const s = scratch();
    mirror(join(s.root, 'tf-plugins'));
    const missing = join(s.home, '.terraformrc-missing');
    const setup = await terraformSetup({
      env: { TF_CLI_CONFIG_FILE: missing },
      home: s.home,
      roots: [s.root],
      platform: PLATFORM,
      workDir: s.work,
    });
    expect(setup.source.kind).toBe('found-mirror');
    expect(setup.notes).toEqual([
      expect.stringMatching(/^note: TF_CLI_CONFIG_FILE=.* does not exist/),
    ]);
    expect(setup.env.TF_CLI_CONFIG_FILE).toBe(join(s.work, 'terraform.tfrc'));
  });

  test('the registry, when reachable: a plugin cache shared by the stacks', async () => {
    const s = scratch();
    const setup = await terraformSetup({
      env: {},
      home: s.home,
      roots: [s.root],
      platform: PLATFORM,
      workDir: s.work,
      checkRegistry: async () => ({ reachable: true }),
    });
    expect(setup.source.kind).toBe('registry');
    expect(setup.env.TF_PLUGIN_CACHE_DIR).toBe(join(s.work, 'plugin-cache'));
    expect(setup.env.TF_CLI_CONFIG_FILE).toBeUndefined();
  });
});

describe('bad input: one line naming the setting and the fix', () => {
  test('fails if LDM_TF_PLUGIN_MIRROR names no folder', () => {
    const s = scratch();
    expect(problemsOf(() => resolveIn(s, { LDM_TF_PLUGIN_MIRROR: join(s.root, 'nope') }))).toEqual([
      expect.stringMatching(
        /^LDM_TF_PLUGIN_MIRROR=.*nope: no such folder; set it to a provider filesystem mirror, the folder that holds registry\.terraform\.io\/hashicorp\/aws\/[\d.]+\/linux_amd64\//,
      ),
    ]);
  });

  test('fails if the mirror lacks the pinned version, naming what it holds', () => {
    const s = scratch();
    const old = mirror(join(s.root, 'old'), '5.99.0');
    expect(problemsOf(() => resolveIn(s, { LDM_TF_PLUGIN_MIRROR: old }))).toEqual([
      `LDM_TF_PLUGIN_MIRROR=${old}: holds hashicorp/aws 5.99.0 for linux_amd64, not ${AWS_PROVIDER.version}, the version the synthesized stacks pin; add it (terraform providers mirror -platform=linux_amd64 ${old}, on a machine with internet) or point LDM_TF_PLUGIN_MIRROR at a mirror that has it`,
    ]);
  });

  test('fails if no mirror is found and the registry cannot be reached: one line, not an error per stack', async () => {
    const s = scratch();
    await expect(
      terraformSetup({
        env: {},
        home: s.home,
        roots: [s.root],
        platform: PLATFORM,
        workDir: s.work,
        checkRegistry: REGISTRY_DOWN,
      }),
    ).rejects.toMatchObject({
      problems: [
        expect.stringMatching(
          /^no mirror holds hashicorp\/aws [\d.]+ for linux_amd64 and registry\.terraform\.io cannot be reached \(DNS: ENOTFOUND\); set LDM_TF_PLUGIN_MIRROR to a folder holding .*, or add a provider_installation block/,
        ),
      ],
    });
  });

  test('fails if the folder for its own configuration cannot be written', async () => {
    const s = scratch();
    mirror(join(s.root, 'tf-plugins'));
    const file = join(s.home, 'a-file');
    writeFileSync(file, '');
    await expect(
      terraformSetup({
        env: {},
        home: s.home,
        roots: [s.root],
        platform: PLATFORM,
        workDir: join(file, 'work'),
      }),
    ).rejects.toMatchObject({
      problems: [
        expect.stringMatching(
          /a-file\/work: the folder where the toolkit keeps terraform's CLI configuration cannot be written \(/,
        ),
      ],
    });
  });

  test('fails if TF_PLUGIN_CACHE_DIR cannot be written', async () => {
    const s = scratch();
    mirror(join(s.root, 'tf-plugins'));
    const file = join(s.home, 'not-a-folder');
    writeFileSync(file, '');
    await expect(
      terraformSetup({
        env: { TF_PLUGIN_CACHE_DIR: file },
        home: s.home,
        roots: [s.root],
        platform: PLATFORM,
        workDir: s.work,
      }),
    ).rejects.toMatchObject({
      problems: [
        expect.stringMatching(
          /^TF_PLUGIN_CACHE_DIR=.*not-a-folder: cannot be written \(.*\); make the folder writable, or set TF_PLUGIN_CACHE_DIR to another one$/,
        ),
      ],
    });
  });
});

describe('a failed terraform init, as one line', () => {
  const source = { kind: 'registry' } as const;
  test('the registry cannot be reached', () => {
    const output =
      'Error: Failed to query available provider packages\n\nCould not retrieve the list of available versions for provider hashicorp/aws:\ncould not connect to registry.terraform.io: failed to request discovery\ndocument: Get "https://registry.terraform.io/.well-known/terraform.json":\ndial tcp: lookup registry.terraform.io on 10.255.255.53:53: no such host';
    expect(classifyInitFailure(output, source)).toMatch(
      /^terraform init cannot install hashicorp\/aws \(registry\.terraform\.io cannot be reached: no such host\); the provider comes from registry\.terraform\.io: set LDM_TF_PLUGIN_MIRROR/,
    );
  });

  test("the user's network mirror cannot be reached; their filesystem mirror lacks the version", () => {
    const user = { kind: 'user-config', file: '/home/u/.terraformrc' } as const;
    expect(
      classifyInitFailure(
        'failed to query provider mirror https://mirror.example.com/providers/ for registry.terraform.io/hashicorp/aws: the request failed',
        user,
      ),
    ).toContain('the network mirror https://mirror.example.com/providers/ cannot be reached');
    expect(
      classifyInitFailure(
        'Could not retrieve the list of available versions: no available releases match the given constraints 5.100.0',
        user,
      ),
    ).toContain(
      'the provider comes from the provider_installation of your Terraform CLI configuration /home/u/.terraformrc',
    );
  });

  test("other failures are left to terraform's own output", () => {
    expect(classifyInitFailure('Error: Unsupported argument', source)).toBeUndefined();
  });
});

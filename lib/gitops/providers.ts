/**
 * How terraform gets the AWS provider: the one place every command that runs terraform (plan,
 * apply, bootstrap, bench) and the tests decide it, in this order.
 *
 * 1. `LDM_TF_PLUGIN_MIRROR`: a provider filesystem mirror you name. Checked to hold the pinned
 *    version for this platform.
 * 2. Your own Terraform CLI configuration (`TF_CLI_CONFIG_FILE`, else `~/.terraformrc`, and the
 *    `*.tfrc` files of `~/.terraform.d/`), when it has a `provider_installation` block: used as it
 *    is, never replaced and never written to.
 * 3. Terraform's implied local mirror folders (`~/.terraform.d/plugins`,
 *    `$XDG_DATA_HOME/terraform/plugins`, `$XDG_DATA_DIRS/terraform/plugins`): terraform finds the
 *    provider there itself.
 * 4. A search of the usual places on this machine (`/opt/*`, `/srv/*`, `/usr/local/share/*`, …,
 *    `~/*`) for an unpacked or packed mirror of the pinned version.
 * 5. The public registry, through a plugin cache shared by the stacks, after a DNS check that
 *    turns "no mirror and no registry" into one message instead of an error per stack.
 *
 * Where the toolkit must tell terraform something (1 and 4: a mirror), it writes a CLI
 * configuration of its own into its work folder that holds your file's text as it is, followed by
 * the mirror; a `provider_installation` block of yours gives way only to `LDM_TF_PLUGIN_MIRROR`.
 * Registry credentials, `host` blocks and the rest of your file stay in effect. In 2 and 3 nothing
 * is written. `TF_CLI_CONFIG_FILE` naming a file that does not exist counts as no file (Terraform
 * would only warn about it on every command): one note says so.
 */
import { Resolver } from 'node:dns/promises';
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { Fail, ProviderMessages, UserError } from '../core/errors';
import { fsReason } from '../core/files';
// The provider bindings name the provider they were generated for: the version every stack pins.
import providerPackage from '@cdktf/provider-aws/package.json';

const REGISTRY_HOST = 'registry.terraform.io';

/** The AWS provider the synthesized stacks pin (`required_providers.aws.version`). */
export const AWS_PROVIDER = {
  address: `${REGISTRY_HOST}/hashicorp/aws`,
  version: (providerPackage as { cdktf: { provider: { version: string } } }).cdktf.provider.version,
} as const;

/** Terraform's name of a platform: `linux_amd64`, `darwin_arm64`, `windows_amd64`. */
export function terraformPlatform(
  platform: string = process.platform,
  arch: string = process.arch,
): string {
  const os = platform === 'win32' ? 'windows' : platform;
  const cpu = ({ x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm' } as Record<string, string>)[
    arch
  ];
  return `${os}_${cpu ?? arch}`;
}

/** `<mirror>/registry.terraform.io/hashicorp/aws/<version>/<platform>/`, for messages. */
export function mirrorLayout(platform = terraformPlatform()): string {
  return `${AWS_PROVIDER.address}/${AWS_PROVIDER.version}/${platform}/`;
}

/**
 * Whether a filesystem mirror (the folder that holds `registry.terraform.io/`) has the pinned
 * provider for `platform`: unpacked (`…/aws/<version>/<platform>/terraform-provider-aws*`, a real
 * file, not the links a working folder's `.terraform/` holds) or packed
 * (`…/aws/terraform-provider-aws_<version>_<platform>.zip`).
 */
export function mirrorHasPinned(dir: string, platform = terraformPlatform()): boolean {
  const base = join(dir, AWS_PROVIDER.address);
  const packed = join(base, `terraform-provider-aws_${AWS_PROVIDER.version}_${platform}.zip`);
  if (isFile(packed)) return true;
  const unpacked = join(base, AWS_PROVIDER.version, platform);
  try {
    return readdirSync(unpacked).some(
      (name) => name.startsWith('terraform-provider-aws') && isFile(join(unpacked, name)),
    );
  } catch {
    return false;
  }
}

/** The provider versions a mirror holds for `platform`, for a message. */
export function mirrorVersions(dir: string, platform = terraformPlatform()): string[] {
  const base = join(dir, AWS_PROVIDER.address);
  const versions = new Set<string>();
  let names: string[] = [];
  try {
    names = readdirSync(base);
  } catch {
    return [];
  }
  for (const name of names) {
    const zip = new RegExp(`^terraform-provider-aws_(.+)_${platform}\\.zip$`).exec(name);
    if (zip) versions.add(zip[1]!);
    else if (isDirectory(join(base, name, platform))) versions.add(name);
  }
  return [...versions].sort();
}

function isFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A Terraform CLI configuration file of the user's. */
export interface CliConfigFile {
  readonly path: string;
  /** How it was chosen, for messages: `TF_CLI_CONFIG_FILE` or `~/.terraformrc`. */
  readonly setting: string;
  readonly text: string;
}

/** The parts of a CLI configuration's text the resolution needs, found without evaluating it. */
export interface CliConfigShape {
  /** Character ranges of top-level `provider_installation` blocks. */
  readonly providerInstallation: readonly { readonly start: number; readonly end: number }[];
  readonly pluginCacheDir: boolean;
}

/**
 * Finds top-level `provider_installation` blocks and a `plugin_cache_dir` setting in a CLI
 * configuration, HCL or JSON, skipping strings, heredocs and comments. Only what Terraform itself
 * read without complaint reaches here (`readCliConfig` asks it first), so the scan need not judge
 * the syntax.
 */
export function cliConfigShape(text: string): CliConfigShape {
  if (text.trimStart().startsWith('{')) {
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      return {
        providerInstallation: 'provider_installation' in json ? [{ start: 0, end: 0 }] : [],
        pluginCacheDir: 'plugin_cache_dir' in json,
      };
    } catch {
      return { providerInstallation: [], pluginCacheDir: false };
    }
  }
  const blocks: { start: number; end: number }[] = [];
  let pluginCacheDir = false;
  let depth = 0;
  let i = 0;
  let blockStart = -1;
  let pending: { name: string; start: number } | undefined;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
    } else if (c === '"') {
      i++;
      while (i < n && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '<' && text[i + 1] === '<') {
      const marker = /^<<-?([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i));
      if (!marker) {
        i += 2;
        continue;
      }
      const end = new RegExp(`\\n\\s*${marker[1]}\\s*(\\n|$)`).exec(text.slice(i));
      i = end ? i + end.index + end[0].length : n;
    } else if (c === '{') {
      if (depth === 0 && pending?.name === 'provider_installation') blockStart = pending.start;
      pending = undefined;
      depth++;
      i++;
    } else if (c === '}') {
      depth = Math.max(0, depth - 1);
      if (depth === 0 && blockStart >= 0) {
        blocks.push({ start: blockStart, end: i + 1 });
        blockStart = -1;
      }
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i))![0];
      if (depth === 0) {
        if (word === 'plugin_cache_dir') pluginCacheDir = true;
        if (!pending) pending = { name: word, start: i };
      }
      i += word.length;
    } else {
      if (c === '\n' || c === '=') pending = undefined;
      i++;
    }
  }
  return { providerInstallation: blocks, pluginCacheDir };
}

/** The user's main CLI configuration file, as Terraform picks it. */
export function userCliConfigPath(
  env: NodeJS.ProcessEnv,
  home: string,
): { path: string; setting: string } {
  if (env.TF_CLI_CONFIG_FILE)
    return { path: env.TF_CLI_CONFIG_FILE, setting: 'TF_CLI_CONFIG_FILE' };
  return process.platform === 'win32'
    ? { path: join(env.APPDATA ?? home, 'terraform.rc'), setting: '%APPDATA%/terraform.rc' }
    : { path: join(home, '.terraformrc'), setting: '~/.terraformrc' };
}

/** `*.tfrc` files of the CLI configuration folder, which Terraform reads besides the main file. */
function configDirFiles(home: string): CliConfigFile[] {
  const dir = join(home, '.terraform.d');
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith('.tfrc') || f.endsWith('.tfrc.json'));
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    try {
      const path = join(dir, name);
      return [{ path, setting: `~/.terraform.d/${name}`, text: readFileSync(path, 'utf8') }];
    } catch {
      return [];
    }
  });
}

/** Where a provider for the stacks comes from, as the resolution found it. */
export type ProviderSource =
  | { readonly kind: 'mirror'; readonly dir: string; readonly setting: 'LDM_TF_PLUGIN_MIRROR' }
  | { readonly kind: 'user-config'; readonly file: string }
  | { readonly kind: 'implied-mirror'; readonly dir: string }
  | { readonly kind: 'found-mirror'; readonly dir: string }
  | { readonly kind: 'registry' };

/** The source in words, for progress lines and messages. */
export function describeSource(source: ProviderSource): string {
  switch (source.kind) {
    case 'mirror':
      return `the filesystem mirror ${source.dir} (LDM_TF_PLUGIN_MIRROR)`;
    case 'user-config':
      return `the provider_installation of your Terraform CLI configuration ${source.file}`;
    case 'implied-mirror':
      return `Terraform's local mirror folder ${source.dir}`;
    case 'found-mirror':
      return `the filesystem mirror ${source.dir} (found on this machine)`;
    case 'registry':
      return REGISTRY_HOST;
  }
}

/** Terraform's implied local mirror folders (no `provider_installation` anywhere), in its order. */
export function impliedMirrorDirs(env: NodeJS.ProcessEnv, home: string): string[] {
  const dataHome = env.XDG_DATA_HOME || join(home, '.local', 'share');
  const dataDirs = (env.XDG_DATA_DIRS || '/usr/local/share/:/usr/share/')
    .split(delimiter)
    .filter(Boolean);
  return [
    join(home, '.terraform.d', 'plugins'),
    join(dataHome, 'terraform', 'plugins'),
    ...dataDirs.map((d) => join(d, 'terraform', 'plugins')),
  ];
}

/**
 * The usual places a machine keeps a provider mirror: each folder here, and each folder directly
 * inside it, is tried as a mirror (the folder that holds `registry.terraform.io/`). Working folders
 * (`.terraform/`, which hold links), node_modules and the temporary folder are not searched.
 */
export function searchRoots(home: string): string[] {
  return [
    '/opt',
    '/srv',
    '/usr/local/share',
    '/usr/local/lib',
    '/usr/share',
    '/var/lib',
    '/var/cache',
    '/mnt',
    home,
    join(home, '.terraform.d'),
    join(home, '.local', 'share'),
  ];
}

const SKIP = new Set(['.terraform', 'node_modules', '.git', 'proc', 'sys', 'tmp']);

/** The first folder under `roots` (itself or one level down) that holds the pinned provider. */
export function findMirror(
  roots: readonly string[],
  platform = terraformPlatform(),
): string | undefined {
  for (const root of roots) {
    if (mirrorHasPinned(root, platform)) return root;
    let names: string[];
    try {
      names = readdirSync(root).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      if (SKIP.has(name)) continue;
      const dir = join(root, name);
      if (isDirectory(join(dir, REGISTRY_HOST)) && mirrorHasPinned(dir, platform)) return dir;
    }
  }
  return undefined;
}

export interface ResolveOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly home?: string;
  readonly platform?: string;
  /** Where to search for a mirror (`searchRoots`). */
  readonly roots?: readonly string[];
}

export interface Resolution {
  readonly source: ProviderSource;
  /** The user's main CLI configuration file, when there is one. */
  readonly userConfig?: CliConfigFile;
  /** Notes for the user (a `TF_CLI_CONFIG_FILE` that does not exist). */
  readonly notes: readonly string[];
  /** Where the resolution looked, for the message when nothing was found. */
  readonly looked: readonly string[];
}

/** Decides where the provider comes from (see the module comment); reads files, runs nothing. */
export function resolveProviderSource(options: ResolveOptions): Resolution {
  const env = options.env;
  const home = options.home ?? homedir();
  const platform = options.platform ?? terraformPlatform();
  const notes: string[] = [];
  const main = userCliConfigPath(env, home);
  let userConfig: CliConfigFile | undefined;
  try {
    userConfig = { ...main, text: readFileSync(main.path, 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      if (main.setting === 'TF_CLI_CONFIG_FILE')
        notes.push(ProviderMessages.cliConfigMissing(main.path));
    } else {
      throw new UserError(
        [ProviderMessages.cliConfigUnreadable(main.setting, main.path, fsReason(err))],
        'Terraform cannot be set up',
      );
    }
  }

  const explicit = env.LDM_TF_PLUGIN_MIRROR;
  if (explicit) {
    const dir = resolve(explicit);
    if (!isDirectory(dir)) {
      throw new UserError(
        [ProviderMessages.mirrorMissing('LDM_TF_PLUGIN_MIRROR', explicit, mirrorLayout(platform))],
        'Terraform cannot be set up',
      );
    }
    if (!mirrorHasPinned(dir, platform)) {
      throw new UserError(
        [
          ProviderMessages.mirrorWithoutPin(
            'LDM_TF_PLUGIN_MIRROR',
            explicit,
            mirrorVersions(dir, platform),
            AWS_PROVIDER.version,
            platform,
          ),
        ],
        'Terraform cannot be set up',
      );
    }
    return {
      source: { kind: 'mirror', dir, setting: 'LDM_TF_PLUGIN_MIRROR' },
      userConfig,
      notes,
      looked: [],
    };
  }

  const withInstallation = [...(userConfig ? [userConfig] : []), ...configDirFiles(home)].find(
    (f) => cliConfigShape(f.text).providerInstallation.length > 0,
  );
  if (withInstallation) {
    return {
      source: { kind: 'user-config', file: withInstallation.path },
      userConfig,
      notes,
      looked: [],
    };
  }

  const implied = impliedMirrorDirs(env, home);
  const impliedDir = implied.find((d) => mirrorHasPinned(d, platform));
  if (impliedDir)
    return { source: { kind: 'implied-mirror', dir: impliedDir }, userConfig, notes, looked: [] };

  const roots = options.roots ?? searchRoots(home);
  const found = findMirror(roots, platform);
  if (found) return { source: { kind: 'found-mirror', dir: found }, userConfig, notes, looked: [] };

  return {
    source: { kind: 'registry' },
    userConfig,
    notes,
    looked: ['LDM_TF_PLUGIN_MIRROR (unset)', main.path, ...implied, ...roots.map((r) => `${r}/*`)],
  };
}

/** The `provider_installation` block for a filesystem mirror of the AWS provider. */
export function mirrorInstallationBlock(dir: string): string {
  const provider = JSON.stringify(AWS_PROVIDER.address);
  return [
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(dir)}`,
    `    include = [${provider}]`,
    '  }',
    '  direct {',
    `    exclude = [${provider}]`,
    '  }',
    '}',
  ].join('\n');
}

/**
 * The CLI configuration the toolkit writes for a mirror: the user's file as it is (its
 * `provider_installation` left out, which only `LDM_TF_PLUGIN_MIRROR` replaces), then the mirror.
 */
export function cliConfigWithMirror(dir: string, userConfig?: CliConfigFile): string {
  const header = [
    '# Written by ldm-aws-landing-zone for the terraform it runs (lib/gitops/providers.ts):',
    '# your CLI configuration as it is, then the provider mirror. Never edited by hand.',
  ];
  if (!userConfig) return `${header.join('\n')}\n\n${mirrorInstallationBlock(dir)}\n`;
  const text = userConfig.text;
  if (text.trimStart().startsWith('{')) {
    // JSON: the same keys, the mirror's provider_installation in place of the user's.
    const json = JSON.parse(text) as Record<string, unknown>;
    json.provider_installation = [
      {
        filesystem_mirror: [{ path: dir, include: [AWS_PROVIDER.address] }],
        direct: [{ exclude: [AWS_PROVIDER.address] }],
      },
    ];
    return `${JSON.stringify(json, null, 2)}\n`;
  }
  let kept = text;
  for (const block of [...cliConfigShape(text).providerInstallation].reverse()) {
    kept = `${kept.slice(0, block.start)}# (provider_installation replaced by LDM_TF_PLUGIN_MIRROR, below)${kept.slice(block.end)}`;
  }
  return [
    ...header,
    `# From ${userConfig.path}:`,
    kept.trimEnd(),
    '',
    '# The provider mirror:',
    mirrorInstallationBlock(dir),
    '',
  ].join('\n');
}

/** Writes a file by rename, so concurrent writers of the same content never expose half of it. */
function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** Makes `dir` (recursively) and checks it can be written, or says so in one line. */
function writableFolder(dir: string, fail: (reason: string) => string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (err) {
    throw new UserError([fail(fsReason(err))], 'Terraform cannot be set up');
  }
}

export type RegistryCheck = (
  host: string,
) => Promise<{ readonly reachable: boolean | 'unknown'; readonly reason?: string }>;

/**
 * A DNS lookup of the registry with a short timeout. Not checked behind a proxy (the proxy
 * resolves names then). A name that resolves may still be unreachable; a failed `terraform init`
 * says so then (`classifyInitFailure`).
 */
export function registryCheck(env: NodeJS.ProcessEnv, timeoutMs = 1500): RegistryCheck {
  return async (host) => {
    const proxy = env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy;
    if (proxy) return { reachable: 'unknown' };
    const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
    try {
      await resolver.resolve4(host);
      return { reachable: true };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return { reachable: false, reason: `DNS: ${code ?? (err as Error).message}` };
    }
  };
}

export interface TerraformSetup {
  /** The environment terraform child processes run with. */
  readonly env: NodeJS.ProcessEnv;
  readonly source: ProviderSource;
  /** Lines to show the user once (notes, never errors). */
  readonly notes: readonly string[];
}

export interface SetupOptions extends ResolveOptions {
  /** Where the toolkit may write its CLI configuration and plugin cache. */
  readonly workDir: string;
  /** Variables to set or remove (undefined) on top of `env` for the child processes. */
  readonly overrides?: Readonly<Record<string, string | undefined>>;
  readonly checkRegistry?: RegistryCheck;
}

/**
 * The environment terraform runs with, wherever the provider comes from (see the module
 * comment). Throws a UserError (one line) when no provider can come from anywhere.
 */
export async function terraformSetup(options: SetupOptions): Promise<TerraformSetup> {
  const resolution = resolveProviderSource(options);
  const { source, userConfig } = resolution;
  const platform = options.platform ?? terraformPlatform();
  const workDir = resolve(options.workDir);
  const env: NodeJS.ProcessEnv = {
    ...options.env,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
  };
  for (const [key, value] of Object.entries(options.overrides ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const ownConfig = (text: string) => {
    writableFolder(workDir, (reason) => ProviderMessages.workDirUnwritable(workDir, reason));
    const path = join(workDir, 'terraform.tfrc');
    writeAtomic(path, text);
    env.TF_CLI_CONFIG_FILE = path;
  };
  // A TF_CLI_CONFIG_FILE that does not exist counts as none: an empty configuration of ours.
  const missingMain = !userConfig && Boolean(options.env.TF_CLI_CONFIG_FILE);

  switch (source.kind) {
    case 'mirror':
    case 'found-mirror':
      ownConfig(cliConfigWithMirror(source.dir, userConfig));
      break;
    case 'user-config':
    case 'implied-mirror':
      if (missingMain)
        ownConfig('# No CLI configuration: TF_CLI_CONFIG_FILE names a missing file.\n');
      break;
    case 'registry': {
      const check = await (options.checkRegistry ?? registryCheck(options.env))(REGISTRY_HOST);
      if (check.reachable === false) {
        throw new UserError(
          [
            ProviderMessages.noProvider(
              REGISTRY_HOST,
              check.reason ?? 'unreachable',
              AWS_PROVIDER.version,
              platform,
              resolution.looked,
            ),
          ],
          'No provider for terraform',
        );
      }
      if (missingMain)
        ownConfig('# No CLI configuration: TF_CLI_CONFIG_FILE names a missing file.\n');
      // Stacks share one download through a plugin cache, unless the user keeps one already.
      const userCache =
        options.env.TF_PLUGIN_CACHE_DIR ||
        (userConfig && cliConfigShape(userConfig.text).pluginCacheDir);
      if (!userCache) {
        const cache = join(workDir, 'plugin-cache');
        writableFolder(cache, (reason) => ProviderMessages.workDirUnwritable(workDir, reason));
        env.TF_PLUGIN_CACHE_DIR = cache;
        // Concurrent inits then link from the cache instead of racing to verify it.
        env.TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE = 'true';
      }
      break;
    }
  }
  const userCacheDir = options.env.TF_PLUGIN_CACHE_DIR;
  if (userCacheDir) {
    writableFolder(userCacheDir, (reason) =>
      ProviderMessages.cacheUnwritable('TF_PLUGIN_CACHE_DIR', userCacheDir, reason),
    );
  }
  return { env, source, notes: resolution.notes };
}

/**
 * The terraform binary (`TERRAFORM_BINARY`, default terraform on PATH), checked to be Terraform,
 * and the CLI configuration problems Terraform itself reports for `env` (a file it cannot parse).
 * Returns the version.
 */
export function checkTerraform(binary: string, env: NodeJS.ProcessEnv, named: boolean): string {
  const probe = spawnSync(binary, ['version', '-json'], {
    encoding: 'utf8',
    timeout: 60_000,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...env, CHECKPOINT_DISABLE: '1' },
  });
  if (probe.error || probe.status !== 0) {
    const missing = (probe.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
    if (missing || !named) {
      throw new UserError(
        [named ? ProviderMessages.binaryMissing(binary) : Fail.terraformMissing()],
        'Terraform is missing',
      );
    }
    throw new UserError([Fail.terraformNotTerraform(binary)], 'Terraform is missing');
  }
  let version: unknown;
  try {
    version = (JSON.parse(probe.stdout) as { terraform_version?: unknown }).terraform_version;
  } catch {
    version = undefined;
  }
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+/.test(version)) {
    throw new UserError([Fail.terraformNotTerraform(binary)], 'Terraform is missing');
  }
  // "There are some problems with the CLI configuration: Error: Error parsing <file>: At 5:1: …"
  const parse = /Error: (Error parsing [^\n]*)/.exec(probe.stderr);
  if (parse) {
    const main = userCliConfigPath(env, homedir());
    throw new UserError(
      [
        ProviderMessages.cliConfigUnreadable(
          main.setting,
          main.path,
          parse[1]!.replace(/^Error parsing [^:]*: /, ''),
        ),
      ],
      'Terraform cannot be set up',
    );
  }
  return version;
}

/**
 * One line for a `terraform init` that failed to install the provider, or undefined when the
 * output shows another failure (then terraform's own output is what helps).
 */
export function classifyInitFailure(output: string, source: ProviderSource): string | undefined {
  const text = output.replace(/\s+/g, ' ');
  const where = describeSource(source);
  const platform = terraformPlatform();
  const pinned = `hashicorp/aws ${AWS_PROVIDER.version}`;
  const host = /could not connect to ([\w.-]+): failed to request discovery document/.exec(
    text,
  )?.[1];
  if (host) {
    const why =
      /no such host|i\/o timeout|connection refused|TLS handshake timeout|proxyconnect|network is unreachable|certificate/.exec(
        text,
      )?.[0] ?? 'unreachable';
    return ProviderMessages.installFailed(
      where,
      `${host} cannot be reached: ${why}`,
      `set LDM_TF_PLUGIN_MIRROR to a folder holding ${mirrorLayout(platform)}, or allow HTTPS to ${host} and releases.hashicorp.com`,
    );
  }
  const network = /failed to query provider mirror (\S+) for/.exec(text)?.[1];
  if (network) {
    return ProviderMessages.installFailed(
      where,
      `the network mirror ${network} cannot be reached`,
      'check the mirror and your network, or set LDM_TF_PLUGIN_MIRROR to a filesystem mirror',
    );
  }
  if (/no available releases match the given constraints/.test(text)) {
    return ProviderMessages.installFailed(
      where,
      `no ${pinned} there`,
      `add ${pinned} for ${platform} to that mirror (terraform providers mirror -platform=${platform} <dir>), or set LDM_TF_PLUGIN_MIRROR to a mirror that has it`,
    );
  }
  const otherPlatform = /does not have a package available for your current platform, (\w+)/.exec(
    text,
  )?.[1];
  if (otherPlatform) {
    return ProviderMessages.installFailed(
      where,
      `${pinned} is there, but not for ${otherPlatform}`,
      `add the ${otherPlatform} package (terraform providers mirror -platform=${otherPlatform} <dir>)`,
    );
  }
  const missing = /cannot search (\S+): lstat/.exec(text)?.[1];
  if (missing) {
    return ProviderMessages.installFailed(
      where,
      `the mirror folder ${missing} does not exist`,
      'correct the path in your CLI configuration, or set LDM_TF_PLUGIN_MIRROR',
    );
  }
  return undefined;
}

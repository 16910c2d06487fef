/**
 * Writes a rendered host configuration into a folder: every file goes to a temporary name first
 * and is renamed into place only when all of them were written, so an interrupted run leaves the
 * previous files as they were. Only the toolkit's own file names are touched: the folder must be
 * new, empty, or hold nothing but files of an earlier render, and files of an earlier render that
 * this one does not write (the agent host's preflight, once there is no remote Glue agent) are
 * removed.
 */
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Fail, UserError } from '../../lib/core/errors';
import { fsCode, fsReason } from '../../lib/core/files';
import type { HostConfig } from './render';

/** Where the EC2 hosts keep the rendered configuration. */
export const HOST_CONFIG_DIR = '/etc/ldm-landing-zone';
/** The file names, on the EC2 hosts and in `host-config --out`. */
export const HOST_CONFIG_FILES = {
  json: 'host-config.json',
  script: 'ldm-cli.script',
  updateScript: 'ldm-cli-update.script',
  awsConfig: 'aws-config',
  systemdDropIn: 'aws-environment.conf',
  /** The migrator host's preflight. */
  preflight: 'preflight.sh',
  /** With a remote Glue agent: the agent host's preflight. */
  glueAgentPreflight: 'glue-agent-preflight.sh',
} as const;

/** The files of a rendered host configuration, by name. */
export function hostConfigFiles(rendered: HostConfig): Record<string, string> {
  return {
    [HOST_CONFIG_FILES.json]: rendered.json,
    [HOST_CONFIG_FILES.script]: rendered.script,
    [HOST_CONFIG_FILES.updateScript]: rendered.updateScript,
    [HOST_CONFIG_FILES.awsConfig]: rendered.awsConfig,
    [HOST_CONFIG_FILES.systemdDropIn]: rendered.systemdDropIn,
    [HOST_CONFIG_FILES.preflight]: rendered.preflight,
    ...(rendered.glueAgentPreflight !== undefined
      ? { [HOST_CONFIG_FILES.glueAgentPreflight]: rendered.glueAgentPreflight }
      : {}),
  };
}

/** Every file name a render may write, whatever its settings. */
const OWN_FILES: readonly string[] = Object.values(HOST_CONFIG_FILES);

/** `.<own file>.<pid>.partial`: a file an interrupted write left. */
function isLeftover(name: string): boolean {
  const match = /^\.(.+)\.\d+\.partial$/.exec(name);
  return match !== null && OWN_FILES.includes(match[1]!);
}

const refuse = (problem: string): never => {
  throw new UserError([problem], 'Host configuration not written');
};

/**
 * What `dir` holds, checked as an output folder: `undefined` when it does not exist yet (its parent
 * does), else its entries. Refuses a path that is not a folder, a missing parent, and a folder with
 * files this command did not write.
 */
function outputFolder(dir: string): string[] | undefined {
  let isFolder: boolean;
  try {
    // A symbolic link to a folder is that folder.
    isFolder = statSync(dir).isDirectory();
  } catch (err) {
    if (fsCode(err) !== 'ENOENT') return refuse(Fail.outUnusable(dir, fsReason(err)));
    const parent = dirname(resolve(dir));
    let parentIsFolder = false;
    try {
      parentIsFolder = statSync(parent).isDirectory();
    } catch {
      // reported below
    }
    if (!parentIsFolder) refuse(Fail.outParentMissing(dir, parent));
    return undefined;
  }
  if (!isFolder) refuse(Fail.outNotFolder(dir));
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (err) {
    return refuse(Fail.outUnusable(dir, fsReason(err)));
  }
  const foreign = entries.filter((name) => !OWN_FILES.includes(name) && !isLeftover(name));
  if (foreign.length > 0) refuse(Fail.outForeignFiles(dir, foreign, OWN_FILES));
  for (const name of entries) {
    // Only regular files of those names: a folder or a link named aws-config is not ours.
    if (!lstatSync(join(dir, name)).isFile()) refuse(Fail.outForeignFiles(dir, [name], OWN_FILES));
  }
  return entries;
}

/**
 * Writes the rendered files into `dir` (see the module comment). Returns the paths written;
 * `removed` hears of every file of an earlier render that no longer applies.
 */
export function writeHostConfig(
  dir: string,
  rendered: HostConfig,
  removed: (path: string) => void = () => {},
): string[] {
  const existing = outputFolder(dir);
  if (existing === undefined) {
    try {
      // Never recursive: the parent exists, and a recursive mkdir under /proc loops forever.
      mkdirSync(dir);
    } catch (err) {
      refuse(Fail.outUnusable(dir, fsReason(err)));
    }
  }
  const contents = hostConfigFiles(rendered);
  const files = Object.entries(contents).map(([name, content]) => ({
    path: join(dir, name),
    staged: join(dir, `.${name}.${process.pid}.partial`),
    content,
  }));
  try {
    for (const f of files) writeFileSync(f.staged, f.content, { mode: 0o640 });
    for (const f of files) renameSync(f.staged, f.path);
  } catch (err) {
    for (const f of files) rmSync(f.staged, { force: true });
    refuse(Fail.outUnusable(dir, fsReason(err)));
  }
  for (const name of existing ?? []) {
    if (name in contents) continue;
    const path = join(dir, name);
    try {
      rmSync(path, { force: true });
    } catch (err) {
      refuse(Fail.outStaleFile(path, fsReason(err)));
    }
    if (!isLeftover(name)) removed(path);
  }
  return files.map((f) => f.path);
}

/**
 * Writes a rendered host configuration into a folder: every file goes to a temporary name first
 * and is renamed into place only when all of them were written, so an interrupted run leaves the
 * previous files as they were. Only the toolkit's own file names are touched.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
} as const;

/** The files of a rendered host configuration, by name. */
export function hostConfigFiles(rendered: HostConfig): Record<string, string> {
  return {
    [HOST_CONFIG_FILES.json]: rendered.json,
    [HOST_CONFIG_FILES.script]: rendered.script,
    [HOST_CONFIG_FILES.updateScript]: rendered.updateScript,
    [HOST_CONFIG_FILES.awsConfig]: rendered.awsConfig,
    [HOST_CONFIG_FILES.systemdDropIn]: rendered.systemdDropIn,
  };
}

/** Returns the paths written. */
export function writeHostConfig(dir: string, rendered: HostConfig): string[] {
  mkdirSync(dir, { recursive: true });
  const files = Object.entries(hostConfigFiles(rendered)).map(([name, content]) => ({
    path: join(dir, name),
    staged: join(dir, `.${name}.${process.pid}.partial`),
    content,
  }));
  try {
    for (const f of files) writeFileSync(f.staged, f.content, { mode: 0o640 });
  } catch (err) {
    for (const f of files) rmSync(f.staged, { force: true });
    throw err;
  }
  for (const f of files) renameSync(f.staged, f.path);
  return files.map((f) => f.path);
}

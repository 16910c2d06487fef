/** Runs the project's commands as a user would: a child process, its exit code and output. */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './synth';

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The launcher every npm script goes through: a fresh bundle of the entry, run with node. */
export const LAUNCHER = join(ROOT, 'lib', 'app', 'bundle.js');

/**
 * Runs an entry point of the project (main.ts, lib/cli/*.ts) as its npm script does: `node
 * lib/app/bundle.js <entry>` (a bundle rebuilt whenever a source changed).
 */
export function runEntry(
  entry: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): CommandResult {
  const result = spawnSync(process.execPath, [LAUNCHER, entry, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, ...opts.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Every file under `dir`, relative path -> content: to assert a folder was (or was not) touched. */
export function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

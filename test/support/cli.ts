/** Runs the project's commands as a user would: a child process, its exit code and output. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './synth';

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/** Runs a TypeScript entry point of the project (main.ts, lib/cli/*.ts) with tsx. */
export function runEntry(
  entry: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): CommandResult {
  const result = spawnSync(TSX, [join(ROOT, entry), ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, ...opts.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

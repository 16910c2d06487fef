/**
 * The edge every command goes through: its flags are parsed here, strictly, and a `UserError`
 * becomes its lines on stderr and exit code 1, and so does a failed file operation (the disk
 * state is input too: a read-only folder, a full disk, a path that is not what it should be): one
 * line naming the path and the reason, never a stack trace. Anything else is a bug and says so.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { Fail, PlanFail, UserError, visible } from '../core/errors';
import { fsReason, UnreadableFile } from '../core/files';
import { PROJECT_ROOT } from './paths';
import { readableStack } from './stack-trace';

type FlagOptions = NonNullable<ParseArgsConfig['options']>;

/**
 * node:util parseArgs, strict: an unknown, mistyped or misused flag becomes a UserError whose line
 * is `usage(what parseArgs said)` — the command's own usage line, or by default a pointer to `help`.
 */
export function parseFlags<O extends FlagOptions>(
  args: readonly string[],
  options: O,
  {
    positionals = false,
    usage = PlanFail.flag,
  }: { positionals?: boolean; usage?: (detail: string) => string } = {},
) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: positionals });
  } catch (err) {
    throw new UserError([usage((err as Error).message)], 'Invalid arguments');
  }
}

/** The one line of a failed file operation, or `undefined` for any other error. */
export function fileProblem(err: unknown): string | undefined {
  if (err instanceof UnreadableFile) return `${err.path}: ${err.reason}`;
  const e = err as { code?: unknown; syscall?: unknown; path?: unknown } | null;
  if (typeof e?.code !== 'string') return undefined;
  if (typeof e.syscall === 'string') {
    return Fail.fileSystem(e.syscall, typeof e.path === 'string' ? e.path : '', fsReason(err));
  }
  // Node's own checks of file operations (ERR_FS_FILE_TOO_LARGE, ERR_FS_EISDIR, …).
  if (e.code.startsWith('ERR_FS_')) return (err as Error).message;
  return undefined;
}

let watchingStdout = false;

export async function runCli(main: () => void | Promise<void>): Promise<void> {
  // A reader that went away (`npm run rollout | head -1`) ends the output, not the command.
  if (!watchingStdout) {
    watchingStdout = true;
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
  try {
    await main();
  } catch (err) {
    if (err instanceof UserError) {
      // Problems quote what the user typed: written so that nothing in it acts on the terminal.
      process.stderr.write(
        `error: ${err.title}\n${err.problems.map((p) => `  - ${visible(p)}\n`).join('')}`,
      );
      process.exitCode = 1;
      return;
    }
    const problem = fileProblem(err);
    if (problem !== undefined) {
      process.stderr.write(`error: A file operation failed\n  - ${visible(problem)}\n`);
      process.exitCode = 1;
      return;
    }
    process.stderr.write(
      `internal error (please report it with the command you ran): ${err instanceof Error ? readableStack(err, PROJECT_ROOT) : String(err)}\n`,
    );
    process.exitCode = 2;
  }
}

/**
 * The edge every command goes through: a `UserError` becomes its lines on stderr and exit code 1;
 * anything else is a bug and says so.
 */
import { UserError } from '../core/errors';

export async function runCli(main: () => void | Promise<void>): Promise<void> {
  try {
    await main();
  } catch (err) {
    if (err instanceof UserError) {
      process.stderr.write(
        `error: ${err.title}\n${err.problems.map((p) => `  - ${p}\n`).join('')}`,
      );
      process.exitCode = 1;
      return;
    }
    process.stderr.write(
      `internal error (please report it with the command you ran): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 2;
  }
}

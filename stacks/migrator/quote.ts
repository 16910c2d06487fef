/**
 * Quoting for the rendered host configuration. The same words are read by LDM's CLI (Spring Shell,
 * running `livedata-migrator --script=<file>`), by a POSIX shell (a line pasted into a terminal, the
 * `credential_process` command an AWS SDK runs) and, inside SSM parameter values, pass through
 * Terraform's string templates. One rule that all of them read the same way:
 *
 * - a value of only `A-Z a-z 0-9 _ @ % + = : , . / -` (not starting with `-`) is written bare;
 * - anything else is wrapped in single quotes, inside which neither reader interprets anything;
 * - a value that single quotes cannot carry for both readers (a single quote, a backslash, a line
 *   break or another control character) or that Terraform would read as a template (`${`, `%{`)
 *   is refused with a message naming it.
 *
 * This is deliberately stricter than shell-quote's `quote`, which escapes with backslashes
 * (`arn\:aws\:…`): Spring Shell would keep those backslashes.
 */
import { Fail, UserError } from '../../lib/core/errors';

const BARE = /^[A-Za-z0-9_@%+=:,./-]+$/;
const UNQUOTABLE = /['\\\u0000-\u001f\u007f]|[$%]\{/;

/** Whether `value` can be written at all (see the module comment). */
export function isQuotable(value: string): boolean {
  return !UNQUOTABLE.test(value);
}

/** `value` as one word for LDM's CLI and a POSIX shell; `what` names it in the error. */
export function quoteArg(value: string, what: string): string {
  if (!isQuotable(value)) {
    throw new UserError([Fail.unquotable(what, value)], 'Cannot render the host configuration');
  }
  if (BARE.test(value) && !value.startsWith('-')) return value;
  return `'${value}'`;
}

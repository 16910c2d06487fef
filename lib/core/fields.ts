/** Field types shared by the config sections. Every message comes from the error catalogue. */
import { z } from 'zod';
import { Expect } from './errors';
import { hasHostBits, parseCidr } from './cidr';

/** An IPv4 CIDR that parses and names a network address (no host bits set). */
export const cidr = z
  .string({ error: Expect.cidr })
  .refine((v) => parseCidr(v) !== undefined, { error: Expect.cidr, abort: true })
  .refine((v) => !hasHostBits(v), {
    error: (iss) => Expect.cidrHostBits(parseCidr(String(iss.input))?.text ?? ''),
  })
  .meta({ title: 'IPv4 CIDR' });

export const accountId = z
  .string({ error: Expect.accountId })
  .regex(/^\d{12}$/, { error: Expect.accountId })
  .meta({ title: '12-digit string (quote it)' });

export const roleArn = z
  .string({ error: Expect.roleArn })
  .regex(/^arn:aws(-us-gov|-cn)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, { error: Expect.roleArn })
  .meta({ title: 'IAM role ARN' });

/**
 * Characters free text in the config never holds: control characters (tabs and line breaks only
 * where `lineBreaks`), bidirectional-formatting and zero-width characters. They would make the plan
 * a reviewer reads differently from what is applied. (Template syntax is fine: every config string
 * reaches Terraform as a literal, lib/core/literal.ts.)
 */
export function isPrintableText(text: string, lineBreaks = false): boolean {
  const invisible = lineBreaks
    ? /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/
    : /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/;
  return !invisible.test(text);
}

/** The account id inside an IAM ARN. */
export function accountOfArn(arn: string): string | undefined {
  return /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1];
}

/** Reports one problem from a cross-field rule: the path inside the environment, the value, what is expected. */
export type AddProblem = (path: PropertyKey[], input: unknown, message: string) => void;

/** What cross-field rules may know beyond the environment: top-level settings. */
export interface CheckContext {
  /** `project`, when it is valid. */
  readonly project?: string;
}

/**
 * An environment as cross-field rules see it: parsed as far as it could be. Any field may be
 * missing or invalid, so every rule checks the types of what it reads.
 */
export type PartialEnvironment = {
  readonly name?: unknown;
  readonly accountId?: unknown;
  readonly region?: unknown;
  readonly deployRoleArn?: unknown;
  readonly network?: Record<string, unknown>;
  readonly migrator?: Record<string, unknown>;
  readonly storage?: Record<string, unknown>;
  readonly catalog?: Record<string, unknown>;
};

/** The retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

/** A log group's retention: one of `LOG_RETENTION_DAYS`. */
export const logRetentionDays = z
  .number()
  .refine((v) => (LOG_RETENTION_DAYS as readonly number[]).includes(v), {
    error: Expect.oneOf(LOG_RETENTION_DAYS),
  })
  .meta({ title: `days: one of ${LOG_RETENTION_DAYS.join(', ')} (what CloudWatch Logs accepts)` });

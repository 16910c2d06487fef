/**
 * What `npm run plan` leaves beside each stack, and what `npm run apply` checks before applying a
 * saved plan: the plan file, Terraform's JSON rendering of it, and a record that ties the plan to
 * the synthesized stack it was made from (a digest of cdk.tf.json), to the plan file (its digest),
 * to how it was made (mock or real, placeholders) and to the upstream outputs it read.
 */
import { z } from 'zod';
import { sha256 } from '../core/digest';
import { PlanFail, UserError } from '../core/errors';
import { readTextFile, UnreadableFile } from '../core/files';

/** File names inside a stack's working directory (cdktf.out/stacks/<id>/). */
export const PLAN_FILE = 'plan.tfplan';
export const PLAN_JSON_FILE = 'plan.json';
export const PLAN_RECORD_FILE = 'plan.record.json';
/** What `npm run plan` leaves beside a stack: a new synth carries them over (lib/app/publish.ts). */
export const SAVED_PLAN_FILES = [PLAN_FILE, PLAN_JSON_FILE, PLAN_RECORD_FILE] as const;
/** The synthesized configuration a plan is made from. */
export const STACK_FILE = 'cdk.tf.json';

export interface PlanRecord {
  readonly version: 1;
  readonly stack: string;
  readonly mode: 'aws' | 'mock-aws';
  /** sha256 of cdk.tf.json when the plan was made. */
  readonly stackSha256: string;
  /** sha256 of plan.tfplan as written. */
  readonly planSha256: string;
  /** Upstream stacks whose outputs were placeholders. */
  readonly placeholdersFor: readonly string[];
  /** Per upstream stack: digest of the outputs this stack read, as they were (see outputsDigest). */
  readonly upstreamOutputs: Readonly<Record<string, string>>;
  /** The --allow-destroy values the plan was made with. */
  readonly allowDestroy: readonly string[];
  readonly terraformVersion: string;
}

export { sha256 };

/** A record as it must be read back: anything else (truncated, edited, another version) is refused. */
const planRecordSchema = z.strictObject({
  version: z.literal(1),
  stack: z.string(),
  mode: z.enum(['aws', 'mock-aws']),
  stackSha256: z.string(),
  planSha256: z.string(),
  placeholdersFor: z.array(z.string()),
  upstreamOutputs: z.record(z.string(), z.string()),
  allowDestroy: z.array(z.string()),
  terraformVersion: z.string(),
});

/** A record is a few hundred bytes; anything near this is not one. */
const MAX_RECORD_BYTES = 1024 * 1024;

/**
 * Reads a plan record; `stack` names it in messages. A missing file is `undefined` (no saved
 * plan); an unreadable or malformed one throws a UserError.
 */
export function readPlanRecord(path: string, stack: string): PlanRecord | undefined {
  let text: string;
  try {
    text = readTextFile(path, MAX_RECORD_BYTES);
  } catch (err) {
    if (err instanceof UnreadableFile && err.code === 'ENOENT') return undefined;
    throw new UserError(
      [PlanFail.recordUnreadable(stack, path, (err as Error).message)],
      'Saved plan unreadable',
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UserError(
      [PlanFail.recordUnreadable(stack, path, `not JSON: ${(err as Error).message}`)],
      'Saved plan unreadable',
    );
  }
  const parsed = planRecordSchema.safeParse(raw);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(top level)'))];
    throw new UserError(
      [PlanFail.recordUnreadable(stack, path, `not a plan record (${fields.join(', ')})`)],
      'Saved plan unreadable',
    );
  }
  return parsed.data;
}

/** What a saved plan is checked against before it is applied. */
export interface CurrentFiles {
  readonly stack: string;
  readonly stackSha256: string;
  readonly planSha256: string;
}

/**
 * Problems that make a saved plan unfit to apply, independent of what other stacks' applies do.
 * Empty when it may be applied.
 */
export function recordProblems(record: PlanRecord, current: CurrentFiles): string[] {
  const problems: string[] = [];
  if (record.stack !== current.stack) {
    return [PlanFail.planForOtherStack(current.stack, record.stack)];
  }
  if (record.mode === 'mock-aws') problems.push(PlanFail.planIsMock(current.stack));
  if (record.stackSha256 !== current.stackSha256) problems.push(PlanFail.planStale(current.stack));
  if (record.planSha256 !== current.planSha256)
    problems.push(PlanFail.planFileChanged(current.stack));
  if (record.placeholdersFor.length > 0)
    problems.push(PlanFail.planHasPlaceholders(current.stack, record.placeholdersFor));
  return problems;
}

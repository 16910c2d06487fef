/**
 * What `npm run plan` leaves beside each stack, and what `npm run apply` checks before applying a
 * saved plan: the plan file, Terraform's JSON rendering of it, and a record that ties the plan to
 * the synthesized stack it was made from (a digest of cdk.tf.json), to the plan file (its digest),
 * to how it was made (mock or real, placeholders) and to the upstream outputs it read.
 */
import { sha256 } from '../core/digest';
import { PlanFail } from '../core/errors';

/** File names inside a stack's working directory (cdktf.out/stacks/<id>/). */
export const PLAN_FILE = 'plan.tfplan';
export const PLAN_JSON_FILE = 'plan.json';
export const PLAN_RECORD_FILE = 'plan.record.json';
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

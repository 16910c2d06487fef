/**
 * The part of Terraform's machine-readable plan format (`terraform show -json <planfile>`, format
 * 1.x) the summary and the destroy guard read. See
 * https://developer.hashicorp.com/terraform/internals/json-format#plan-representation.
 */
import { PlanFail, UserError } from '../core/errors';

/** One entry of a change's `actions` list. */
export type PlanAction = 'no-op' | 'create' | 'read' | 'update' | 'delete' | 'forget';

export interface ResourceChange {
  readonly address: string;
  /** Set when a `moved` block (cdktf `moveTo`) renamed the resource in this plan. */
  readonly previous_address?: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  /** Set when the change concerns a deposed object left by a failed create-before-destroy. */
  readonly deposed?: string;
  readonly change: {
    readonly actions: readonly PlanAction[];
    /** Set when the resource is being imported. */
    readonly importing?: object;
  };
  readonly action_reason?: string;
}

export interface PlanJson {
  readonly format_version: string;
  readonly terraform_version?: string;
  readonly resource_changes?: readonly ResourceChange[];
  readonly output_changes?: Readonly<Record<string, { readonly actions: readonly PlanAction[] }>>;
  /** False for a plan that cannot be applied as is (for example one that errored). */
  readonly applyable?: boolean;
  /** False when the plan leaves changes for a later run (targeting, deferred actions). */
  readonly complete?: boolean;
  readonly errored?: boolean;
}

/**
 * Parses the text of `terraform show -json <planfile>`; `source` names the file in messages. Throws
 * a UserError for anything else (a state file, `terraform show -json` without a plan, not JSON).
 */
export function parsePlanJson(text: string, source: string): PlanJson {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UserError([PlanFail.planJsonInvalid(source, (err as Error).message)], 'Not a plan');
  }
  const plan = raw as Partial<PlanJson> | null;
  if (
    plan === null ||
    typeof plan !== 'object' ||
    typeof plan.format_version !== 'string' ||
    !plan.format_version.startsWith('1.') ||
    !('planned_values' in plan || 'resource_changes' in plan)
  ) {
    throw new UserError([PlanFail.planJsonNotAPlan(source)], 'Not a plan');
  }
  if (plan.resource_changes !== undefined && !Array.isArray(plan.resource_changes)) {
    throw new UserError([PlanFail.planJsonNotAPlan(source)], 'Not a plan');
  }
  return plan as PlanJson;
}

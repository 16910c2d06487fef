/**
 * The part of Terraform's machine-readable plan format (`terraform show -json <planfile>`, format
 * 1.x) the summary and the destroy guard read. See
 * https://developer.hashicorp.com/terraform/internals/json-format#plan-representation.
 *
 * The destroy guard fails closed: a change it cannot classify for sure (no `mode`, an action it
 * does not know, no `change`) makes the whole file unreadable rather than "no changes".
 */
import { PlanFail, UserError } from '../core/errors';

/** The entries of a change's `actions` list. */
export const PLAN_ACTIONS = ['no-op', 'create', 'read', 'update', 'delete', 'forget'] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

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
  const problems = [
    ...(plan.resource_changes ?? []).flatMap((change, i) =>
      resourceChangeProblems(change).map((p) =>
        PlanFail.planEntryNotUnderstood(source, `resource_changes[${i}]`, p),
      ),
    ),
    ...outputChangeProblems(plan.output_changes).map(([name, p]) =>
      PlanFail.planEntryNotUnderstood(source, `output_changes.${name}`, p),
    ),
  ];
  if (problems.length > 0) throw new UserError(problems, 'Plan not understood');
  return plan as PlanJson;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** What makes an `actions` list unreadable (`undefined`: a list of known actions). */
function actionsProblem(actions: unknown): string | undefined {
  if (!Array.isArray(actions) || actions.length === 0) return 'no actions list';
  const unknown = actions.find((a) => !(PLAN_ACTIONS as readonly unknown[]).includes(a));
  return unknown === undefined ? undefined : `the action ${JSON.stringify(unknown)}`;
}

/** Why one `resource_changes` entry cannot be classified, if it cannot. */
function resourceChangeProblems(change: unknown): string[] {
  if (!isRecord(change)) return ['not an object'];
  const problems: string[] = [];
  if (typeof change.address !== 'string') problems.push('no address');
  if (change.mode !== 'managed' && change.mode !== 'data')
    problems.push(`the mode ${JSON.stringify(change.mode ?? null)} (managed or data expected)`);
  if (typeof change.type !== 'string') problems.push('no type');
  for (const optional of ['deposed', 'previous_address', 'action_reason'] as const) {
    if (change[optional] !== undefined && typeof change[optional] !== 'string')
      problems.push(`a ${optional} that is not a string`);
  }
  if (!isRecord(change.change)) problems.push('no change');
  else {
    const actions = actionsProblem(change.change.actions);
    if (actions) problems.push(actions);
  }
  return problems;
}

function outputChangeProblems(outputs: unknown): [string, string][] {
  if (outputs === undefined) return [];
  if (!isRecord(outputs)) return [['(all)', 'not an object']];
  return Object.entries(outputs).flatMap(([name, change]): [string, string][] => {
    const problem = isRecord(change) ? actionsProblem(change.actions) : 'not an object';
    return problem ? [[name, problem]] : [];
  });
}

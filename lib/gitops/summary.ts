/**
 * What a plan will do, per stack, for a pull request comment: counts of create / update / replace /
 * delete and the address of every replace and delete. A pure function over Terraform's plan JSON;
 * rendering is separate (`renderSummary`), so the same summary feeds the destroy guard.
 */
import type { PlanAction, PlanJson, ResourceChange } from './plan-json';

/** What happens to one resource instance. */
export type ChangeKind =
  | 'create'
  | 'update'
  | 'replace'
  | 'delete'
  /** Removed from state without being destroyed (a `removed` block with `destroy = false`). */
  | 'forget'
  | 'no-op';

/** The kinds counted in the summary table, in column order. */
export const COUNTED_KINDS = ['create', 'update', 'replace', 'delete'] as const;
export type CountedKind = (typeof COUNTED_KINDS)[number];

export interface Change {
  /** The instance address, with `(deposed object …)` appended for deposed objects. */
  readonly address: string;
  readonly type: string;
  readonly kind: ChangeKind;
  /** Terraform's reason, such as `replace_because_cannot_update` or `delete_because_no_resource_config`. */
  readonly reason?: string;
  /** The address before a `moved` block renamed it. */
  readonly movedFrom?: string;
  readonly importing: boolean;
}

/** How a stack was planned: against real upstream outputs, or placeholders for some of them. */
export interface PlanContext {
  /** `mock-aws`: placeholder credentials, no AWS account contacted. */
  readonly mode: 'aws' | 'mock-aws';
  /** Upstream stacks whose outputs were replaced by placeholders. */
  readonly placeholdersFor: readonly string[];
  /**
   * Upstream stacks planned in the same run whose plans change outputs this stack reads: this
   * plan read today's values, so it is planned again once they are applied.
   */
  readonly upstreamChanging?: readonly string[];
}

export interface StackPlanSummary {
  readonly stack: string;
  readonly counts: Readonly<Record<CountedKind, number>>;
  /** Every managed resource change that is not a no-op (and no-ops that move or import). */
  readonly changes: readonly Change[];
  /** False when Terraform says the plan leaves work for a later run. */
  readonly complete: boolean;
  readonly context?: PlanContext;
}

/** Classifies a change's `actions` list (see Terraform's JSON format: replace is delete + create). */
export function changeKind(actions: readonly PlanAction[]): ChangeKind {
  const has = (a: PlanAction) => actions.includes(a);
  if (has('delete') && has('create')) return 'replace';
  if (has('delete')) return 'delete';
  if (has('forget')) return 'forget';
  if (has('create')) return 'create';
  if (has('update')) return 'update';
  return 'no-op';
}

function describe(rc: ResourceChange): Change {
  return {
    address: rc.deposed ? `${rc.address} (deposed object ${rc.deposed})` : rc.address,
    type: rc.type,
    kind: changeKind(rc.change.actions),
    ...(rc.action_reason ? { reason: rc.action_reason } : {}),
    ...(rc.previous_address ? { movedFrom: rc.previous_address } : {}),
    importing: rc.change.importing !== undefined,
  };
}

/** Summarizes one stack's plan. Data source reads are not changes and are left out. */
export function summarizePlan(
  stack: string,
  plan: PlanJson,
  context?: PlanContext,
): StackPlanSummary {
  const changes = (plan.resource_changes ?? [])
    .filter((rc) => rc.mode === 'managed')
    .map(describe)
    .filter((c) => c.kind !== 'no-op' || c.movedFrom !== undefined || c.importing);
  const counts = { create: 0, update: 0, replace: 0, delete: 0 };
  for (const c of changes) if (c.kind in counts) counts[c.kind as CountedKind] += 1;
  return {
    stack,
    counts,
    changes,
    complete: plan.complete !== false,
    ...(context ? { context } : {}),
  };
}

/** The changes of the given kinds, in plan order. */
export function changesOf(summary: StackPlanSummary, ...kinds: ChangeKind[]): Change[] {
  return summary.changes.filter((c) => kinds.includes(c.kind));
}

export function hasChanges(summary: StackPlanSummary): boolean {
  return summary.changes.length > 0;
}

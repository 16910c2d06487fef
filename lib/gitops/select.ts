/**
 * Which stacks a command works on: every stack of the synth, or those of some environments
 * (`--env`), or some stacks by id (`--stack`), always in dependency order.
 */
import { PlanFail, UserError } from '../core/errors';
import { parseStackId } from '../../stacks';

export interface Selection {
  readonly envs: readonly string[];
  readonly stacks: readonly string[];
}

/** Throws when the selection's flags contradict each other (checked before any work starts). */
export function checkSelection(selection: Selection): void {
  if (selection.envs.length > 0 && selection.stacks.length > 0) {
    throw new UserError(
      [
        PlanFail.conflictingFlags(
          '--env',
          '--stack',
          'select whole environments with --env, or single stacks with --stack',
        ),
      ],
      'Conflicting flags',
    );
  }
}

/** Filters `ordered` (in dependency order) by the selection; unknown names are errors. */
export function selectStacks<T extends { readonly id: string }>(
  ordered: readonly T[],
  selection: Selection,
): T[] {
  checkSelection(selection);
  const ids = ordered.map((s) => s.id);
  const envs = [
    ...new Set(ids.map((id) => parseStackId(id)?.envName).filter((e): e is string => !!e)),
  ];
  const problems = [
    ...selection.envs
      .filter((e) => !envs.includes(e))
      .map((e) => PlanFail.unknownEnvironment(e, envs)),
    ...selection.stacks.filter((s) => !ids.includes(s)).map((s) => PlanFail.unknownStack(s, ids)),
  ];
  if (problems.length > 0) throw new UserError(problems, 'Unknown names');
  if (selection.envs.length > 0) {
    return ordered.filter((s) => selection.envs.includes(parseStackId(s.id)?.envName ?? ''));
  }
  if (selection.stacks.length > 0) return ordered.filter((s) => selection.stacks.includes(s.id));
  return [...ordered];
}

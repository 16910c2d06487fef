/**
 * Replacing a synth output folder (`cdktf.out/`) in one step, whatever state the disk is in.
 *
 * Before anything is written, the folder is checked: its parent exists, it is a folder of its own
 * (never the working directory or one of its ancestors) holding a synth or nothing, and every folder
 * in it can be emptied (not read-only, not immutable). A `.staging` or `.previous` folder left by an
 * interrupted run is removed, or named in the message when it cannot be. Then the synth is written
 * into `<outdir>.staging/`, and `publish` swaps it in with two renames, putting the old folder back
 * if the second fails.
 *
 * Saved plans are evidence (docs/gitops.md): the plan files `npm run plan` left beside a stack are
 * carried over into the new output for every stack that is still there. A stack synthesized with
 * different content then no longer matches its plan's record, which `apply` refuses, so nothing
 * stale can be applied; an unchanged stack keeps a plan that can.
 */
import {
  accessSync,
  constants,
  copyFileSync,
  lstatSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { Fail, UserError } from '../core/errors';
import { fsCode, fsReason } from '../core/files';
import { SAVED_PLAN_FILES } from '../gitops/record';

const TITLE = 'Cannot write the synth output';

const fail = (problem: string): never => {
  throw new UserError([problem], TITLE);
};

/** `cdktf.out/` → `cdktf.out` (the folder's own path, for siblings such as `.staging`). */
function withoutSlash(outdir: string): string {
  return outdir.replace(/\/+$/, '') || outdir;
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch (err) {
    if (fsCode(err) === 'ENOENT') return undefined;
    return fail(Fail.outdirUnusable(path, fsReason(err)));
  }
}

/** Folders under `dir` (not through symbolic links) that cannot be emptied, at most a few. */
function unremovable(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    if (found.length >= 3) return;
    try {
      accessSync(d, constants.W_OK | constants.X_OK);
    } catch (err) {
      found.push(`${d}: ${fsReason(err)}`);
      return;
    }
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch (err) {
      found.push(`${d}: ${fsReason(err)}`);
      return;
    }
    for (const entry of entries) if (entry.isDirectory()) walk(join(d, entry.name));
  };
  walk(dir);
  return found;
}

/** Removes a folder left by an interrupted run, or says why it cannot. */
function removeLeftover(path: string): void {
  if (!lstatOrUndefined(path)) return;
  const blocked = unremovable(path);
  if (blocked.length > 0) fail(Fail.leftoverUnremovable(path, blocked.join('; ')));
  try {
    rmSync(path, { recursive: true, force: true });
  } catch (err) {
    fail(Fail.leftoverUnremovable(path, fsReason(err)));
  }
}

/**
 * Checks that `outdir` can be replaced and returns the (clean, not yet created) staging folder to
 * synthesize into. Throws a UserError naming the path and the fix otherwise; nothing is changed
 * but the removal of leftovers of an interrupted run.
 */
export function prepareStaging(outdir: string): string {
  const target = withoutSlash(outdir);
  const absolute = resolve(target);
  // The working directory or one of its ancestors would be renamed away and deleted.
  const fromOutdirToCwd = relative(absolute, process.cwd());
  if (!fromOutdirToCwd.startsWith('..')) fail(Fail.outdirNotOwn(outdir));
  const parent = dirname(absolute);
  const parentStat = lstatOrUndefined(parent);
  if (!parentStat) fail(Fail.outdirParentMissing(outdir, parent));
  const existing = lstatOrUndefined(target);
  if (existing && !existing.isDirectory() && !existing.isSymbolicLink()) {
    fail(Fail.outdirNotFolder(outdir));
  }
  if (existing?.isDirectory()) {
    let entries: string[];
    try {
      entries = readdirSync(target);
    } catch (err) {
      return fail(Fail.outdirUnusable(target, fsReason(err)));
    }
    if (entries.length > 0 && !entries.includes('manifest.json')) fail(Fail.outdirNotSynth(outdir));
  }
  const blocked = [
    ...unwritableParent(parent),
    ...(existing?.isDirectory() ? unremovable(target) : []),
  ];
  if (blocked.length > 0) fail(Fail.outdirNotReplaceable(outdir, blocked.join('; ')));
  const staging = `${target}.staging`;
  for (const leftover of [staging, `${staging}.json`, `${target}.previous`])
    removeLeftover(leftover);
  return staging;
}

function unwritableParent(parent: string): string[] {
  try {
    accessSync(parent, constants.W_OK | constants.X_OK);
    return [];
  } catch (err) {
    return [`${parent}: ${fsReason(err)}`];
  }
}

/** Copies the saved plans of every stack of `outdir` that `staging` has too (see the module comment). */
export function carryOverSavedPlans(outdir: string, staging: string): void {
  const from = join(withoutSlash(outdir), 'stacks');
  const to = join(staging, 'stacks');
  let stacks: string[];
  try {
    stacks = readdirSync(from);
  } catch {
    return; // no earlier synth: nothing to keep
  }
  for (const stack of stacks) {
    if (!lstatOrUndefined(join(to, stack))?.isDirectory()) continue;
    for (const file of SAVED_PLAN_FILES) {
      const source = join(from, stack, file);
      // Only regular files: a symbolic link planted beside a stack is not a saved plan.
      if (!lstatOrUndefined(source)?.isFile()) continue;
      try {
        copyFileSync(source, join(to, stack, file));
      } catch (err) {
        fail(Fail.savedPlanNotKept(source, fsReason(err)));
      }
    }
  }
}

/** Swaps `staging` in as `outdir`; on failure the previous output is back where it was. */
export function publish(staging: string, outdir: string): void {
  const target = withoutSlash(outdir);
  const previous = `${target}.previous`;
  const had = lstatOrUndefined(target) !== undefined;
  if (had) {
    try {
      renameSync(target, previous);
    } catch (err) {
      fail(Fail.outdirNotReplaceable(outdir, fsReason(err)));
    }
  }
  try {
    renameSync(staging, target);
  } catch (err) {
    if (had) {
      try {
        renameSync(previous, target);
      } catch (back) {
        fail(Fail.outdirMovedAside(outdir, previous, fsReason(back)));
      }
    }
    fail(Fail.outdirNotReplaceable(outdir, fsReason(err)));
  }
  try {
    rmSync(previous, { recursive: true, force: true });
  } catch (err) {
    fail(Fail.leftoverUnremovable(previous, fsReason(err)));
  }
}

/** Removes a staging folder after a failure, quietly: the failure itself is what is reported. */
export function discard(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // Reported by the next run's prepareStaging, which removes it or names it.
  }
}

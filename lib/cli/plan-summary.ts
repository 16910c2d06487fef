/**
 * `npm run plan:summary -- <plan.json>... [--allow-destroy <address>...] [--out <file>]`
 *
 * The Markdown summary of plans in Terraform's JSON format (`terraform show -json <planfile>`),
 * for a pull request comment, and the destroy guard: exits 1 when a plan deletes or replaces a
 * protected resource that no `--allow-destroy` names. `npm run plan` runs the same after planning.
 *
 * A file's stack is read from the plan.record.json `npm run plan` writes beside it; otherwise it is
 * the file's folder name for `…/<stack>/plan.json`, or the file name without `.json`.
 */
import { basename, dirname, join } from 'node:path';
import { PlanFail, UserError } from '../core/errors';
import { fsReason, readTextFile, UnreadableFile, writeFileAtomic } from '../core/files';
import { destroyGuard, parseAllowances } from '../gitops/guard';
import { parsePlanJson } from '../gitops/plan-json';
import { PLAN_JSON_FILE, PLAN_RECORD_FILE, readPlanRecord } from '../gitops/record';
import { renderSummary } from '../gitops/summary-markdown';
import { type StackPlanSummary, summarizePlan } from '../gitops/summary';
import { parseFlags, runCli } from '../app/run-cli';

/** The largest plan JSON read (V8 strings end near 512 MB; real plans are a few MB). */
const MAX_PLAN_JSON_BYTES = 256 * 1024 * 1024;

function summarizeFile(path: string): StackPlanSummary {
  let text: string;
  try {
    text = readTextFile(path, MAX_PLAN_JSON_BYTES);
  } catch (err) {
    if (err instanceof UnreadableFile && err.code === 'ENOENT')
      throw new UserError([PlanFail.planJsonMissing(path)], 'No such plan');
    throw new UserError([PlanFail.planJsonUnreadable(path, fsReason(err))], 'No such plan');
  }
  const plan = parsePlanJson(text, path);
  if (plan.errored) throw new UserError([PlanFail.planErrored(path)], 'Plan errored');
  if (basename(path) === PLAN_JSON_FILE) {
    const record = readPlanRecord(join(dirname(path), PLAN_RECORD_FILE), basename(dirname(path)));
    if (record) {
      return summarizePlan(record.stack, plan, {
        mode: record.mode,
        placeholdersFor: record.placeholdersFor,
      });
    }
  }
  const stack =
    basename(path) === PLAN_JSON_FILE ? basename(dirname(path)) : basename(path, '.json');
  return summarizePlan(stack, plan);
}

export function main(argv: readonly string[]): void {
  const { values, positionals } = parseFlags(
    argv,
    {
      'allow-destroy': { type: 'string', multiple: true, default: [] },
      out: { type: 'string' },
    },
    { positionals: true },
  );
  if (positionals.length === 0) throw new UserError([PlanFail.planJsonNone()], 'No plan given');
  if (values.out === '') throw new UserError([PlanFail.summaryOutEmpty()], 'Invalid arguments');
  const allowances = parseAllowances(values['allow-destroy'] ?? []);
  // Every file is read before anything is reported: one line per problem, all of them.
  const problems: string[] = [];
  const summaries = positionals.flatMap((path) => {
    try {
      return [summarizeFile(path)];
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      problems.push(...err.problems);
      return [];
    }
  });
  if (problems.length > 0) throw new UserError(problems, 'Cannot summarize');
  const guard = destroyGuard(summaries, allowances);
  const markdown = renderSummary(summaries, guard);
  if (values.out) {
    try {
      writeFileAtomic(values.out, markdown);
    } catch (err) {
      throw new UserError(
        [PlanFail.summaryUnwritable(values.out, fsReason(err))],
        'Summary not written',
      );
    }
  } else process.stdout.write(markdown);
  if (guard.blocked.length > 0) {
    throw new UserError([PlanFail.guardFailed(guard.blocked.length)], 'Destroy guard failed');
  }
}

if (require.main === module) void runCli(() => main(process.argv.slice(2)));

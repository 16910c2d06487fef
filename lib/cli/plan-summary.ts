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
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PlanFail, UserError } from '../core/errors';
import { parseFlags } from '../gitops/cli';
import { destroyGuard, parseAllowances } from '../gitops/guard';
import { parsePlanJson } from '../gitops/plan-json';
import { PLAN_JSON_FILE, PLAN_RECORD_FILE, type PlanRecord } from '../gitops/record';
import { renderSummary } from '../gitops/summary-markdown';
import { type StackPlanSummary, summarizePlan } from '../gitops/summary';
import { runCli } from '../app/run-cli';

function summarizeFile(path: string): StackPlanSummary {
  if (!existsSync(path)) throw new UserError([PlanFail.planJsonMissing(path)], 'No such plan');
  const plan = parsePlanJson(readFileSync(path, 'utf8'), path);
  if (plan.errored) throw new UserError([PlanFail.planErrored(path)], 'Plan errored');
  const recordPath = join(dirname(path), PLAN_RECORD_FILE);
  if (basename(path) === PLAN_JSON_FILE && existsSync(recordPath)) {
    const record = JSON.parse(readFileSync(recordPath, 'utf8')) as PlanRecord;
    return summarizePlan(record.stack, plan, {
      mode: record.mode,
      placeholdersFor: record.placeholdersFor,
    });
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
    true,
  );
  if (positionals.length === 0) throw new UserError([PlanFail.planJsonNone()], 'No plan given');
  const allowances = parseAllowances(values['allow-destroy'] ?? []);
  const summaries = positionals.map(summarizeFile);
  const guard = destroyGuard(summaries, allowances);
  const markdown = renderSummary(summaries, guard);
  if (values.out) writeFileSync(values.out, markdown);
  else process.stdout.write(markdown);
  if (guard.blocked.length > 0) {
    throw new UserError([PlanFail.guardFailed(guard.blocked.length)], 'Destroy guard failed');
  }
}

if (require.main === module) void runCli(() => main(process.argv.slice(2)));

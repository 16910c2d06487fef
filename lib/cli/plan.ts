/**
 * `npm run plan -- [--env <name>...] [--stack <id>...] [--mock-aws] [--allow-destroy <address>...]`
 *
 * Synthesizes (as `npm run synth` does), then for every selected stack in dependency
 * order: `terraform init`, `terraform plan -out`, `terraform show -json`. Writes the Markdown
 * summary to stdout and `<outdir>/plan-summary.md`, and fails when a plan deletes or replaces a
 * protected resource that no `--allow-destroy` names. Progress goes to stderr.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configPathFrom, loadConfig } from '../app/config';
import { environmentStackIds } from '../../stacks';
import { synthesizeChecked } from '../app/synth';
import { PlanFail, UserError } from '../core/errors';
import { progressReporter, terraformContext } from '../gitops/cli';
import { destroyGuard, parseAllowances } from '../gitops/guard';
import { planStacks } from '../gitops/pipeline';
import { renderSummary } from '../gitops/summary-markdown';
import { checkSelection, selectStacks } from '../gitops/select';
import { readSynth } from '../app/synth-output';
import { parseFlags, runCli } from '../app/run-cli';

/** The summary file `npm run plan` writes beside the synth. */
export const SUMMARY_FILE = 'plan-summary.md';

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const { values } = parseFlags(argv, {
    env: { type: 'string', multiple: true, default: [] },
    stack: { type: 'string', multiple: true, default: [] },
    'mock-aws': { type: 'boolean', default: false },
    'allow-destroy': { type: 'string', multiple: true, default: [] },
  });
  const mockAws = values['mock-aws'] ?? false;
  const allowDestroy = values['allow-destroy'] ?? [];
  const selection = { envs: values.env ?? [], stacks: values.stack ?? [] };
  parseAllowances(allowDestroy);
  checkSelection(selection);
  const outdir = env.CDKTF_OUTDIR || 'cdktf.out';
  const configPath = configPathFrom(env);
  const config = loadConfig(configPath);
  // An unknown --env or --stack is refused before anything is synthesized or planned: the
  // stacks a synth of the config makes, by the one naming function.
  selectStacks(
    config.environments.flatMap((e) => environmentStackIds(e.name)).map((id) => ({ id })),
    selection,
  );

  const report = progressReporter((text) => process.stderr.write(text));
  const terraform = await terraformContext(env, { mockAws });

  // The synth `npm run synth` makes: the policy pack checks it, and cdktf.out/ is replaced only
  // when it passes (the saved plans of stacks not planned now are kept). Its notes are progress,
  // never part of the summary on stdout.
  synthesizeChecked(config, outdir, (line) => process.stderr.write(`${line}\n`));
  report.note(`synthesized ${configPath} into ${outdir}/`);
  report.later(terraform.notes);
  const all = readSynth(outdir);
  const selected = selectStacks(all, selection);

  const planned = await planStacks({
    outdir,
    all,
    selected,
    mockAws,
    allowDestroy,
    terraform,
    report,
  });

  const summaries = planned.map((p) => p.summary);
  const guard = destroyGuard(summaries, parseAllowances(allowDestroy));
  const markdown = renderSummary(summaries, guard, {
    title: `Terraform plan of ${configPath}${mockAws ? ' (--mock-aws)' : ''}`,
    accessReportOf: configPath,
  });
  writeFileSync(join(outdir, SUMMARY_FILE), markdown);
  process.stdout.write(markdown);
  report.note(`planned ${planned.length} stacks; summary in ${join(outdir, SUMMARY_FILE)}`);
  if (guard.blocked.length > 0) {
    throw new UserError([PlanFail.guardFailed(guard.blocked.length)], 'Destroy guard failed');
  }
}

if (require.main === module) void runCli(() => main(process.argv.slice(2), process.env));

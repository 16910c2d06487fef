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
import { DEFAULT_CONFIG_PATH, loadConfig } from '../app/config';
import { synthesizeChecked } from '../app/synth';
import { PlanFail, UserError } from '../core/errors';
import { parseFlags, progressReporter, terraformContext } from '../gitops/cli';
import { destroyGuard, parseAllowances } from '../gitops/guard';
import { planStacks } from '../gitops/pipeline';
import { renderSummary } from '../gitops/summary-markdown';
import { checkSelection, selectStacks } from '../gitops/select';
import { readSynth } from '../app/synth-output';
import { runCli } from '../app/run-cli';

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

  const terraform = terraformContext(env, { mockAws });
  const report = progressReporter((text) => process.stderr.write(text));
  const outdir = env.CDKTF_OUTDIR || 'cdktf.out';
  const configPath = env.LDM_CONFIG || DEFAULT_CONFIG_PATH;

  // The synth `npm run synth` makes: the policy pack checks it, and cdktf.out/ is replaced only
  // when it passes. Its notes are progress, never part of the summary on stdout.
  synthesizeChecked(loadConfig(configPath), outdir, (line) => process.stderr.write(`${line}\n`));
  report.note(`synthesized ${configPath} into ${outdir}/`);
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

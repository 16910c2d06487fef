/**
 * `npm run bootstrap -- [--mock-aws] [--allow-destroy <address>...]` and `npm run bootstrap -- --apply`
 *
 * Creates the S3 state bucket that `state.backend: s3` needs (lib/gitops/bootstrap.ts), with its own
 * local state in terraform-state/. Like plan and apply: the first form synthesizes the
 * `state-bootstrap` stack into `<outdir>.bootstrap/`, plans it and prints the summary; `--apply`
 * applies exactly that saved plan. Run it with credentials of the state account.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configPathFrom, loadConfig } from '../app/config';
import type { Config } from '../app/schema';
import { PlanFail, UserError } from '../core/errors';
import { progressReporter, terraformContext } from '../gitops/cli';
import { destroyGuard, parseAllowances } from '../gitops/guard';
import { applyStacks, planStacks } from '../gitops/pipeline';
import { renderSummary } from '../gitops/summary-markdown';
import { readSynth } from '../app/synth-output';
import { StateBootstrapStack } from '../gitops/bootstrap';
import { synthesizeChecked } from '../app/synth';
import { SUMMARY_FILE } from './plan';
import { parseFlags, runCli } from '../app/run-cli';

/** Where the bootstrap stack is synthesized: beside the main synth, never inside it. */
export function bootstrapOutdir(env: NodeJS.ProcessEnv): string {
  return `${(env.CDKTF_OUTDIR || 'cdktf.out').replace(/\/+$/, '')}.bootstrap`;
}

/** The state bucket stack, checked by the same policy pack as the landing zone's own stacks. */
function synthesize(config: Config, outdir: string): void {
  synthesizeChecked(config, outdir, (line) => process.stderr.write(`${line}\n`), {
    stacks: (app, config) => new StateBootstrapStack(app, { config }),
  });
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const { values } = parseFlags(argv, {
    apply: { type: 'boolean', default: false },
    'mock-aws': { type: 'boolean', default: false },
    'allow-destroy': { type: 'string', multiple: true, default: [] },
  });
  const mockAws = values['mock-aws'] ?? false;
  const allowDestroy = values['allow-destroy'] ?? [];
  if (values.apply && mockAws) {
    throw new UserError(
      [
        PlanFail.conflictingFlags(
          '--apply',
          '--mock-aws',
          'a --mock-aws plan can never be applied',
        ),
      ],
      'Conflicting flags',
    );
  }
  if (values.apply && allowDestroy.length > 0) {
    throw new UserError(
      [
        PlanFail.conflictingFlags(
          '--apply',
          '--allow-destroy',
          'destroys are allowed when planning, so the reviewed plan says so',
        ),
      ],
      'Conflicting flags',
    );
  }
  const allowances = parseAllowances(allowDestroy);
  const outdir = bootstrapOutdir(env);
  const report = progressReporter((text) => process.stderr.write(text));

  if (values.apply) {
    if (!existsSync(join(outdir, 'manifest.json'))) {
      throw new UserError([PlanFail.noManifest(outdir, 'npm run bootstrap')], 'Nothing to apply');
    }
    const all = readSynth(outdir);
    const terraform = await terraformContext(env, { mockAws: false });
    report.later(terraform.notes);
    await applyStacks({ all, selected: all, terraform, report });
    report.note(`state bucket ready; 'terraform output' in ${all[0]?.dir} shows its name and key`);
    return;
  }

  const configPath = configPathFrom(env);
  const config = loadConfig(configPath);
  const terraform = await terraformContext(env, { mockAws });
  synthesize(config, outdir);
  report.note(`synthesized the state bucket stack of ${configPath} into ${outdir}/`);
  report.later(terraform.notes);
  const all = readSynth(outdir);
  const planned = await planStacks({
    outdir,
    all,
    selected: all,
    mockAws,
    allowDestroy,
    terraform,
    report,
  });
  const summaries = planned.map((p) => p.summary);
  const guard = destroyGuard(summaries, allowances);
  const markdown = renderSummary(summaries, guard, {
    title: `State bucket bootstrap of ${configPath}${mockAws ? ' (--mock-aws)' : ''}`,
  });
  writeFileSync(join(outdir, SUMMARY_FILE), markdown);
  process.stdout.write(markdown);
  if (guard.blocked.length > 0) {
    throw new UserError([PlanFail.guardFailed(guard.blocked.length)], 'Destroy guard failed');
  }
}

if (require.main === module) void runCli(() => main(process.argv.slice(2), process.env));

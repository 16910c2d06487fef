/**
 * `npm run apply -- [--env <name>...] [--stack <id>...]`
 *
 * Applies exactly the plans `npm run plan` saved, in dependency order, stopping at the first
 * failure. Before anything runs, every selected stack must have a saved plan made from the stack
 * as synthesized now (a digest of cdk.tf.json recorded beside the plan), without --mock-aws or
 * placeholders, and passing the destroy guard; before each stack, the upstream outputs it read
 * must be what they were when it was planned. It never synthesizes: a new synth would replace
 * the reviewed plans.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PlanFail, UserError } from '../core/errors';
import { progressReporter, terraformContext } from '../gitops/cli';
import { applyStacks } from '../gitops/pipeline';
import { checkSelection, selectStacks } from '../gitops/select';
import { readSynth } from '../app/synth-output';
import { parseFlags, runCli } from '../app/run-cli';

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const { values } = parseFlags(argv, {
    env: { type: 'string', multiple: true, default: [] },
    stack: { type: 'string', multiple: true, default: [] },
  });
  const selection = { envs: values.env ?? [], stacks: values.stack ?? [] };
  checkSelection(selection);
  const outdir = env.CDKTF_OUTDIR || 'cdktf.out';
  if (!existsSync(join(outdir, 'manifest.json'))) {
    throw new UserError([PlanFail.noManifest(outdir, 'npm run plan')], 'Nothing to apply');
  }
  const all = readSynth(outdir);
  const selected = selectStacks(all, selection);
  const report = progressReporter((text) => process.stderr.write(text));
  const terraform = await terraformContext(env, { mockAws: false });
  report.later(terraform.notes);
  const applied = await applyStacks({ all, selected, terraform, report });
  report.note(`applied ${applied.length} stacks: ${applied.join(', ')}`);
}

if (require.main === module) void runCli(() => main(process.argv.slice(2), process.env));

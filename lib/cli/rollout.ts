/**
 * `npm run rollout -- [--json | --gitlab <template file>] [--wave <n>]`
 *
 * The order of a multi-account rollout from the config (LDM_CONFIG): waves by the environments'
 * `wave` field, and within an environment its stacks in dependency order. `--json` prints a
 * matrix a CI system fans out over (GitHub Actions: `fromJSON(...).include`); `--gitlab` prints a
 * GitLab child pipeline whose plan and apply jobs extend `.ldm-plan` and `.ldm-apply` from the given
 * template file.
 */
import { configPathFrom, loadConfig } from '../app/config';
import { PlanFail, UserError } from '../core/errors';
import { gitlabChildPipeline, renderRollout, rolloutMatrix, rolloutWaves } from '../gitops/rollout';
import { parseFlags, runCli } from '../app/run-cli';

export function main(argv: readonly string[], env: NodeJS.ProcessEnv): void {
  const { values } = parseFlags(argv, {
    json: { type: 'boolean', default: false },
    gitlab: { type: 'string' },
    wave: { type: 'string' },
  });
  if (values.json && values.gitlab !== undefined) {
    throw new UserError(
      [
        PlanFail.conflictingFlags(
          '--json',
          '--gitlab',
          'each prints the rollout in its own format',
        ),
      ],
      'Conflicting flags',
    );
  }
  const config = loadConfig(configPathFrom(env));
  let waves = rolloutWaves(config);
  if (values.wave !== undefined) {
    const known = waves.map((w) => w.wave);
    const wave = /^\d+$/.test(values.wave) ? Number(values.wave) : NaN;
    if (!known.includes(wave)) {
      throw new UserError([PlanFail.unknownWave(values.wave, known)], 'Unknown wave');
    }
    waves = waves.filter((w) => w.wave === wave);
  }
  if (values.json) process.stdout.write(`${JSON.stringify(rolloutMatrix(waves), null, 2)}\n`);
  else if (values.gitlab !== undefined)
    process.stdout.write(`${JSON.stringify(gitlabChildPipeline(waves, values.gitlab), null, 2)}\n`);
  else process.stdout.write(renderRollout(waves));
}

if (require.main === module) void runCli(() => main(process.argv.slice(2), process.env));

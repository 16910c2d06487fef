/**
 * The order of a multi-account rollout: environments grouped in waves by their `wave` field (lower
 * first; config order within a wave), and within an environment its stacks in dependency order.
 * Environments of one wave are independent (own account or own state keys), so a CI system plans
 * and applies them in parallel; the next wave starts when the previous one is done.
 */
import type { Config } from '../app/schema';
import { environmentStackIds } from '../../stacks';

export interface RolloutEnvironment {
  readonly environment: string;
  readonly wave: number;
  readonly accountId: string;
  readonly region: string;
  /** The role the provider assumes, when the config sets one. */
  readonly deployRoleArn?: string;
  /** Stack ids in dependency order. */
  readonly stacks: readonly string[];
}

export interface RolloutWave {
  readonly wave: number;
  readonly environments: readonly RolloutEnvironment[];
}

/** The waves, lowest first. Stack order is the layers' (stacks/index.ts). */
export function rolloutWaves(config: Config): RolloutWave[] {
  const waves = [...new Set(config.environments.map((e) => e.wave))].sort((a, b) => a - b);
  return waves.map((wave) => ({
    wave,
    environments: config.environments
      .filter((e) => e.wave === wave)
      .map((e) => ({
        environment: e.name,
        wave,
        accountId: e.accountId,
        region: e.region,
        ...(e.deployRoleArn ? { deployRoleArn: e.deployRoleArn } : {}),
        stacks: environmentStackIds(e.name),
      })),
  }));
}

/**
 * A matrix a CI system fans out over: `include` has one entry per environment (the shape GitHub
 * Actions' `strategy.matrix` takes through `fromJSON`), `waves` lists the waves in order.
 */
export interface RolloutMatrix {
  readonly waves: readonly number[];
  readonly include: readonly RolloutEnvironment[];
}

export function rolloutMatrix(waves: readonly RolloutWave[]): RolloutMatrix {
  return {
    waves: waves.map((w) => w.wave),
    include: waves.flatMap((w) => w.environments),
  };
}

/** The rollout as text, for people. */
export function renderRollout(waves: readonly RolloutWave[]): string {
  const lines: string[] = [];
  for (const w of waves) {
    lines.push(`wave ${w.wave}`);
    for (const e of w.environments) {
      const role = e.deployRoleArn ? `, as ${e.deployRoleArn}` : '';
      lines.push(`  ${e.environment} (account ${e.accountId}, ${e.region}${role})`);
      lines.push(`    ${e.stacks.join(' -> ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The hidden jobs the generated GitLab jobs extend (defined in the project's template file). */
export const GITLAB_PLAN_JOB = '.ldm-plan';
export const GITLAB_APPLY_JOB = '.ldm-apply';

/**
 * A GitLab child pipeline (GitLab reads JSON as YAML). Per wave, a plan stage and an apply stage;
 * per environment a plan job extending `.ldm-plan` and an apply job extending `.ldm-apply` that
 * needs the plan job's artifacts (the saved plans). The project's `templateFile` defines both
 * hidden jobs (image, script, the manual gate on apply); the environment comes in variables. A
 * parent job writes the pipeline and triggers it (`trigger: include: artifact`); see
 * docs/gitops.md.
 */
export function gitlabChildPipeline(waves: readonly RolloutWave[], templateFile: string): object {
  const jobs: [string, object][] = [];
  for (const w of waves) {
    for (const e of w.environments) {
      const common = {
        variables: {
          LDM_ENV: e.environment,
          LDM_WAVE: String(w.wave),
          LDM_ACCOUNT_ID: e.accountId,
          LDM_REGION: e.region,
        },
        // One plan or apply per environment at a time, across pipelines.
        resource_group: `ldm-${e.environment}`,
      };
      jobs.push(
        [
          `plan:${e.environment}`,
          { extends: GITLAB_PLAN_JOB, stage: `wave-${w.wave}-plan`, ...common },
        ],
        [
          `apply:${e.environment}`,
          {
            extends: GITLAB_APPLY_JOB,
            stage: `wave-${w.wave}-apply`,
            needs: [{ job: `plan:${e.environment}`, artifacts: true }],
            ...common,
          },
        ],
      );
    }
  }
  return {
    include: [{ local: templateFile }],
    stages: waves.flatMap((w) => [`wave-${w.wave}-plan`, `wave-${w.wave}-apply`]),
    ...Object.fromEntries(jobs),
  };
}

/**
 * The multi-account rollout: waves from the environments' `wave` field, stacks in dependency order
 * within an environment, the CI matrices, and config/multi-account.yaml (three environments in
 * two accounts, s3 state, deploy roles, two waves) as synthesized.
 */
import { join } from 'node:path';
import { loadConfig } from '../../../../lib/app/config';
import { LAYER_IDS as LAYERS } from '../../../../stacks';
import {
  GITLAB_APPLY_JOB,
  GITLAB_PLAN_JOB,
  gitlabChildPipeline,
  renderRollout,
  rolloutMatrix,
  rolloutWaves,
} from '../../../../lib/gitops/rollout';
import { CONFIG_DIR, configWith, rawEnv, synth } from '../../../support/synth';

const multiAccount = loadConfig(join(CONFIG_DIR, 'multi-account.yaml'));

/** The example with environments `name:wave` pairs, each a copy of the example's one. */
function withWaves(...envs: [string, number][]) {
  return configWith((raw) => {
    const template = rawEnv(raw);
    raw.environments = envs.map(([name, wave], i) => ({
      ...structuredClone(template),
      name,
      wave,
      // An account each: one account and region has one catalog, owned by one environment.
      accountId: String(111111111111 + i),
      network: { ...structuredClone(template.network), vpcCidr: `10.${60 + i}.0.0/16` },
    }));
  });
}

describe('rolloutWaves', () => {
  test('orders waves lowest first, keeping config order within a wave', () => {
    const waves = rolloutWaves(withWaves(['c', 2], ['a', 0], ['d', 1], ['b', 0]));
    expect(waves.map((w) => [w.wave, w.environments.map((e) => e.environment)])).toEqual([
      [0, ['a', 'b']],
      [1, ['d']],
      [2, ['c']],
    ]);
  });

  test('lists each environment’s stacks in dependency order', () => {
    const [wave] = rolloutWaves(withWaves(['a', 0]));
    expect(wave!.environments[0]!.stacks).toEqual([
      'a-network',
      'a-security',
      'a-storage',
      'a-catalog',
      'a-migrator',
    ]);
  });

  test('that order respects every dependency of the synthesized stacks', () => {
    const config = withWaves(['a', 0], ['b', 1]);
    const { dependencies } = synth(config);
    for (const env of rolloutWaves(config).flatMap((w) => w.environments)) {
      env.stacks.forEach((id, i) => {
        for (const dep of dependencies[id] ?? []) {
          expect(env.stacks.slice(0, i)).toContain(dep);
        }
      });
    }
  });

  test('config/multi-account.yaml: dev and test in wave 0, prod in wave 1, with their accounts and roles', () => {
    expect(rolloutWaves(multiAccount)).toEqual([
      {
        wave: 0,
        environments: [
          expect.objectContaining({
            environment: 'dev',
            accountId: '111111111111',
            region: 'eu-west-1',
            deployRoleArn: 'arn:aws:iam::111111111111:role/ldm-deploy',
          }),
          expect.objectContaining({ environment: 'test', accountId: '111111111111' }),
        ],
      },
      {
        wave: 1,
        environments: [
          expect.objectContaining({
            environment: 'prod',
            accountId: '333333333333',
            region: 'eu-central-1',
            deployRoleArn: 'arn:aws:iam::333333333333:role/ldm-deploy',
          }),
        ],
      },
    ]);
  });
});

test('rolloutMatrix: one include entry per environment, with its wave, for a CI fan-out', () => {
  const matrix = rolloutMatrix(rolloutWaves(multiAccount));
  expect(matrix.waves).toEqual([0, 1]);
  expect(matrix.include.map((e) => [e.wave, e.environment, e.stacks.length])).toEqual([
    [0, 'dev', LAYERS.length],
    [0, 'test', LAYERS.length],
    [1, 'prod', LAYERS.length],
  ]);
  // GitHub Actions reads it with fromJSON: plain JSON, nothing lost.
  expect(JSON.parse(JSON.stringify(matrix))).toEqual(matrix);
});

test('gitlabChildPipeline: plan then apply stages per wave, plan and apply jobs per environment', () => {
  const pipeline = gitlabChildPipeline(rolloutWaves(multiAccount), '.gitlab/ldm-rollout.yml');
  const variables = {
    LDM_ENV: 'dev',
    LDM_WAVE: '0',
    LDM_ACCOUNT_ID: '111111111111',
    LDM_REGION: 'eu-west-1',
  };
  expect(pipeline).toEqual({
    include: [{ local: '.gitlab/ldm-rollout.yml' }],
    stages: ['wave-0-plan', 'wave-0-apply', 'wave-1-plan', 'wave-1-apply'],
    'plan:dev': {
      extends: GITLAB_PLAN_JOB,
      stage: 'wave-0-plan',
      variables,
      resource_group: 'ldm-dev',
    },
    'apply:dev': {
      extends: GITLAB_APPLY_JOB,
      stage: 'wave-0-apply',
      needs: [{ job: 'plan:dev', artifacts: true }],
      variables,
      resource_group: 'ldm-dev',
    },
    'plan:test': expect.objectContaining({ stage: 'wave-0-plan' }),
    'apply:test': expect.objectContaining({ stage: 'wave-0-apply' }),
    'plan:prod': expect.objectContaining({ stage: 'wave-1-plan' }),
    'apply:prod': expect.objectContaining({
      stage: 'wave-1-apply',
      needs: [{ job: 'plan:prod', artifacts: true }],
    }),
  });
});

test('renderRollout: waves, environments and the stack order, for people', () => {
  expect(renderRollout(rolloutWaves(multiAccount)).split('\n').slice(0, 3)).toEqual([
    'wave 0',
    '  dev (account 111111111111, eu-west-1, as arn:aws:iam::111111111111:role/ldm-deploy)',
    '    dev-network -> dev-security -> dev-storage -> dev-catalog -> dev-migrator',
  ]);
});

describe('config/multi-account.yaml synthesized', () => {
  const { stacks } = synth(multiAccount);
  const ids = Object.keys(stacks);

  test('has the five stacks of each of the three environments', () => {
    expect(ids.sort()).toEqual(
      ['dev', 'test', 'prod'].flatMap((e) => LAYERS.map((l) => `${e}-${l}`)).sort(),
    );
  });

  test('keeps every stack’s state under its own key in the state bucket, through the state role', () => {
    const keys = ids.map((id) => {
      const s3 = stacks[id].terraform.backend.s3;
      expect(s3).toMatchObject({
        bucket: 'acme-ldm-tfstate',
        region: 'eu-west-1',
        encrypt: true,
        use_lockfile: true,
        assume_role: { role_arn: 'arn:aws:iam::222222222222:role/ldm-tfstate' },
      });
      return s3.key as string;
    });
    expect(new Set(keys).size).toBe(ids.length);
    expect(keys).toContain('ldm/prod/storage.tfstate');
  });

  test('pins each stack’s provider to its environment’s account, region and deploy role', () => {
    for (const env of multiAccount.environments) {
      for (const layer of LAYERS) {
        const [provider] = stacks[`${env.name}-${layer}`].provider.aws;
        expect(provider.allowed_account_ids).toEqual([env.accountId]);
        expect(provider.region).toBe(env.region);
        expect(provider.assume_role).toEqual([
          expect.objectContaining({ role_arn: env.deployRoleArn }),
        ]);
      }
    }
  });

  test('reads upstream state from the same bucket and the upstream’s key', () => {
    const reads = Object.values<any>(stacks['prod-migrator'].data.terraform_remote_state);
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) {
      expect(read.backend).toBe('s3');
      expect(read.config).toMatchObject({
        bucket: 'acme-ldm-tfstate',
        key: expect.stringMatching(/^ldm\/prod\/(network|security|storage|catalog)\.tfstate$/),
      });
    }
  });
});

/**
 * What apply checks before it applies anything: the stacks selected, and whether each saved plan
 * belongs to the stack as synthesized now.
 */
import { recordProblems, type PlanRecord, sha256 } from '../../../../lib/gitops/record';
import { selectStacks } from '../../../../lib/gitops/select';
import { problemsOf } from '../../../support/synth';

const ORDERED = ['dev', 'prod'].flatMap((env) =>
  ['network', 'security', 'storage', 'catalog', 'migrator'].map((layer) => ({
    id: `${env}-${layer}`,
  })),
);

describe('selectStacks', () => {
  test('selects everything by default, in the order given', () => {
    expect(selectStacks(ORDERED, { envs: [], stacks: [] })).toEqual(ORDERED);
  });

  test('selects whole environments with --env', () => {
    expect(selectStacks(ORDERED, { envs: ['prod'], stacks: [] }).map((s) => s.id)).toEqual([
      'prod-network',
      'prod-security',
      'prod-storage',
      'prod-catalog',
      'prod-migrator',
    ]);
  });

  test('selects single stacks with --stack, keeping dependency order whatever the flag order', () => {
    const picked = selectStacks(ORDERED, { envs: [], stacks: ['dev-catalog', 'dev-network'] });
    expect(picked.map((s) => s.id)).toEqual(['dev-network', 'dev-catalog']);
  });

  test('fails if an environment is unknown, naming the ones there are', () => {
    expect(problemsOf(() => selectStacks(ORDERED, { envs: ['qa', 'dev'], stacks: [] }))).toEqual([
      "--env 'qa': no such environment; the config has dev, prod",
    ]);
  });

  test('fails if a stack is unknown', () => {
    expect(
      problemsOf(() => selectStacks(ORDERED, { envs: [], stacks: ['dev-network', 'dev-vpc'] })),
    ).toEqual([
      `--stack 'dev-vpc': no such stack in the synth; stacks are ${ORDERED.map((s) => s.id).join(', ')}`,
    ]);
  });

  test('fails if --env and --stack are combined', () => {
    expect(
      problemsOf(() => selectStacks(ORDERED, { envs: ['dev'], stacks: ['prod-network'] })),
    ).toEqual([
      '--env and --stack cannot be used together: select whole environments with --env, or single stacks with --stack',
    ]);
  });
});

describe('recordProblems', () => {
  const stackText = '{"resource":{}}';
  const planBytes = 'plan bytes';
  const record: PlanRecord = {
    version: 1,
    stack: 'dev-storage',
    mode: 'aws',
    stackSha256: sha256(stackText),
    planSha256: sha256(planBytes),
    placeholdersFor: [],
    upstreamOutputs: {},
    allowDestroy: [],
    terraformVersion: '1.11.4',
  };
  const current = {
    stack: 'dev-storage',
    stackSha256: sha256(stackText),
    planSha256: sha256(planBytes),
  };

  test('accepts a real plan of the stack as synthesized now', () => {
    expect(recordProblems(record, current)).toEqual([]);
  });

  test('fails if the stack was synthesized again with other content since', () => {
    expect(
      recordProblems(record, { ...current, stackSha256: sha256('{"resource":{"x":1}}') }),
    ).toEqual([
      'dev-storage: the stack was synthesized again with different content after its plan was saved; run npm run plan again and review the new plan',
    ]);
  });

  test('fails if the plan file is not the one that was saved', () => {
    expect(recordProblems(record, { ...current, planSha256: sha256('other') })).toEqual([
      'dev-storage: plan.tfplan is not the file npm run plan saved (its checksum differs); run npm run plan again',
    ]);
  });

  test('fails if the record belongs to another stack', () => {
    expect(recordProblems(record, { ...current, stack: 'prod-storage' })).toEqual([
      'prod-storage: the saved plan belongs to stack dev-storage; run npm run plan again',
    ]);
  });

  test('fails if the plan was made with --mock-aws', () => {
    expect(recordProblems({ ...record, mode: 'mock-aws' }, current)).toEqual([
      'dev-storage: the saved plan was made with --mock-aws (placeholder credentials, empty state) and can never be applied; run npm run plan without --mock-aws',
    ]);
  });

  test('fails if the plan read placeholder outputs', () => {
    expect(recordProblems({ ...record, placeholdersFor: ['dev-security'] }, current)).toEqual([
      'dev-storage: planned against placeholder outputs of dev-security, which had none yet; apply dev-security first, then plan dev-storage again',
    ]);
  });
});

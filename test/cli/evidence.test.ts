/**
 * Saved plans are evidence, run as a user runs the commands (terraform is the stand-in of
 * test/support/fake-terraform.ts): apply reads what a plan does from the plan file itself, a failed
 * plan leaves no plan file without its record, a typo in --env touches nothing, and planning some
 * stacks leaves the saved plans of the others as they were.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  PLAN_FILE,
  PLAN_JSON_FILE,
  PLAN_RECORD_FILE,
  SAVED_PLAN_FILES,
} from '../../lib/gitops/record';
import { runEntry, tree } from '../support/cli';
import { calls, fakeEnv, PLAN_FIXTURES, workspace } from '../support/fake-terraform';

jest.setTimeout(5 * 60_000);

const stackDir = (dir: string, stack: string) => join(dir, 'cdktf.out', 'stacks', stack);
const applies = (dir: string) =>
  calls(dir)
    .filter((l) => l.split(' ')[1] === 'apply')
    .map((l) => l.split(' ')[0]);
const noStackTrace = (stderr: string) => {
  expect(stderr).not.toMatch(/\n\s+at |internal error/);
};

test('apply reads what a plan does from the plan file: a harmless plan.json put in its place changes nothing', () => {
  const dir = workspace();
  // The plan file deletes the KMS key (terraform show -json of it says so) ...
  const env = fakeEnv(dir, { FAKE_TF_SHOW: join(PLAN_FIXTURES, 'delete-kms-key.json') });
  const plan = runEntry('lib/cli/plan.ts', ['--stack', 'sandbox-security'], { cwd: dir, env });
  expect(plan.code).toBe(1);
  expect(plan.stderr).toContain('error: Destroy guard failed');
  // ... and someone replaces the JSON beside it with a harmless plan.
  writeFileSync(
    join(stackDir(dir, 'sandbox-security'), PLAN_JSON_FILE),
    readFileSync(join(PLAN_FIXTURES, 'create-only.json')),
  );
  const apply = runEntry('lib/cli/apply.ts', ['--stack', 'sandbox-security'], { cwd: dir, env });
  expect(apply.code).toBe(1);
  expect(apply.stderr).toContain(
    'sandbox-security: the saved plan deletes or replaces the protected aws_kms_key.data-key and was not planned with --allow-destroy sandbox-security:aws_kms_key.data-key',
  );
  expect(calls(dir)).toContain(`sandbox-security show -json ${PLAN_FILE} -no-color`);
  expect(applies(dir)).toEqual([]);
  noStackTrace(apply.stderr);
});

test('fails if a plan step fails: no plan file is left without its record, and nothing half-written', () => {
  const dir = workspace();
  const env = fakeEnv(dir, { FAKE_TF_FAIL_SHOW: 'sandbox-storage' });
  const run = runEntry('lib/cli/plan.ts', [], { cwd: dir, env });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('sandbox-storage: terraform show failed');
  for (const stack of ['sandbox-network', 'sandbox-security']) {
    for (const file of SAVED_PLAN_FILES)
      expect(existsSync(join(stackDir(dir, stack), file))).toBe(true);
  }
  expect(readdirSync(stackDir(dir, 'sandbox-storage')).filter((f) => f.startsWith('plan'))).toEqual(
    [],
  );
  noStackTrace(run.stderr);
});

test('fails if --env names no environment, before anything is synthesized, planned or removed', () => {
  const dir = workspace();
  const env = fakeEnv(dir);
  expect(runEntry('lib/cli/plan.ts', [], { cwd: dir, env }).code).toBe(0);
  const before = tree(join(dir, 'cdktf.out'));
  const logged = calls(dir).length;
  const typo = runEntry('lib/cli/plan.ts', ['--env', 'sandbx'], { cwd: dir, env });
  expect(typo.code).toBe(1);
  expect(typo.stderr).toContain("--env 'sandbx': no such environment; the config has sandbox");
  expect(tree(join(dir, 'cdktf.out'))).toEqual(before);
  expect(calls(dir).length).toBe(logged);
});

test('planning one environment keeps the saved plans of another, which apply then applies', () => {
  const dir = workspace();
  const env = fakeEnv(dir, { LDM_CONFIG: 'config/multi-account.yaml' });
  expect(runEntry('lib/cli/plan.ts', ['--env', 'dev'], { cwd: dir, env }).code).toBe(0);
  const dev = tree(stackDir(dir, 'dev-storage'));
  expect(Object.keys(dev)).toEqual(expect.arrayContaining([PLAN_FILE, PLAN_RECORD_FILE]));
  expect(runEntry('lib/cli/plan.ts', ['--env', 'test'], { cwd: dir, env }).code).toBe(0);
  expect(runEntry('main.ts', [], { cwd: dir, env }).code).toBe(0);
  expect(tree(stackDir(dir, 'dev-storage'))).toEqual(dev);
  const apply = runEntry('lib/cli/apply.ts', ['--env', 'dev'], { cwd: dir, env });
  expect(apply.code).toBe(0);
  expect(applies(dir)).toEqual([
    'dev-network',
    'dev-security',
    'dev-storage',
    'dev-catalog',
    'dev-migrator',
  ]);
});

describe('apply on a damaged synth or saved plan: one line, nothing applied', () => {
  let planned: string;
  beforeAll(() => {
    planned = workspace();
    expect(runEntry('lib/cli/plan.ts', [], { cwd: planned, env: fakeEnv(planned) }).code).toBe(0);
  });

  test('fails if plan.record.json is truncated', () => {
    const record = join(stackDir(planned, 'sandbox-catalog'), PLAN_RECORD_FILE);
    const text = readFileSync(record, 'utf8');
    writeFileSync(record, text.slice(0, text.length / 2));
    try {
      const run = runEntry('lib/cli/apply.ts', [], { cwd: planned, env: fakeEnv(planned) });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /sandbox-catalog: .*plan\.record\.json cannot be read as the record of a saved plan \(not JSON: /,
      );
      expect(applies(planned)).toEqual([]);
      noStackTrace(run.stderr);
    } finally {
      writeFileSync(record, text);
    }
  });

  test('fails if manifest.json is truncated', () => {
    const manifest = join(planned, 'cdktf.out', 'manifest.json');
    const text = readFileSync(manifest, 'utf8');
    writeFileSync(manifest, text.slice(0, 40));
    try {
      const run = runEntry('lib/cli/apply.ts', [], { cwd: planned, env: fakeEnv(planned) });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /cdktf\.out\/manifest\.json: not the manifest of a synth \(not JSON: /,
      );
      noStackTrace(run.stderr);
    } finally {
      writeFileSync(manifest, text);
    }
  });

  test('fails if the manifest points outside the synth folder', () => {
    const manifest = join(planned, 'cdktf.out', 'manifest.json');
    const text = readFileSync(manifest, 'utf8');
    const json = JSON.parse(text);
    json.stacks['sandbox-network'].workingDirectory = '../../../../etc';
    writeFileSync(manifest, JSON.stringify(json));
    try {
      const run = runEntry('lib/cli/apply.ts', [], { cwd: planned, env: fakeEnv(planned) });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('stacks.sandbox-network is not a stack of this synth folder');
      expect(applies(planned)).toEqual([]);
    } finally {
      writeFileSync(manifest, text);
    }
  });

  test('fails if TERRAFORM_BINARY is not terraform (/bin/true)', () => {
    const run = runEntry('lib/cli/apply.ts', [], {
      cwd: planned,
      env: { ...fakeEnv(planned), TERRAFORM_BINARY: '/bin/true' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      '/bin/true: does not answer version -json as Terraform does; set TERRAFORM_BINARY',
    );
    noStackTrace(run.stderr);
  });
});

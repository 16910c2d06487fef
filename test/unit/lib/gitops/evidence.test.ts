/**
 * Saved plans are evidence: the guard fails closed on plan JSON it cannot classify (a change that
 * deletes a bucket must never read as "no changes"), and a plan record that is truncated or edited
 * is refused, never half-read.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlanFail } from '../../../../lib/core/errors';
import { parsePlanJson } from '../../../../lib/gitops/plan-json';
import { readPlanRecord, type PlanRecord } from '../../../../lib/gitops/record';
import { problemsOf, ROOT } from '../../../support/synth';

const fixture = (name: string) =>
  JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'plans', `${name}.json`), 'utf8'));

/** The bucket replace of replace-bucket.json, changed by `edit`, as plan JSON text. */
function withBucketChange(edit: (change: Record<string, any>) => void): string {
  const plan = fixture('replace-bucket');
  edit(plan.resource_changes[0]);
  return JSON.stringify(plan);
}

const notUnderstood = (what: string, entry = 'resource_changes[0]') =>
  PlanFail.planEntryNotUnderstood('plan.json', entry, what);

describe('the destroy guard fails closed on plan JSON it cannot classify', () => {
  test('reads Terraform’s own plans', () => {
    for (const name of ['create-only', 'update', 'replace-bucket', 'delete-kms-key']) {
      expect(() => parsePlanJson(JSON.stringify(fixture(name)), name)).not.toThrow();
    }
  });

  test('fails if a change has no mode (it would have been skipped as "no changes")', () => {
    const text = withBucketChange((c) => delete c.mode);
    expect(problemsOf(() => parsePlanJson(text, 'plan.json'))).toEqual([
      notUnderstood('the mode null (managed or data expected)'),
    ]);
  });

  test('fails if a change has a mode it does not know', () => {
    const text = withBucketChange((c) => (c.mode = 'ephemeral'));
    expect(problemsOf(() => parsePlanJson(text, 'plan.json'))).toEqual([
      notUnderstood('the mode "ephemeral" (managed or data expected)'),
    ]);
  });

  test('fails if an action is one it does not know', () => {
    const text = withBucketChange((c) => (c.change.actions = ['delete', 'recreate']));
    expect(problemsOf(() => parsePlanJson(text, 'plan.json'))).toEqual([
      notUnderstood('the action "recreate"'),
    ]);
  });

  test('fails if a change has no change, or no actions', () => {
    expect(
      problemsOf(() =>
        parsePlanJson(
          withBucketChange((c) => delete c.change),
          'plan.json',
        ),
      ),
    ).toEqual([notUnderstood('no change')]);
    expect(
      problemsOf(() =>
        parsePlanJson(
          withBucketChange((c) => (c.change.actions = [])),
          'plan.json',
        ),
      ),
    ).toEqual([notUnderstood('no actions list')]);
    expect(
      problemsOf(() =>
        parsePlanJson(
          withBucketChange((c) => (c.change.actions = 'delete')),
          'plan.json',
        ),
      ),
    ).toEqual([notUnderstood('no actions list')]);
  });

  test('fails if a change has no address or type, or is not an object', () => {
    expect(
      problemsOf(() =>
        parsePlanJson(
          withBucketChange((c) => {
            delete c.address;
            c.type = 5;
          }),
          'plan.json',
        ),
      ),
    ).toEqual([notUnderstood('no address'), notUnderstood('no type')]);
    const plan = fixture('create-only');
    plan.resource_changes.push('delete everything');
    const entry = `resource_changes[${plan.resource_changes.length - 1}]`;
    expect(problemsOf(() => parsePlanJson(JSON.stringify(plan), 'plan.json'))).toEqual([
      notUnderstood('not an object', entry),
    ]);
  });

  test('fails if an output change has an action it does not know', () => {
    const plan = fixture('create-only');
    plan.output_changes = { bucket: { actions: ['explode'] } };
    expect(problemsOf(() => parsePlanJson(JSON.stringify(plan), 'plan.json'))).toEqual([
      notUnderstood('the action "explode"', 'output_changes.bucket'),
    ]);
  });
});

describe('plan records', () => {
  const record: PlanRecord = {
    version: 1,
    stack: 'sandbox-storage',
    mode: 'aws',
    stackSha256: 'a'.repeat(64),
    planSha256: 'b'.repeat(64),
    placeholdersFor: [],
    upstreamOutputs: { 'sandbox-security': 'c'.repeat(64) },
    allowDestroy: [],
    terraformVersion: '1.11.4',
  };
  const written = (text: string) => {
    const path = join(mkdtempSync(join(tmpdir(), 'ldm-record-')), 'plan.record.json');
    writeFileSync(path, text);
    return path;
  };

  test('reads a record as plan wrote it; a missing one is no saved plan', () => {
    expect(readPlanRecord(written(JSON.stringify(record, null, 2)), 'sandbox-storage')).toEqual(
      record,
    );
    expect(readPlanRecord(join(tmpdir(), 'no-such-dir-ldm', 'x.json'), 'sandbox-storage')).toBe(
      undefined,
    );
  });

  test('fails if the record is truncated', () => {
    const path = written(JSON.stringify(record).slice(0, 60));
    expect(problemsOf(() => readPlanRecord(path, 'sandbox-storage'))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^sandbox-storage: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} cannot be read as the record of a saved plan \\(not JSON: .*\\); run npm run plan again$`,
        ),
      ),
    ]);
  });

  test('fails if the record has a field it does not know, or misses one', () => {
    const edited = written(JSON.stringify({ ...record, mode: 'trust-me', allowDestroy: 'all' }));
    expect(problemsOf(() => readPlanRecord(edited, 'sandbox-storage'))).toEqual([
      PlanFail.recordUnreadable(
        'sandbox-storage',
        edited,
        'not a plan record (mode, allowDestroy)',
      ),
    ]);
    const partial: Record<string, unknown> = { ...record };
    delete partial.planSha256;
    const missing = written(JSON.stringify(partial));
    expect(problemsOf(() => readPlanRecord(missing, 'sandbox-storage'))).toEqual([
      PlanFail.recordUnreadable('sandbox-storage', missing, 'not a plan record (planSha256)'),
    ]);
  });
});

/**
 * The destroy guard over real plan JSON (test/fixtures/plans): deletes and replaces of resources
 * that hold data fail review unless `--allow-destroy` names them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  allowanceFor,
  destroyGuard,
  parseAllowances,
  PROTECTED_RESOURCE_TYPES,
  protectedType,
} from '../../../../lib/gitops/guard';
import { parsePlanJson } from '../../../../lib/gitops/plan-json';
import { summarizePlan } from '../../../../lib/gitops/summary';
import { problemsOf, ROOT } from '../../../support/synth';

function summary(stack: string, fixture: string) {
  const path = join(ROOT, 'test', 'fixtures', 'plans', `${fixture}.json`);
  return summarizePlan(stack, parsePlanJson(readFileSync(path, 'utf8'), path));
}

const created = summary('sandbox-network', 'create-only');
const updated = summary('sandbox-security', 'update');
const bucketReplaced = summary('sandbox-storage', 'replace-bucket');
const keyDeleted = summary('sandbox-security', 'delete-kms-key');

describe('protected resource types', () => {
  test('cover what holds data: buckets, keys, Glue databases, catalog encryption, logs, hosts', () => {
    for (const type of [
      'aws_s3_bucket',
      'aws_kms_key',
      'aws_glue_catalog_database',
      'aws_glue_data_catalog_encryption_settings',
      'aws_glue_catalog_table',
      'aws_cloudwatch_log_group',
      'aws_instance',
    ]) {
      expect(protectedType(type)).toBeDefined();
    }
  });

  test('leave out configuration a re-apply restores', () => {
    for (const type of [
      'aws_s3_bucket_policy',
      'aws_s3_bucket_public_access_block',
      'aws_s3_bucket_server_side_encryption_configuration',
      'aws_kms_alias',
      'aws_iam_role',
      'aws_security_group',
      'aws_ssm_parameter',
    ]) {
      expect(protectedType(type)).toBeUndefined();
    }
  });

  test('each says why', () => {
    for (const p of PROTECTED_RESOURCE_TYPES) expect(p.why.length).toBeGreaterThan(5);
    expect(new Set(PROTECTED_RESOURCE_TYPES.map((p) => p.type)).size).toBe(
      PROTECTED_RESOURCE_TYPES.length,
    );
  });
});

describe('destroyGuard', () => {
  test('passes plans that create and update', () => {
    expect(destroyGuard([created, updated], [])).toEqual({ blocked: [], allowed: [], unused: [] });
  });

  test('fails a plan that replaces a bucket, but not for the public access block beside it', () => {
    expect(destroyGuard([bucketReplaced], []).blocked).toEqual([
      {
        stack: 'sandbox-storage',
        address: 'aws_s3_bucket.target-bucket',
        type: 'aws_s3_bucket',
        kind: 'replace',
        why: protectedType('aws_s3_bucket')!.why,
      },
    ]);
  });

  test('fails a plan that deletes a KMS key, but not for its alias', () => {
    const result = destroyGuard([keyDeleted], []);
    expect(result.blocked.map((f) => [f.stack, f.address, f.kind])).toEqual([
      ['sandbox-security', 'aws_kms_key.data-key', 'delete'],
    ]);
  });

  test('passes an allow-listed delete, by address or by stack and address', () => {
    for (const allow of ['aws_kms_key.data-key', 'sandbox-security:aws_kms_key.data-key']) {
      const result = destroyGuard([keyDeleted], parseAllowances([allow]));
      expect(result.blocked).toEqual([]);
      expect(result.allowed.map((f) => f.address)).toEqual(['aws_kms_key.data-key']);
      expect(result.unused).toEqual([]);
    }
  });

  test('an allowance for another stack does not cover the delete, and is reported unused', () => {
    const result = destroyGuard(
      [keyDeleted],
      parseAllowances(['dev-security:aws_kms_key.data-key']),
    );
    expect(result.blocked.map((f) => f.address)).toEqual(['aws_kms_key.data-key']);
    expect(result.unused).toEqual(['dev-security:aws_kms_key.data-key']);
  });

  test('one allowance covers only what it names, across several plans', () => {
    const result = destroyGuard(
      [keyDeleted, bucketReplaced],
      parseAllowances(['sandbox-storage:aws_s3_bucket.target-bucket']),
    );
    expect(result.allowed.map((f) => f.address)).toEqual(['aws_s3_bucket.target-bucket']);
    expect(result.blocked.map((f) => f.address)).toEqual(['aws_kms_key.data-key']);
  });

  test('a deposed object of a protected resource is guarded; its address allowance covers it', () => {
    const deposed = summarizePlan('x-storage', {
      format_version: '1.2',
      resource_changes: [
        {
          address: 'aws_s3_bucket.old',
          deposed: 'ab12',
          mode: 'managed',
          type: 'aws_s3_bucket',
          name: 'old',
          change: { actions: ['delete'] },
        },
      ],
    });
    const [finding] = destroyGuard([deposed], []).blocked;
    expect(finding?.address).toBe('aws_s3_bucket.old (deposed object ab12)');
    expect(allowanceFor(finding!)).toBe('x-storage:aws_s3_bucket.old');
    expect(destroyGuard([deposed], parseAllowances([allowanceFor(finding!)])).blocked).toEqual([]);
  });
});

describe('parseAllowances', () => {
  test('reads plain, module and stack-qualified addresses', () => {
    expect(
      parseAllowances([
        'aws_s3_bucket.target-bucket',
        'module.m.aws_kms_key.k',
        'sandbox-storage:aws_s3_bucket.b["x"]',
      ]),
    ).toEqual([
      { text: 'aws_s3_bucket.target-bucket', address: 'aws_s3_bucket.target-bucket' },
      { text: 'module.m.aws_kms_key.k', address: 'module.m.aws_kms_key.k' },
      {
        text: 'sandbox-storage:aws_s3_bucket.b["x"]',
        stack: 'sandbox-storage',
        address: 'aws_s3_bucket.b["x"]',
      },
    ]);
  });

  test('fails if a value is not a resource address, listing every bad one', () => {
    expect(problemsOf(() => parseAllowances(['bucket', 'data.aws_region.r', 'ok.fine']))).toEqual([
      "--allow-destroy 'bucket': expected a resource address such as aws_s3_bucket.target-bucket, or <stack>:<address> such as sandbox-storage:aws_s3_bucket.target-bucket",
      "--allow-destroy 'data.aws_region.r': expected a resource address such as aws_s3_bucket.target-bucket, or <stack>:<address> such as sandbox-storage:aws_s3_bucket.target-bucket",
    ]);
  });
});

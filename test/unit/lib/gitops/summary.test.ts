/**
 * The plan summary over real `terraform show -json` output (test/fixtures/plans, see its README):
 * counts per kind, the addresses of every replace and delete, and the Markdown a pull request gets.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { destroyGuard, parseAllowances } from '../../../../lib/gitops/guard';
import { parsePlanJson, type PlanJson } from '../../../../lib/gitops/plan-json';
import { code, renderSummary } from '../../../../lib/gitops/summary-markdown';
import { changeKind, changesOf, summarizePlan } from '../../../../lib/gitops/summary';
import { problemsOf, ROOT } from '../../../support/synth';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'plans');

function fixture(name: string): PlanJson {
  const path = join(FIXTURES, `${name}.json`);
  return parsePlanJson(readFileSync(path, 'utf8'), path);
}

describe('summarizePlan on real plans', () => {
  test('create-only: four creates, nothing replaced or deleted', () => {
    const s = summarizePlan('sandbox-storage', fixture('create-only'));
    expect(s.counts).toEqual({ create: 4, update: 0, replace: 0, delete: 0 });
    expect(changesOf(s, 'replace', 'delete')).toEqual([]);
    expect(s.complete).toBe(true);
  });

  test('update: in-place updates are counted as updates, nothing else', () => {
    const s = summarizePlan('sandbox-security', fixture('update'));
    expect(s.counts).toEqual({ create: 0, update: 2, replace: 0, delete: 0 });
    expect(s.changes.map((c) => [c.address, c.kind])).toEqual([
      ['aws_kms_key.data-key', 'update'],
      ['aws_s3_bucket.target-bucket', 'update'],
    ]);
  });

  test('replace of a bucket: both replaces listed with the reason terraform gives', () => {
    const s = summarizePlan('sandbox-storage', fixture('replace-bucket'));
    expect(s.counts).toEqual({ create: 0, update: 0, replace: 2, delete: 0 });
    expect(changesOf(s, 'replace')).toEqual([
      expect.objectContaining({
        address: 'aws_s3_bucket.target-bucket',
        type: 'aws_s3_bucket',
        reason: 'replace_because_cannot_update',
      }),
      expect.objectContaining({
        address: 'aws_s3_bucket_public_access_block.target-bucket-public-access-block',
      }),
    ]);
  });

  test('delete of a KMS key: deletes listed, the unchanged bucket left out', () => {
    const s = summarizePlan('sandbox-security', fixture('delete-kms-key'));
    expect(s.counts).toEqual({ create: 0, update: 0, replace: 0, delete: 2 });
    expect(changesOf(s, 'delete').map((c) => c.address)).toEqual([
      'aws_kms_alias.data-key-alias',
      'aws_kms_key.data-key',
    ]);
    expect(s.changes.map((c) => c.address)).not.toContain('aws_s3_bucket.target-bucket');
  });
});

describe('changeKind', () => {
  test.each([
    [['create'], 'create'],
    [['update'], 'update'],
    [['delete', 'create'], 'replace'],
    [['create', 'delete'], 'replace'],
    [['delete'], 'delete'],
    [['forget'], 'forget'],
    [['read'], 'no-op'],
    [['no-op'], 'no-op'],
  ] as const)('%j is %s', (actions, kind) => {
    expect(changeKind(actions)).toBe(kind);
  });
});

describe('what else a plan can hold', () => {
  const plan: PlanJson = {
    format_version: '1.2',
    complete: false,
    resource_changes: [
      {
        address: 'aws_s3_bucket.data',
        previous_address: 'aws_s3_bucket.target-bucket',
        mode: 'managed',
        type: 'aws_s3_bucket',
        name: 'data',
        change: { actions: ['no-op'] },
      },
      {
        address: 'aws_kms_key.k',
        mode: 'managed',
        type: 'aws_kms_key',
        name: 'k',
        change: { actions: ['no-op'], importing: { id: 'abc' } },
      },
      {
        address: 'aws_s3_bucket.old',
        deposed: '00000001',
        mode: 'managed',
        type: 'aws_s3_bucket',
        name: 'old',
        change: { actions: ['delete'] },
      },
      {
        address: 'data.aws_region.current',
        mode: 'data',
        type: 'aws_region',
        name: 'current',
        change: { actions: ['read'] },
      },
    ],
  };

  test('moves and imports are listed even without changes; data reads are not changes', () => {
    const s = summarizePlan('x-storage', plan);
    expect(s.changes.map((c) => c.address)).toEqual([
      'aws_s3_bucket.data',
      'aws_kms_key.k',
      'aws_s3_bucket.old (deposed object 00000001)',
    ]);
    expect(s.counts.delete).toBe(1);
    expect(s.complete).toBe(false);
  });

  test('the summary shows moves, imports, deposed deletes and an incomplete plan', () => {
    const s = summarizePlan('x-storage', plan);
    const md = renderSummary([s], destroyGuard([s], []));
    expect(md).toContain('- `aws_s3_bucket.target-bucket` → `aws_s3_bucket.data`');
    expect(md).toMatch(/Imported:\n\n- `aws_kms_key\.k`/);
    expect(md).toContain('incomplete plan');
    expect(md).toContain('`aws_s3_bucket.old (deposed object 00000001)`');
  });
});

describe('renderSummary', () => {
  test('points to the access report of the planned config, when given one', () => {
    const s = summarizePlan('sandbox-storage', fixture('create-only'));
    expect(renderSummary([s], destroyGuard([s], []))).not.toContain('#### Access');
    const md = renderSummary([s], destroyGuard([s], []), { accessReportOf: 'config/example.yaml' });
    expect(md).toContain('#### Access');
    expect(md).toContain('`npm run access -- --config config/example.yaml`');
    expect(md).toContain('docs/access-example.md');
  });

  const storage = summarizePlan('sandbox-storage', fixture('replace-bucket'));
  const security = summarizePlan('sandbox-security', fixture('delete-kms-key'), {
    mode: 'aws',
    placeholdersFor: ['sandbox-network'],
  });
  const network = summarizePlan('sandbox-network', fixture('create-only'));

  test('one table row per stack with the counts, in the order given', () => {
    const md = renderSummary([network, security, storage], destroyGuard([network], []));
    const rows = md.split('\n').filter((l) => l.startsWith('| `'));
    expect(rows).toEqual([
      '| `sandbox-network` | 4 | 0 | 0 | 0 |  |',
      '| `sandbox-security` | 0 | 0 | 0 | 2 | planned against placeholder outputs of `sandbox-network` |',
      '| `sandbox-storage` | 0 | 0 | 2 | 0 |  |',
    ]);
  });

  test('every replace and delete is listed under its stack; protected ones are marked', () => {
    const md = renderSummary(
      [security, storage],
      destroyGuard([security, storage], parseAllowances(['sandbox-security:aws_kms_key.data-key'])),
    );
    expect(md).toContain(
      [
        '#### `sandbox-storage`',
        '',
        'Replaced (destroyed, then created anew):',
        '',
        '- `aws_s3_bucket.target-bucket` (replace because cannot update, **protected**)',
        '- `aws_s3_bucket_public_access_block.target-bucket-public-access-block` (replace because cannot update)',
      ].join('\n'),
    );
    expect(md).toContain(
      '- `aws_kms_key.data-key` (delete because no resource config, **protected**)',
    );
    expect(md).toContain('- `aws_kms_alias.data-key-alias` (delete because no resource config)');
  });

  test('a failed guard says what would be lost and the exact flag that allows it', () => {
    const md = renderSummary([storage], destroyGuard([storage], []));
    expect(md).toContain('**Failed**: 1 protected resource would be deleted or replaced:');
    expect(md).toContain(
      '- `sandbox-storage` `aws_s3_bucket.target-bucket`: replace; this aws_s3_bucket holds the migrated data (or Terraform state)',
    );
    expect(md).toContain('`--allow-destroy sandbox-storage:aws_s3_bucket.target-bucket`');
  });

  test('a passed guard, allowances used and unused', () => {
    expect(renderSummary([network], destroyGuard([network], []))).toContain(
      'Passed: no protected resource is deleted or replaced.',
    );
    const md = renderSummary(
      [security],
      destroyGuard([security], parseAllowances(['aws_kms_key.data-key', 'aws_s3_bucket.typo'])),
    );
    expect(md).toContain('Passed: every protected resource that is deleted or replaced is named');
    expect(md).toContain(
      'Allowed by `--allow-destroy`:\n\n- `sandbox-security` `aws_kms_key.data-key`: delete',
    );
    expect(md).toContain('`--allow-destroy` values that matched nothing: `aws_s3_bucket.typo`');
  });

  test('mock plans are labelled as such, and stale downstream plans say so', () => {
    const mock = summarizePlan('sandbox-storage', fixture('create-only'), {
      mode: 'mock-aws',
      placeholdersFor: [],
      upstreamChanging: ['sandbox-security'],
    });
    const md = renderSummary([mock], destroyGuard([mock], []), { title: 'Plan of x.yaml' });
    expect(md.startsWith('### Plan of x.yaml\n')).toBe(true);
    expect(md).toContain('Planned with `--mock-aws`');
    expect(md).toContain(
      'reads outputs that the plan of `sandbox-security` changes: plan again after applying it',
    );
  });

  test('code spans survive backticks in addresses', () => {
    expect(code('a`b')).toBe('``a`b``');
    expect(code('plain')).toBe('`plain`');
  });
});

describe('parsePlanJson', () => {
  test('fails if the file is not JSON', () => {
    expect(problemsOf(() => parsePlanJson('{', 'p.json'))).toEqual([
      expect.stringMatching(/^p\.json: not JSON \(.+\); pass the output of terraform show -json/),
    ]);
  });

  test('fails if the JSON is not a plan (a state file, for example)', () => {
    const state = JSON.stringify({ version: 4, resources: [] });
    expect(problemsOf(() => parsePlanJson(state, 's.json'))).toEqual([
      's.json: not a Terraform plan; pass the output of terraform show -json <planfile> (format 1.x)',
    ]);
  });
});

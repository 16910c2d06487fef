import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACK, RULE_IDS, runPack } from '../../../../lib/policy';
import { ROOT } from '../../../support/synth';
import { fixture, LAYER_FIXTURES } from './helpers';

describe('the rule catalogue', () => {
  test('ids are unique and stable-looking (LDM-<AREA>-<NNN>)', () => {
    expect(new Set(RULE_IDS).size).toBe(PACK.length);
    for (const id of RULE_IDS) expect(id).toMatch(/^LDM-[A-Z0-9]+-\d{3}$/);
  });

  test.each(PACK.map((r) => [r.id, r] as const))(
    '%s reads as one line of why and one of fix',
    (_id, rule) => {
      for (const text of [rule.reason, rule.fix]) {
        expect(text).not.toContain('\n');
        expect(text).toMatch(/\.$/);
      }
      expect(rule.title).not.toMatch(/\.$/);
      expect(['error', 'warning']).toContain(rule.severity);
    },
  );

  test('covers at least what issue 9 lists', () => {
    expect(RULE_IDS).toEqual(
      expect.arrayContaining([
        'LDM-S3-001',
        'LDM-S3-002',
        'LDM-S3-003',
        'LDM-S3-004',
        'LDM-S3-005',
        'LDM-S3-006',
        'LDM-S3-007',
        'LDM-S3-008',
        'LDM-DATA-001',
        'LDM-SG-001',
        'LDM-SG-002',
        'LDM-SG-003',
        'LDM-SG-004',
        'LDM-IAM-001',
        'LDM-IAM-002',
        'LDM-IAM-003',
        'LDM-IAM-004',
        'LDM-KMS-001',
        'LDM-VPC-001',
        'LDM-VPC-002',
        'LDM-VPC-003',
        'LDM-GLUE-001',
        'LDM-GLUE-002',
        'LDM-EC2-001',
        'LDM-EC2-002',
        'LDM-TF-001',
        'LDM-TF-002',
      ]),
    );
  });

  test('every rule has a failing and a passing fixture in test/unit/lib/policy', () => {
    const dir = join(ROOT, 'test', 'unit', 'lib', 'policy');
    const text = readdirSync(dir)
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    for (const id of RULE_IDS) {
      const start = text.indexOf(`describe('${id} `);
      expect({ id, found: start >= 0 }).toEqual({ id, found: true });
      const end = text.indexOf('\ndescribe(', start + 1);
      const block = text.slice(start, end < 0 ? undefined : end);
      expect({
        id,
        passes: /\(\s*['"`]passes/.test(block),
        fails: /\(\s*['"`]fails/.test(block),
      }).toEqual({
        id,
        passes: true,
        fails: true,
      });
    }
  });

  test('docs/policy.md lists every rule with its checkov and cdk-nag counterparts', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'policy.md'), 'utf8');
    for (const rule of PACK) {
      const row = docs.split('\n').find((line) => line.startsWith(`| ${rule.id} `));
      expect({ id: rule.id, row: row !== undefined }).toEqual({ id: rule.id, row: true });
      for (const counterpart of [...rule.checkov, ...rule.cdkNag.map((n) => n.split(' ')[0]!)])
        expect({ id: rule.id, counterpart, listed: row!.includes(counterpart) }).toEqual({
          id: rule.id,
          counterpart,
          listed: true,
        });
    }
  });
});

describe('the pack on a correct landing zone', () => {
  test.each(LAYER_FIXTURES)(
    'the %s fixture (valid for terraform) has no finding at all',
    (name) => {
      expect(runPack([{ id: `fx-${name}`, json: fixture(name) }]).findings).toEqual([]);
    },
  );

  test('checks 500 stacks in well under the 20 s synth budget', () => {
    const stacks = Array.from({ length: 100 }, (_, i) =>
      LAYER_FIXTURES.map((name) => ({ id: `env${i}-${name}`, json: fixture(name) })),
    ).flat();
    const started = Date.now();
    const report = runPack(stacks);
    const seconds = (Date.now() - started) / 1000;
    expect(report.stacks).toHaveLength(500);
    expect(seconds).toBeLessThan(5);
  });
});

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSynth } from '../../../../lib/app/synth-output';
import { enforcePolicy, PACK } from '../../../../lib/policy';
import { blockingFindings, checkStack, runPack } from '../../../../lib/policy/engine';
import { blockingLines, jsonReport, noteLines, sarifReport } from '../../../../lib/policy/report';
import { s3Versioning } from '../../../../lib/policy/rules/LDM-S3-005';
import type { Rule } from '../../../../lib/policy/types';
import { problemsOf } from '../../../support/synth';
import { broken, fixture } from './helpers';

/** The storage fixture without versioning on either bucket, and a plan-time policy on the target. */
function insecureStorage(): any {
  return broken('storage', (s) => {
    delete s.resource.aws_s3_bucket_versioning;
    s.resource.aws_s3_bucket_policy['target-bucket-policy'].policy = '${local.policy}';
  });
}

const stacks = () => [
  { id: 'prod-storage', json: insecureStorage() },
  { id: 'prod-network', json: fixture('network') },
];

describe('running the pack', () => {
  test('a finding carries the rule id, severity, stack, resource, reason, detail and fix', () => {
    expect(checkStack({ id: 'prod-storage', json: insecureStorage() }, [s3Versioning])).toEqual([
      {
        rule: 'LDM-S3-005',
        severity: 'error',
        stack: 'prod-storage',
        resource: 'aws_s3_bucket.target-bucket',
        reason: s3Versioning.reason,
        detail: 'no aws_s3_bucket_versioning',
        fix: s3Versioning.fix,
      },
      expect.objectContaining({ resource: 'aws_s3_bucket.log-bucket' }),
    ]);
  });

  test('"cannot verify" findings are warnings, whatever the rule severity', () => {
    const report = runPack(stacks());
    expect(report.findings.filter((f) => f.severity === 'warning')).toEqual([
      expect.objectContaining({
        rule: 'LDM-IAM-004',
        resource: 'aws_s3_bucket_policy.target-bucket-policy',
      }),
      expect.objectContaining({ rule: 'LDM-S3-004', resource: 'aws_s3_bucket.target-bucket' }),
    ]);
  });

  test('findings are sorted by stack, rule and resource, so output is stable', () => {
    const report = runPack([...stacks()].reverse());
    expect(report.findings.map((f) => `${f.stack} ${f.rule} ${f.resource}`)).toEqual([
      'prod-storage LDM-IAM-004 aws_s3_bucket_policy.target-bucket-policy',
      'prod-storage LDM-S3-004 aws_s3_bucket.target-bucket',
      'prod-storage LDM-S3-005 aws_s3_bucket.log-bucket',
      'prod-storage LDM-S3-005 aws_s3_bucket.target-bucket',
    ]);
  });

  test('acknowledgements accept findings by rule and resource glob; the rest still block', () => {
    const report = runPack(stacks(), [
      {
        rule: 'LDM-S3-005',
        resource: 'prod-storage/aws_s3_bucket.target-*',
        reason: 'Scratch data, rebuilt daily',
      },
      { rule: 'LDM-S3-001', resource: 'prod-storage/*', reason: 'matches nothing' },
    ]);
    expect(report.findings.filter((f) => f.acknowledged)).toEqual([
      expect.objectContaining({
        rule: 'LDM-S3-005',
        resource: 'aws_s3_bucket.target-bucket',
        acknowledged: { reason: 'Scratch data, rebuilt daily' },
      }),
    ]);
    expect(blockingFindings(report).map((f) => f.resource)).toEqual(['aws_s3_bucket.log-bucket']);
    expect(report.unusedAcknowledgements).toEqual([
      { index: 1, acknowledgement: expect.objectContaining({ rule: 'LDM-S3-001' }) },
    ]);
  });

  test('prints acknowledged findings, warnings and unused acknowledgements; lists blocking ones', () => {
    const report = runPack(stacks(), [
      {
        rule: 'LDM-S3-005',
        resource: 'prod-storage/aws_s3_bucket.target-bucket',
        reason: 'Scratch data',
      },
      { rule: 'LDM-S3-001', resource: 'prod-storage/*', reason: 'stale' },
    ]);
    expect(noteLines(report)).toEqual([
      'policy: acknowledged LDM-S3-005 prod-storage aws_s3_bucket.target-bucket: no aws_s3_bucket_versioning (reason: Scratch data)',
      expect.stringMatching(
        /^policy: warning LDM-IAM-004 prod-storage aws_s3_bucket_policy.target-bucket-policy: cannot verify policy: /,
      ),
      expect.stringMatching(
        /^policy: warning LDM-S3-004 prod-storage aws_s3_bucket.target-bucket: cannot verify aws_s3_bucket_policy.target-bucket-policy: \$\{local.policy\} is only known at plan time\. Why: /,
      ),
      'policy: acknowledgements[1] (LDM-S3-001 on prod-storage/*) matches no finding; remove it or correct its resource',
    ]);
    expect(blockingLines(report)).toEqual([
      `LDM-S3-005 prod-storage aws_s3_bucket.log-bucket: no aws_s3_bucket_versioning. Why: ${s3Versioning.reason} Fix: ${s3Versioning.fix}`,
    ]);
  });

  test('a rule that throws is a bug of the pack, not a finding', () => {
    const faulty: Rule = {
      ...s3Versioning,
      check: () => {
        throw new Error('boom');
      },
    };
    expect(() => checkStack({ id: 'x', json: fixture('storage') }, [faulty])).toThrow('boom');
  });
});

describe('enforcing the pack on a synth output folder', () => {
  function synthFolder(stacksById: Record<string, any>): string {
    const outdir = mkdtempSync(join(tmpdir(), 'ldm-policy-test-'));
    const manifest: any = { version: '0.21.0', stacks: {} };
    for (const [id, json] of Object.entries(stacksById)) {
      mkdirSync(join(outdir, 'stacks', id), { recursive: true });
      writeFileSync(join(outdir, 'stacks', id, 'cdk.tf.json'), JSON.stringify(json));
      manifest.stacks[id] = {
        name: id,
        synthesizedStackPath: `stacks/${id}/cdk.tf.json`,
        workingDirectory: `stacks/${id}`,
        dependencies: [],
      };
    }
    writeFileSync(join(outdir, 'manifest.json'), JSON.stringify(manifest));
    return outdir;
  }

  test('reads every stack the manifest lists', () => {
    const outdir = synthFolder({
      'a-network': fixture('network'),
      'a-storage': fixture('storage'),
    });
    expect(readSynth(outdir).map((s) => [s.id, s.file])).toEqual([
      ['a-network', 'stacks/a-network/cdk.tf.json'],
      ['a-storage', 'stacks/a-storage/cdk.tf.json'],
    ]);
  });

  test('passes a correct landing zone without a note', () => {
    const notes: string[] = [];
    const outdir = synthFolder({
      'a-network': fixture('network'),
      'a-storage': fixture('storage'),
    });
    expect(enforcePolicy(outdir, [], (l) => notes.push(l)).findings).toEqual([]);
    expect(notes).toEqual([]);
  });

  test('fails with every blocking finding as a problem line, after printing the notes', () => {
    const notes: string[] = [];
    const outdir = synthFolder({ 'b-storage': insecureStorage() });
    const problems = problemsOf(() => enforcePolicy(outdir, [], (l) => notes.push(l)));
    expect(problems).toEqual([
      expect.stringMatching(
        /^LDM-S3-005 b-storage aws_s3_bucket.log-bucket: no aws_s3_bucket_versioning\. Why: .+ Fix: .+/,
      ),
      expect.stringMatching(/^LDM-S3-005 b-storage aws_s3_bucket.target-bucket: /),
    ]);
    expect(notes).toEqual([
      expect.stringMatching(/^policy: warning LDM-IAM-004 b-storage /),
      expect.stringMatching(/^policy: warning LDM-S3-004 b-storage /),
    ]);
  });

  test('fails if there is no synth output to read', () => {
    expect(problemsOf(() => enforcePolicy('/nonexistent/cdktf.out', [], () => {}))).toEqual([
      '/nonexistent/cdktf.out: no synthesized stacks (manifest.json missing); run npm run synth first, or leave out --outdir',
    ]);
  });
});

describe('reports for pipelines', () => {
  const report = runPack(stacks(), [
    {
      rule: 'LDM-S3-005',
      resource: 'prod-storage/aws_s3_bucket.target-bucket',
      reason: 'Scratch data',
    },
  ]);

  test('JSON: a summary, every finding with its acknowledgement, and the rule catalogue', () => {
    const json = jsonReport(report, { config: 'config/prod.yaml' });
    expect(json).toMatchObject({
      formatVersion: 1,
      config: 'config/prod.yaml',
      passed: false,
      summary: { stacks: 2, findings: 4, blocking: 1, errors: 2, warnings: 2, acknowledged: 1 },
      stacks: ['prod-storage', 'prod-network'],
    });
    expect(json.findings[3]).toEqual({
      rule: 'LDM-S3-005',
      severity: 'error',
      stack: 'prod-storage',
      resource: 'aws_s3_bucket.target-bucket',
      target: 'prod-storage/aws_s3_bucket.target-bucket',
      reason: s3Versioning.reason,
      detail: 'no aws_s3_bucket_versioning',
      fix: s3Versioning.fix,
      acknowledged: { reason: 'Scratch data' },
    });
    expect(json.rules.map((r) => r.id)).toEqual(PACK.map((r) => r.id));
  });

  test('SARIF 2.1.0: the rules, one result per finding, acknowledged ones suppressed with the reason', () => {
    const sarif = sarifReport(report, { config: 'config/prod.yaml' });
    expect(sarif.version).toBe('2.1.0');
    const [run] = sarif.runs;
    expect(run!.tool.driver.rules).toHaveLength(PACK.length);
    expect(run!.results.map((r) => [r.ruleId, r.level, 'suppressions' in r])).toEqual([
      ['LDM-IAM-004', 'warning', false],
      ['LDM-S3-004', 'warning', false],
      ['LDM-S3-005', 'error', false],
      ['LDM-S3-005', 'error', true],
    ]);
    const acknowledged = run!.results[3]!;
    expect(run!.tool.driver.rules[acknowledged.ruleIndex!]!.id).toBe('LDM-S3-005');
    expect(acknowledged).toMatchObject({
      suppressions: [{ kind: 'external', status: 'accepted', justification: 'Scratch data' }],
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: 'config/prod.yaml' } },
          logicalLocations: [
            { fullyQualifiedName: 'prod-storage/aws_s3_bucket.target-bucket', kind: 'resource' },
          ],
        },
      ],
    });
  });
});

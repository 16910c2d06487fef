/** What `npm run synth` says when it is done (lib/app/synth-summary.ts). */
import { resourceCount, summarizeSynth, summaryLines } from '../../../../lib/app/synth-summary';

const finding = (stack: string, acknowledged = false) => ({
  rule: 'LDM-S3-001',
  severity: 'warning' as const,
  stack,
  resource: 'aws_s3_bucket.x',
  reason: 'r',
  detail: 'd',
  fix: 'f',
  ...(acknowledged ? { acknowledged: { reason: 'ok' } } : {}),
});

describe('the synth summary', () => {
  const summary = summarizeSynth({
    config: 'config/multi.yaml',
    outdir: 'cdktf.out',
    seconds: 0.214,
    environments: ['prod', 'prod-eu'],
    stacks: [
      { id: 'prod-network', resources: 30 },
      { id: 'prod-security', resources: 9 },
      { id: 'prod-eu-network', resources: 28 },
    ],
    report: {
      stacks: [],
      findings: [finding('prod-eu-network', true), finding('prod-security')],
      unusedAcknowledgements: [],
    },
  });

  test('one tally per environment, the longest matching name owning a stack, and a total', () => {
    expect(summary.environments).toEqual([
      { environment: 'prod', stacks: 2, resources: 39, policyFindings: 1, acknowledged: 0 },
      { environment: 'prod-eu', stacks: 1, resources: 28, policyFindings: 1, acknowledged: 1 },
    ]);
    expect(summary.total).toEqual({ stacks: 3, resources: 67, policyFindings: 2, acknowledged: 1 });
  });

  test('lines: one per environment, then the total with the time and the folder', () => {
    expect(summaryLines(summary)).toEqual([
      'prod:    2 stacks, 39 resources, 1 policy finding',
      'prod-eu: 1 stack, 28 resources, 1 policy finding (1 acknowledged)',
      'synthesized 2 environments of config/multi.yaml: 3 stacks, 67 resources, 2 policy findings (1 acknowledged) in 0.21 s, into cdktf.out/',
    ]);
  });

  test('resources are counted by type and name, data sources not', () => {
    expect(
      resourceCount({
        resource: { aws_vpc: { a: {} }, aws_subnet: { b: {}, c: {} } },
        data: { aws_caller_identity: { d: {} } },
      }),
    ).toBe(3);
    expect(resourceCount({})).toBe(0);
  });
});

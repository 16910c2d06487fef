/**
 * The access report (lib/access/report.ts): a verdict the table does not expect is a problem that
 * names the call, the verdict and the deciding statements, and the report marks it. The command
 * itself, and docs/access-example.md, are tested in test/cli/access.test.ts.
 */
import { join } from 'node:path';
import { accessCalls } from '../../lib/access/calls';
import { accessModels } from '../../lib/access/model';
import { accessProblems, renderAccessJson, renderAccessMarkdown } from '../../lib/access/report';
import { type EnvironmentAccess, evaluateCall } from '../../lib/access/run';
import { loadConfig } from '../../lib/app/config';
import { readSynth } from '../../lib/app/synth-output';
import { ROOT, synth } from '../support/synth';

describe('the report of a verdict the table does not expect', () => {
  // The example's table, with one forbidden call claimed to be required.
  const config = loadConfig(join(ROOT, 'config', 'example.yaml'));
  const [model] = accessModels(config, readSynth(synth(config).outdir));
  const call = accessCalls(model!).find((c) => c.id === 'ldm-s3/delete-bucket')!;

  test('is a problem, marked in the report, and not ok in the JSON', async () => {
    const wrong = await evaluateCall({ ...call, expect: 'allowed' });
    const results: EnvironmentAccess[] = [
      {
        environment: 'sandbox',
        accountId: '111111111111',
        region: 'eu-west-1',
        documents: [],
        calls: [wrong],
      },
    ];
    expect(accessProblems(results)).toEqual([
      "sandbox: ldm-s3/delete-bucket must be allowed, the simulator says ImplicitlyDenied (no Allow in the caller's identity policies + no Allow in storage/aws_s3_bucket_policy.target-bucket-policy + no Allow in network/aws_vpc_endpoint.s3-interface-endpoint)",
    ]);
    expect(renderAccessMarkdown(results, { config: 'x.yaml' })).toContain(
      '**denied (no Allow): WRONG**',
    );
    expect(JSON.parse(renderAccessJson(results, { config: 'x.yaml' }))).toMatchObject({
      ok: false,
      environments: [{ calls: [{ id: 'ldm-s3/delete-bucket', ok: false }] }],
    });
  });
});

/**
 * The access tier over every file in config/: every IAM-bearing document of every stack is
 * validated (structure, actions, condition keys, ARNs), and every call of every environment's
 * table (lib/access/calls.ts) is simulated over the synthesized policies — identity, resource and
 * VPC endpoint policies together — and must get the verdict the table expects.
 */
import { basename } from 'node:path';
import { accessCalls, type Call } from '../../lib/access/calls';
import { accessModels } from '../../lib/access/model';
import { type CallVerdict, evaluateCall, validateDocuments } from '../../lib/access/run';
import { loadConfig } from '../../lib/app/config';
import { readSynth } from '../../lib/app/synth-output';
import { configFiles, synth } from '../support/synth';

/**
 * Calls the landing zone gets wrong today, `<config file>/<environment>/<call id>`: they run as
 * `test.failing` (they pass while the verdict is wrong) until the fix flips them.
 */
const KNOWN_DEFECTS = new Set<string>([
  'ec2-remote-agent.yaml/cloud/ssm-agent/update-instance-information',
  'ec2-remote-agent.yaml/cloud/ssm-agent/create-control-channel',
  'ec2-remote-agent.yaml/cloud/ssm-agent/open-data-channel',
  'ec2-remote-agent.yaml/cloud/ssm-agent/get-messages',
  'ec2-remote-agent.yaml/cloud/host-logs/create-log-stream',
  'ec2-remote-agent.yaml/cloud/host-logs/put-log-events',
  'existing-vpc.yaml/shared-vpc/other-workload/get-object-own-bucket',
  'existing-vpc.yaml/shared-vpc/other-workload/put-object-own-bucket',
  'transit-gateway.yaml/tgw/ssm-agent/update-instance-information',
  'transit-gateway.yaml/tgw/ssm-agent/create-control-channel',
  'transit-gateway.yaml/tgw/ssm-agent/open-data-channel',
  'transit-gateway.yaml/tgw/ssm-agent/get-messages',
  'transit-gateway.yaml/tgw/host-logs/create-log-stream',
  'transit-gateway.yaml/tgw/host-logs/put-log-events',
]);

/** `allowed` or `denied`, and the statements that decided, for a failure message a reviewer can act on. */
function verdictLine(v: CallVerdict): string {
  const cite = v.decidedBy
    .map((d) => `${d.policy}${d.sid ? `#${d.sid}` : ''}${d.effect === 'None' ? ' (no Allow)' : ''}`)
    .join(' + ');
  const near = v.nearMisses
    .map((n) => `${n.policy}#${n.sid ?? '?'} failed ${n.failedConditions.join(', ')}`)
    .join('; ');
  return `${v.decision === 'Allowed' ? 'allowed' : 'denied'} on ${v.decidingResource} by ${cite || '-'}${near ? ` (near misses: ${near})` : ''}`;
}

describe.each(configFiles().map((f) => [basename(f), f]))('%s', (name, file) => {
  const config = loadConfig(file);
  const models = accessModels(config, readSynth(synth(config).outdir));

  describe.each(models.map((m) => [m.environment.name, m]))('%s', (_env, m) => {
    test.each(m.documents.map((d) => [d.name, d]))('%s validates', async (_doc, d) => {
      const verdicts = await validateDocuments({ ...m, documents: [d] });
      expect(verdicts[0]!.findings).toEqual([]);
    });

    const key = (c: Call) => `${name}/${m.environment.name}/${c.id}`;
    const named = (cs: Call[]) => cs.map((c): [string, Call] => [`${c.expect}: ${c.id}`, c]);
    const calls = accessCalls(m);
    const expectVerdict = async (_id: string, call: Call) => {
      expect(verdictLine(await evaluateCall(call))).toMatch(new RegExp(`^${call.expect} `));
    };
    const right = calls.filter((c) => !KNOWN_DEFECTS.has(key(c)));
    const wrong = calls.filter((c) => KNOWN_DEFECTS.has(key(c)));
    test.each(named(right))('%s', expectVerdict);
    if (wrong.length > 0) test.failing.each(named(wrong))('%s (known defect)', expectVerdict);
  });
});

/**
 * The access tier over every file in config/: every IAM-bearing document of every stack is
 * validated (structure, actions, condition keys, ARNs), and every call of every environment's
 * table (lib/access/calls.ts) is simulated over the synthesized policies — identity, resource and
 * VPC endpoint policies together — and must get the verdict the table expects.
 */
import { basename } from 'node:path';
import { loadConfig } from '../../lib/app/config';
import { describeAccess } from '../support/access';
import { configFiles } from '../support/synth';

/**
 * Calls the landing zone gets wrong today, `<config file>/<environment>/<call id>`: they run as
 * `test.failing` (they pass while the verdict is wrong) until the fix flips them.
 */
const KNOWN_DEFECTS = [
  'ec2-remote-agent.yaml/cloud/ssm-agent/update-instance-information',
  'ec2-remote-agent.yaml/cloud/ssm-agent/create-control-channel',
  'ec2-remote-agent.yaml/cloud/ssm-agent/open-data-channel',
  'ec2-remote-agent.yaml/cloud/ssm-agent/get-messages',
  'ec2-remote-agent.yaml/cloud/host-logs/create-log-stream',
  'ec2-remote-agent.yaml/cloud/host-logs/put-log-events',
  'transit-gateway.yaml/tgw/ssm-agent/update-instance-information',
  'transit-gateway.yaml/tgw/ssm-agent/create-control-channel',
  'transit-gateway.yaml/tgw/ssm-agent/open-data-channel',
  'transit-gateway.yaml/tgw/ssm-agent/get-messages',
  'transit-gateway.yaml/tgw/host-logs/create-log-stream',
  'transit-gateway.yaml/tgw/host-logs/put-log-events',
];

describe.each(configFiles().map((f) => [basename(f), f]))('%s', (name, file) => {
  const known = KNOWN_DEFECTS.filter((k) => k.startsWith(`${name}/`)).map((k) =>
    k.slice(name.length + 1),
  );
  describeAccess(loadConfig(file), new Set(known));
});

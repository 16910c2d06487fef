import { CATALOGUE_PORTS } from '../../core/ports';
import { ruleName, securityGroupRules } from '../security-groups';
import type { Rule } from '../types';

export const sgCataloguePorts: Rule = {
  id: 'LDM-SG-004',
  title: 'Security group rules open only catalogue ports',
  reason:
    "Every open port must be one that LDM's published network requirements name (lib/core/ports.ts): one port per rule, TCP only.",
  severity: 'error',
  fix: `Open single TCP ports of the catalogue (${CATALOGUE_PORTS.join(', ')}) with from_port = to_port; any other port (a source cluster port) needs a catalogue entry in lib/core/ports.ts or an acknowledgement naming its service.`,
  checkov: [],
  cdkNag: ['EC2SecurityGroupOnlyTcp443'],
  check: (stack) =>
    securityGroupRules(stack).flatMap((r) => {
      let problem: string | undefined;
      if (r.protocol === 'all') problem = 'allows every protocol and port';
      else if (r.protocol !== 'tcp') problem = `allows protocol ${r.protocol || 'unset'}`;
      else if (r.fromPort === undefined || r.fromPort !== r.toPort)
        problem = `allows ports ${r.fromPort ?? '?'}-${r.toPort ?? '?'}`;
      else if (!CATALOGUE_PORTS.includes(r.fromPort))
        problem = `allows port ${r.fromPort}, which is not in the catalogue`;
      return problem ? [{ resource: r.resource, detail: `${ruleName(r)} ${problem}` }] : [];
    }),
};

import { CATALOGUE, inCatalogue, portLabel } from '../../core/ports';
import { ruleName, securityGroupRules } from '../security-groups';
import type { Rule } from '../types';

export const sgCataloguePorts: Rule = {
  id: 'LDM-SG-004',
  title: 'Security group rules open only catalogue ports',
  reason:
    "Every open port must be one that LDM's published network requirements name (lib/core/ports.ts): one port per rule, on the catalogue's protocol (TCP, and UDP only for DNS).",
  severity: 'error',
  fix: `Open single ports of the catalogue (${CATALOGUE.map(portLabel).join(', ')}) with from_port = to_port; any other port (a source cluster port, a remote Glue agent port other than 5052) needs a catalogue entry in lib/core/ports.ts or an acknowledgement naming its service.`,
  checkov: [],
  cdkNag: ['EC2SecurityGroupOnlyTcp443'],
  check: (stack) =>
    securityGroupRules(stack).flatMap((r) => {
      let problem: string | undefined;
      if (r.protocol === 'all') problem = 'allows every protocol and port';
      else if (r.protocol !== 'tcp' && r.protocol !== 'udp')
        problem = `allows protocol ${r.protocol || 'unset'}`;
      else if (r.fromPort === undefined || r.fromPort !== r.toPort)
        problem = `allows ports ${r.fromPort ?? '?'}-${r.toPort ?? '?'}`;
      else if (!inCatalogue(r.fromPort, r.protocol))
        problem =
          r.protocol === 'tcp'
            ? `allows port ${r.fromPort}, which is not in the catalogue`
            : `allows port ${portLabel({ port: r.fromPort, protocol: r.protocol })}, which is not in the catalogue`;
      return problem ? [{ resource: r.resource, detail: `${ruleName(r)} ${problem}` }] : [];
    }),
};

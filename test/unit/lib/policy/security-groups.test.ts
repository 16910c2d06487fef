import { sgCataloguePorts } from '../../../../lib/policy/rules/LDM-SG-004';
import { sgDescriptions } from '../../../../lib/policy/rules/LDM-SG-003';
import { sgNoAllPortsEgress } from '../../../../lib/policy/rules/LDM-SG-002';
import { isWorldOpen, sgNoWorldIngress } from '../../../../lib/policy/rules/LDM-SG-001';
import { securityGroupRules } from '../../../../lib/policy/security-groups';
import { StackView } from '../../../../lib/policy/stack';
import { broken, check, fixture, stackWith } from './helpers';

const ENDPOINT_SG = 'aws_security_group.endpoint-sg';

describe('security group rules, however they are written', () => {
  test('inline blocks, aws_security_group_rule and aws_vpc_security_group_*_rule read alike', () => {
    const rules = securityGroupRules(new StackView('fx', fixture('security')));
    expect(rules).toEqual([
      {
        resource: 'aws_security_group_rule.migrator-ui',
        at: '',
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 8081,
        toPort: 8081,
        cidrs: ['192.168.10.0/24'],
        description: 'LiveData UI (HTTP)',
      },
      expect.objectContaining({
        resource: 'aws_vpc_security_group_ingress_rule.migrator-ldm-api',
        fromPort: 18080,
        cidrs: ['192.168.10.0/24'],
      }),
      expect.objectContaining({
        resource: 'aws_vpc_security_group_egress_rule.migrator-https-to-s3',
        direction: 'egress',
        fromPort: 443,
        cidrs: [],
      }),
    ]);
  });
});

describe('LDM-SG-001 no inbound from the internet', () => {
  test('passes rules from the VPC, on premises and admin CIDRs', () => {
    expect(check(sgNoWorldIngress, fixture('network'))).toEqual([]);
    expect(check(sgNoWorldIngress, fixture('security'))).toEqual([]);
  });

  test('fails 0.0.0.0/0 and ::/0 in inline, legacy and new-style rules', () => {
    const json = broken('network', (s) => {
      s.resource.aws_security_group['endpoint-sg'].ingress[0].ipv6_cidr_blocks = ['::/0'];
      s.resource.aws_vpc_security_group_ingress_rule['endpoint-https-from-on-premises'].cidr_ipv4 =
        '0.0.0.0/0';
      s.resource.aws_security_group_rule = {
        legacy: {
          type: 'ingress',
          security_group_id: 'sg-1',
          protocol: 'tcp',
          from_port: 443,
          to_port: 443,
          cidr_blocks: ['10.0.0.0/8', '0.0.0.0/0'],
          description: 'x',
        },
      };
    });
    expect(check(sgNoWorldIngress, json)).toEqual([
      { resource: ENDPOINT_SG, detail: 'ingress rule ingress[0] allows ::/0' },
      { resource: 'aws_security_group_rule.legacy', detail: 'ingress rule allows 0.0.0.0/0' },
      {
        resource: 'aws_vpc_security_group_ingress_rule.endpoint-https-from-on-premises',
        detail: 'ingress rule allows 0.0.0.0/0',
      },
    ]);
  });

  test('fails blocks wider than /8 that together make the internet', () => {
    expect(['0.0.0.0/1', '128.0.0.0/1', '2000::/3'].map(isWorldOpen)).toEqual([true, true, true]);
    expect(['10.0.0.0/8', '192.168.0.0/16', '2001:db8::/32'].map(isWorldOpen)).toEqual([
      false,
      false,
      false,
    ]);
  });

  test('leaves egress to 0.0.0.0/0 to the egress rules', () => {
    const json = stackWith({
      aws_security_group: {
        sg: {
          description: 'x',
          egress: [
            {
              protocol: 'tcp',
              from_port: 443,
              to_port: 443,
              cidr_blocks: ['0.0.0.0/0'],
              description: 'x',
            },
          ],
        },
      },
    });
    expect(check(sgNoWorldIngress, json)).toEqual([]);
  });

  test('warns (cannot verify) on a source only known at plan time', () => {
    const json = broken('network', (s) => {
      s.resource.aws_vpc_security_group_ingress_rule['endpoint-https-from-on-premises'].cidr_ipv4 =
        '${data.terraform_remote_state.net.outputs.cidr}';
    });
    expect(check(sgNoWorldIngress, json)).toEqual([
      {
        resource: 'aws_vpc_security_group_ingress_rule.endpoint-https-from-on-premises',
        detail:
          'cannot verify ingress rule: its source ${data.terraform_remote_state.net.outputs.cidr} is only known at plan time',
        severity: 'warning',
      },
    ]);
  });
});

describe('LDM-SG-002 no all-ports egress', () => {
  test('passes 443 egress, and a group without egress (Terraform removes the default allow-all)', () => {
    expect(check(sgNoAllPortsEgress, fixture('security'))).toEqual([]);
    expect(check(sgNoAllPortsEgress, fixture('network'))).toEqual([]);
  });

  test('fails protocol -1 and a 0-65535 range', () => {
    const json = broken('security', (s) => {
      s.resource.aws_security_group['migrator-host-sg'].egress = [
        {
          protocol: '-1',
          from_port: 0,
          to_port: 0,
          cidr_blocks: ['10.0.0.0/16'],
          description: 'all',
        },
        {
          protocol: 'tcp',
          from_port: 0,
          to_port: 65535,
          cidr_blocks: ['10.0.0.0/16'],
          description: 'tcp',
        },
      ];
      s.resource.aws_vpc_security_group_egress_rule['migrator-https-to-s3'].ip_protocol = '-1';
    });
    expect(check(sgNoAllPortsEgress, json)).toEqual([
      {
        resource: 'aws_security_group.migrator-host-sg',
        detail: 'egress rule egress[0] allows all ports',
      },
      {
        resource: 'aws_security_group.migrator-host-sg',
        detail: 'egress rule egress[1] allows all ports',
      },
      {
        resource: 'aws_vpc_security_group_egress_rule.migrator-https-to-s3',
        detail: 'egress rule allows all ports',
      },
    ]);
  });
});

describe('LDM-SG-003 descriptions', () => {
  test('passes described groups and rules', () => {
    expect(check(sgDescriptions, fixture('network'))).toEqual([]);
    expect(check(sgDescriptions, fixture('security'))).toEqual([]);
  });

  test("fails a group with the provider's default description and rules without one", () => {
    const json = broken('network', (s) => {
      s.resource.aws_security_group['endpoint-sg'].description = 'Managed by Terraform';
      s.resource.aws_security_group['endpoint-sg'].ingress[0].description = null;
      s.resource.aws_vpc_security_group_ingress_rule[
        'endpoint-https-from-on-premises'
      ].description = ' ';
    });
    expect(check(sgDescriptions, json)).toEqual([
      { resource: ENDPOINT_SG, detail: 'the security group has no description' },
      { resource: ENDPOINT_SG, detail: 'ingress rule ingress[0] has no description' },
      {
        resource: 'aws_vpc_security_group_ingress_rule.endpoint-https-from-on-premises',
        detail: 'ingress rule has no description',
      },
    ]);
  });
});

describe('LDM-SG-004 catalogue ports only', () => {
  test('passes single catalogue ports over TCP (443, 8081, 18080)', () => {
    expect(check(sgCataloguePorts, fixture('network'))).toEqual([]);
    expect(check(sgCataloguePorts, fixture('security'))).toEqual([]);
  });

  test('passes DNS over UDP and TCP (53), the one catalogue entry on UDP', () => {
    const json = broken('security', (s) => {
      s.resource.aws_security_group['migrator-host-sg'].ingress = ['udp', 'tcp', '17'].map(
        (protocol) => ({
          protocol,
          from_port: 53,
          to_port: 53,
          cidr_blocks: ['192.168.10.0/24'],
          description: 'dns',
        }),
      );
    });
    expect(check(sgCataloguePorts, json)).toEqual([]);
  });

  test('fails a port outside the catalogue, a range, UDP off the catalogue and all traffic', () => {
    const json = broken('security', (s) => {
      s.resource.aws_security_group['migrator-host-sg'].ingress = [
        {
          protocol: 'tcp',
          from_port: 22,
          to_port: 22,
          cidr_blocks: ['192.168.10.0/24'],
          description: 'ssh',
        },
        {
          protocol: 'tcp',
          from_port: 6780,
          to_port: 6781,
          cidr_blocks: ['192.168.10.0/24'],
          description: 'both',
        },
        {
          protocol: 'udp',
          from_port: 443,
          to_port: 443,
          cidr_blocks: ['192.168.10.0/24'],
          description: 'quic',
        },
        {
          protocol: '-1',
          from_port: 0,
          to_port: 0,
          cidr_blocks: ['192.168.10.0/24'],
          description: 'all',
        },
      ];
    });
    expect(check(sgCataloguePorts, json).map((v) => v.detail)).toEqual([
      'ingress rule ingress[0] allows port 22, which is not in the catalogue',
      'ingress rule ingress[1] allows ports 6780-6781',
      'ingress rule ingress[2] allows port 443/udp, which is not in the catalogue',
      'ingress rule ingress[3] allows every protocol and port',
    ]);
  });

  test('reads protocol numbers (6 is tcp)', () => {
    const json = broken('security', (s) => {
      s.resource.aws_security_group_rule['migrator-ui'].protocol = '6';
    });
    expect(check(sgCataloguePorts, json)).toEqual([]);
  });
});

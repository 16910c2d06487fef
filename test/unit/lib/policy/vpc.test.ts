import { vpcDefaultSecurityGroupClosed } from '../../../../lib/policy/rules/LDM-VPC-002';
import { vpcFlowLogs } from '../../../../lib/policy/rules/LDM-VPC-001';
import { vpcNoPublicIp } from '../../../../lib/policy/rules/LDM-VPC-003';
import { broken, check, fixture, stackWith } from './helpers';

describe('LDM-VPC-001 flow logs', () => {
  test('passes a VPC whose flow log captures all traffic', () => {
    expect(check(vpcFlowLogs, fixture('network'))).toEqual([]);
  });

  test('fails a VPC without a flow log, and one that logs rejected traffic only', () => {
    const none = broken('network', (s) => delete s.resource.aws_flow_log);
    const rejects = broken(
      'network',
      (s) => (s.resource.aws_flow_log['flow-log'].traffic_type = 'REJECT'),
    );
    expect([...check(vpcFlowLogs, none), ...check(vpcFlowLogs, rejects)]).toEqual([
      { resource: 'aws_vpc.vpc', detail: 'no aws_flow_log' },
      { resource: 'aws_vpc.vpc', detail: 'traffic_type is REJECT' },
    ]);
  });

  test('does not apply to an existing VPC the stack only adds to (no aws_vpc)', () => {
    const json = broken('network', (s) => {
      delete s.resource.aws_vpc;
      delete s.resource.aws_flow_log;
    });
    expect(check(vpcFlowLogs, json)).toEqual([]);
  });
});

describe('LDM-VPC-002 default security group closed', () => {
  test('passes a managed default group without rules', () => {
    expect(check(vpcDefaultSecurityGroupClosed, fixture('network'))).toEqual([]);
    const omitted = broken('network', (s) => {
      s.resource.aws_default_security_group['default-security-group'] = {
        vpc_id: '${aws_vpc.vpc.id}',
      };
    });
    expect(check(vpcDefaultSecurityGroupClosed, omitted)).toEqual([]);
  });

  test('fails a VPC whose default group is not managed, and a default group with rules', () => {
    const unmanaged = broken('network', (s) => delete s.resource.aws_default_security_group);
    const open = broken('network', (s) => {
      s.resource.aws_default_security_group['default-security-group'].egress = [
        { protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'] },
      ];
    });
    expect([
      ...check(vpcDefaultSecurityGroupClosed, unmanaged),
      ...check(vpcDefaultSecurityGroupClosed, open),
    ]).toEqual([
      { resource: 'aws_vpc.vpc', detail: 'no aws_default_security_group' },
      {
        resource: 'aws_default_security_group.default-security-group',
        detail: 'the default security group has rules',
      },
    ]);
  });
});

describe('LDM-VPC-003 no public IP auto-assignment', () => {
  test('passes subnets with map_public_ip_on_launch false or unset', () => {
    expect(check(vpcNoPublicIp, fixture('network'))).toEqual([]);
  });

  test('fails a subnet and a default subnet that assign public IPs', () => {
    const json = broken('network', (s) => {
      s.resource.aws_subnet['private-eu-west-1b'].map_public_ip_on_launch = true;
    });
    const defaults = stackWith({
      aws_default_subnet: { a: { availability_zone: 'eu-west-1a', map_public_ip_on_launch: true } },
    });
    expect([...check(vpcNoPublicIp, json), ...check(vpcNoPublicIp, defaults)]).toEqual([
      { resource: 'aws_subnet.private-eu-west-1b', detail: 'map_public_ip_on_launch is true' },
      { resource: 'aws_default_subnet.a', detail: 'map_public_ip_on_launch is true' },
    ]);
  });
});

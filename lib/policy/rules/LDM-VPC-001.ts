import { pointsAt } from '../stack';
import type { Rule } from '../types';

export const vpcFlowLogs: Rule = {
  id: 'LDM-VPC-001',
  title: 'VPCs log all traffic',
  reason:
    'Flow logs are the record of which host talked to which endpoint: needed to investigate any incident.',
  severity: 'error',
  fix: 'Add an aws_flow_log for the VPC with traffic_type ALL (network.flowLogRetentionDays sets the retention).',
  checkov: ['CKV2_AWS_11'],
  cdkNag: ['AwsSolutions-VPC7 (VPCFlowLogsEnabled)'],
  check: (stack) =>
    stack.resources('aws_vpc').flatMap((vpc) => {
      const logs = stack
        .resources('aws_flow_log')
        .filter((l) => pointsAt(l.body.vpc_id, vpc, ['id']));
      if (logs.some((l) => l.body.traffic_type === 'ALL')) return [];
      const detail =
        logs.length === 0
          ? 'no aws_flow_log'
          : `traffic_type is ${logs.map((l) => String(l.body.traffic_type)).join(', ')}`;
      return [{ resource: vpc.address, detail }];
    }),
};

/**
 * The access tier over configurations no file in config/ shows: the same documents validated and
 * the same table simulated, for the combinations a fix or a relaxation is about.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { validateConfig } from '../../lib/app/config';
import { describeAccess } from '../support/access';
import { CONFIG_DIR } from '../support/synth';

/** A file of config/ with its first environment changed in place. */
function variant(file: string, change: (env: Record<string, any>) => void) {
  const raw = parse(readFileSync(join(CONFIG_DIR, file), 'utf8')) as Record<string, any>;
  change(raw.environments[0]);
  return validateConfig(raw, `${file} (variant)`);
}

describe('existing VPC with the S3 gateway endpoint: other workloads keep reaching their buckets', () => {
  describeAccess(
    variant('existing-vpc.yaml', (env) => {
      env.network.existingVpc.s3GatewayEndpoint = true;
    }),
  );
});

describe('existing VPC with an EC2 migrator host, its gateway endpoint and the data perimeter', () => {
  describeAccess(
    variant('existing-vpc.yaml', (env) => {
      env.network.existingVpc.s3GatewayEndpoint = true;
      env.migrator = {
        placement: 'ec2',
        adminCidrs: ['192.168.10.0/24'],
        credentials: 'instance-profile',
        sourceClusterPorts: [8020, 9866],
      };
      env.storage.restrictToVpcEndpoints = true;
    }),
  );
});

describe('assume-role credentials with an external id and a source network', () => {
  describeAccess(
    variant('example.yaml', (env) => {
      env.migrator = {
        placement: 'on-premises',
        credentials: 'assume-role',
        assumeRole: {
          principals: ['arn:aws:iam::222222222222:role/ldm-edge'],
          externalId: 'ldm-7f3a9c',
          conditions: { IpAddress: { 'aws:SourceIp': ['192.168.0.0/16'] } },
        },
      };
    }),
  );
});

describe("another account's catalog (catalog.catalogId), reached through the environment's Glue endpoint", () => {
  describeAccess(
    variant('example.yaml', (env) => {
      env.catalog.catalogId = '444444444444';
    }),
  );
});

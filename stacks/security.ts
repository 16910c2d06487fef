/** `<env>-security`: the environment's KMS key and the IAM identity LDM and HiveMigrator use. */
import type { Construct } from 'constructs';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { BaseStack, type LayerStackProps } from './base';
import type { NetworkOutputs, SecurityOutputs } from '../lib/outputs';
import { partitionOf } from '../lib/regions';

export interface SecurityStackProps extends LayerStackProps {
  readonly network: NetworkOutputs;
}

export class SecurityStack extends BaseStack {
  readonly outputs: SecurityOutputs;

  constructor(scope: Construct, props: SecurityStackProps) {
    super(scope, 'security', props);
    const { accountId, region } = this.environment;
    const partition = partitionOf(region);

    const key = new KmsKey(this, 'data-key', {
      description: `${this.names.prefix}: S3 target data, Glue Data Catalog and logs`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AccountAdministration',
            Effect: 'Allow',
            Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
            Action: 'kms:*',
            Resource: '*',
          },
        ],
      }),
      lifecycle: { preventDestroy: true },
    });
    const alias = new KmsAlias(this, 'data-key-alias', {
      name: this.names.kmsAlias,
      targetKeyId: key.keyId,
    });

    const role = new IamRole(this, 'migrator-role', {
      name: this.names.migratorRole,
      description:
        'LiveData Migrator and HiveMigrator access to the S3 target and the Glue Data Catalog',
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
            Action: 'sts:AssumeRole',
          },
        ],
      }),
    });

    this.outputs = this.publish({
      kmsKeyArn: key.arn,
      kmsAliasName: alias.name,
      migratorRoleArn: role.arn,
      migratorRoleName: this.names.migratorRole,
    });
  }
}

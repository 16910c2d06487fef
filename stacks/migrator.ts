/** `<env>-migrator`: the migrator host's configuration, published where the host can read it. */
import type { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { BaseStack, type LayerStackProps } from './base';
import type {
  CatalogOutputs,
  MigratorOutputs,
  NetworkOutputs,
  SecurityOutputs,
  StorageOutputs,
} from '../lib/outputs';

export interface MigratorStackProps extends LayerStackProps {
  readonly network: NetworkOutputs;
  readonly security: SecurityOutputs;
  readonly storage: StorageOutputs;
  readonly catalog: CatalogOutputs;
}

export class MigratorStack extends BaseStack {
  readonly outputs: MigratorOutputs;

  constructor(scope: Construct, props: MigratorStackProps) {
    super(scope, 'migrator', props);
    const name = `${this.names.ssmPrefix}/config.json`;
    new SsmParameter(this, 'host-config', {
      name,
      description: 'LiveData Migrator host configuration (rendered from the landing zone outputs)',
      type: 'SecureString',
      keyId: props.security.kmsKeyArn,
      value: Fn.jsonencode({
        bucketName: props.storage.bucketName,
        s3EndpointDnsName: props.network.endpoints.s3.dnsName,
        glueEndpointDnsName: props.catalog.glueEndpointDnsName,
        region: this.environment.region,
        roleArn: props.security.migratorRoleArn,
      }),
    });
    this.outputs = this.publish({ configParameterName: name });
  }
}

/** `<env>-catalog`: the Glue Data Catalog databases HiveMigrator writes into. */
import type { Construct } from 'constructs';
import { GlueCatalogDatabase } from '@cdktf/provider-aws/lib/glue-catalog-database';
import { BaseStack, type LayerStackProps } from './base';
import type {
  CatalogOutputs,
  NetworkOutputs,
  SecurityOutputs,
  StorageOutputs,
} from '../lib/outputs';

export interface CatalogStackProps extends LayerStackProps {
  readonly network: NetworkOutputs;
  readonly security: SecurityOutputs;
  readonly storage: StorageOutputs;
}

export class CatalogStack extends BaseStack {
  readonly outputs: CatalogOutputs;

  constructor(scope: Construct, props: CatalogStackProps) {
    super(scope, 'catalog', props);
    const databases = this.environment.catalog.databases.map(
      (db) =>
        new GlueCatalogDatabase(this, `database-${db.name}`, {
          name: db.name,
          description: db.description,
          locationUri: `s3://${props.storage.bucketName}/warehouse/${db.name}.db`,
          lifecycle: { preventDestroy: true },
        }),
    );

    this.outputs = this.publish({
      catalogId: this.environment.accountId,
      databaseNames: this.environment.catalog.databases.map((db) => db.name),
      databaseArns: databases.map((db) => db.arn),
      glueEndpointDnsName: props.network.endpoints.glue.dnsName,
    });
  }
}

/**
 * `<env>-catalog`: the Glue Data Catalog side of HiveMigrator. The catalog encrypted with the
 * environment's key, one database per migrated Hive database pointing into the target bucket, and
 * optionally read access for other accounts and the bucket registered with Lake Formation. With
 * `catalog.catalogId` the catalog belongs to another account: the stack creates nothing and only
 * publishes where HiveMigrator writes.
 */
import type { Construct } from 'constructs';
import { GlueCatalogDatabase } from '@cdktf/provider-aws/lib/glue-catalog-database';
import { GlueDataCatalogEncryptionSettings } from '@cdktf/provider-aws/lib/glue-data-catalog-encryption-settings';
import { GlueResourcePolicy } from '@cdktf/provider-aws/lib/glue-resource-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LakeformationResource } from '@cdktf/provider-aws/lib/lakeformation-resource';
import { BaseStack, type LayerStackProps } from '../../lib/constructs/base-stack';
import { type GlueCatalogRef, glueDatabaseArn } from '../../lib/core/arns';
import type { SecurityOutputs } from '../security/outputs';
import type { StorageOutputs } from '../storage/outputs';
import type { NetworkOutputs } from '../network/outputs';
import { type CatalogOutputs, catalogOutputs } from './outputs';
import { databaseLocation } from './locations';
import {
  catalogReadPolicy,
  lakeFormationDataAccessPolicy,
  lakeFormationTrustPolicy,
} from './policies';

export interface CatalogStackProps extends LayerStackProps {
  readonly network: NetworkOutputs;
  readonly security: SecurityOutputs;
  readonly storage: StorageOutputs;
}

/** Construct ids of the account-wide settings: their Terraform addresses are a contract. */
export const ENCRYPTION_SETTINGS_ID = 'catalog-encryption';
export const READ_POLICY_ID = 'catalog-read-policy';

/** The construct id (and Terraform name) of a database: `database-<name>`, a contract. */
export function databaseConstructId(name: string): string {
  return `database-${name}`;
}

export class CatalogStack extends BaseStack {
  readonly outputs: CatalogOutputs;

  constructor(scope: Construct, props: CatalogStackProps) {
    super(scope, 'catalog', props);
    const { catalog } = this.environment;
    const { partition, region, accountId } = this.context.aws;
    const ref: GlueCatalogRef = { partition, region, catalogId: catalog.catalogId ?? accountId };
    // Config validation has checked that explicit locations stay in the target bucket.
    const databases = catalog.databases.map((db) => {
      const locationUri = databaseLocation(db, props.storage.bucketName, catalog.warehousePrefix);
      return { ...db, locationUri };
    });

    // What the stack stops managing is forgotten (Terraform `removed` blocks), never destroyed.
    const forget: string[] = [];
    if (catalog.manageEncryptionSettings) {
      this.encryptCatalog(props.security.kmsKeyArn);
    } else {
      forget.push(`aws_glue_data_catalog_encryption_settings.${ENCRYPTION_SETTINGS_ID}`);
    }
    if (catalog.catalogId === undefined) {
      for (const db of databases) {
        new GlueCatalogDatabase(this, databaseConstructId(db.name), {
          name: db.name,
          description: db.description,
          locationUri: db.locationUri,
          // Deleting a database deletes every table definition HiveMigrator wrote into it.
          lifecycle: { preventDestroy: true },
        });
      }
    } else {
      // Another account's catalog: databases created here before catalogId was set stay as they are.
      forget.push(
        ...databases.map((db) => `aws_glue_catalog_database.${databaseConstructId(db.name)}`),
      );
    }
    if (catalog.crossAccountReaders.length > 0) {
      const names = databases.map((db) => db.name);
      this.allowCrossAccountRead(ref, names, catalog.crossAccountReaders);
    }
    if (catalog.registerWithLakeFormation) {
      this.registerWithLakeFormation(props.storage.bucketArn, props.security.kmsKeyArn);
    }
    if (forget.length > 0) {
      this.addOverride(
        'removed',
        forget.map((from) => ({ from, lifecycle: { destroy: false } })),
      );
    }

    this.outputs = this.publish(catalogOutputs, {
      catalogId: ref.catalogId,
      databaseNames: databases.map((db) => db.name),
      databaseArns: databases.map((db) => glueDatabaseArn(ref, db.name)),
      databaseLocationUris: databases.map((db) => db.locationUri),
      warehousePrefix: catalog.warehousePrefix,
      glueEndpointDnsName: props.network.endpoints.glue.dnsName,
    });
  }

  /**
   * The catalog's resource policy: the readers may look up the databases and their tables. One
   * policy per account and region exists; Terraform refuses to create this one over another.
   */
  private allowCrossAccountRead(ref: GlueCatalogRef, databases: string[], readers: string[]) {
    new GlueResourcePolicy(this, READ_POLICY_ID, {
      policy: JSON.stringify(catalogReadPolicy({ catalog: ref, databases, readers })),
    });
  }

  /**
   * SSE-KMS at rest and encrypted connection passwords, both with the environment's key. These
   * settings are the account's, in this region: destroying the resource resets them, switching
   * catalog encryption off for everyone, hence prevent_destroy (and a `removed` block when
   * management is turned off).
   */
  private encryptCatalog(kmsKeyArn: string): void {
    new GlueDataCatalogEncryptionSettings(this, ENCRYPTION_SETTINGS_ID, {
      dataCatalogEncryptionSettings: {
        encryptionAtRest: { catalogEncryptionMode: 'SSE-KMS', sseAwsKmsKeyId: kmsKeyArn },
        connectionPasswordEncryption: {
          returnConnectionPasswordEncrypted: true,
          awsKmsKeyId: kmsKeyArn,
        },
      },
      lifecycle: { preventDestroy: true },
    });
  }

  /**
   * Registers the target bucket with Lake Formation through a role of its own that only Lake
   * Formation may assume (the migrator role trusts other principals and must not be handed to a
   * service), with the S3 and KMS access Lake Formation documents for a user-defined role.
   */
  private registerWithLakeFormation(bucketArn: string, kmsKeyArn: string): void {
    const role = new IamRole(this, 'lake-formation-role', {
      name: this.names.lakeFormationRole,
      description: 'Lake Formation access to the LiveData Migrator target bucket',
      assumeRolePolicy: JSON.stringify(lakeFormationTrustPolicy(this.context.aws)),
    });
    new IamRolePolicy(this, 'lake-formation-role-policy', {
      name: 'target-bucket-data-access',
      role: role.name,
      policy: JSON.stringify(
        lakeFormationDataAccessPolicy({ region: this.environment.region, bucketArn, kmsKeyArn }),
      ),
    });
    new LakeformationResource(this, 'lake-formation-location', {
      arn: bucketArn,
      roleArn: role.arn,
      useServiceLinkedRole: false,
    });
  }
}

/** What the catalog layer hands to the others, declared once (see stacks/network/outputs.ts). */
import { z } from 'zod';

export const catalogOutputs = z.strictObject({
  catalogId: z.string().meta({
    description:
      'The account id of the Data Catalog HiveMigrator writes into (`--glue-catalog-id`).',
  }),
  databaseNames: z.array(z.string()),
  databaseArns: z.array(z.string()).meta({
    description:
      'In the order of `databaseNames`; computed, so they exist before the databases do.',
  }),
  databaseLocationUris: z
    .array(z.string())
    .meta({ description: '`s3://…` location of each database, in the order of `databaseNames`.' }),
  warehousePrefix: z.string().meta({
    description: 'Key prefix of the default database locations in the target bucket.',
  }),
  glueEndpointDnsName: z.string().meta({
    description: "The Glue interface endpoint's endpoint-specific DNS name.",
  }),
});
export type CatalogOutputs = z.infer<typeof catalogOutputs>;

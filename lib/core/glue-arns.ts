/**
 * ARNs of Glue Data Catalog resources. They are computed, never read back from AWS: the catalog id
 * is an account id and database names come from the config, so policies in any stack can name them
 * at synth time without a cross-stack reference.
 */

/** Which Data Catalog: the account that owns it, in a region of a partition. */
export interface GlueCatalogRef {
  readonly partition: string;
  readonly region: string;
  /** The owning account id (Glue's catalog id). */
  readonly catalogId: string;
}

function glueArn(c: GlueCatalogRef, resource: string): string {
  return `arn:${c.partition}:glue:${c.region}:${c.catalogId}:${resource}`;
}

/** The catalog itself: every Glue call on a database or table is also authorised against it. */
export function glueCatalogArn(c: GlueCatalogRef): string {
  return glueArn(c, 'catalog');
}

export function glueDatabaseArn(c: GlueCatalogRef, database: string): string {
  return glueArn(c, `database/${database}`);
}

/** Every table of a database (partitions are authorised against their table). */
export function glueTablesArn(c: GlueCatalogRef, database: string): string {
  return glueArn(c, `table/${database}/*`);
}

/** `environments[].catalog`: the Glue Data Catalog databases HiveMigrator writes into. */
import { z } from 'zod';
import type { AddProblem, PartialEnvironment } from './common';

const GLUE_DB_NAME = 'a Glue database name: 1-255 lowercase letters, digits and underscores';

export const databaseSchema = z.strictObject({
  name: z.string({ error: GLUE_DB_NAME }).regex(/^[a-z0-9_]{1,255}$/, { error: GLUE_DB_NAME }),
  description: z.string().max(2048).optional(),
});

export const catalogSchema = z.strictObject({
  /** Glue databases to create, one per Hive database being migrated. @default [] */
  databases: z.array(databaseSchema).default([]),
});

export type CatalogConfig = z.infer<typeof catalogSchema>;
export type DatabaseConfig = z.infer<typeof databaseSchema>;

/** Rules that span catalog fields (and other sections). */
export function checkCatalog(_env: PartialEnvironment, _add: AddProblem): void {
  // No cross-field rule yet.
}

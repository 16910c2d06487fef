/**
 * Where source paths land in the target bucket: LDM's path mappings, and the data migrations that
 * use them. Plain functions of the databases' locations, shared by the renderer (which reads the
 * locations from the catalog layer's outputs) and config validation (which computes them from
 * the config), so a configured migration is checked against exactly the mappings LDM gets.
 */
import { parseS3Uri } from '../catalog/locations';

export interface PathMapping {
  readonly id: string;
  readonly sourcePath: string;
  readonly targetPath: string;
  readonly description: string;
}

/** What decides the mappings: the target bucket, the Hive warehouse, each database's location. */
export interface MappingInput {
  readonly bucket: string;
  readonly warehousePrefix: string;
  /** `migrator.hosts.hiveWarehousePath`: where the source cluster keeps Hive's warehouse. */
  readonly warehousePath: string;
  readonly databases: readonly { readonly name: string; readonly locationUri: string }[];
}

/** The one mapping of the whole warehouse, when every database has its default location. */
export const WAREHOUSE_MAPPING_ID = 'hive-warehouse';

/**
 * Path mappings, so the Hive warehouse's directories land where the Glue databases point. When
 * every database has its default location (`<warehousePrefix>/<name>.db` in the target bucket),
 * one mapping of the whole warehouse does it, as LDM's documentation shows. Otherwise each
 * database in the target bucket gets its own mapping (they never overlap); a database located in
 * another bucket gets none (the S3 filesystem is the target bucket).
 */
export function pathMappings(input: MappingInput): PathMapping[] {
  const { bucket, warehousePrefix, warehousePath } = input;
  const locations = input.databases.map(({ name, locationUri }) => ({
    name,
    location: parseS3Uri(locationUri),
  }));
  if (locations.length === 0) return [];
  const isDefault = ({ name, location }: (typeof locations)[number]) =>
    location?.bucket === bucket && location.key === `${warehousePrefix}/${name}.db`;
  if (locations.every(isDefault)) {
    return [
      {
        id: WAREHOUSE_MAPPING_ID,
        sourcePath: warehousePath,
        targetPath: `/${warehousePrefix}`,
        description: 'Hive warehouse into the Glue Data Catalog warehouse prefix',
      },
    ];
  }
  return locations.flatMap(({ name, location }) =>
    location?.bucket === bucket
      ? [
          {
            id: `hive-${name}`,
            sourcePath: databasePath(warehousePath, name),
            targetPath: `/${location.key.replace(/\/+$/, '')}`,
            description: `Hive database ${name} into its Glue Data Catalog location`,
          },
        ]
      : [],
  );
}

/** A Hive database's directory in the source warehouse: `<warehouse>/<name>.db`. */
export function databasePath(warehousePath: string, database: string): string {
  return `${warehousePath}/${database}.db`;
}

/** The databases whose data has somewhere to go: those in the target bucket (one mapping each). */
export function mappedDatabases(input: MappingInput): string[] {
  return input.databases
    .filter(({ locationUri }) => parseS3Uri(locationUri)?.bucket === input.bucket)
    .map(({ name }) => name);
}

/** Whether `path` is a mapping's source path or lies under one. */
export function isMapped(path: string, mappings: readonly PathMapping[]): boolean {
  return mappings.some((m) => path === m.sourcePath || path.startsWith(`${m.sourcePath}/`));
}

/**
 * Where a Glue database points: Hive's warehouse layout (`<prefix>/<database>.db`) inside the S3
 * target bucket, unless a database names its own location.
 */

/** `warehouse`, `hive/warehouse`: letters, digits, hyphens and underscores, slash-separated. */
export const KEY_PREFIX = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

/** Longest location URI Glue accepts on a database. */
export const LOCATION_URI_MAX_LENGTH = 1024;

export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

/** `s3://bucket/key` into its parts; `undefined` for anything else (another scheme, no key, spaces). */
export function parseS3Uri(uri: string): S3Location | undefined {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/([^/\s]\S*)$/.exec(uri);
  if (!match || uri.length > LOCATION_URI_MAX_LENGTH) return undefined;
  return { bucket: match[1]!, key: match[2]! };
}

/** The default location of a database: `s3://<bucket>/<prefix>/<database>.db`. */
export function defaultDatabaseLocation(bucket: string, prefix: string, database: string): string {
  return `s3://${bucket}/${prefix}/${database}.db`;
}

/** A database's location: its own `locationUri`, or the default under the warehouse prefix. */
export function databaseLocation(
  db: { readonly name: string; readonly locationUri?: string },
  bucket: string,
  prefix: string,
): string {
  return db.locationUri ?? defaultDatabaseLocation(bucket, prefix, db.name);
}

export function isInBucket(uri: string, bucket: string): boolean {
  return parseS3Uri(uri)?.bucket === bucket;
}

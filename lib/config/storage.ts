/** `environments[].storage`: the S3 target bucket. */
import { z } from 'zod';
import type { AddProblem, PartialEnvironment } from './common';

const days = (what: string) =>
  z
    .number({ error: `${what}: a whole number of days, 1 or more` })
    .int()
    .min(1, {
      error: `${what}: a whole number of days, 1 or more`,
    });

export const storageSchema = z.strictObject({
  /** Keep noncurrent object versions (LDM overwrites and replays deletes). @default true */
  versioning: z.boolean().default(true),
  /** Days a noncurrent version is kept before it expires. @default 30 */
  noncurrentVersionExpirationDays: days('noncurrent version expiry').default(30),
  /** Days before an interrupted multipart upload is aborted (and stops costing money). @default 7 */
  abortIncompleteMultipartUploadDays: days('abort incomplete multipart uploads').default(7),
});

export type StorageConfig = z.infer<typeof storageSchema>;

/** Rules that span storage fields (and other sections). */
export function checkStorage(_env: PartialEnvironment, _add: AddProblem): void {
  // No cross-field rule yet.
}

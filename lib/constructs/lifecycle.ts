/**
 * Lifecycle rules of the storage buckets, as plain objects in the shape of Terraform's
 * `aws_s3_bucket_lifecycle_configuration` rule blocks. Every rule carries an explicit filter: the
 * AWS provider 5.x warns about a rule without one, and a rule that names the whole bucket as
 * `prefix = ""` says so on purpose.
 */

export interface LifecycleRule {
  readonly id: string;
  readonly status: 'Enabled';
  /** One block; `prefix: ''` is the whole bucket. */
  readonly filter: { readonly prefix: string }[];
  readonly abortIncompleteMultipartUpload?: { readonly daysAfterInitiation: number }[];
  readonly expiration?: { readonly days?: number; readonly expiredObjectDeleteMarker?: boolean }[];
  readonly noncurrentVersionExpiration?: { readonly noncurrentDays: number }[];
}

export interface LifecycleSettings {
  /** Days after which an unfinished multipart upload is aborted and its parts deleted. */
  readonly abortIncompleteMultipartUploadDays: number;
  /** Days a version is kept after it stopped being current. */
  readonly noncurrentVersionExpirationDays: number;
  /** Days after which current objects expire; none keeps them. */
  readonly expirationDays?: number;
}

/** A filter that names every object of the bucket. */
const wholeBucket = () => [{ prefix: '' }];

/**
 * The rules of one bucket:
 * - interrupted multipart uploads (S3A uploads big files in parts) are aborted, so their invisible
 *   parts stop costing money;
 * - noncurrent versions (what LDM's overwrites and replayed deletes leave behind) expire, and so do
 *   delete markers once no version is left behind them. The rule stays when versioning is
 *   suspended: versions kept while it was on still expire;
 * - with `expirationDays`, current objects expire (the access logs' retention).
 */
export function lifecycleRules(settings: LifecycleSettings): LifecycleRule[] {
  const rules: LifecycleRule[] = [
    {
      id: 'abort-incomplete-multipart-uploads',
      status: 'Enabled',
      filter: wholeBucket(),
      abortIncompleteMultipartUpload: [
        { daysAfterInitiation: settings.abortIncompleteMultipartUploadDays },
      ],
    },
    {
      id: 'expire-noncurrent-versions',
      status: 'Enabled',
      filter: wholeBucket(),
      noncurrentVersionExpiration: [{ noncurrentDays: settings.noncurrentVersionExpirationDays }],
      expiration: [{ expiredObjectDeleteMarker: true }],
    },
  ];
  if (settings.expirationDays !== undefined) {
    // S3 takes expiration days and expired-delete-marker cleanup only in separate rules.
    rules.push({
      id: 'expire-objects',
      status: 'Enabled',
      filter: wholeBucket(),
      expiration: [{ days: settings.expirationDays }],
    });
  }
  return rules;
}

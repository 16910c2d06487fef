/**
 * S3 buckets and their split configuration resources (provider 5.x): a bucket's public access
 * block, versioning, encryption... are separate resources whose `bucket` refers to it, by
 * reference (`${aws_s3_bucket.x.id}`) or by its literal name.
 */
import { type Entry, pointsAt, type StackView } from './stack';

/** Every bucket of the stack. */
export function buckets(stack: StackView): readonly Entry[] {
  return stack.resources('aws_s3_bucket');
}

/** The resources of `type` whose `attribute` (default `bucket`) designates `bucket`. */
export function configsFor(
  stack: StackView,
  type: string,
  bucket: Entry,
  attribute = 'bucket',
): readonly Entry[] {
  return stack
    .resources(type)
    .filter((config) => pointsAt(config.body[attribute], bucket, ['id', 'bucket'], 'bucket'));
}

/** True when the bucket receives S3 server access logs of another bucket of this stack. */
export function isLogTarget(stack: StackView, bucket: Entry): boolean {
  return configsFor(stack, 'aws_s3_bucket_logging', bucket, 'target_bucket').some(
    (logging) => !pointsAt(logging.body.bucket, bucket, ['id', 'bucket'], 'bucket'),
  );
}

/** Terraform's reference to the bucket's ARN, as policies built by cdktf contain it. */
export function arnReference(bucket: Entry): string {
  return `\${aws_s3_bucket.${bucket.name}.arn}`;
}

const S3_ARN_PREFIX = /^arn:aws[a-z-]*:s3:::/;

/** True when `resource` is the bucket's ARN (a reference, or the literal ARN of its name). */
export function isBucketArn(resource: string, bucket: Entry): boolean {
  if (resource === arnReference(bucket)) return true;
  const prefix = S3_ARN_PREFIX.exec(resource)?.[0];
  return prefix !== undefined && resource.slice(prefix.length) === bucket.body.bucket;
}

/** True when `resource` is the ARN of every object in the bucket (`<bucket ARN>/*`). */
export function isObjectsArn(resource: string, bucket: Entry): boolean {
  return resource.endsWith('/*') && isBucketArn(resource.slice(0, -2), bucket);
}

/**
 * S3's naming rules for general purpose buckets, checked offline so a bad `storage.bucketName`
 * fails at validation, on its field, instead of at apply time with `InvalidBucketName`. Source: the
 * "General purpose bucket naming rules" of the Amazon S3 User Guide.
 *
 * Dots are allowed (S3 allows them) but discouraged: a dotted name breaks the TLS certificate match
 * of virtual-hosted-style requests, which S3A and the S3 interface endpoint use (see docs/storage.md).
 */
import { Expect } from '../../lib/core/errors';

export const BUCKET_NAME_MIN_LENGTH = 3;
export const BUCKET_NAME_MAX_LENGTH = 63;

/** Prefixes S3 reserves (punycode, S3 Access Points' internals, the documentation's examples). */
export const RESERVED_BUCKET_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'] as const;

/** Suffixes S3 reserves for access point aliases, Object Lambda, Multi-Region Access Points,
 * directory buckets and table buckets. */
export const RESERVED_BUCKET_SUFFIXES = [
  '-s3alias',
  '--ol-s3',
  '.mrap',
  '--x-s3',
  '--table-s3',
] as const;

const IPV4_FORM = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/**
 * The first S3 naming rule `name` breaks, as the expectation a problem line prints; `undefined`
 * for a valid name. Rules are checked from the most basic (length, characters) to the most
 * specific (reserved prefixes and suffixes), so the message names what to fix first.
 */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < BUCKET_NAME_MIN_LENGTH || name.length > BUCKET_NAME_MAX_LENGTH)
    return Expect.bucketNameLength;
  if (!/^[a-z0-9.-]+$/.test(name)) return Expect.bucketNameCharacters;
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return Expect.bucketNameEnds;
  if (name.includes('..')) return Expect.bucketNameDots;
  if (IPV4_FORM.test(name)) return Expect.bucketNameIpAddress;
  const prefix = RESERVED_BUCKET_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return Expect.bucketNamePrefix(prefix);
  const suffix = RESERVED_BUCKET_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return Expect.bucketNameSuffix(suffix);
  return undefined;
}

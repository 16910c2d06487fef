/** `environments[].storage`: the S3 target bucket, its access-log bucket and who may reach them. */
import { z } from 'zod';
import { Expect } from '../../lib/core/errors';
import { bucketNameProblem } from './bucket-name';
import { accountOfArn, type AddProblem, type PartialEnvironment } from '../../lib/core/fields';

/** A general purpose bucket name that passes all of S3's naming rules. */
export const bucketNameSchema = z
  .string({ error: Expect.bucketNameCharacters })
  .superRefine((name, ctx) => {
    const message = bucketNameProblem(name);
    if (message) ctx.addIssue({ code: 'custom', input: name, message });
  })
  .meta({ title: 'S3 bucket name' });

/** Lifecycle periods: whole days, at least one. */
const days = z
  .number({ error: Expect.lifecycleDays })
  .int({ error: Expect.lifecycleDays })
  .min(1, { error: Expect.lifecycleDays })
  .meta({ title: 'days, a whole number ≥ 1' });

/**
 * Who is exempt from the VPC endpoint perimeter, as `aws:PrincipalArn` sees them: a role (the role
 * ARN, also for its assumed-role sessions; IAM Identity Center roles need a `*` for their suffix),
 * a user, or the account root.
 */
const administratorArn = z
  .string({ error: Expect.administratorArn })
  .regex(/^arn:aws(-us-gov|-cn)?:iam::\d{12}:(root|(role|user)\/[\w+=,.@/*-]{1,512})$/, {
    error: Expect.administratorArn,
  })
  .meta({ title: 'IAM principal ARN (role, user or account root), `*` allowed in the name' });

export const storageSchema = z.strictObject({
  bucketName: bucketNameSchema.optional().meta({
    description: 'Name of the target bucket. Bucket names are global: a taken name fails at apply.',
    defaultText: 'generated: `<project>-<env>-<account>-<region>-data`',
  }),
  logBucketName: bucketNameSchema.optional().meta({
    title: 'S3 bucket name, not `bucketName`',
    description: 'Name of the access-log bucket.',
    defaultText: 'generated: `<project>-<env>-<account>-<region>-logs`',
  }),
  versioning: z.boolean().default(true).meta({
    description:
      'Versioning on both buckets: LDM overwrites files and replays deletes, and a version is the way back. `false` suspends it (S3 cannot return a bucket to unversioned).',
  }),
  noncurrentVersionExpirationDays: days.default(30).meta({
    description:
      'Days a noncurrent version is kept before it expires; with versioning, at least `abortIncompleteMultipartUploadDays`.',
  }),
  abortIncompleteMultipartUploadDays: days.default(7).meta({
    description:
      'Days before an interrupted multipart upload is aborted (and stops costing money).',
  }),
  accessLogRetentionDays: days.default(365).meta({
    description: "Days the target bucket's server access logs are kept.",
  }),
  restrictToVpcEndpoints: z.boolean().default(false).meta({
    description:
      "Deny reading and writing objects except through this environment's S3 VPC endpoints (interface and gateway), for everyone but `administratorArns`, the Lake Formation role (with `catalog.registerWithLakeFormation`) and AWS services acting for a caller. Bucket-level actions stay with IAM, so the deploying pipeline keeps managing the bucket.",
  }),
  administratorArns: z.array(administratorArn).default([]).meta({
    description:
      "IAM principals exempt from `restrictToVpcEndpoints` (console users, break-glass roles), in the environment's account; IAM Identity Center roles need a `*` for their suffix. They gain no access from it: IAM still decides.",
  }),
  allowMigratorOutsideVpcEndpoints: z.boolean().default(false).meta({
    description:
      "**Relaxation**: exempt the LDM role from `restrictToVpcEndpoints` too (which it needs), for a host that reaches S3 over the public endpoint. Risk accepted: the role's credentials then work from anywhere.",
  }),
  s3Source: z.literal(false, { error: Expect.s3SourceRemoved }).optional().meta({
    title: '`false` (removed)',
    description:
      "**Removed.** It added an SQS queue of the target bucket's events that LDM never read: LDM's documented S3 source (`filesystem add s3a --source`, a preview) takes no queue, and a bucket cannot be LDM's source and its target at once. Only `false` is still accepted; delete the field.",
  }),
});

export type StorageConfig = z.infer<typeof storageSchema>;

/** Rules that span storage fields (and other sections). */
export function checkStorage(env: PartialEnvironment, add: AddProblem): void {
  const storage = env.storage;
  if (!storage) return;
  // Only values that passed their own field rule: a bad one is reported once, on its field.
  const validDays = (v: unknown) =>
    typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : undefined;

  // Versions that can be restored should not go before upload parts that never can: an expiry
  // shorter than the abort period keeps garbage longer than data.
  const noncurrent = validDays(storage.noncurrentVersionExpirationDays);
  const abort = validDays(storage.abortIncompleteMultipartUploadDays);
  if (storage.versioning !== false && noncurrent && abort && noncurrent < abort) {
    add(
      ['storage', 'noncurrentVersionExpirationDays'],
      noncurrent,
      Expect.noncurrentOutlivesAbort(abort),
    );
  }

  if (typeof storage.bucketName === 'string' && storage.logBucketName === storage.bucketName) {
    add(['storage', 'logBucketName'], storage.logBucketName, Expect.distinctBucketNames);
  }

  if (Array.isArray(storage.administratorArns) && typeof env.accountId === 'string') {
    const account = env.accountId;
    (storage.administratorArns as unknown[]).forEach((arn, i) => {
      const owner = typeof arn === 'string' ? accountOfArn(arn) : undefined;
      if (owner && owner !== account)
        add(['storage', 'administratorArns', i], arn, Expect.administratorAccount(account));
    });
  }

  if (
    storage.allowMigratorOutsideVpcEndpoints === true &&
    storage.restrictToVpcEndpoints !== true
  ) {
    add(['storage', 'allowMigratorOutsideVpcEndpoints'], true, Expect.migratorOutsideVpcEndpoints);
  }
}

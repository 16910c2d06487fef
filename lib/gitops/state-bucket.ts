/**
 * The S3 state bucket `npm run bootstrap` creates for `state.backend: s3`, as plain data: which
 * account holds it, and its bucket and key policies. stacks/bootstrap.ts composes the resources.
 */
import { PlanFail, UserError } from '../core/errors';
import type { StateConfig } from '../app/schema';

type S3State = Extract<StateConfig, { backend: 's3' }>['s3'];

/** The s3 settings and the account that holds the bucket; a UserError when bootstrap cannot run. */
export function stateBootstrapTarget(state: StateConfig): { s3: S3State; accountId: string } {
  if (state.backend !== 's3')
    throw new UserError([PlanFail.bootstrapNeedsS3()], 'Nothing to bootstrap');
  const fromRole = state.s3.roleArn
    ? /^arn:[^:]+:iam::(\d{12}):/.exec(state.s3.roleArn)?.[1]
    : undefined;
  const accountId = state.s3.accountId ?? fromRole;
  if (!accountId) throw new UserError([PlanFail.bootstrapNeedsAccount()], 'Nothing to bootstrap');
  return { s3: state.s3, accountId };
}

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal: '*' | { readonly AWS: string };
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

/** The minimum TLS version requests to the state bucket must use. */
export const STATE_MIN_TLS_VERSION = '1.2';

/**
 * Only denies: who may read and write state is granted by IAM in the state account (the state
 * role's policy). Every request without TLS, or with TLS older than 1.2, is refused.
 */
export function stateBucketPolicy(bucketArn: string): PolicyDocument {
  const resources = [bucketArn, `${bucketArn}/*`];
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: resources,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'DenyOutdatedTls',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: resources,
        Condition: { NumericLessThan: { 's3:TlsVersion': STATE_MIN_TLS_VERSION } },
      },
    ],
  };
}

/**
 * The state key's policy: the account administers and uses it through IAM (the default key
 * policy's delegation), so the state role's IAM policy decides who may decrypt state.
 */
export function stateKeyPolicy(partition: string, accountId: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AccountAdministersThroughIam',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  };
}

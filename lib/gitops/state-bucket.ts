/**
 * The S3 state bucket `npm run bootstrap` creates for `state.backend: s3`, as plain data: which
 * account holds it, and its bucket and key policies. lib/gitops/bootstrap.ts composes the resources.
 */
import { PlanFail, UserError } from '../core/errors';
import type { StateConfig } from '../app/schema';
import { denyInsecureTransport } from '../constructs/private-bucket';
import { accountOfArn } from '../core/fields';
import { accountRootArn } from '../core/arns';
import { type PolicyDocument, policyDocument } from '../core/iam';

type S3State = Extract<StateConfig, { backend: 's3' }>['s3'];

/** The s3 settings and the account that holds the bucket; a UserError when bootstrap cannot run. */
export function stateBootstrapTarget(state: StateConfig): { s3: S3State; accountId: string } {
  if (state.backend !== 's3')
    throw new UserError([PlanFail.bootstrapNeedsS3()], 'Nothing to bootstrap');
  const fromRole = state.s3.roleArn ? accountOfArn(state.s3.roleArn) : undefined;
  const accountId = state.s3.accountId ?? fromRole;
  if (!accountId) throw new UserError([PlanFail.bootstrapNeedsAccount()], 'Nothing to bootstrap');
  return { s3: state.s3, accountId };
}

/** The minimum TLS version requests to the state bucket must use. */
export const STATE_MIN_TLS_VERSION = '1.2';

/**
 * Only denies: who may read and write state is granted by IAM in the state account (the state
 * role's policy). Every request without TLS, or with TLS older than 1.2, is refused.
 */
export function stateBucketPolicy(bucketArn: string): PolicyDocument {
  const resources = [bucketArn, `${bucketArn}/*`];
  return policyDocument(denyInsecureTransport('s3', resources), {
    Sid: 'DenyOutdatedTls',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: resources,
    Condition: { NumericLessThan: { 's3:TlsVersion': STATE_MIN_TLS_VERSION } },
  });
}

/**
 * The state key's policy: the account administers and uses it through IAM (the default key
 * policy's delegation), so the state role's IAM policy decides who may decrypt state.
 */
export function stateKeyPolicy(partition: string, accountId: string): PolicyDocument {
  return policyDocument({
    Sid: 'AccountAdministersThroughIam',
    Effect: 'Allow',
    Principal: { AWS: accountRootArn({ partition, accountId }) },
    Action: 'kms:*',
    Resource: '*',
  });
}

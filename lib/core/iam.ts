/**
 * IAM policy documents (identity, trust, key, bucket, queue, endpoint and catalog policies): one
 * type and one builder for every layer. Builders return these objects; stacks serialise them with
 * JSON.stringify, and tests parse the synthesized JSON back into them.
 */

/** The policy language version every document is written in. */
export const IAM_POLICY_VERSION = '2012-10-17';

/** `{ "StringEquals": { "aws:SourceAccount": "111111111111" } }` */
export type ConditionBlock = Record<string, Record<string, string | string[]>>;

/** `"*"` (anyone: only ever in Deny statements or endpoint policies) or `{ AWS | Service: … }`. */
export type Principal = '*' | Record<string, string | string[]>;

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: Principal;
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: ConditionBlock;
}

export interface PolicyDocument {
  readonly Version: typeof IAM_POLICY_VERSION;
  readonly Statement: PolicyStatement[];
}

/** A policy document of these statements. */
export function policyDocument(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: IAM_POLICY_VERSION, Statement: statements };
}

/**
 * Trust of a role a service assumes on the account's behalf, with the confused-deputy conditions
 * AWS recommends: only for this account (`aws:SourceAccount`) and only for resources matching
 * `sourceArn` (`aws:SourceArn`).
 */
export function serviceTrustPolicy(
  sid: string,
  service: string,
  accountId: string,
  sourceArn: string,
): PolicyDocument {
  return policyDocument({
    Sid: sid,
    Effect: 'Allow',
    Principal: { Service: service },
    Action: 'sts:AssumeRole',
    Condition: {
      StringEquals: { 'aws:SourceAccount': accountId },
      ArnLike: { 'aws:SourceArn': sourceArn },
    },
  });
}

/**
 * The shape of IAM policy documents (identity, trust, key, bucket, queue, endpoint and catalog
 * policies), shared by every builder in lib/. Builders return these objects; stacks serialise them
 * with JSON.stringify, and tests parse the synthesized JSON back into them.
 */

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
  readonly Version: '2012-10-17';
  readonly Statement: PolicyStatement[];
}

/**
 * The resource policies of the storage layer, as plain objects: the target bucket's and the
 * access-log bucket's. Stacks `JSON.stringify` them; tests parse them back.
 * ARNs are computed from names (never read back from AWS), so the documents are plain data apart
 * from the KMS key ARN, the VPC endpoint ids and the LDM role ARN other stacks generate.
 */
import { denyInsecureTransport } from '../../lib/constructs/private-bucket';
import { type PolicyDocument, policyDocument, type PolicyStatement } from '../../lib/core/iam';

/**
 * Object-level actions: reading, writing and deleting data and its metadata. The VPC endpoint
 * perimeter covers these and nothing at bucket level, so whoever deploys the stack keeps managing
 * the bucket (HeadBucket needs s3:ListBucket; policy, lifecycle and logging are bucket-level)
 * from wherever the pipeline runs.
 */
export const OBJECT_DATA_ACTIONS = [
  's3:GetObject*',
  's3:PutObject*',
  's3:DeleteObject*',
  's3:RestoreObject',
  's3:AbortMultipartUpload',
  's3:ListMultipartUploadParts',
] as const;

/** Requests must come through these VPC endpoints unless the caller is exempt. */
export interface VpcEndpointPerimeter {
  /** The environment's S3 endpoints (interface and gateway). */
  readonly endpointIds: readonly string[];
  /** `aws:PrincipalArn` patterns exempt from the perimeter (administrators, optionally LDM). */
  readonly exemptPrincipalArns: readonly string[];
}

export interface TargetBucketPolicyArgs {
  readonly bucketArn: string;
  /** The only key uploads may name: the environment's KMS key, as an ARN. */
  readonly kmsKeyArn: string;
  /** With `storage.restrictToVpcEndpoints`. */
  readonly perimeter?: VpcEndpointPerimeter;
}

/**
 * The target bucket's policy. Only denies: access itself is granted by IAM policies in the
 * account (the LDM role's, administrators'), so the bucket policy states what no one may do.
 *
 * Uploads are checked on the headers they send, and only when they send them: an upload without
 * an encryption header gets the bucket default (SSE-KMS with the environment's key), so S3A
 * clients that set nothing keep working, while one that asks for SSE-S3, DSSE-KMS, SSE-C or
 * another key is refused.
 */
export function targetBucketPolicy(args: TargetBucketPolicyArgs): PolicyDocument {
  const { bucketArn, kmsKeyArn, perimeter } = args;
  const objects = `${bucketArn}/*`;
  const statements: PolicyStatement[] = [
    denyInsecureTransport('s3', [bucketArn, objects]),
    {
      Sid: 'DenyUploadsNotSseKms',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: objects,
      Condition: {
        Null: { 's3:x-amz-server-side-encryption': 'false' },
        StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
      },
    },
    {
      Sid: 'DenyUploadsWithAnotherKmsKey',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: objects,
      Condition: {
        Null: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'false' },
        StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': kmsKeyArn },
      },
    },
    {
      Sid: 'DenyUploadsWithCustomerKeys',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: objects,
      Condition: { Null: { 's3:x-amz-server-side-encryption-customer-algorithm': 'false' } },
    },
  ];
  if (perimeter) {
    const exempt = perimeter.exemptPrincipalArns;
    statements.push({
      Sid: 'DenyObjectAccessOutsideVpcEndpoints',
      Effect: 'Deny',
      Principal: '*',
      Action: [...OBJECT_DATA_ACTIONS],
      Resource: objects,
      Condition: {
        StringNotEquals: { 'aws:SourceVpce': [...perimeter.endpointIds] },
        // AWS services acting for a caller (Athena, Glue ETL reading with the caller's rights)
        // do not come through the VPC; the caller's own IAM policy still decides.
        BoolIfExists: { 'aws:ViaAWSService': 'false' },
        ...(exempt.length > 0 ? { ArnNotLike: { 'aws:PrincipalArn': [...exempt] } } : {}),
      },
    });
  }
  return policyDocument(...statements);
}

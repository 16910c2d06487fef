/**
 * What the LDM role needs to read its own host configuration from SSM Parameter Store: the two
 * parameters, decrypted with the environment's key through SSM only (kms:ViaService), and only for
 * those parameters (SSM puts the parameter's ARN into the encryption context).
 */
import { type AwsScope, ssmParameterArn, viaService } from '../../lib/core/arns';
import { type PolicyDocument, policyDocument } from '../../lib/core/iam';

export interface HostConfigReadInput {
  readonly scope: AwsScope;
  /** Parameter names, starting with `/`. */
  readonly parameterNames: readonly string[];
  readonly kmsKeyArn: string;
}

export function hostConfigReadPolicy(input: HostConfigReadInput): PolicyDocument {
  const arns = input.parameterNames.map((name) => ssmParameterArn(input.scope, name));
  return policyDocument(
    {
      Sid: 'ReadHostConfiguration',
      Effect: 'Allow',
      Action: 'ssm:GetParameter',
      Resource: arns,
    },
    {
      Sid: 'DecryptHostConfiguration',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: input.kmsKeyArn,
      Condition: {
        StringEquals: {
          'kms:ViaService': viaService(input.scope, 'ssm'),
          'kms:EncryptionContext:PARAMETER_ARN': arns,
        },
      },
    },
  );
}

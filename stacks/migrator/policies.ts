/**
 * What the LDM role needs to read its own host configuration from SSM Parameter Store: the two
 * parameters, decrypted with the environment's key through SSM only (kms:ViaService), and only for
 * those parameters (SSM puts the parameter's ARN into the encryption context).
 */
import { dnsSuffixOf, partitionOf } from '../../lib/core/regions';

export interface HostConfigReadInput {
  readonly accountId: string;
  readonly region: string;
  /** Parameter names, starting with `/`. */
  readonly parameterNames: readonly string[];
  readonly kmsKeyArn: string;
}

export function ssmParameterArn(region: string, accountId: string, name: string): string {
  return `arn:${partitionOf(region)}:ssm:${region}:${accountId}:parameter${name}`;
}

export function hostConfigReadPolicy(input: HostConfigReadInput) {
  const arns = input.parameterNames.map((name) =>
    ssmParameterArn(input.region, input.accountId, name),
  );
  return {
    Version: '2012-10-17',
    Statement: [
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
            'kms:ViaService': `ssm.${input.region}.${dnsSuffixOf(input.region)}`,
            'kms:EncryptionContext:PARAMETER_ARN': arns,
          },
        },
      },
    ],
  };
}

/** The pack: every rule, in the order reports and docs/policy.md list them. */
import type { Rule } from '../types';
import { s3PublicAccessBlock } from './LDM-S3-001';
import { s3OwnershipControls } from './LDM-S3-002';
import { s3KmsEncryption } from './LDM-S3-003';
import { s3TlsOnly } from './LDM-S3-004';
import { s3Versioning } from './LDM-S3-005';
import { s3AbortMultipart } from './LDM-S3-006';
import { s3AccessLogging } from './LDM-S3-007';
import { s3NoForceDestroy } from './LDM-S3-008';
import { dataPreventDestroy } from './LDM-DATA-001';
import { sgNoWorldIngress } from './LDM-SG-001';
import { sgNoAllPortsEgress } from './LDM-SG-002';
import { sgDescriptions } from './LDM-SG-003';
import { sgCataloguePorts } from './LDM-SG-004';
import { iamNoWildcardAction } from './LDM-IAM-001';
import { iamNoServiceWildcard } from './LDM-IAM-002';
import { iamNoWildcardResource } from './LDM-IAM-003';
import { iamNoWildcardPrincipal } from './LDM-IAM-004';
import { iamNoAdminManagedPolicy } from './LDM-IAM-005';
import { kmsRotation } from './LDM-KMS-001';
import { vpcFlowLogs } from './LDM-VPC-001';
import { vpcDefaultSecurityGroupClosed } from './LDM-VPC-002';
import { vpcNoPublicIp } from './LDM-VPC-003';
import { glueCatalogEncryption } from './LDM-GLUE-001';
import { glueConnectionPasswordEncryption } from './LDM-GLUE-002';
import { ec2Imdsv2 } from './LDM-EC2-001';
import { ec2EncryptedVolumes } from './LDM-EC2-002';
import { ec2NoPublicIp } from './LDM-EC2-003';
import { tfAllowedAccountIds } from './LDM-TF-001';
import { tfS3Backend } from './LDM-TF-002';
import { tfNoStaticCredentials } from './LDM-TF-003';

export const PACK: readonly Rule[] = [
  s3PublicAccessBlock,
  s3OwnershipControls,
  s3KmsEncryption,
  s3TlsOnly,
  s3Versioning,
  s3AbortMultipart,
  s3AccessLogging,
  s3NoForceDestroy,
  dataPreventDestroy,
  sgNoWorldIngress,
  sgNoAllPortsEgress,
  sgDescriptions,
  sgCataloguePorts,
  iamNoWildcardAction,
  iamNoServiceWildcard,
  iamNoWildcardResource,
  iamNoWildcardPrincipal,
  iamNoAdminManagedPolicy,
  kmsRotation,
  vpcFlowLogs,
  vpcDefaultSecurityGroupClosed,
  vpcNoPublicIp,
  glueCatalogEncryption,
  glueConnectionPasswordEncryption,
  ec2Imdsv2,
  ec2EncryptedVolumes,
  ec2NoPublicIp,
  tfAllowedAccountIds,
  tfS3Backend,
  tfNoStaticCredentials,
];

/** Every rule id, for config validation of acknowledgements. */
export const RULE_IDS = PACK.map((r) => r.id) as [string, ...string[]];

/** The pack: every rule, in the order reports and docs/policy.md list them. */
import type { Rule } from '../types';
import { s3PublicAccessBlock } from './s3-public-access-block';
import { s3OwnershipControls } from './s3-ownership-controls';
import { s3KmsEncryption } from './s3-kms-encryption';
import { s3TlsOnly } from './s3-tls-only';
import { s3Versioning } from './s3-versioning';
import { s3AbortMultipart } from './s3-abort-multipart';
import { s3AccessLogging } from './s3-access-logging';
import { s3NoForceDestroy } from './s3-no-force-destroy';
import { dataPreventDestroy } from './data-prevent-destroy';
import { sgNoWorldIngress } from './sg-no-world-ingress';
import { sgNoAllPortsEgress } from './sg-no-all-ports-egress';
import { sgDescriptions } from './sg-descriptions';
import { sgCataloguePorts } from './sg-catalogue-ports';
import { iamNoWildcardAction } from './iam-no-wildcard-action';
import { iamNoServiceWildcard } from './iam-no-service-wildcard';
import { iamNoWildcardResource } from './iam-no-wildcard-resource';
import { iamNoWildcardPrincipal } from './iam-no-wildcard-principal';
import { iamNoAdminManagedPolicy } from './iam-no-admin-managed-policy';
import { kmsRotation } from './kms-rotation';
import { vpcFlowLogs } from './vpc-flow-logs';
import { vpcDefaultSecurityGroupClosed } from './vpc-default-sg-closed';
import { vpcNoPublicIp } from './vpc-no-public-ip';
import { glueCatalogEncryption } from './glue-catalog-encryption';
import { glueConnectionPasswordEncryption } from './glue-connection-password-encryption';
import { ec2Imdsv2 } from './ec2-imdsv2';
import { ec2EncryptedVolumes } from './ec2-encrypted-volumes';
import { ec2NoPublicIp } from './ec2-no-public-ip';
import { tfAllowedAccountIds } from './tf-allowed-account-ids';
import { tfS3Backend } from './tf-s3-backend';
import { tfNoStaticCredentials } from './tf-no-static-credentials';

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

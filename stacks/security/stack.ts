/**
 * `<env>-security`: the environment's data key, the identity LDM and HiveMigrator use, and the
 * security groups of the hosts that run in AWS. Every document comes from `./policies` and every rule from
 * `lib/constructs/security-group-rules`:
 * this stack only composes them.
 */
import type { Construct } from 'constructs';
import { CloudcontrolapiResource } from '@cdktf/provider-aws/lib/cloudcontrolapi-resource';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { RolesanywhereProfile } from '@cdktf/provider-aws/lib/rolesanywhere-profile';
import { RolesanywhereTrustAnchor } from '@cdktf/provider-aws/lib/rolesanywhere-trust-anchor';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { principalArn } from '../../lib/core/arns';
import type { PolicyDocument } from '../../lib/core/iam';
import { BaseStack, type LayerStackProps } from '../../lib/constructs/base-stack';
import type { Environment } from '../../lib/app/schema';
import type { NetworkOutputs } from '../network/outputs';
import { type SecurityOutputs, securityOutputs } from './outputs';
import { Ports, remoteGlueAgentPort, sourceClusterPort } from '../../lib/core/ports';
import {
  assumeRoleTrustPolicy,
  dataKeyPolicy,
  ec2TrustPolicy,
  hostManagementPolicy,
  type KeyService,
  migratorGluePolicies,
  migratorKmsPolicy,
  migratorS3Policy,
  rolesAnywhereTrustPolicy,
} from './policies';
import {
  allowInbound,
  allowOutbound,
  type GroupRef,
  Peers,
} from '../../lib/constructs/security-group-rules';

export interface SecurityStackProps extends LayerStackProps {
  readonly network: NetworkOutputs;
}

/**
 * Construct ids, hence Terraform addresses (`aws_kms_key.data-key`): a contract. Renaming one
 * replaces the resource — for the key, every object encrypted with it becomes unreadable.
 */
export const SECURITY_IDS = {
  dataKey: 'data-key',
  dataKeyAlias: 'data-key-alias',
  migratorRole: 'migrator-role',
  instanceProfile: 'migrator-instance-profile',
  hostLogGroup: 'migrator-host-log-group',
  trustAnchor: 'roles-anywhere-trust-anchor',
  rolesAnywhereProfile: 'roles-anywhere-profile',
  revocationList: 'roles-anywhere-crl',
  migratorHostSecurityGroup: 'migrator-host-sg',
  glueAgentSecurityGroup: 'glue-agent-sg',
} as const;

/** Days KMS waits before it deletes a key scheduled for deletion (the maximum). */
export const KEY_DELETION_WINDOW_DAYS = 30;

const json = (doc: PolicyDocument | Record<string, unknown>) => JSON.stringify(doc);

/** Who may assume the migrator role, by `credentials` (config validation supplies each mode's settings). */
function trustPolicy(
  m: Environment['migrator'],
  trustAnchorArn: string | undefined,
): PolicyDocument {
  switch (m.credentials) {
    case 'instance-profile':
      return ec2TrustPolicy();
    case 'roles-anywhere':
      if (!m.rolesAnywhere || !trustAnchorArn) throw new Error('roles-anywhere without a CA');
      return rolesAnywhereTrustPolicy(trustAnchorArn, m.rolesAnywhere.commonNames);
    case 'assume-role':
      if (!m.assumeRole) throw new Error('assume-role without assumeRole settings');
      return assumeRoleTrustPolicy(
        m.assumeRole.principals,
        m.assumeRole.externalId,
        m.assumeRole.conditions,
      );
  }
}

export class SecurityStack extends BaseStack {
  readonly outputs: SecurityOutputs;

  constructor(scope: Construct, props: SecurityStackProps) {
    super(scope, 'security', props);
    const env = this.environment;
    const m = env.migrator;
    const aws = this.context.aws;
    const hostInAws = this.context.hosts.ldmInAws;
    const targetBucket = this.names.targetBucket;

    // The identity comes first: the key policy names the role, and KMS refuses a policy whose
    // principal does not exist yet.
    const trustAnchor =
      m.credentials === 'roles-anywhere' && m.rolesAnywhere
        ? new RolesanywhereTrustAnchor(this, SECURITY_IDS.trustAnchor, {
            name: this.names.rolesAnywhereTrustAnchor,
            enabled: true,
            source: {
              sourceType: 'CERTIFICATE_BUNDLE',
              sourceData: { x509CertificateData: m.rolesAnywhere.caCertificatePem },
            },
          })
        : undefined;
    const role = new IamRole(this, SECURITY_IDS.migratorRole, {
      name: this.names.migratorRole,
      description:
        'LiveData Migrator and HiveMigrator: the S3 target bucket and the Glue Data Catalog',
      assumeRolePolicy: json(trustPolicy(m, trustAnchor?.arn)),
      maxSessionDuration: m.maxSessionDurationSeconds,
      permissionsBoundary: m.permissionsBoundaryArn,
    });

    // The role uses the key only through the services that keep data with it; SSM too when a
    // host in AWS reads its SecureString configuration.
    const keyServices: KeyService[] = ['s3', 'glue', ...(hostInAws ? (['ssm'] as const) : [])];
    const key = new KmsKey(this, SECURITY_IDS.dataKey, {
      description: `${this.names.prefix}: S3 target data, Glue Data Catalog and host configuration`,
      enableKeyRotation: true,
      deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
      policy: json(
        dataKeyPolicy({
          scope: aws,
          migratorRoleArn: role.arn,
          migratorServices: keyServices,
          ebsVolumes: this.context.hosts.launch.migrator || this.context.hosts.launch.glueAgent,
          catalogReaders: env.catalog.crossAccountReaders.map((r) =>
            principalArn(aws.partition, r),
          ),
        }),
      ),
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, SECURITY_IDS.dataKeyAlias, {
      name: this.names.kmsAlias,
      targetKeyId: key.keyId,
    });

    new IamRolePolicy(this, 'migrator-s3-policy', {
      name: 's3-target-bucket',
      role: role.name,
      policy: json(migratorS3Policy(aws, targetBucket)),
    });
    new IamRolePolicy(this, 'migrator-kms-policy', {
      name: 'kms-data-key',
      role: role.name,
      policy: json(migratorKmsPolicy(aws, key.arn, keyServices)),
    });
    const catalog = { ...aws, catalogId: env.catalog.catalogId ?? env.accountId };
    const databases = env.catalog.databases.map((db) => db.name);
    migratorGluePolicies(catalog, databases).forEach((doc, i) => {
      const id = `migrator-glue-policy-${i + 1}`;
      const policy = new IamPolicy(this, id, {
        name: `${this.names.migratorGluePolicy}-${i + 1}`,
        description: 'HiveMigrator: the Glue Data Catalog databases of this environment',
        policy: json(doc),
      });
      new IamRolePolicyAttachment(this, `${id}-attachment`, {
        role: role.name,
        policyArn: policy.arn,
      });
    });

    const instanceProfile =
      m.credentials === 'instance-profile'
        ? new IamInstanceProfile(this, SECURITY_IDS.instanceProfile, {
            name: this.names.migratorInstanceProfile,
            role: role.name,
          })
        : undefined;
    if (instanceProfile) {
      // The hosts with the instance profile are managed through the SSM agent (the network layer
      // gives the VPC its endpoints) and keep their logs in a group of their own.
      new CloudwatchLogGroup(this, SECURITY_IDS.hostLogGroup, {
        name: this.names.hostLogGroup,
        retentionInDays: m.hostLogRetentionDays,
      });
      new IamRolePolicy(this, 'migrator-host-management-policy', {
        name: 'host-management',
        role: role.name,
        policy: json(hostManagementPolicy(aws, this.names.hostLogGroup)),
      });
    }
    // The CA's revocation list: the hashicorp/aws provider has no aws_rolesanywhere_crl, so the
    // CRL is the CloudFormation type AWS::RolesAnywhere::CRL, through the Cloud Control API.
    if (trustAnchor && m.rolesAnywhere?.crlPem) {
      new CloudcontrolapiResource(this, SECURITY_IDS.revocationList, {
        typeName: 'AWS::RolesAnywhere::CRL',
        desiredState: json({
          Name: this.names.rolesAnywhereCrl,
          CrlData: m.rolesAnywhere.crlPem,
          TrustAnchorArn: trustAnchor.arn,
          Enabled: true,
        }),
      });
    }
    const rolesAnywhereProfile = trustAnchor
      ? new RolesanywhereProfile(this, SECURITY_IDS.rolesAnywhereProfile, {
          name: this.names.rolesAnywhereProfile,
          enabled: true,
          roleArns: [role.arn],
          durationSeconds: m.maxSessionDurationSeconds,
        })
      : undefined;

    // Security groups: only the catalogue's ports, only from and to the networks that need them.
    const awsApis = [
      Peers.securityGroup(
        { id: props.network.endpointSecurityGroupId, key: 'vpc-endpoints' },
        'the VPC endpoints',
      ),
      // Config validation gives every VPC with a host in it the gateway endpoint.
      ...(props.network.s3PrefixListId
        ? [Peers.prefixList(props.network.s3PrefixListId, 's3', 'the S3 gateway endpoint')]
        : []),
    ];
    const egress = m.allowInternetHttps
      ? [...awsApis, Peers.internet('allowInternetHttps')]
      : awsApis;
    const onPrem = Peers.cidrs(env.network.onPremCidrs, 'onPremCidrs');
    let host: GroupRef | undefined;
    if (hostInAws) {
      const sg = new SecurityGroup(this, SECURITY_IDS.migratorHostSecurityGroup, {
        name: this.names.migratorSecurityGroup,
        description: 'LiveData Migrator host: UI and REST APIs from adminCidrs, HTTPS to AWS APIs',
        vpcId: props.network.vpcId,
        tags: { Name: this.names.migratorSecurityGroup },
      });
      host = { id: sg.id, key: 'migrator-host' };
      const admins = Peers.cidrs(m.adminCidrs, 'adminCidrs');
      allowInbound(this, host, m.uiTls ? Ports.UI_TLS : Ports.UI, admins);
      allowInbound(this, host, Ports.LDM_API, admins);
      allowInbound(
        this,
        host,
        m.hiveMigratorTls ? Ports.HIVEMIGRATOR_API_TLS : Ports.HIVEMIGRATOR_API,
        admins,
      );
      allowOutbound(this, host, Ports.HTTPS, egress);
      for (const { port, protocol } of m.sourceClusterPorts) {
        allowOutbound(this, host, sourceClusterPort(port, protocol), onPrem);
      }
    }
    let agent: GroupRef | undefined;
    if (m.remoteGlueAgent) {
      const agentPort = remoteGlueAgentPort(m.hosts.glueAgent.port);
      const sg = new SecurityGroup(this, SECURITY_IDS.glueAgentSecurityGroup, {
        name: this.names.glueAgentSecurityGroup,
        // The text of 5052 unchanged: a new description replaces the group.
        description: `HiveMigrator remote Glue agent: port ${agentPort.port} from the LDM host, HTTPS to AWS APIs`,
        vpcId: props.network.vpcId,
        tags: { Name: this.names.glueAgentSecurityGroup },
      });
      agent = { id: sg.id, key: 'glue-agent' };
      // LDM is the agent's only client: the EC2 host when there is one, else the on-prem networks.
      const ldm = host ? [Peers.securityGroup(host, 'the migrator host')] : onPrem;
      allowInbound(this, agent, agentPort, ldm);
      allowOutbound(this, agent, Ports.HTTPS, egress);
      if (host) {
        allowOutbound(this, host, agentPort, [Peers.securityGroup(agent, 'the remote Glue agent')]);
      }
    }

    this.outputs = this.publish(securityOutputs, {
      kmsKeyArn: key.arn,
      kmsAliasName: this.names.kmsAlias,
      migratorRoleArn: role.arn,
      migratorRoleName: this.names.migratorRole,
      instanceProfileName: instanceProfile ? this.names.migratorInstanceProfile : undefined,
      migratorSecurityGroupId: host?.id,
      glueAgentSecurityGroupId: agent?.id,
      rolesAnywhere:
        trustAnchor && rolesAnywhereProfile
          ? { trustAnchorArn: trustAnchor.arn, profileArn: rolesAnywhereProfile.arn }
          : undefined,
    });
  }
}

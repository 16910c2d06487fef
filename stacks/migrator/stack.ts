/**
 * `<env>-migrator`: the migrator host's configuration, rendered from the other layers' outputs and
 * published in SSM Parameter Store (encrypted with the environment's key) where the LDM role can
 * read it; with the host in AWS, the EC2 migrator host and the remote Glue agent host, which fetch
 * it at first boot.
 */
import type { Construct } from 'constructs';
import { Fn, type ITerraformDependable, Token, Tokenization } from 'cdktf';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { BaseStack, type LayerStackProps } from '../../lib/constructs/base-stack';
import type { Ec2HostConfig } from './hosts';
import { Fail, UserError } from '../../lib/core/errors';
import { hostConfigReadPolicy } from './policies';
import { type Deferral, renderHostConfig } from './render';
import { renderUserData } from './user-data';
import type { NetworkOutputs } from '../network/outputs';
import type { SecurityOutputs } from '../security/outputs';
import type { StorageOutputs } from '../storage/outputs';
import type { CatalogOutputs } from '../catalog/outputs';
import { type HostOutput, type MigratorOutputs, migratorOutputs } from './outputs';

export interface MigratorStackProps extends LayerStackProps {
  readonly network: NetworkOutputs;
  readonly security: SecurityOutputs;
  readonly storage: StorageOutputs;
  readonly catalog: CatalogOutputs;
}

/** Construct ids (and Terraform names) of the stack's resources: a contract, pinned by tests. */
export const MIGRATOR_IDS = {
  configParameter: 'host-config',
  scriptParameter: 'cli-script',
  readPolicy: 'host-config-read',
  migratorHost: 'migrator-host',
  glueAgentHost: 'glue-agent-host',
} as const;

/** SSM parameter size limits (bytes), by tier. */
const SSM_STANDARD_LIMIT = 4096;
const SSM_ADVANCED_LIMIT = 8192;
/** What a value known only at apply time counts as when sizing a parameter (ARNs, DNS names). */
const DEFERRED_VALUE_BYTES = 160;

/** One EC2 host of the stack. */
interface HostSettings {
  /** Construct id of the instance; its launch template is `<id>-template`. */
  readonly id: string;
  /** Launch template name and Name tag. */
  readonly name: string;
  readonly settings: Ec2HostConfig;
  readonly securityGroupId: string | undefined;
  /** Run the LDM CLI script at first boot (the migrator host). */
  readonly runScript: boolean;
  readonly dependsOn?: ITerraformDependable[];
}

/** Values from other stacks are cdktf tokens here, filled in by Terraform. */
const isToken: Deferral = (value) => Token.isUnresolved(value);

export class MigratorStack extends BaseStack {
  readonly outputs: MigratorOutputs;

  constructor(scope: Construct, props: MigratorStackProps) {
    super(scope, 'migrator', props);
    const env = this.environment;
    const launch = this.context.hosts.launch;

    // The agent host first: the configuration LDM gets says where the agent listens.
    const glueAgentHost = launch.glueAgent
      ? this.host(props, {
          id: MIGRATOR_IDS.glueAgentHost,
          name: this.names.glueAgentHost,
          settings: env.migrator.hosts.glueAgent,
          securityGroupId: props.security.glueAgentSecurityGroupId,
          runScript: false,
        })
      : undefined;

    const rendered = renderHostConfig(
      {
        project: this.context.project,
        environment: env,
        network: props.network,
        security: props.security,
        storage: props.storage,
        catalog: props.catalog,
        glueAgentHostIp: glueAgentHost?.privateIp,
      },
      isToken,
    );
    const configParameter = this.parameter(
      MIGRATOR_IDS.configParameter,
      this.names.hostConfigParameter,
      'LiveData Migrator host configuration, JSON (rendered from the landing zone outputs)',
      rendered.json,
      props.security.kmsKeyArn,
    );
    const scriptParameter = this.parameter(
      MIGRATOR_IDS.scriptParameter,
      this.names.cliScriptParameter,
      'LiveData Migrator CLI script: livedata-migrator --script=<file>',
      rendered.script,
      props.security.kmsKeyArn,
    );

    // The LDM role reads its own configuration, wherever the host runs.
    const readPolicy = new IamRolePolicy(this, MIGRATOR_IDS.readPolicy, {
      name: MIGRATOR_IDS.readPolicy,
      role: props.security.migratorRoleName,
      policy: JSON.stringify(
        hostConfigReadPolicy({
          scope: this.context.aws,
          parameterNames: [this.names.hostConfigParameter, this.names.cliScriptParameter],
          kmsKeyArn: props.security.kmsKeyArn,
        }),
      ),
    });

    const migratorHost = launch.migrator
      ? this.host(props, {
          id: MIGRATOR_IDS.migratorHost,
          name: this.names.migratorHost,
          settings: env.migrator.hosts.migrator,
          securityGroupId: props.security.migratorSecurityGroupId,
          runScript: true,
          // Its user data reads the parameters at first boot.
          dependsOn: [configParameter, scriptParameter, readPolicy],
        })
      : undefined;

    this.outputs = this.publish(migratorOutputs, {
      configParameterName: this.names.hostConfigParameter,
      scriptParameterName: this.names.cliScriptParameter,
      migratorHost,
      glueAgentHost,
    });
  }

  /** A SecureString parameter, Advanced only when the value can exceed the Standard tier's 4 KB. */
  private parameter(
    id: string,
    name: string,
    description: string,
    value: string,
    kmsKeyArn: string,
  ): SsmParameter {
    const bytes = estimatedBytes(value);
    if (bytes > SSM_ADVANCED_LIMIT) {
      throw new UserError(
        [Fail.hostConfigTooLarge(name, bytes, SSM_ADVANCED_LIMIT)],
        'Cannot render the host configuration',
      );
    }
    return new SsmParameter(this, id, {
      name,
      description,
      type: 'SecureString',
      keyId: kmsKeyArn,
      tier: bytes > SSM_STANDARD_LIMIT ? 'Advanced' : 'Standard',
      value,
    });
  }

  /**
   * An EC2 host: a launch template (the image, IMDSv2 only, the instance profile, one network
   * interface in a private subnet with the host's security group and no public IP, user data that
   * fetches the configuration) and one instance of it with an encrypted root volume.
   */
  private host(props: MigratorStackProps, host: HostSettings): HostOutput {
    const { id, name, settings } = host;
    const profile = props.security.instanceProfileName;
    if (profile === undefined || host.securityGroupId === undefined) {
      // Config validation launches hosts only where the security layer creates both.
      throw new Error(`${id}: the security stack publishes no instance profile or security group`);
    }
    const template = new LaunchTemplate(this, `${id}-template`, {
      name,
      description: `${name}: launched by the ${this.names.prefix} migrator stack`,
      imageId: settings.imageId,
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        httpPutResponseHopLimit: 1,
        instanceMetadataTags: 'disabled',
      },
      iamInstanceProfile: { name: profile },
      networkInterfaces: [
        {
          deviceIndex: 0,
          subnetId: firstOf(props.network.privateSubnetIds),
          securityGroups: [host.securityGroupId],
          associatePublicIpAddress: 'false',
          deleteOnTermination: 'true',
        },
      ],
      // Readable in cdk.tf.json and in the plan; Terraform encodes it.
      userData: Fn.base64encode(
        Fn.rawString(
          renderUserData({
            region: this.environment.region,
            configParameter: this.names.hostConfigParameter,
            scriptParameter: this.names.cliScriptParameter,
            runScript: host.runScript,
          }),
        ),
      ),
      tagSpecifications: [
        { resourceType: 'instance', tags: { Name: name } },
        { resourceType: 'volume', tags: { Name: name } },
      ],
    });
    const instance = new Instance(this, id, {
      launchTemplate: { id: template.id, version: Token.asString(template.latestVersion) },
      instanceType: settings.instanceType,
      // On the instance, not the template: a template's block device needs the image's root device
      // name, which differs between images; root_block_device is the root volume of any image.
      rootBlockDevice: {
        encrypted: true,
        kmsKeyId: props.security.kmsKeyArn,
        volumeSize: settings.rootVolumeSizeGiB,
        volumeType: 'gp3',
        deleteOnTermination: true,
      },
      tags: { Name: name },
      dependsOn: host.dependsOn,
    });
    return { instanceId: instance.id, privateIp: instance.privateIp };
  }
}

/** The first private subnet (of the first availability zone), from a list or a list token. */
function firstOf(list: string[]): string {
  return Tokenization.reverseList(list) !== undefined ? Fn.element(list, 0) : (list[0] as string);
}

/** The size of a rendered value once Terraform has filled in what is known only at apply time. */
function estimatedBytes(value: string): number {
  const fragments = Tokenization.reverseString(value);
  const literal = (fragments.literals as unknown[]).map(String).join('');
  return Buffer.byteLength(literal) + fragments.tokens.length * DEFERRED_VALUE_BYTES;
}

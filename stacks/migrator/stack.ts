/**
 * `<env>-migrator`: the migrator host's configuration, rendered from the other layers' outputs and
 * published in SSM Parameter Store (encrypted with the environment's key) where the LDM role can
 * read it; with the host in AWS, the EC2 migrator host and the remote Glue agent host, which fetch
 * it at first boot.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Construct } from 'constructs';
import { Fn, type ITerraformDependable, Op, TerraformLocal, Token, Tokenization } from 'cdktf';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { BaseStack, type LayerStackProps } from '../../lib/constructs/base-stack';
import type { Ec2HostConfig } from './hosts';
import { Fail, UserError } from '../../lib/core/errors';
import { hostConfigReadPolicy } from './policies';
import {
  type AwsProfile,
  AWS_PROFILE_SERVICES,
  type Deferral,
  type HostConfig,
  renderAwsProfile,
  renderHostConfig,
} from './render';
import { HOST_CONFIG_FILES } from './files';
import { LDM_SERVICES } from './services';
import { renderUserData, type ServiceToWaitFor } from './user-data';
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
  updateScriptParameter: 'cli-update-script',
  /** A local value (the compressed script) and its parameters, `-1` to `-4` (PREFLIGHT_PARTS). */
  preflight: 'preflight',
  glueAgentPreflight: 'glue-agent-preflight',
  readPolicy: 'host-config-read',
  migratorHost: 'migrator-host',
  glueAgentHost: 'glue-agent-host',
} as const;

/** SSM parameter size limits (bytes), by tier. */
export const SSM_STANDARD_LIMIT = 4096;
export const SSM_ADVANCED_LIMIT = 8192;
/** What a value known only at apply time counts as when sizing a parameter (ARNs, DNS names). */
const DEFERRED_VALUE_BYTES = 160;
/**
 * Headroom on the size of a compressed value: Terraform's gzip (Go's compress/gzip) and Node's
 * zlib, which estimates it, differ by a few percent.
 */
const COMPRESSED_ESTIMATE_MARGIN = 1.05;

/** One EC2 host of the stack. */
interface HostSettings {
  /** Construct id of the instance; its launch template is `<id>-template`. */
  readonly id: string;
  /** Launch template name and Name tag. */
  readonly name: string;
  readonly settings: Ec2HostConfig;
  readonly securityGroupId: string | undefined;
  /** The systemd units on the host that read the AWS profile. */
  readonly services: readonly string[];
  /** The SSM parameters of the host's preflight, and its file on the host. */
  readonly preflight: { readonly parameters: readonly string[]; readonly file: string };
  /** The migrator host: run the LDM CLI script at first boot, once these services answer. */
  readonly run?: { readonly waitFor: readonly ServiceToWaitFor[] };
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

    // The agent host first: the configuration LDM gets says where the agent listens. Its user
    // data needs only what the renderer writes from config (the profile), not the agent's IP.
    const profile = renderAwsProfile(this.rendererInput(props, undefined), isToken);
    const glueAgentHost = launch.glueAgent
      ? this.host(props, profile, {
          id: MIGRATOR_IDS.glueAgentHost,
          name: this.names.glueAgentHost,
          settings: env.migrator.hosts.glueAgent,
          securityGroupId: props.security.glueAgentSecurityGroupId,
          services: [LDM_SERVICES.remoteGlueAgent],
          // Published below: the user data waits for it like for the other parameters.
          preflight: {
            parameters: this.names.glueAgentPreflightParameters,
            file: HOST_CONFIG_FILES.glueAgentPreflight,
          },
        })
      : undefined;

    const rendered = renderHostConfig(this.rendererInput(props, glueAgentHost?.privateIp), isToken);
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
    const updateScriptParameter = this.parameter(
      MIGRATOR_IDS.updateScriptParameter,
      this.names.cliUpdateScriptParameter,
      'LiveData Migrator CLI script for later runs (update and configure): livedata-migrator --script=<file>',
      rendered.updateScript,
      props.security.kmsKeyArn,
    );

    const preflightParameters = this.preflightParameters(
      MIGRATOR_IDS.preflight,
      this.names.preflightParameters,
      'Preflight of the LiveData Migrator host',
      rendered.preflight,
      props.security.kmsKeyArn,
    );
    const glueAgentPreflight = rendered.glueAgentPreflight;
    if (glueAgentPreflight !== undefined) {
      this.preflightParameters(
        MIGRATOR_IDS.glueAgentPreflight,
        this.names.glueAgentPreflightParameters,
        'Preflight of the remote Glue agent host',
        glueAgentPreflight,
        props.security.kmsKeyArn,
      );
    }

    // The LDM role reads its own configuration, wherever the host runs.
    const readPolicy = new IamRolePolicy(this, MIGRATOR_IDS.readPolicy, {
      name: MIGRATOR_IDS.readPolicy,
      role: props.security.migratorRoleName,
      policy: JSON.stringify(
        hostConfigReadPolicy({
          scope: this.context.aws,
          parameterNames: [
            this.names.hostConfigParameter,
            this.names.cliScriptParameter,
            this.names.cliUpdateScriptParameter,
            ...this.names.preflightParameters,
            ...(glueAgentPreflight !== undefined ? this.names.glueAgentPreflightParameters : []),
          ],
          kmsKeyArn: props.security.kmsKeyArn,
        }),
      ),
    });

    const migratorHost = launch.migrator
      ? this.host(props, rendered, {
          id: MIGRATOR_IDS.migratorHost,
          name: this.names.migratorHost,
          settings: env.migrator.hosts.migrator,
          securityGroupId: props.security.migratorSecurityGroupId,
          services: AWS_PROFILE_SERVICES,
          preflight: {
            parameters: this.names.preflightParameters,
            file: HOST_CONFIG_FILES.preflight,
          },
          run: { waitFor: servicesToWaitFor(rendered) },
          // Its user data reads the parameters at first boot.
          dependsOn: [
            configParameter,
            scriptParameter,
            updateScriptParameter,
            ...preflightParameters,
            readPolicy,
          ],
        })
      : undefined;

    this.outputs = this.publish(migratorOutputs, {
      configParameterName: this.names.hostConfigParameter,
      scriptParameterName: this.names.cliScriptParameter,
      updateScriptParameterName: this.names.cliUpdateScriptParameter,
      preflightParameterNames: [...this.names.preflightParameters],
      glueAgentPreflightParameterNames:
        glueAgentPreflight !== undefined ? [...this.names.glueAgentPreflightParameters] : undefined,
      migratorHost,
      glueAgentHost,
    });
  }

  /** What the renderer reads: the other layers' outputs and, once launched, the agent's address. */
  private rendererInput(props: MigratorStackProps, glueAgentHostIp: string | undefined) {
    return {
      project: this.context.project,
      environment: this.environment,
      network: props.network,
      security: props.security,
      storage: props.storage,
      catalog: props.catalog,
      glueAgentHostIp,
    };
  }

  /**
   * A SecureString parameter, Advanced only when the value can exceed the Standard tier's 4 KB.
   * `size`: the estimated size of a value that is not the text itself, and what to say when it
   * cannot fit.
   */
  private parameter(
    id: string,
    name: string,
    description: string,
    value: string,
    kmsKeyArn: string,
    size = { bytes: estimatedBytes(value), tooLarge: Fail.hostConfigTooLarge },
  ): SsmParameter {
    const { bytes } = size;
    if (bytes > SSM_ADVANCED_LIMIT) {
      throw new UserError(
        [size.tooLarge(name, bytes, SSM_ADVANCED_LIMIT)],
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
   * A preflight, published in one parameter per name: Terraform compresses the script
   * (base64gzip, into a local value) and cuts the result in as many parts, so that each fits the
   * free Standard tier; the host joins them in order, decodes and unpacks them
   * (`base64 -d | gunzip`).
   */
  private preflightParameters(
    id: string,
    names: readonly string[],
    what: string,
    text: string,
    kmsKeyArn: string,
  ): SsmParameter[] {
    const compressed = new TerraformLocal(this, id, Fn.base64gzip(terraformText(text))).asString;
    const count = names.length;
    // A multiple of 4: each part is whole base64 (not needed to join them, but tidy to read); the
    // last part takes the rest.
    const part = Op.mul(Fn.ceil(Op.div(Fn.lengthOf(compressed), 4 * count)), 4);
    const size = {
      bytes: Math.ceil(estimatedCompressedBytes(text) / count) + 4,
      tooLarge: Fail.preflightTooLarge,
    };
    return names.map((name, i) =>
      this.parameter(
        `${id}-${i + 1}`,
        name,
        `${what}, part ${i + 1} of ${count}: join all ${count} in order, then base64 -d | gunzip`,
        Fn.substr(compressed, i === 0 ? 0 : Op.mul(part, i), i === count - 1 ? -1 : part),
        kmsKeyArn,
        size,
      ),
    );
  }

  /**
   * An EC2 host: a launch template (the image, IMDSv2 only, the instance profile, one network
   * interface in a private subnet with the host's security group and no public IP, user data that
   * fetches the configuration) and one instance of it with an encrypted root volume.
   */
  private host(props: MigratorStackProps, rendered: AwsProfile, host: HostSettings): HostOutput {
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
        rawWithTokens(
          renderUserData({
            region: this.environment.region,
            configParameter: this.names.hostConfigParameter,
            scriptParameter: this.names.cliScriptParameter,
            updateScriptParameter: this.names.cliUpdateScriptParameter,
            awsConfig: rendered.awsConfig,
            systemdDropIn: rendered.systemdDropIn,
            services: host.services,
            preflight: host.preflight,
            run: host.run,
            deferred: isToken,
          }),
          (host.run?.waitFor ?? []).map((s) => s.host).filter(isToken),
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

/**
 * What the LDM CLI script talks to, in the order it does: LDM's REST API, HiveMigrator's, and the
 * remote Glue agent when there is one.
 */
function servicesToWaitFor(rendered: HostConfig): ServiceToWaitFor[] {
  const { connections, glue } = rendered.document;
  const local = '127.0.0.1';
  return [
    { what: 'LDM REST API', host: local, port: connections.livedataMigrator.port },
    {
      what: 'HiveMigrator REST API',
      host: local,
      port: connections.hiveMigrator.port,
    },
    ...(glue.remoteAgent
      ? [
          {
            what: 'the remote Glue agent',
            host: glue.remoteAgent.host,
            port: glue.remoteAgent.port,
          },
        ]
      : []),
  ];
}

/** cdktf's string tokens: `${TfToken[TOKEN.12]}` (cdktf's encoding of an unresolved value). */
const STRING_TOKEN = /\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}/g;

/**
 * Text Terraform must take literally, except for the values only known at apply time in it (an
 * IP address): the literal parts as raw strings, joined with those references. Raw strings go into
 * an HCL string as they are, so their backslashes are doubled here.
 */
function rawWithTokens(text: string, tokens: readonly string[]): string {
  let parts = [text];
  for (const token of new Set(tokens)) {
    parts = parts.flatMap((part) =>
      part.split(token).flatMap((piece, i) => (i === 0 ? [piece] : [token, piece])),
    );
  }
  const raw = (part: string) => Fn.rawString(part.replace(/\\/g, '\\\\'));
  if (parts.length === 1) return raw(text);
  const tokenSet = new Set(tokens);
  return Fn.join(
    '',
    parts.map((part) => (tokenSet.has(part) ? part : raw(part))),
  );
}

/** Every cdktf string token in `text`. */
function tokensIn(text: string): string[] {
  return (text.match(STRING_TOKEN) ?? []).filter((t) => Token.isUnresolved(t));
}

/** A rendered text with the values Terraform fills in, as an argument of a Terraform function. */
function terraformText(text: string): string {
  return rawWithTokens(text, tokensIn(text));
}

/** The first private subnet (of the first availability zone), from a list or a list token. */
function firstOf(list: string[]): string {
  return Tokenization.reverseList(list) !== undefined ? Fn.element(list, 0) : (list[0] as string);
}

/**
 * The size of `base64gzip(text)` once Terraform has filled in what is known only at apply time:
 * each value is counted as DEFERRED_VALUE_BYTES characters that do not compress.
 */
export function estimatedCompressedBytes(text: string): number {
  const filled = text.replace(STRING_TOKEN, (token) => {
    let filler = '';
    for (let i = 0; filler.length < DEFERRED_VALUE_BYTES; i++) {
      filler += createHash('sha256').update(`${token}/${i}`).digest('base64');
    }
    return filler.slice(0, DEFERRED_VALUE_BYTES);
  });
  const compressed = gzipSync(filled).length;
  return Math.ceil(4 * Math.ceil(compressed / 3) * COMPRESSED_ESTIMATE_MARGIN);
}

/** The size of a rendered value once Terraform has filled in what is known only at apply time. */
function estimatedBytes(value: string): number {
  const fragments = Tokenization.reverseString(value);
  const literal = (fragments.literals as unknown[]).map(String).join('');
  return Buffer.byteLength(literal) + fragments.tokens.length * DEFERRED_VALUE_BYTES;
}

/**
 * The stack every layer extends: one AWS provider pinned to the environment's account and region,
 * default tags, and the state backend. Nothing here reads the environment: it all comes from the
 * validated config.
 */
import { LocalBackend, S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Config, Environment, StateConfig } from '../app/schema';
import { flattenOutputs } from '../core/outputs';
import {
  defaultTags,
  type Layer,
  type ResourceNames,
  resourceNames,
  stackId,
} from '../core/naming';

export interface LayerStackProps {
  readonly config: Config;
  readonly environment: Environment;
}

/** Where a stack keeps its state: the Terraform backend block, from `state` in the config. */
export function backendSettings(state: StateConfig, envName: string, layer: Layer) {
  if (state.backend === 'local') {
    // Relative to the stack's own directory (cdktf.out/stacks/<id>/), pointing outside cdktf.out/:
    // every stack sits at the same depth, so the terraform_remote_state lookups cdktf writes into
    // consuming stacks (which reuse this path from their own directory) find the producer's file,
    // and a fresh synth never touches state.
    return {
      backend: 'local' as const,
      path: `../../../terraform-state/${stackId(envName, layer)}.tfstate`,
    };
  }
  return {
    backend: 's3' as const,
    bucket: state.s3.bucket,
    key: `${state.s3.keyPrefix}/${envName}/${layer}.tfstate`,
    region: state.s3.region,
    encrypt: true,
    ...(state.s3.kmsKeyId ? { kmsKeyId: state.s3.kmsKeyId } : {}),
    ...(state.s3.roleArn ? { assumeRole: { roleArn: state.s3.roleArn } } : {}),
  };
}

export abstract class BaseStack extends TerraformStack {
  readonly config: Config;
  readonly environment: Environment;
  readonly layer: Layer;
  /** Names of everything in this environment, from the one naming function. */
  readonly names: ResourceNames;

  protected constructor(scope: Construct, layer: Layer, props: LayerStackProps) {
    const env = props.environment;
    super(scope, stackId(env.name, layer));
    this.config = props.config;
    this.environment = env;
    this.layer = layer;
    this.names = resourceNames({
      project: props.config.project,
      envName: env.name,
      accountId: env.accountId,
      region: env.region,
      bucketName: env.storage.bucketName,
      logBucketName: env.storage.logBucketName,
    });

    new AwsProvider(this, 'aws', {
      region: env.region,
      // Deploying with credentials of any other account fails before anything is planned.
      allowedAccountIds: [env.accountId],
      assumeRole: env.deployRoleArn
        ? [{ roleArn: env.deployRoleArn, sessionName: `${this.names.prefix}-${layer}` }]
        : undefined,
      defaultTags: [{ tags: defaultTags(props.config.project, env.name, props.config.tags) }],
    });

    const { backend, ...settings } = backendSettings(props.config.state, env.name, layer);
    if (backend === 'local') {
      new LocalBackend(this, settings as { path: string });
    } else {
      const s3 = new S3Backend(this, settings as ConstructorParameters<typeof S3Backend>[1]);
      // S3-native state locking (Terraform >= 1.10); cdktf 0.21's S3Backend has no field for it.
      s3.addOverride('use_lockfile', true);
    }
  }

  /**
   * Declares every field of a layer's typed outputs as a named Terraform output (see
   * `flattenOutputs`) and returns the object, so a stack ends with
   * `this.outputs = this.publish({ ... })`.
   */
  protected publish<T extends object>(outputs: T): T {
    for (const [name, value] of flattenOutputs(outputs)) {
      new TerraformOutput(this, name, { value, staticId: true });
    }
    return outputs;
  }
}

/**
 * The stack every layer extends: one AWS provider pinned to the environment's account and region,
 * default tags, the state backend, and the layer's typed outputs published as Terraform outputs.
 * Nothing here reads the process environment: it all comes from the environment context.
 */
import { LocalBackend, S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { z } from 'zod';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { StateConfig } from '../app/schema';
import type { EnvironmentContext } from '../core/context';
import { type ResourceNames, stackId } from '../core/naming';
import { flattenOutputs } from '../core/outputs';

export interface LayerStackProps {
  /** The environment, computed once for all of its stacks. */
  readonly context: EnvironmentContext;
}

/** Where a stack keeps its state: the Terraform backend block, from `state` in the config. */
export function backendSettings(state: StateConfig, envName: string, layer: string) {
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
  readonly context: EnvironmentContext;
  readonly layer: string;
  /** Names of everything in this environment, from the one naming function. */
  readonly names: ResourceNames;

  protected constructor(scope: Construct, layer: string, props: LayerStackProps) {
    const { context } = props;
    const env = context.environment;
    super(scope, stackId(env.name, layer));
    this.context = context;
    this.layer = layer;
    this.names = context.names;

    new AwsProvider(this, 'aws', {
      region: env.region,
      // Deploying with credentials of any other account fails before anything is planned.
      allowedAccountIds: [env.accountId],
      assumeRole: env.deployRoleArn
        ? [{ roleArn: env.deployRoleArn, sessionName: `${this.names.prefix}-${layer}` }]
        : undefined,
      defaultTags: [{ tags: { ...context.tags } }],
    });

    const { backend, ...settings } = backendSettings(context.state, env.name, layer);
    if (backend === 'local') {
      new LocalBackend(this, settings as { path: string });
    } else {
      const s3 = new S3Backend(this, settings as ConstructorParameters<typeof S3Backend>[1]);
      // S3-native state locking (Terraform >= 1.10); cdktf 0.21's S3Backend has no field for it.
      s3.addOverride('use_lockfile', true);
    }
  }

  /** The environment's validated sections. */
  get environment() {
    return this.context.environment;
  }

  /**
   * Declares every leaf of a layer's outputs (checked against the layer's schema) as a named
   * Terraform output (see lib/core/outputs.ts) and returns them, so a stack ends with
   * `this.outputs = this.publish(networkOutputs, { ... })`.
   */
  protected publish<S extends z.ZodType>(schema: S, outputs: z.input<S>): z.infer<S> {
    const checked = schema.parse(outputs);
    for (const [name, value] of flattenOutputs(checked as object)) {
      new TerraformOutput(this, name, { value, staticId: true });
    }
    return checked;
  }
}

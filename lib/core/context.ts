/**
 * The environment context: what every stack of one environment knows, computed once from the
 * validated config and handed to each stack (instead of each stack recomputing names, scope and
 * placement from the raw sections): the sections themselves, the names from the naming function,
 * the AWS scope the policies point at, and where the hosts run.
 */
import type { Config, Environment, StateConfig } from '../app/schema';
import { type AwsScope, awsScope } from './arns';
import { terraformLiterals } from './literal';
import { defaultTags, type ResourceNames, resourceNames } from './naming';

/** What decides whether a host is launched: the migrator section as far as it parsed. */
export interface HostSettings {
  readonly placement?: unknown;
  readonly credentials?: unknown;
  readonly remoteGlueAgent?: unknown;
  readonly hosts?: {
    readonly migrator?: { enabled?: unknown };
    readonly glueAgent?: { enabled?: unknown };
  };
}

/**
 * The EC2 hosts the migrator stack launches. A host is launched where it is needed (LDM with
 * `placement: ec2`, the remote agent with `remoteGlueAgent`) and the security layer gives it
 * credentials (the instance profile it creates with `credentials: instance-profile`), unless
 * `enabled` says otherwise.
 */
export function hostsToLaunch(migrator: HostSettings): { migrator: boolean; glueAgent: boolean } {
  const withProfile = migrator.credentials === 'instance-profile';
  const explicit = (value: unknown) => (typeof value === 'boolean' ? value : undefined);
  return {
    migrator:
      explicit(migrator.hosts?.migrator?.enabled) ?? (migrator.placement === 'ec2' && withProfile),
    glueAgent:
      explicit(migrator.hosts?.glueAgent?.enabled) ??
      (migrator.remoteGlueAgent === true && withProfile),
  };
}

/** Where LDM and HiveMigrator's Glue agent run: the one meaning of "a host runs in AWS". */
export interface HostPlacement {
  /** LDM runs on an EC2 host in the VPC (`placement: ec2`): it needs a security group of its own. */
  readonly ldmInAws: boolean;
  /** HiveMigrator's remote Glue agent runs on an EC2 host in the VPC (`remoteGlueAgent`). */
  readonly glueAgentInAws: boolean;
  /** Either runs in AWS: the VPC then needs the Session Manager and CloudWatch Logs endpoints. */
  readonly anyInAws: boolean;
  /** The hosts the migrator stack launches itself (the others are brought by the user). */
  readonly launch: { readonly migrator: boolean; readonly glueAgent: boolean };
}

export function hostPlacement(migrator: Environment['migrator']): HostPlacement {
  const ldmInAws = migrator.placement === 'ec2';
  const glueAgentInAws = migrator.remoteGlueAgent;
  return {
    ldmInAws,
    glueAgentInAws,
    anyInAws: ldmInAws || glueAgentInAws,
    launch: hostsToLaunch(migrator),
  };
}

/**
 * What the stacks of one environment know. Every string that came from the config is a Terraform
 * literal here (lib/core/literal.ts): a stack may put any of them into its resources as it is.
 */
export interface EnvironmentContext {
  /** `project`: the prefix of every name. */
  readonly project: string;
  /** The environment's validated, defaulted sections. */
  readonly environment: Environment;
  /** Where state lives (`state`). */
  readonly state: StateConfig;
  /** The tags every resource carries (the provider's `default_tags`). */
  readonly tags: Readonly<Record<string, string>>;
  /** The partition, region and account the policies point at. */
  readonly aws: AwsScope;
  /** Every name, from the one naming function. */
  readonly names: ResourceNames;
  readonly hosts: HostPlacement;
}

export function environmentContext(config: Config, environment: Environment): EnvironmentContext {
  return {
    project: config.project,
    // The one place config strings enter the stacks: as literals, never as Terraform expressions.
    environment: terraformLiterals(environment),
    state: terraformLiterals(config.state),
    tags: terraformLiterals(defaultTags(config.project, environment.name, config.tags)),
    aws: awsScope(environment.region, environment.accountId),
    names: resourceNames({
      project: config.project,
      envName: environment.name,
      accountId: environment.accountId,
      region: environment.region,
      bucketName: environment.storage.bucketName,
      logBucketName: environment.storage.logBucketName,
    }),
    hosts: hostPlacement(environment.migrator),
  };
}

/**
 * `environments[].migrator`: where LDM runs, who may reach it, and how it gets AWS credentials. The
 * identity and network-access fields belong to the security layer (stacks/security/config.ts); the
 * rest to the migrator: placement, its listeners' TLS, the route to Glue, the remote Glue agent,
 * the hosts and the source side of the migration.
 */
import { z } from 'zod';
import { Expect } from '../../lib/core/errors';
import type { AddProblem, CheckContext, PartialEnvironment } from '../../lib/core/fields';
import { defaultCredentials, securityFields } from '../security/config';
import { hostsSchema } from './hosts';
import { checkSource, sourceSchema } from './source';

export const PLACEMENTS = ['on-premises', 'ec2'] as const;

export const migratorSchema = z
  .strictObject({
    placement: z
      .enum(PLACEMENTS, { error: Expect.oneOf(PLACEMENTS) })
      .default('on-premises')
      .meta({
        description:
          'Where LDM runs: on a Hadoop edge node on premises, or on an EC2 host in the VPC.',
      }),
    adminCidrs: securityFields.adminCidrs,
    hiveMigratorTls: z.boolean().default(true).meta({
      description:
        'HiveMigrator REST API over TLS on 6781 instead of plain HTTP on 6780: the script then starts with `connect hivemigrator --ssl --port 6781`.',
    }),
    ldmApiTls: z.boolean().default(false).meta({
      description:
        "LDM's REST API (18080) over TLS, as `server.ssl.*` in LDM's `application.properties` sets it up (LDM's default is plain HTTP): the script then starts with `connect livemigrator --ssl`.",
    }),
    uiTls: z
      .boolean()
      .default(false)
      .meta({ description: 'The LiveData UI over TLS on 8443 instead of 8081.' }),
    credentials: securityFields.credentials,
    rolesAnywhere: securityFields.rolesAnywhere,
    assumeRole: securityFields.assumeRole,
    permissionsBoundaryArn: securityFields.permissionsBoundaryArn,
    maxSessionDurationSeconds: securityFields.maxSessionDurationSeconds,
    sourceClusterPorts: securityFields.sourceClusterPorts,
    hostLogRetentionDays: securityFields.hostLogRetentionDays,
    allowInternetHttps: securityFields.allowInternetHttps,
    remoteGlueAgent: z.boolean().default(false).meta({
      description:
        "Run HiveMigrator's Glue agent on a remote host in the VPC, where the Glue endpoint's private DNS answers: `hosts.glueAgent.port` (5052) open from the LDM host (its security group with `placement: ec2`, else `network.onPremCidrs`, which then needs an entry).",
    }),
    allowPublicGlueEndpoint: z.boolean().default(false).meta({
      description:
        "**Relaxation**: HiveMigrator on premises calls Glue's public endpoint `glue.<region>.amazonaws.com` over the internet (through your proxy or firewall), for a site without `network.resolverInboundEndpoint` or a remote Glue agent. Risk accepted: metadata leaves over the internet (TLS), outside the VPC and the Glue endpoint's policy.",
    }),
    hosts: hostsSchema.prefault({}).meta({
      description:
        'The EC2 hosts the migrator stack may launch, and what the rendered host configuration needs beside the outputs.',
    }),
    source: sourceSchema.optional().meta({
      description:
        'The source side and the migrations, for a script that goes from the target to running migrations: the HDFS filesystem, the Hive agent, the Hive rules, the metadata and data migrations. Without it the script configures the target only.',
    }),
  })
  .transform((m) => ({ ...m, credentials: m.credentials ?? defaultCredentials(m.placement) }));

export type MigratorConfig = z.infer<typeof migratorSchema>;

/**
 * How HiveMigrator's Glue agent reaches Glue by its regional name `glue.<region>.amazonaws.com`
 * (the only name its client can sign for):
 * - `vpc`: the agent runs in the VPC (LDM on EC2, or a remote agent host), where the Glue
 *   endpoint's private DNS answers;
 * - `resolver`: on premises, through the Route 53 Resolver inbound endpoint on-premises DNS
 *   forwards the name to;
 * - `public`: the public endpoint over the internet (`allowPublicGlueEndpoint`, a relaxation);
 * - `none`: no route, which config validation refuses.
 */
export type GlueRoute = 'vpc' | 'resolver' | 'public' | 'none';

export interface GlueRouteSettings {
  readonly placement?: unknown;
  readonly remoteGlueAgent?: unknown;
  readonly allowPublicGlueEndpoint?: unknown;
  readonly network?: {
    readonly resolverInboundEndpoint?: unknown;
    readonly endpointPrivateDns?: unknown;
    readonly existingVpc?: unknown;
  };
}

/**
 * The private route, if any, and whether the relaxation was asked for. In an existing VPC with
 * `endpointPrivateDns: false`, the VPC's own Glue endpoint with private DNS is taken to answer
 * (that is why the field is off there).
 */
export function privateGlueRoute(s: GlueRouteSettings): 'vpc' | 'resolver' | 'none' {
  const privateDnsAnswers =
    s.network?.endpointPrivateDns !== false || s.network?.existingVpc !== undefined;
  if (!privateDnsAnswers) return 'none';
  if (s.placement === 'ec2' || s.remoteGlueAgent === true) return 'vpc';
  return s.network?.resolverInboundEndpoint === true ? 'resolver' : 'none';
}

export function glueRoute(s: GlueRouteSettings): GlueRoute {
  const route = privateGlueRoute(s);
  return route === 'none' && s.allowPublicGlueEndpoint === true ? 'public' : route;
}

/** Rules that span the migrator's own fields (and the network and catalog sections). */
export function checkMigrator(
  env: PartialEnvironment,
  add: AddProblem,
  context: CheckContext = {},
): void {
  const m = env.migrator;
  if (!m) return;
  const placement = m.placement ?? 'on-premises';
  const onPremCidrs = Array.isArray(env.network?.onPremCidrs) ? env.network.onPremCidrs : [];
  if (m.remoteGlueAgent === true && placement === 'on-premises' && onPremCidrs.length === 0) {
    add(['migrator', 'remoteGlueAgent'], true, Expect.remoteGlueAgentNeedsOnPrem);
  }

  // A route to Glue HiveMigrator's client can sign for, or the relaxation that names the risk.
  const settings: GlueRouteSettings = { ...m, placement, network: env.network };
  const route = privateGlueRoute(settings);
  const agentInVpc = placement === 'ec2' || m.remoteGlueAgent === true;
  if (m.allowPublicGlueEndpoint === true) {
    if (route !== 'none')
      add(['migrator', 'allowPublicGlueEndpoint'], true, Expect.glueRouteExists(route));
  } else if (route === 'none') {
    if (agentInVpc || env.network?.resolverInboundEndpoint === true) {
      add(['network', 'endpointPrivateDns'], false, Expect.glueNeedsPrivateDns);
    } else {
      add(
        ['network', 'resolverInboundEndpoint'],
        env.network?.resolverInboundEndpoint,
        Expect.glueRouteNeeded,
      );
    }
  }

  checkSource(env, add, context);
}

/**
 * `environments[].migrator`: where LDM runs, who may reach it, and how it gets AWS credentials. The
 * identity and network-access fields belong to the security layer (stacks/security/config.ts); the
 * rest to the migrator: placement, its listeners' TLS, the remote Glue agent and the hosts.
 */
import { z } from 'zod';
import { Expect } from '../../lib/core/errors';
import type { AddProblem, PartialEnvironment } from '../../lib/core/fields';
import { defaultCredentials, securityFields } from '../security/config';
import { hostsSchema } from './hosts';

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
      description: 'HiveMigrator REST API over TLS on 6781 instead of plain HTTP on 6780.',
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
        "Run HiveMigrator's Glue agent on a remote host, for a source that cannot reach Glue: port 5052 open from the LDM host (its security group with `placement: ec2`, else `network.onPremCidrs`, which then needs an entry).",
    }),
    hosts: hostsSchema.prefault({}).meta({
      description:
        'The EC2 hosts the migrator stack may launch, and what the rendered host configuration needs beside the outputs.',
    }),
  })
  .transform((m) => ({ ...m, credentials: m.credentials ?? defaultCredentials(m.placement) }));

export type MigratorConfig = z.infer<typeof migratorSchema>;

/** Rules that span the migrator's own fields (and the network section). */
export function checkMigrator(env: PartialEnvironment, add: AddProblem): void {
  const m = env.migrator;
  if (!m) return;
  const placement = m.placement ?? 'on-premises';
  const onPremCidrs = Array.isArray(env.network?.onPremCidrs) ? env.network.onPremCidrs : [];
  if (m.remoteGlueAgent === true && placement === 'on-premises' && onPremCidrs.length === 0) {
    add(['migrator', 'remoteGlueAgent'], true, Expect.remoteGlueAgentNeedsOnPrem);
  }
}

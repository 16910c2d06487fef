/** `environments[].migrator`: where LDM runs, who may reach it, and how it gets AWS credentials. */
import { z } from 'zod';
import type { AddProblem, PartialEnvironment } from './common';
import { Expect } from '../errors';
import { cidr } from './common';
import { hostsSchema } from './hosts';

export const PLACEMENTS = ['on-premises', 'ec2'] as const;
export const CREDENTIAL_MODES = ['instance-profile', 'roles-anywhere', 'assume-role'] as const;

export const migratorSchema = z
  .strictObject({
    /** Where LDM runs: on a Hadoop edge node on premises, or on an EC2 host in the VPC. @default on-premises */
    placement: z.enum(PLACEMENTS, { error: Expect.oneOf(PLACEMENTS) }).default('on-premises'),
    /** Networks allowed to reach the UI and REST APIs of a host in AWS. Never 0.0.0.0/0. @default [] */
    adminCidrs: z.array(cidr).default([]),
    /** HiveMigrator REST API over TLS on 6781 instead of plain HTTP on 6780. @default true */
    hiveMigratorTls: z.boolean().default(true),
    /** The LiveData UI over TLS on 8443 instead of 8081. @default false */
    uiTls: z.boolean().default(false),
    /**
     * How LDM gets AWS credentials. @default instance-profile with placement ec2, roles-anywhere
     * on premises
     */
    credentials: z.enum(CREDENTIAL_MODES, { error: Expect.oneOf(CREDENTIAL_MODES) }).optional(),
    /** Run HiveMigrator's Glue agent on an EC2 host (port 5052) for a source that cannot reach Glue. */
    remoteGlueAgent: z.boolean().default(false),
    /** EC2 hosts the migrator stack may run (the migrator host, the remote Glue agent host). */
    hosts: hostsSchema.prefault({}),
  })
  .transform((m) => ({
    ...m,
    credentials: m.credentials ?? (m.placement === 'ec2' ? 'instance-profile' : 'roles-anywhere'),
  }));

export type MigratorConfig = z.infer<typeof migratorSchema>;

/** Rules that span migrator fields (and other sections). */
export function checkMigrator(_env: PartialEnvironment, _add: AddProblem): void {
  // No cross-field rule yet.
}

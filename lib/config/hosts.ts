/** `environments[].migrator.hosts`: EC2 hosts the migrator stack runs when the host is in AWS. */
import { z } from 'zod';

export const hostsSchema = z.strictObject({});

export type HostsConfig = z.infer<typeof hostsSchema>;

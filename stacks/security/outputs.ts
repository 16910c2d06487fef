/** What the security layer hands to the others, declared once (see stacks/network/outputs.ts). */
import { z } from 'zod';

export const securityOutputs = z.strictObject({
  kmsKeyArn: z.string(),
  kmsAliasName: z.string(),
  migratorRoleArn: z.string(),
  migratorRoleName: z.string(),
  instanceProfileName: z
    .string()
    .optional()
    .meta({ description: 'Only with `credentials: instance-profile`.' }),
  migratorSecurityGroupId: z
    .string()
    .optional()
    .meta({ description: 'Only with `placement: ec2`.' }),
  glueAgentSecurityGroupId: z
    .string()
    .optional()
    .meta({ description: 'Only with `remoteGlueAgent: true`.' }),
  rolesAnywhere: z
    .strictObject({ trustAnchorArn: z.string(), profileArn: z.string() })
    .optional()
    .meta({ description: 'Only with `credentials: roles-anywhere`.' }),
});
export type SecurityOutputs = z.infer<typeof securityOutputs>;

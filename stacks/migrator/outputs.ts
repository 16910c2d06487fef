/** What the migrator layer publishes, declared once (see stacks/network/outputs.ts). */
import { z } from 'zod';

/** An EC2 host the migrator stack launched. */
export const hostOutput = z.strictObject({ instanceId: z.string(), privateIp: z.string() });
export type HostOutput = z.infer<typeof hostOutput>;

export const migratorOutputs = z.strictObject({
  configParameterName: z.string().meta({
    description: 'SSM parameter holding the rendered host configuration (JSON).',
  }),
  scriptParameterName: z.string().meta({
    description:
      'SSM parameter holding the LDM CLI script for a fresh LDM (`livedata-migrator --script=<file>`).',
  }),
  updateScriptParameterName: z.string().meta({
    description:
      'SSM parameter holding the LDM CLI script for later runs (`update`/`configure` instead of `add`).',
  }),
  preflightParameterNames: z.array(z.string()).meta({
    description:
      "The two SSM parameters holding the migrator host's preflight: joined, they are the script gzip-compressed and base64-encoded (`base64 -d | gunzip`).",
  }),
  glueAgentPreflightParameterNames: z.array(z.string()).optional().meta({
    description: "With a remote Glue agent: the two SSM parameters of the agent host's preflight.",
  }),
  migratorHost: hostOutput
    .optional()
    .meta({ description: 'Only when the stack launches the EC2 migrator host.' }),
  glueAgentHost: hostOutput.optional().meta({
    description: 'Only when the stack launches the remote Glue agent host: LDM connects to its IP.',
  }),
});
export type MigratorOutputs = z.infer<typeof migratorOutputs>;

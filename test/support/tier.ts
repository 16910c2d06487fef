/**
 * Which suite of the terraform tier checks each stack of every file in config/ with the real CLI
 * and the real AWS provider: every stack exactly once per run, so no stack is initialized,
 * validated or planned twice. Each check also validates (a plan validates the configuration
 * first; a `terraform test` run passes every resource through the real provider's validation), and
 * each asserts there are no warnings.
 *
 * - example.yaml: `npm run plan -- --mock-aws` plans all five stacks end to end
 *   (test/terraform/plan.test.ts);
 * - the state bucket stack of multi-account.yaml: `npm run bootstrap -- --mock-aws` plans it
 *   (test/terraform/plan.test.ts);
 * - every other network stack: a real `terraform plan` with placeholder credentials
 *   (test/terraform/plan-network.test.ts);
 * - every other migrator stack: `terraform test` applies it against a mocked provider and
 *   compares its SSM values with `npm run host-config` (test/terraform/host-config.test.ts);
 * - the rest (security, storage, catalog, other state bucket stacks): a `terraform test` plan run
 *   each, against a mocked provider (test/terraform/validate.test.ts).
 */
import { basename } from 'node:path';
import { StateBootstrapStack } from '../../lib/gitops/bootstrap';
import { addStacks, synthesize } from '../../lib/app/synth';
import type { Config } from '../../lib/app/schema';

export const CHECKS = {
  planCli: 'npm run plan -- --mock-aws',
  bootstrap: 'npm run bootstrap -- --mock-aws',
  planNetwork: 'terraform plan (network)',
  hostConfig: 'terraform test (host configuration)',
  validate: 'terraform test (validate)',
} as const;

export type TierCheck = (typeof CHECKS)[keyof typeof CHECKS];

/** The check of stack `stackId` synthesized from config file `file` (a path or its name). */
export function tierCheck(file: string, stackId: string): TierCheck {
  const name = basename(file);
  if (stackId === 'state-bootstrap') {
    return name === 'multi-account.yaml' ? CHECKS.bootstrap : CHECKS.validate;
  }
  if (name === 'example.yaml') return CHECKS.planCli;
  if (stackId.endsWith('-network')) return CHECKS.planNetwork;
  if (stackId.endsWith('-migrator')) return CHECKS.hostConfig;
  return CHECKS.validate;
}

/**
 * Synthesizes every stack a config makes: each environment's layers, and the state bucket stack
 * `npm run bootstrap` makes when the config has an s3 backend.
 */
export function synthesizeAll(config: Config, outdir: string): void {
  synthesize(config, outdir, {
    stacks: (app, c) => {
      addStacks(app, c);
      if (c.state.backend === 's3') new StateBootstrapStack(app, { config: c });
    },
  });
}

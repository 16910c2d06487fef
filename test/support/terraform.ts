/**
 * The terraform tier's settings: the real CLI, with the provider from the filesystem mirror named
 * by LDM_TF_PLUGIN_MIRROR (.ci/run finds and sets it; unset means the public registry).
 */
import { join } from 'node:path';
import { assertTerraformInstalled, terraformEnv } from '../../lib/gitops/terraform';
import { ROOT } from './synth';

export const TERRAFORM_BINARY = process.env.TERRAFORM_BINARY ?? 'terraform';

/** Throws (failing the suite) with install instructions when terraform is missing. */
export function terraformTierEnv(): NodeJS.ProcessEnv {
  assertTerraformInstalled(TERRAFORM_BINARY);
  const base = { ...process.env };
  // Never a user's credentials or profile: the tier is offline by construction.
  for (const key of [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_PROFILE',
  ])
    delete base[key];
  return terraformEnv(
    {
      mirrorDir: process.env.LDM_TF_PLUGIN_MIRROR || undefined,
      workDir: join(ROOT, '.cache', 'terraform'),
    },
    { ...base, AWS_EC2_METADATA_DISABLED: 'true' },
  );
}

/**
 * `npx cdktf diff` (and so `deploy`) as a documented way in, air-gapped: a provider mirror in the
 * CLI configuration (the one the tier found, written as lib/gitops/providers.ts writes it) and
 * `--skip-provider-lock` (cdktf's `terraform providers lock` asks the registry, whatever the
 * mirror). Offline and without AWS credentials, it must get as far as needing them: synth, init
 * and the provider all work, and the failure is the credentials error, nothing earlier.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withTerraformSlots } from '../../lib/gitops/slots';
import { ROOT } from '../support/synth';
import { terraformTier } from '../support/terraform';

jest.setTimeout(5 * 60_000);

test('npx cdktf diff <stack> --skip-provider-lock, offline: fails only for want of AWS credentials', async () => {
  const tier = await terraformTier();
  const output = join(mkdtempSync(join(tmpdir(), 'ldm-cdktf-diff-')), 'cdktf.out');
  const result = await withTerraformSlots(1, async () =>
    spawnSync(
      join(ROOT, 'node_modules', '.bin', 'cdktf'),
      ['diff', 'sandbox-network', '--skip-provider-lock', '--output', output],
      {
        cwd: ROOT,
        env: {
          ...tier.env,
          TERRAFORM_BINARY_NAME: tier.binary,
          LDM_CONFIG: undefined,
          CDKTF_OUTDIR: undefined,
          CI: '1',
          FORCE_COLOR: '0',
        },
        encoding: 'utf8',
        timeout: 4 * 60_000,
      },
    ),
  );
  const log = `${result.stdout}${result.stderr}`;
  expect(result.status).not.toBe(0);
  expect(log).toContain('Terraform has been successfully initialized!');
  expect(log).toContain('No valid credential sources found');
  expect(log).not.toMatch(
    /Could not retrieve providers for locking|Failed to query available provider packages|failed to request discovery document|internal error/,
  );
});

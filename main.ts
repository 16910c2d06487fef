/**
 * The cdktf app: load the environments file, add five stacks per environment, synthesize, and run
 * the policy pack over the result before publishing it (docs/policy.md).
 * `LDM_CONFIG` selects the file (default config/example.yaml).
 */
import { App } from 'cdktf';
import { DEFAULT_CONFIG_PATH, loadConfig } from './lib/app/config';
import type { Config } from './lib/app/schema';
import { discardDir, publishDir, stagingDir } from './lib/app/outdir';
import { enforcePolicy } from './lib/policy';
import { runCli } from './lib/app/run-cli';
import { addEnvironmentStacks } from './stacks';

/** Synthesizes every environment into `outdir`, as JSON unless cdktf asked for HCL. */
function synthesize(config: Config, outdir: string, format: 'cdktf' | 'json' = 'cdktf'): App {
  const hcl = process.env.SYNTH_HCL_OUTPUT;
  // cdktf's SYNTH_HCL_OUTPUT (set by `cdktf synth --hcl`) wins over the App's own setting.
  if (format === 'json') delete process.env.SYNTH_HCL_OUTPUT;
  try {
    const app = new App({ outdir });
    for (const environment of config.environments) addEnvironmentStacks(app, config, environment);
    app.synth();
    return app;
  } finally {
    if (hcl !== undefined) process.env.SYNTH_HCL_OUTPUT = hcl;
  }
}

void runCli(() => {
  const config = loadConfig(process.env.LDM_CONFIG ?? DEFAULT_CONFIG_PATH);
  const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  const staging = stagingDir(outdir);
  const policyInput = `${staging}.json`;
  try {
    const app = synthesize(config, staging);
    // The policy pack reads Terraform JSON: `cdktf synth --hcl` gets a JSON synth to check as well.
    const checked = app.hclOutput
      ? (synthesize(config, policyInput, 'json'), policyInput)
      : staging;
    // An unacknowledged error finding throws: the staging folder goes, cdktf.out/ stays as it was.
    enforcePolicy(checked, config.acknowledgements, (line) => process.stderr.write(`${line}\n`));
  } catch (err) {
    discardDir(staging);
    throw err;
  } finally {
    discardDir(policyInput);
  }
  publishDir(staging, outdir);
});

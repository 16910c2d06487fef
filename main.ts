/**
 * The cdktf app: load the environments file, add five stacks per environment, synthesize.
 * `LDM_CONFIG` selects the file (default config/example.yaml).
 */
import { App } from 'cdktf';
import { DEFAULT_CONFIG_PATH, loadConfig } from './lib/config/load';
import { discardDir, publishDir, stagingDir } from './lib/cli/outdir';
import { runCli } from './lib/cli/run';
import { addEnvironmentStacks } from './stacks/environment';

void runCli(() => {
  const config = loadConfig(process.env.LDM_CONFIG ?? DEFAULT_CONFIG_PATH);
  const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  const staging = stagingDir(outdir);
  try {
    const app = new App({ outdir: staging });
    for (const environment of config.environments) addEnvironmentStacks(app, config, environment);
    app.synth();
  } catch (err) {
    discardDir(staging);
    throw err;
  }
  publishDir(staging, outdir);
});

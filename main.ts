/**
 * The cdktf app (`npm run synth`, `cdktf synth`): runs the one synth, lib/cli/synth.ts.
 * `LDM_CONFIG` selects the environments file (default config/example.yaml).
 */
import { runCli } from './lib/app/run-cli';
import { main } from './lib/cli/synth';

void runCli(() => main(process.argv.slice(2), process.env));

/**
 * `npm run synth` (and `cdktf synth`, whose app is main.ts): every environment of the config
 * (`LDM_CONFIG`, default config/example.yaml) into `CDKTF_OUTDIR` (default cdktf.out/), checked by
 * the policy pack before it replaces the previous output (docs/policy.md).
 */
import { configPathFrom, loadConfig } from '../app/config';
import { runCli } from '../app/run-cli';
import { synthesizeChecked } from '../app/synth';
import { parseFlags } from '../gitops/cli';

export function main(argv: readonly string[], env: NodeJS.ProcessEnv): void {
  // It takes no arguments: a mistyped flag is refused, not ignored.
  parseFlags(argv, {});
  // `cdktf synth --hcl` asks for HCL through SYNTH_HCL_OUTPUT (as cdktf-cli reads it).
  const hcl = env.SYNTH_HCL_OUTPUT === 'true' || env.SYNTH_HCL_OUTPUT === '1';
  const config = loadConfig(configPathFrom(env));
  const outdir = env.CDKTF_OUTDIR || 'cdktf.out';
  synthesizeChecked(config, outdir, (line) => process.stderr.write(`${line}\n`), { hcl });
}

if (require.main === module) void runCli(() => main(process.argv.slice(2), process.env));

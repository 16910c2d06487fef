/**
 * The one synth: every environment of a validated config, five stacks each (stacks/index.ts), into
 * an output folder. `synthesizeChecked` is what `npm run synth` (and so `cdktf synth`, `npm run
 * plan`, the bench) runs: the app writes into a staging folder beside the real one, the policy pack
 * checks it, and only then does it replace `cdktf.out/` — a failed synth or a blocking finding
 * leaves the previous output as it was. The disk is checked first and saved plans are carried over
 * (lib/app/publish.ts).
 */
import { App } from 'cdktf';
import { addEnvironmentStacks } from '../../stacks';
import { environmentContext } from '../core/context';
import { enforcePolicy, type PolicyReport } from '../policy';
import type { Config } from './schema';
import { carryOverSavedPlans, discard, prepareStaging, publish } from './publish';

export interface SynthOptions {
  /** Write HCL (`cdk.tf`) instead of Terraform JSON, as `cdktf synth --hcl` asks. */
  readonly hcl?: boolean;
  /** The stacks to add. @default every environment's layers (`addStacks`) */
  readonly stacks?: (app: App, config: Config) => void;
}

/** Every environment's stacks, each environment's context computed once. */
export function addStacks(app: App, config: Config): void {
  for (const environment of config.environments) {
    addEnvironmentStacks(app, environmentContext(config, environment));
  }
}

/** Builds the app of `config` (nothing written yet). */
export function buildApp(config: Config, outdir: string, options: SynthOptions = {}): App {
  const app = new App({ outdir, hclOutput: options.hcl ?? false });
  (options.stacks ?? addStacks)(app, config);
  return app;
}

/** Synthesizes `config` into `outdir`, with no policy check: for tests and tools. */
export function synthesize(config: Config, outdir: string, options: SynthOptions = {}): App {
  return withHclSetting(options.hcl ?? false, () => {
    const app = buildApp(config, outdir, options);
    app.synth();
    return app;
  });
}

/**
 * cdktf reads `SYNTH_HCL_OUTPUT` from the process environment (the App and every TerraformStack,
 * whatever the App was given), and `cdktf synth --hcl` sets it for the whole app run. The format is
 * this module's decision, so the variable says what `hcl` says while the app is built and written.
 */
function withHclSetting<T>(hcl: boolean, run: () => T): T {
  // eslint-disable-next-line no-restricted-properties -- cdktf's own switch, see above
  const env = process.env;
  const before = env.SYNTH_HCL_OUTPUT;
  if (hcl) env.SYNTH_HCL_OUTPUT = 'true';
  else delete env.SYNTH_HCL_OUTPUT;
  try {
    return run();
  } finally {
    if (before === undefined) delete env.SYNTH_HCL_OUTPUT;
    else env.SYNTH_HCL_OUTPUT = before;
  }
}

/**
 * Synthesizes `config` into `outdir` atomically, after the policy pack passed. Acknowledged
 * findings and warnings go to `note`; blocking findings throw (a UserError).
 */
export function synthesizeChecked(
  config: Config,
  outdir: string,
  note: (line: string) => void,
  options: SynthOptions = {},
): PolicyReport {
  const staging = prepareStaging(outdir);
  const policyInput = `${staging}.json`;
  let report: PolicyReport;
  try {
    synthesize(config, staging, options);
    // The policy pack reads Terraform JSON: an HCL synth gets a JSON synth to check as well.
    const checked = options.hcl
      ? (synthesize(config, policyInput, { ...options, hcl: false }), policyInput)
      : staging;
    // An unacknowledged error finding throws: the staging folder goes, outdir stays as it was.
    report = enforcePolicy(checked, config.acknowledgements, note);
    carryOverSavedPlans(outdir, staging);
    publish(staging, outdir);
  } finally {
    discard(staging);
    discard(policyInput);
  }
  return report;
}

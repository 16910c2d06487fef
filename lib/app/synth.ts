/**
 * The one synth: every environment of a validated config, five stacks each (stacks/index.ts), into
 * an output folder. `synthesizeChecked` is what `npm run synth` (and so `cdktf synth`, `npm run
 * plan`, the bench) runs: the app writes into a staging folder beside the real one, the policy pack
 * checks it, and only then does it replace `cdktf.out/` — a failed synth or a blocking finding
 * leaves the previous output as it was. The disk is checked first and saved plans are carried over
 * (lib/app/publish.ts).
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Manifest } from 'cdktf';
import { addEnvironmentStacks } from '../../stacks';
import { environmentContext } from '../core/context';
import {
  checkStack,
  enforcePolicyOn,
  enforceReport,
  type Finding,
  packReport,
  type PolicyReport,
} from '../policy';
import type { Config } from './schema';
import { carryOverSavedPlans, discard, prepareStaging, publish } from './publish';
import { readSynth, type SynthesizedJson } from './synth-output';
import { resourceCount, type StackCount } from './synth-summary';
import { withCheapTokenTraces } from './token-traces';

export interface SynthOptions {
  /** Write HCL (`cdk.tf`) instead of Terraform JSON, as `cdktf synth --hcl` asks. */
  readonly hcl?: boolean;
  /** The stacks to add. @default every environment's layers (`addStacks`) */
  readonly stacks?: (app: App, config: Config) => void;
  /**
   * Keep cdktf's stack trace of every token it creates (lib/app/token-traces.ts): slower, and only
   * useful to debug a token resolution error. @default false
   */
  readonly keepTokenTraces?: boolean;
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
  return withHclSetting(options.hcl ?? false, () =>
    withCheapTokenTraces(() => {
      const app = buildApp(config, outdir, options);
      app.synth();
      return app;
    }, options.keepTokenTraces),
  );
}

/**
 * Synthesizes `config` into a temporary folder and returns its stacks, each with its Terraform
 * JSON already read: for commands that check a synth rather than publish it (policy, access, graph,
 * digest). The folder is gone when this returns.
 */
export function synthesizedStacks(config: Config, options: SynthOptions = {}): SynthesizedJson[] {
  const outdir = mkdtempSync(join(tmpdir(), 'ldm-synth-'));
  try {
    synthesize(config, outdir, options);
    return readSynth(outdir).map(({ id, file, dependencies, json }) => ({
      id,
      file,
      dependencies,
      json,
    }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
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

/** What a checked synth published: the policy pack's report and each stack's size. */
export interface CheckedSynth {
  readonly report: PolicyReport;
  /** Every stack, in dependency order, with its resource count. */
  readonly stacks: readonly StackCount[];
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
): CheckedSynth {
  const staging = prepareStaging(outdir);
  const policyInput = `${staging}.json`;
  try {
    synthesize(config, staging, options);
    // The policy pack reads Terraform JSON: an HCL synth gets a JSON synth to check as well.
    const checked = options.hcl
      ? (synthesize(config, policyInput, { ...options, hcl: false }), policyInput)
      : staging;
    return checkAndPublish(config, outdir, staging, checked, note);
  } finally {
    discard(staging);
    discard(policyInput);
  }
}

/** The policy pack over `checked`; then `staging` replaces `outdir`, saved plans carried over. */
function checkAndPublish(
  config: Config,
  outdir: string,
  staging: string,
  checked: string,
  note: (line: string) => void,
): CheckedSynth {
  const stacks = readSynth(checked);
  // An unacknowledged error finding throws: the staging folder goes, outdir stays as it was.
  const report = enforcePolicyOn(stacks, config.acknowledgements, note);
  // The policy pack has parsed every stack already: counting reads no file again.
  const counted = stacks.map((s) => ({ id: s.id, resources: resourceCount(s.json) }));
  carryOverSavedPlans(outdir, staging);
  publish(staging, outdir);
  return { report, stacks: counted };
}

/** What a part of a synth hands back: its stacks' sizes, and the findings of the policy pack. */
export interface PartResult {
  readonly stacks: readonly StackCount[];
  /** `checkStack` of each of its stacks: not yet acknowledged, which needs every finding. */
  readonly findings: readonly Finding[];
}

/** Synthesizes a part (`config`: the environments of the part) into `outdir` and checks it. */
export function synthesizePart(
  config: Config,
  outdir: string,
  options: SynthOptions = {},
): PartResult {
  synthesize(config, outdir, { ...options, hcl: false });
  const stacks = readSynth(outdir);
  return {
    stacks: stacks.map((s) => ({ id: s.id, resources: resourceCount(s.json) })),
    findings: stacks.flatMap((s) => checkStack(s)),
  };
}

/**
 * A large config synthesized by several processes at once: cdktf's synth runs on one core, and its
 * environments are independent (no stack reads another environment's). The command decides how
 * many and how a part is run (lib/cli/synth.ts).
 */
export interface SynthParts {
  /** How many processes synthesize at once. */
  readonly count: number;
  /** `synthesizePart` of exactly the named environments of the same config into `outdir`, elsewhere. */
  readonly synthesize: (environments: readonly string[], outdir: string) => Promise<PartResult>;
}

/**
 * `synthesizeChecked`, with the environments split among `parts.count` processes: each writes its
 * stacks into a folder of its own beside the staging folder and runs the policy pack's rules on
 * them; then the stacks are moved into the staging folder and the manifests merged by cdktf's own
 * Manifest (its stacks sorted by name, as a single synth writes them), so the output is byte for
 * byte what one process writes, and the acknowledgements are applied to all findings together,
 * here. JSON only.
 */
export async function synthesizeCheckedInParts(
  config: Config,
  outdir: string,
  note: (line: string) => void,
  parts: SynthParts,
): Promise<CheckedSynth> {
  const staging = prepareStaging(outdir);
  const names = config.environments.map((e) => e.name);
  const count = Math.max(1, Math.min(parts.count, names.length));
  const chunks = Array.from({ length: count }, (_, i) =>
    names.slice(
      Math.floor((i * names.length) / count),
      Math.floor(((i + 1) * names.length) / count),
    ),
  );
  const dirs = chunks.map((_, i) => `${staging}.part-${i}`);
  dirs.forEach(discard);
  try {
    const results = await Promise.all(chunks.map((chunk, i) => parts.synthesize(chunk, dirs[i]!)));
    mergeParts(dirs, staging);
    const stacks = readSynth(staging).map((s) => s.id);
    const counts = new Map(results.flatMap((r) => r.stacks).map((s) => [s.id, s.resources]));
    const report = enforceReport(
      packReport(
        stacks,
        results.flatMap((r) => r.findings),
        config.acknowledgements,
      ),
      note,
    );
    carryOverSavedPlans(outdir, staging);
    publish(staging, outdir);
    return { report, stacks: stacks.map((id) => ({ id, resources: counts.get(id) ?? 0 })) };
  } finally {
    discard(staging);
    dirs.forEach(discard);
  }
}

/** Moves the stacks of each part into `staging` and writes the manifest of all of them. */
function mergeParts(dirs: readonly string[], staging: string): void {
  mkdirSync(join(staging, Manifest.stacksFolder), { recursive: true });
  let version: string | undefined;
  const stacks: Manifest['stacks'] = {};
  for (const dir of dirs) {
    const part = JSON.parse(readFileSync(join(dir, Manifest.fileName), 'utf8')) as {
      version: string;
      stacks: Manifest['stacks'];
    };
    version ??= part.version;
    Object.assign(stacks, part.stacks);
    for (const id of readdirSync(join(dir, Manifest.stacksFolder))) {
      renameSync(join(dir, Manifest.stacksFolder, id), join(staging, Manifest.stacksFolder, id));
    }
  }
  const manifest = new Manifest(version ?? '', staging, false);
  Object.assign(manifest.stacks, stacks);
  manifest.writeToFile();
}

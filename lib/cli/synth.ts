/**
 * `npm run synth -- [--quiet | --json]` (and `cdktf synth`, whose app is main.ts): every
 * environment of the config (`LDM_CONFIG`, default config/example.yaml) into `CDKTF_OUTDIR`
 * (default cdktf.out/), checked by the policy pack before it replaces the previous output
 * (docs/policy.md). Ends with one line per environment and a total on stdout; `--quiet` prints
 * nothing when it succeeds, `--json` prints the same summary as JSON. Policy notes go to stderr.
 *
 * A config of many environments is synthesized by one process per core at once (at most 4, or
 * `LDM_SYNTH_PROCESSES`; 1 keeps it in one): `synthesizeCheckedInParts`, this process doing the
 * first share and this command run again for each other (`LDM_SYNTH_PART`, set by the command for
 * its own processes only). The output is the same, byte for byte.
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { configPathFrom, loadConfig } from '../app/config';
import { PROJECT_ROOT } from '../app/paths';
import { parseFlags, runCli } from '../app/run-cli';
import {
  type PartResult,
  synthesizeChecked,
  synthesizeCheckedInParts,
  synthesizePart,
  type SynthParts,
} from '../app/synth';
import { summarizeSynth, summaryLines } from '../app/synth-summary';
import { PlanFail, UserError } from '../core/errors';

/** From this many environments a synth is split among processes; below, one process is faster. */
export const PARTS_FROM_ENVIRONMENTS = 20;

/** What a part of a synth is told (`LDM_SYNTH_PART`). */
interface Part {
  readonly environments: readonly string[];
  readonly outdir: string;
}

/**
 * How this very command runs again: the launcher with its V8 code cache when it runs from a
 * bundle, else the same node flags and script (tsx).
 */
function sameCommand(): string[] {
  const script = process.argv[1] ?? '';
  const bundles = join(PROJECT_ROOT, '.cache', 'bundles') + sep;
  if (resolve(script).startsWith(bundles))
    return [join(PROJECT_ROOT, 'lib', 'app', 'bundle.js'), 'main.ts'];
  return [...process.execArgv, script];
}

/**
 * A part of the synth in a process of its own, which prints its `PartResult` as JSON; its one-line
 * problems become this one's.
 */
function partProcess(env: NodeJS.ProcessEnv, configPath: string): SynthParts['synthesize'] {
  return (environments, outdir) =>
    new Promise((done, fail) => {
      const part: Part = { environments, outdir: resolve(outdir) };
      const child = spawn(process.execPath, sameCommand(), {
        env: { ...env, LDM_CONFIG: resolve(configPath), LDM_SYNTH_PART: JSON.stringify(part) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', fail);
      child.on('close', (code) => {
        if (code === 0) return done(JSON.parse(stdout) as PartResult);
        const title = /^error: (.+)$/m.exec(stderr)?.[1];
        const problems = [...stderr.matchAll(/^ {2}- (.+)$/gm)].map((m) => m[1]!);
        if (code === 1 && title && problems.length > 0) fail(new UserError(problems, title));
        else fail(new Error(`a synth process failed (exit ${code}):\n${stderr}`));
      });
    });
}

/** How many processes synthesize a config of many environments: cores, at most 4, or the setting. */
function synthProcesses(setting: string | undefined): number {
  if (setting === undefined || setting === '') return Math.min(availableParallelism(), 4);
  const n = Number(setting);
  if (!Number.isInteger(n) || n < 1) throw new UserError([PlanFail.synthProcesses(setting)]);
  return n;
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const { values } = parseFlags(argv, {
    quiet: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  });
  if (values.quiet && values.json) {
    throw new UserError(
      [PlanFail.conflictingFlags('--quiet', '--json', 'one prints nothing, the other a summary')],
      'Conflicting flags',
    );
  }
  // `cdktf synth --hcl` asks for HCL through SYNTH_HCL_OUTPUT (as cdktf-cli reads it).
  const hcl = env.SYNTH_HCL_OUTPUT === 'true' || env.SYNTH_HCL_OUTPUT === '1';
  const keepTokenTraces = env.LDM_TOKEN_TRACES === 'full';
  const configPath = configPathFrom(env);
  const config = loadConfig(configPath);

  if (env.LDM_SYNTH_PART) {
    // A part of a larger synth: these environments into the folder given, and the pack's findings.
    const part = JSON.parse(env.LDM_SYNTH_PART) as Part;
    const environments = config.environments.filter((e) => part.environments.includes(e.name));
    const result = synthesizePart({ ...config, environments }, part.outdir);
    process.stdout.write(JSON.stringify(result));
    return;
  }

  const outdir = env.CDKTF_OUTDIR || 'cdktf.out';
  const note = (line: string) => process.stderr.write(`${line}\n`);
  const processes = synthProcesses(env.LDM_SYNTH_PROCESSES);
  const { report, stacks } =
    !hcl &&
    !keepTokenTraces &&
    processes > 1 &&
    config.environments.length >= PARTS_FROM_ENVIRONMENTS
      ? await synthesizeCheckedInParts(config, outdir, note, {
          count: processes,
          // The first part here, while the others run in processes of their own.
          synthesize: (environments, partOutdir) =>
            environments.includes(config.environments[0]!.name)
              ? Promise.resolve().then(() =>
                  synthesizePart(
                    {
                      ...config,
                      environments: config.environments.filter((e) =>
                        environments.includes(e.name),
                      ),
                    },
                    partOutdir,
                  ),
                )
              : partProcess(env, configPath)(environments, partOutdir),
        })
      : synthesizeChecked(config, outdir, note, { hcl, keepTokenTraces });
  if (values.quiet) return;
  const summary = summarizeSynth({
    config: configPath,
    outdir,
    // Since the process started: what the command took, Node.js's own start included.
    seconds: performance.now() / 1000,
    environments: config.environments.map((e) => e.name),
    stacks,
    report,
  });
  process.stdout.write(
    values.json ? `${JSON.stringify(summary, null, 2)}\n` : `${summaryLines(summary).join('\n')}\n`,
  );
}

if (require.main === module) void runCli(() => main(process.argv.slice(2), process.env));

/**
 * Plan and apply over the stacks of a synth, in dependency order, with the real Terraform CLI.
 *
 * plan: per stack `terraform init` (real backend; a local one with `--mock-aws`), `terraform plan
 * -out`, `terraform show -json`, and a record tying the plan to the synthesized stack. Upstream
 * outputs that do not exist yet are replaced by placeholders (see placeholders.ts); such plans are
 * shown for review and never applied.
 *
 * apply: checks every selected stack's saved plan first (nothing is applied if one is unfit),
 * then per stack checks that the upstream outputs it read are unchanged, and applies exactly the
 * saved plan, stopping at the first failure.
 *
 * The caller passes the environment terraform runs with; nothing here reads process.env.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SynthesizedStack } from '../app/synth-output';
import { PlanFail, UserError } from '../core/errors';
import { fsReason, readTextFile } from '../core/files';
import type { ProviderSource } from './providers';
import {
  MOCK_OVERRIDE_FILE,
  mockAwsOverride,
  providerInstallError,
  providerAssumesRole,
  readProvidersSchema,
  readStateOutputs,
  runTerraform,
  type TerraformRun,
} from './terraform';
import { destroyGuard, parseAllowances } from './guard';
import { parsePlanJson, type PlanJson } from './plan-json';
import {
  outputsDigest,
  outputsOnlyState,
  placeholderOutputs,
  remoteStateOverride,
  remoteStateSources,
  type RemoteStateSource,
  type SchemaLookup,
  schemaLookup,
  type TerraformJson,
} from './placeholders';
import {
  PLAN_FILE,
  PLAN_JSON_FILE,
  PLAN_RECORD_FILE,
  type PlanRecord,
  readPlanRecord,
  recordProblems,
  SAVED_PLAN_FILES,
  sha256,
  STACK_FILE,
} from './record';
import { summarizePlan, type StackPlanSummary } from './summary';

/** The override a real-mode plan writes when some upstream outputs are placeholders. */
export const PLACEHOLDER_OVERRIDE_FILE = 'zz_placeholders_override.tf.json';
/** Where `--mock-aws` keeps terraform's working data, apart from a real run's `.terraform/`. */
export const MOCK_DATA_DIR = '.terraform-mock';

export interface Reporter {
  /** A finished step: `init`, `plan`, `show`, `outputs <upstream>`, `apply`. */
  step(stack: string, step: string, seconds: number): void;
  /** Terraform's own output of a failed step, shown as it is. */
  failure(stack: string, step: string, output: string): void;
  /** A warning terraform printed in a step that succeeded (`Warning: <summary>`). */
  warning?(stack: string, step: string, summary: string): void;
}

/**
 * The warnings in terraform's human output (boxed or, with -no-color, plain): each `Warning:`
 * diagnostic, as its summary line. The one warning `--mock-aws` itself causes (turning off
 * `assume_role` with an empty `role_arn`) is not the stack's doing and is left out.
 */
export function terraformWarnings(output: string, mockAws = false): string[] {
  const chunks = output.split(/^(?=(?:[│╷] ?)?(?:Warning|Error): )/m).slice(1);
  return chunks.flatMap((chunk) => {
    const summary = /^(?:[│╷] ?)?Warning: (.+)$/m.exec(chunk)?.[1]?.trim();
    if (!summary || !/^(?:[│╷] ?)?Warning: /.test(chunk)) return [];
    if (mockAws && /The argument "role_arn" is required/.test(chunk)) return [];
    return [summary];
  });
}

export interface TerraformContext {
  readonly env: NodeJS.ProcessEnv;
  readonly binary: string;
  /** The CLI's version, written into placeholder state files. */
  readonly version: string;
  /** Where the AWS provider comes from: a failed init that could not install it says so. */
  readonly source?: ProviderSource;
}

export interface PlanRun {
  /** The synth folder (cdktf.out): placeholder and mock state files go under it. */
  readonly outdir: string;
  /** Every stack of the synth, in dependency order. */
  readonly all: readonly SynthesizedStack[];
  /** The stacks to plan, in dependency order. */
  readonly selected: readonly SynthesizedStack[];
  readonly mockAws: boolean;
  readonly allowDestroy: readonly string[];
  readonly terraform: TerraformContext;
  readonly report: Reporter;
}

export interface PlannedStack {
  readonly stack: SynthesizedStack;
  readonly plan: PlanJson;
  readonly summary: StackPlanSummary;
  readonly record: PlanRecord;
}

/** A synthesized stack file is a few MB at most; 256 MB is not one. */
const MAX_STACK_FILE_BYTES = 256 * 1024 * 1024;

function readStackJson(stack: SynthesizedStack): { text: string; json: TerraformJson } {
  const path = join(stack.dir, STACK_FILE);
  const unreadable = (reason: string) =>
    new UserError([PlanFail.stackFileUnreadable(stack.id, path, reason)], 'Synth unreadable');
  let text: string;
  try {
    text = readTextFile(path, MAX_STACK_FILE_BYTES);
  } catch (err) {
    throw unreadable(fsReason(err));
  }
  try {
    const json: unknown = JSON.parse(text);
    if (json === null || typeof json !== 'object' || Array.isArray(json))
      throw unreadable('not an object');
    return { text, json: json as TerraformJson };
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw unreadable(`not JSON: ${(err as Error).message}`);
  }
}

/** Removes what `npm run plan` saved beside a stack, and what an interrupted plan left. */
function removeSavedPlan(dir: string): void {
  for (const file of SAVED_PLAN_FILES) {
    rmSync(join(dir, file), { force: true });
    rmSync(join(dir, partial(file)), { force: true });
  }
}

/** A file is written as `<name>.partial` and renamed into place once complete. */
const partial = (file: string) => `${file}.partial`;

/** Removes override files a plan writes, so nothing but the synthesized stack is ever applied. */
export function removeOverrides(dir: string): void {
  for (const file of [MOCK_OVERRIDE_FILE, PLACEHOLDER_OVERRIDE_FILE]) {
    rmSync(join(dir, file), { force: true });
  }
}

/** Runs one terraform step, reports it, and stops the run with terraform's output on failure. */
async function step(
  run: { terraform: TerraformContext; report: Reporter; mockAws?: boolean },
  stack: string,
  name: string,
  args: readonly string[],
  dir: string,
  env: NodeJS.ProcessEnv,
  stopped: (problems: string[]) => never,
): Promise<TerraformRun> {
  const result = await runTerraform(args, dir, env, run.terraform.binary);
  run.report.step(stack, name, result.seconds);
  // An init that cannot install the provider: one line, not terraform's registry error.
  const installError =
    name === 'init' ? providerInstallError(result, run.terraform.source) : undefined;
  if (installError) throw installError;
  if (result.code !== 0 && /No valid credential sources found/.test(result.stderr)) {
    // The most common failure of a real plan, and one with a known way out.
    stopped([PlanFail.noCredentials(stack, name)]);
  }
  if (result.code !== 0) {
    run.report.failure(stack, name, `${result.stderr}${result.stdout}`);
    stopped([PlanFail.terraformFailed(stack, name)]);
  }
  if (name === 'plan' || name === 'apply') {
    for (const w of terraformWarnings(`${result.stdout}${result.stderr}`, run.mockAws === true))
      run.report.warning?.(stack, name, w);
  }
  return result;
}

class SchemaCache {
  private lookup?: SchemaLookup;
  async get(run: PlanRun, stack: string, dir: string, env: NodeJS.ProcessEnv) {
    if (!this.lookup) {
      const { run: result, schema } = await readProvidersSchema(dir, env, run.terraform.binary);
      run.report.step(stack, 'providers schema', result.seconds);
      if (!schema) {
        run.report.failure(stack, 'providers schema', result.stderr);
        throw new UserError([PlanFail.terraformFailed(stack, 'providers schema')], 'Plan stopped');
      }
      this.lookup = schemaLookup(schema);
    }
    return this.lookup;
  }
}

/** Whether a local state file the consumer would read holds every output it reads. */
function localStateHas(consumerDir: string, source: RemoteStateSource): boolean {
  if (source.backend !== 'local' || typeof source.config.path !== 'string') return false;
  const path = resolve(consumerDir, source.config.path);
  if (!existsSync(path)) return false;
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as { outputs?: Record<string, unknown> };
    return source.outputsRead.every((o) => state.outputs && o in state.outputs);
  } catch {
    return false;
  }
}

interface Shown {
  readonly stack: SynthesizedStack;
  readonly plan: PlanJson;
  readonly record: PlanRecord;
  readonly sources: readonly RemoteStateSource[];
}

export async function planStacks(run: PlanRun): Promise<PlannedStack[]> {
  const allowances = parseAllowances(run.allowDestroy);
  const jsons = run.all.map((s) => ({ id: s.id, dir: s.dir, json: readStackJson(s).json }));
  const schemas = new SchemaCache();
  const initialized = new Set<string>();
  const shown: Shown[] = [];
  const placeholderDir = join(resolve(run.outdir), 'placeholders');
  const fail = (problems: string[]): never => {
    throw new UserError(problems, 'Plan stopped');
  };
  // `terraform show -json` of one stack runs while the next stack is planned. Never beside an
  // init: an init without a lock file rewrites the shared plugin cache, which a running show
  // reads the provider from.
  let nextShow: (() => Promise<Shown>) | undefined;
  let showing: Promise<Shown> | undefined;
  const startShow = () => {
    if (!nextShow) return;
    showing = nextShow();
    nextShow = undefined;
    // Handled when collected; this keeps a failure meanwhile from counting as unhandled.
    showing.catch(() => undefined);
  };
  const collect = async () => {
    startShow();
    if (showing) shown.push(await showing);
    showing = undefined;
  };

  try {
    for (const stack of run.selected) {
      const { text, json } = readStackJson(stack);
      removeOverrides(stack.dir);
      const env = run.mockAws
        ? { ...run.terraform.env, TF_DATA_DIR: join(stack.dir, MOCK_DATA_DIR) }
        : run.terraform.env;
      const sources = remoteStateSources(json, jsons).filter((s) => s.outputsRead.length > 0);
      const placeholdersFor: string[] = [];
      const upstreamOutputs: Record<string, string> = {};
      const overridePaths: Record<string, string> = {};
      const partialPlan = join(stack.dir, partial(PLAN_FILE));

      try {
        let override: object = {};
        if (run.mockAws) {
          const statePath = join(resolve(run.outdir), 'mock-state', `${stack.id}.tfstate`);
          rmSync(statePath, { force: true });
          override = mockAwsOverride(statePath, providerAssumesRole(readStackJson(stack).json));
          writeFileSync(join(stack.dir, MOCK_OVERRIDE_FILE), JSON.stringify(override, null, 2));
          await step(
            run,
            stack.id,
            'init',
            ['init', '-input=false', '-reconfigure'],
            stack.dir,
            env,
            fail,
          );
        } else {
          await step(run, stack.id, 'init', ['init', '-input=false'], stack.dir, env, fail);
        }
        initialized.add(stack.id);

        for (const source of sources) {
          const upstream = run.all.find((s) => s.id === source.upstream);
          if (!upstream) continue;
          let needsPlaceholder: boolean;
          if (run.mockAws) {
            needsPlaceholder = !localStateHas(stack.dir, source);
          } else {
            if (!initialized.has(upstream.id)) {
              await step(
                run,
                upstream.id,
                'init',
                ['init', '-input=false'],
                upstream.dir,
                env,
                fail,
              );
              initialized.add(upstream.id);
            }
            const { run: out, outputs } = await readStateOutputs(
              upstream.dir,
              env,
              run.terraform.binary,
            );
            run.report.step(stack.id, `outputs of ${upstream.id}`, out.seconds);
            if (!outputs) {
              run.report.failure(upstream.id, 'output', out.stderr);
              return fail([PlanFail.terraformFailed(upstream.id, 'output')]);
            }
            needsPlaceholder = source.outputsRead.some((o) => !(o in outputs));
            if (!needsPlaceholder)
              upstreamOutputs[upstream.id] = outputsDigest(outputs, source.outputsRead);
          }
          if (needsPlaceholder) {
            const lookup = await schemas.get(run, stack.id, stack.dir, env);
            const producer = jsons.find((j) => j.id === upstream.id)!.json;
            const state = outputsOnlyState(
              upstream.id,
              placeholderOutputs(producer, lookup),
              run.terraform.version,
            );
            mkdirSync(placeholderDir, { recursive: true });
            const path = join(placeholderDir, `${upstream.id}.tfstate`);
            writeFileSync(path, `${JSON.stringify(state, null, 2)}\n`);
            overridePaths[source.name] = path;
            if (!placeholdersFor.includes(upstream.id)) placeholdersFor.push(upstream.id);
          }
        }
        if (Object.keys(overridePaths).length > 0) {
          const file = run.mockAws ? MOCK_OVERRIDE_FILE : PLACEHOLDER_OVERRIDE_FILE;
          const merged = { ...override, ...remoteStateOverride(overridePaths) };
          writeFileSync(join(stack.dir, file), JSON.stringify(merged, null, 2));
        }

        // The plan is written under a partial name and renamed into place after its record, so a
        // failed or interrupted plan never leaves a plan file without its record.
        removeSavedPlan(stack.dir);
        startShow();
        await step(
          run,
          stack.id,
          'plan',
          ['plan', '-input=false', '-lock-timeout=120s', `-out=${partial(PLAN_FILE)}`],
          stack.dir,
          env,
          fail,
        );
      } finally {
        removeOverrides(stack.dir);
      }

      await collect();
      const record: PlanRecord = {
        version: 1,
        stack: stack.id,
        mode: run.mockAws ? 'mock-aws' : 'aws',
        stackSha256: sha256(text),
        planSha256: sha256(readFileSync(partialPlan)),
        placeholdersFor,
        upstreamOutputs,
        allowDestroy: allowances.map((a) => a.text),
        terraformVersion: run.terraform.version,
      };
      nextShow = async (): Promise<Shown> => {
        const result = await step(
          run,
          stack.id,
          'show',
          ['show', '-json', partial(PLAN_FILE)],
          stack.dir,
          env,
          fail,
        );
        const plan = parsePlanJson(result.stdout, `${stack.id}/${PLAN_JSON_FILE}`);
        const at = (file: string) => join(stack.dir, file);
        writeFileSync(at(partial(PLAN_JSON_FILE)), result.stdout);
        writeFileSync(at(partial(PLAN_RECORD_FILE)), `${JSON.stringify(record, null, 2)}\n`);
        // Into place record first, plan file last: a plan file never exists without its record.
        for (const file of [PLAN_RECORD_FILE, PLAN_JSON_FILE, PLAN_FILE])
          renameSync(at(partial(file)), at(file));
        return { stack, plan, record, sources };
      };
    }
    await collect();
  } catch (err) {
    // Let a show still running finish before reporting, so its files are complete or absent.
    await showing?.catch(() => undefined);
    // What the failed step left half-written goes: a plan without a record is never kept.
    for (const stack of run.selected) {
      for (const file of SAVED_PLAN_FILES) rmSync(join(stack.dir, partial(file)), { force: true });
    }
    throw err;
  }

  return shown.map(({ stack, plan, record, sources }) => {
    const upstreamChanging = sources
      .filter((source) => source.upstream && !record.placeholdersFor.includes(source.upstream))
      .filter((source) => {
        const upstreamPlan = shown.find((p) => p.stack.id === source.upstream)?.plan;
        return source.outputsRead.some((name) => {
          const actions = upstreamPlan?.output_changes?.[name]?.actions ?? ['no-op'];
          return !actions.every((a) => a === 'no-op');
        });
      })
      .map((source) => source.upstream!);
    const summary = summarizePlan(stack.id, plan, {
      mode: record.mode,
      placeholdersFor: record.placeholdersFor,
      upstreamChanging: [...new Set(upstreamChanging)],
    });
    return { stack, plan, summary, record };
  });
}

export interface ApplyRun {
  readonly all: readonly SynthesizedStack[];
  readonly selected: readonly SynthesizedStack[];
  readonly terraform: TerraformContext;
  readonly report: Reporter;
}

interface SavedPlan {
  readonly stack: SynthesizedStack;
  readonly record: PlanRecord;
  readonly sources: readonly RemoteStateSource[];
}

/**
 * Every reason the selected stacks' saved plans may not be applied that the files themselves show
 * (no terraform run): a plan file and its record, made from the stack as synthesized now, without
 * --mock-aws or placeholders. What a plan changes is read from the plan file itself when it is
 * applied (`applyStacks`), never from plan.json, which nothing ties to the plan file.
 */
export function checkSavedPlans(
  selected: readonly SynthesizedStack[],
  all: readonly SynthesizedStack[],
): { plans: SavedPlan[]; problems: string[] } {
  const jsons = all.map((s) => ({ id: s.id, json: readStackJson(s).json }));
  const problems: string[] = [];
  const plans: SavedPlan[] = [];
  for (const stack of selected) {
    const planPath = join(stack.dir, PLAN_FILE);
    let record: PlanRecord | undefined;
    try {
      record = readPlanRecord(join(stack.dir, PLAN_RECORD_FILE), stack.id);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      problems.push(...err.problems);
      continue;
    }
    if (!record || !existsSync(planPath)) {
      problems.push(PlanFail.noSavedPlan(stack.id));
      continue;
    }
    const { text, json } = readStackJson(stack);
    let planBytes: Buffer;
    try {
      planBytes = readFileSync(planPath);
    } catch (err) {
      problems.push(PlanFail.savedPlanUnreadable(stack.id, planPath, fsReason(err)));
      continue;
    }
    const found = recordProblems(record, {
      stack: stack.id,
      stackSha256: sha256(text),
      planSha256: sha256(planBytes),
    });
    problems.push(...found);
    if (found.length === 0) plans.push({ stack, record, sources: remoteStateSources(json, jsons) });
  }
  return { plans, problems };
}

/** Destroy-guard problems of one saved plan, as `terraform show -json` reads the plan file. */
export function guardProblems(stack: string, plan: PlanJson, record: PlanRecord): string[] {
  const guard = destroyGuard([summarizePlan(stack, plan)], parseAllowances(record.allowDestroy));
  return guard.blocked.map((f) => PlanFail.planBlockedByGuard(stack, f.address));
}

/** Applies the saved plans in order; returns the stacks applied. */
export async function applyStacks(run: ApplyRun): Promise<string[]> {
  const { plans, problems } = checkSavedPlans(run.selected, run.all);
  if (problems.length > 0)
    throw new UserError([...problems, PlanFail.applyStopped([])], 'Nothing applied');
  const applied: string[] = [];
  const initialized = new Set<string>();
  const stop = (problems: string[]): never => {
    throw new UserError([...problems, PlanFail.applyStopped(applied)], 'Apply stopped');
  };
  const init = async (stack: SynthesizedStack) => {
    if (initialized.has(stack.id)) return;
    removeOverrides(stack.dir);
    await step(run, stack.id, 'init', ['init', '-input=false'], stack.dir, run.terraform.env, stop);
    initialized.add(stack.id);
  };

  // Before anything is applied: what each plan file does, from the file itself.
  const refused: string[] = [];
  for (const { stack, record } of plans) {
    await init(stack);
    const shown = await step(
      run,
      stack.id,
      'show',
      ['show', '-json', PLAN_FILE],
      stack.dir,
      run.terraform.env,
      stop,
    );
    try {
      const plan = parsePlanJson(shown.stdout, `${stack.id}/${PLAN_FILE}`);
      refused.push(...guardProblems(stack.id, plan, record));
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      refused.push(...err.problems);
    }
  }
  if (refused.length > 0)
    throw new UserError([...refused, PlanFail.applyStopped([])], 'Nothing applied');

  for (const { stack, record, sources } of plans) {
    await init(stack);
    for (const [upstreamId, digest] of Object.entries(record.upstreamOutputs)) {
      const upstream = run.all.find((s) => s.id === upstreamId);
      if (!upstream) stop([PlanFail.upstreamChanged(stack.id, upstreamId)]);
      await init(upstream!);
      const { run: out, outputs } = await readStateOutputs(
        upstream!.dir,
        run.terraform.env,
        run.terraform.binary,
      );
      run.report.step(stack.id, `outputs of ${upstreamId}`, out.seconds);
      if (!outputs) {
        run.report.failure(upstreamId, 'output', out.stderr);
        stop([PlanFail.terraformFailed(upstreamId, 'output')]);
      }
      const names = sources.filter((s) => s.upstream === upstreamId).flatMap((s) => s.outputsRead);
      if (outputsDigest(outputs!, names) !== digest)
        stop([PlanFail.upstreamChanged(stack.id, upstreamId)]);
    }
    await step(
      run,
      stack.id,
      'apply',
      ['apply', '-input=false', '-lock-timeout=120s', PLAN_FILE],
      stack.dir,
      run.terraform.env,
      stop,
    );
    applied.push(stack.id);
    // An applied plan cannot be applied again (Terraform would call it stale): keep only plan.json.
    rmSync(join(stack.dir, PLAN_FILE), { force: true });
    rmSync(join(stack.dir, PLAN_RECORD_FILE), { force: true });
  }
  return applied;
}

/**
 * The one reader of a synth output folder (`cdktf.out/`): its stacks as `manifest.json` lists them
 * (never the folders that happen to be there), in dependency order, each with its parsed Terraform
 * JSON. The plan and apply pipeline, the policy pack, the graph, the bench and the tests read
 * synthesized stacks through here.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PolicyMessages, UserError } from '../core/errors';

type Block = Record<string, unknown>;

/** A synthesized stack's Terraform JSON (`cdk.tf.json`): the parts the toolkit reads. */
export interface TerraformJson {
  readonly resource?: Record<string, Record<string, Block>>;
  readonly data?: Record<string, Record<string, Block>>;
  readonly output?: Record<string, { readonly value?: unknown; readonly sensitive?: boolean }>;
  /** A provider configuration is an object, or a list of them (aliases). */
  readonly provider?: Record<string, Block | Block[]>;
  readonly terraform?: { readonly backend?: Record<string, Block> } & Block;
}

export interface SynthesizedStack {
  readonly id: string;
  /** Absolute path of the stack's working directory (`cdktf.out/stacks/<id>`). */
  readonly dir: string;
  /** Path of its stack file, relative to the synth folder, as manifest.json names it. */
  readonly file: string;
  /** Ids of the stacks it depends on. */
  readonly dependencies: readonly string[];
  /** The parsed stack file, read when first asked for (an HCL synth has none). */
  readonly json: TerraformJson;
}

interface Manifest {
  readonly stacks?: Record<
    string,
    {
      readonly name: string;
      readonly workingDirectory: string;
      readonly synthesizedStackPath: string;
      readonly dependencies?: readonly string[];
    }
  >;
}

/** The stacks of a synth output folder, in dependency order. */
export function readSynth(outdir: string): SynthesizedStack[] {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    throw new UserError([PolicyMessages.noSynthOutput(outdir)], 'No synthesized stacks');
  }
  const stacks = Object.values(manifest.stacks ?? {}).map((s): SynthesizedStack => {
    const path = join(outdir, s.synthesizedStackPath);
    let json: TerraformJson | undefined;
    return {
      id: s.name,
      dir: resolve(outdir, s.workingDirectory),
      file: s.synthesizedStackPath,
      dependencies: s.dependencies ?? [],
      get json() {
        json ??= readStackFile(path);
        return json;
      },
    };
  });
  return dependencyOrder(stacks);
}

function readStackFile(path: string): TerraformJson {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as TerraformJson;
  } catch (err) {
    throw new UserError(
      [PolicyMessages.unreadableStack(path, (err as Error).message)],
      'Cannot read the synthesized stacks',
    );
  }
}

/** Topological order, stable by id among stacks that are ready at the same time. */
export function dependencyOrder<T extends { id: string; dependencies: readonly string[] }>(
  stacks: readonly T[],
): T[] {
  const done = new Set<string>();
  const ordered: T[] = [];
  const ids = new Set(stacks.map((s) => s.id));
  let pending = [...stacks].sort((a, b) => a.id.localeCompare(b.id));
  while (pending.length > 0) {
    const ready = pending.filter((s) => s.dependencies.every((d) => done.has(d) || !ids.has(d)));
    if (ready.length === 0)
      throw new Error(`dependency cycle among ${pending.map((s) => s.id).join(', ')}`);
    for (const s of ready) {
      ordered.push(s);
      done.add(s.id);
    }
    pending = pending.filter((s) => !done.has(s.id));
  }
  return ordered;
}

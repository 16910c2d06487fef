/**
 * The one reader of a synth output folder (`cdktf.out/`): its stacks as `manifest.json` lists them
 * (never the folders that happen to be there), in dependency order, each with its parsed Terraform
 * JSON. The plan and apply pipeline, the policy pack, the graph, the bench and the tests read
 * synthesized stacks through here.
 */
import { join, relative, resolve } from 'node:path';
import { Fail, PolicyMessages, UserError } from '../core/errors';
import { fsReason, readTextFile, UnreadableFile } from '../core/files';

/** A manifest or a stack file of a synth is a few MB at most. */
const MAX_SYNTH_FILE_BYTES = 256 * 1024 * 1024;

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

/** A synthesized stack read into memory: everything but where its folder was. */
export type SynthesizedJson = Omit<SynthesizedStack, 'dir'>;

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

/** Reads and checks `manifest.json`: what it says must be a synth inside `outdir`. */
function readManifest(outdir: string): Manifest {
  const path = join(outdir, 'manifest.json');
  const unreadable = (reason: string) =>
    new UserError([Fail.manifestUnreadable(path, reason)], 'No synthesized stacks');
  let text: string;
  try {
    text = readTextFile(path, MAX_SYNTH_FILE_BYTES);
  } catch (err) {
    if (err instanceof UnreadableFile && err.code === 'ENOENT')
      throw new UserError([PolicyMessages.noSynthOutput(outdir)], 'No synthesized stacks');
    throw unreadable(fsReason(err));
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (err) {
    throw unreadable(`not JSON: ${(err as Error).message}`);
  }
  const stacks = (manifest as Manifest | null)?.stacks;
  if (stacks === null || typeof stacks !== 'object' || Array.isArray(stacks))
    throw unreadable('no stacks object');
  const root = resolve(outdir);
  const inside = (p: unknown) =>
    typeof p === 'string' && !relative(root, resolve(root, p)).startsWith('..');
  for (const [key, s] of Object.entries(stacks as Record<string, unknown>)) {
    const entry = s as Record<string, unknown> | null;
    const ok =
      entry !== null &&
      typeof entry === 'object' &&
      typeof entry.name === 'string' &&
      inside(entry.workingDirectory) &&
      inside(entry.synthesizedStackPath) &&
      (entry.dependencies === undefined ||
        (Array.isArray(entry.dependencies) &&
          entry.dependencies.every((d) => typeof d === 'string')));
    if (!ok) throw unreadable(`stacks.${key} is not a stack of this synth folder`);
  }
  return manifest as Manifest;
}

/** The stacks of a synth output folder, in dependency order. */
export function readSynth(outdir: string): SynthesizedStack[] {
  const manifest = readManifest(outdir);
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
    return JSON.parse(readTextFile(path, MAX_SYNTH_FILE_BYTES)) as TerraformJson;
  } catch (err) {
    throw new UserError(
      [
        PolicyMessages.unreadableStack(
          path,
          err instanceof SyntaxError ? err.message : fsReason(err),
        ),
      ],
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
      throw new UserError(
        [Fail.dependencyCycle(pending.map((s) => s.id))],
        'No synthesized stacks',
      );
    for (const s of ready) {
      ordered.push(s);
      done.add(s.id);
    }
    pending = pending.filter((s) => !done.has(s.id));
  }
  return ordered;
}

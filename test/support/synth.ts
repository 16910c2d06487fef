/** Test helpers: build configs from the example, synthesize them like main.ts does, read the JSON. */
import { appendFileSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { canonicalJson, sha256 } from '../../lib/core/digest';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { validateConfig } from '../../lib/app/config';
import type { Config } from '../../lib/app/schema';
import { synthesize } from '../../lib/app/synth';
import { readSynth } from '../../lib/app/synth-output';

export const ROOT = resolve(__dirname, '..', '..');
export const CONFIG_DIR = join(ROOT, 'config');

/** Every file in config/: each is loaded, synthesized and validated by the tests. */
export function configFiles(): string[] {
  return readdirSync(CONFIG_DIR)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .map((f) => join(CONFIG_DIR, f));
}

/** The raw (unvalidated) example config, as a fresh object to modify. */
export function rawExample(): Record<string, any> {
  return parse(readFileSync(join(CONFIG_DIR, 'example.yaml'), 'utf8')) as Record<string, any>;
}

/** The example's first environment, raw, for tests that change one field. */
export function rawEnv(raw: Record<string, any>): Record<string, any> {
  return raw.environments[0] as Record<string, any>;
}

/** Validates a raw config after `change` edits it in place. */
export function configWith(change: (raw: Record<string, any>) => void = () => {}): Config {
  const raw = rawExample();
  change(raw);
  return validateConfig(raw, 'test');
}

export interface Synth {
  readonly outdir: string;
  /** Parsed cdk.tf.json per stack id. */
  readonly stacks: Record<string, any>;
  /** Each stack's dependencies (stack ids), from manifest.json. */
  readonly dependencies: Record<string, readonly string[]>;
}

/** Synthesizes every environment of `config` into a fresh temporary folder. */
export function synth(config: Config, outdir = mkdtempSync(join(tmpdir(), 'ldm-synth-'))): Synth {
  synthesize(config, outdir);
  const read = readSynth(outdir);
  const stacks: Record<string, any> = Object.fromEntries(read.map((s) => [s.id, s.json]));
  recordDigest(config, stacks);
  return {
    outdir,
    stacks,
    dependencies: Object.fromEntries(read.map((s) => [s.id, s.dependencies])),
  };
}

/** The resources of one type in a synthesized stack, by construct id. */
export function resources(stack: any, type: string): Record<string, any> {
  return (stack.resource?.[type] ?? {}) as Record<string, any>;
}

/** The single resource of a type (fails the test if there is not exactly one). */
export function onlyResource(stack: any, type: string): any {
  const all = Object.values(resources(stack, type));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

/** Expects `fn` to throw a UserError; returns its problem lines. */
export function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err: any) {
    if (err?.name === 'UserError') return err.problems as string[];
    throw err;
  }
  throw new Error('expected a UserError, nothing was thrown');
}

/**
 * With LDM_SYNTH_DIGESTS=<file>, every synth a test makes appends `<config digest> <output digest>`
 * to the file: run the unit tests before and after a refactor, and every config the tests
 * synthesize must give the same output (docs/testing.md).
 */
function recordDigest(config: Config, stacks: Record<string, any>): void {
  const file = process.env.LDM_SYNTH_DIGESTS;
  if (!file) return;
  appendFileSync(file, `${sha256(canonicalJson(config))} ${sha256(canonicalJson(stacks))}\n`);
}

/**
 * Digests of what the toolkit synthesizes for each file in config/: one per stack (its Terraform
 * JSON with keys sorted, so only a real change changes it), and the state-bootstrap stack where the
 * file has `state.backend: s3`. A refactor that should change nothing proves it by leaving every
 * digest as test/fixtures/synth-digests.json records them; a change on purpose updates that file
 * with `npm run digest -- --write`, and the diff shows which stacks changed.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { StateBootstrapStack } from '../gitops/bootstrap';
import { canonicalJson, sha256 } from '../core/digest';
import { loadConfig } from './config';
import { addStacks, synthesizedStacks } from './synth';

/** Config file name -> stack id -> digest. */
export type SynthDigests = Record<string, Record<string, string>>;

/** The environments files a digest covers: every `*.yaml` in `configDir`, by name. */
export function configFilesIn(configDir: string): string[] {
  return readdirSync(configDir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => join(configDir, f));
}

/** The digests of synthesized stacks: stack id -> sha256 of its canonical JSON. */
export function digestsOf(
  stacks: readonly { readonly id: string; readonly json: unknown }[],
): Record<string, string> {
  return Object.fromEntries(stacks.map((s) => [s.id, sha256(canonicalJson(s.json))]));
}

export function synthDigests(configFiles: readonly string[]): SynthDigests {
  const digests: SynthDigests = {};
  for (const file of configFiles) {
    const config = loadConfig(file);
    const stacks = synthesizedStacks(config, {
      stacks: (app, c) => {
        // Every layer of every environment, and the state bucket where bootstrap would make one.
        addStacks(app, c);
        if (c.state.backend === 's3') new StateBootstrapStack(app, { config: c });
      },
    });
    digests[basename(file)] = digestsOf(stacks);
  }
  return digests;
}

/** Stack ids whose digest differs (or exists on one side only), as `<file> <stack>`. */
export function changedStacks(recorded: SynthDigests, current: SynthDigests): string[] {
  const files = [...new Set([...Object.keys(recorded), ...Object.keys(current)])].sort();
  return files.flatMap((file) => {
    const a = recorded[file] ?? {};
    const b = current[file] ?? {};
    const ids = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return ids.filter((id) => a[id] !== b[id]).map((id) => `${file} ${id}`);
  });
}

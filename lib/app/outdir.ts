/**
 * Synth output is published atomically: the app writes into a staging folder beside the real one,
 * and only a complete synth replaces `cdktf.out/`. A failed synth leaves the previous output as it
 * was.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';

export function stagingDir(outdir: string): string {
  const staging = `${outdir.replace(/\/+$/, '')}.staging`;
  rmSync(staging, { recursive: true, force: true });
  return staging;
}

export function publishDir(staging: string, outdir: string): void {
  const previous = `${outdir.replace(/\/+$/, '')}.previous`;
  rmSync(previous, { recursive: true, force: true });
  if (existsSync(outdir)) renameSync(outdir, previous);
  renameSync(staging, outdir);
  rmSync(previous, { recursive: true, force: true });
}

export function discardDir(staging: string): void {
  rmSync(staging, { recursive: true, force: true });
}

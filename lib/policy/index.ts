/**
 * The policy pack: synth-time rules that make an insecure landing zone impossible to synthesize
 * by accident (docs/policy.md). main.ts calls `enforcePolicy` on the staged synth output before
 * publishing it; `npm run policy` (lib/cli/policy.ts) writes the same findings as reports.
 */
import { PolicyMessages, UserError } from '../core/errors';
import type { Acknowledgement } from './acknowledgements';
import { readSynth, type SynthesizedStack } from '../app/synth-output';
import { blockingFindings, type PolicyReport, runPack } from './engine';
import { blockingLines, noteLines } from './report';

export type { Acknowledgement } from './acknowledgements';
export type { Finding, Rule, Severity, Violation } from './types';
export { PACK, RULE_IDS } from './rules';
export { checkStack, packReport, runPack, type PolicyReport } from './engine';

/**
 * Checks every stack of a synth output folder. Acknowledged findings, warnings and unused
 * acknowledgements go to `note`, one line each; unacknowledged errors throw a UserError listing
 * every one of them (rule, stack, resource, what is wrong, why, the fix).
 */
export function enforcePolicy(
  outdir: string,
  acknowledgements: readonly Acknowledgement[],
  note: (line: string) => void,
): PolicyReport {
  return enforcePolicyOn(readSynth(outdir), acknowledgements, note);
}

/** `enforcePolicy` on stacks already read (`readSynth`). */
export function enforcePolicyOn(
  stacks: readonly SynthesizedStack[],
  acknowledgements: readonly Acknowledgement[],
  note: (line: string) => void,
): PolicyReport {
  return enforceReport(runPack(stacks, acknowledgements), note);
}

/** Notes the report's acknowledged findings and warnings; throws if any finding blocks. */
export function enforceReport(report: PolicyReport, note: (line: string) => void): PolicyReport {
  noteLines(report).forEach(note);
  const blocking = blockingFindings(report).length;
  if (blocking > 0) throw new UserError(blockingLines(report), PolicyMessages.failed(blocking));
  return report;
}

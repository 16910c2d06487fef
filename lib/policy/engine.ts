/**
 * Runs the pack: every rule over every synthesized stack, findings sorted for stable output,
 * acknowledgements applied. Rules are plain objects compiled once per process; a stack is indexed
 * once and shared by all rules, so the pack costs milliseconds per stack.
 */
import type { SynthesizedStack as Synthesized } from '../app/synth-output';
import { type Acknowledgement, acknowledge } from './acknowledgements';
import { PACK } from './rules';
import { StackView } from './stack';
import type { Finding, Rule } from './types';

/** What the pack reads of a synthesized stack: its id and Terraform JSON (and where it is). */
export type SynthesizedStack = Pick<Synthesized, 'id' | 'json'> &
  Partial<Pick<Synthesized, 'file'>>;

export interface PolicyReport {
  readonly stacks: readonly string[];
  /** Every finding, acknowledged or not, sorted by stack, rule and resource. */
  readonly findings: readonly Finding[];
  /** Acknowledgements that matched no finding (by their index in the config). */
  readonly unusedAcknowledgements: readonly {
    readonly index: number;
    readonly acknowledgement: Acknowledgement;
  }[];
}

/** The findings of every rule on one stack. */
export function checkStack(stack: SynthesizedStack, rules: readonly Rule[] = PACK): Finding[] {
  const view = new StackView(stack.id, stack.json);
  return rules.flatMap((rule) =>
    rule.check(view).map((v) => ({
      rule: rule.id,
      severity: v.severity ?? rule.severity,
      stack: stack.id,
      resource: v.resource,
      reason: rule.reason,
      detail: v.detail,
      fix: rule.fix,
    })),
  );
}

/** Runs the pack over stacks and applies the acknowledgements. */
export function runPack(
  stacks: readonly SynthesizedStack[],
  acknowledgements: readonly Acknowledgement[] = [],
  rules: readonly Rule[] = PACK,
): PolicyReport {
  return packReport(
    stacks.map((s) => s.id),
    stacks.flatMap((s) => checkStack(s, rules)),
    acknowledgements,
  );
}

/**
 * The report of findings `checkStack` made (perhaps in several processes, each over some stacks):
 * sorted, and the acknowledgements applied to all of them together.
 */
export function packReport(
  stacks: readonly string[],
  findings: readonly Finding[],
  acknowledgements: readonly Acknowledgement[] = [],
): PolicyReport {
  const acknowledged = acknowledge([...findings].sort(byPlace), acknowledgements);
  return {
    stacks: [...stacks],
    findings: acknowledged.findings,
    unusedAcknowledgements: acknowledged.unused,
  };
}

/** The findings that fail a synth: errors nobody acknowledged. */
export function blockingFindings(report: PolicyReport): Finding[] {
  return report.findings.filter((f) => f.severity === 'error' && !f.acknowledged);
}

function byPlace(a: Finding, b: Finding): number {
  return (
    a.stack.localeCompare(b.stack) ||
    a.rule.localeCompare(b.rule) ||
    a.resource.localeCompare(b.resource) ||
    a.detail.localeCompare(b.detail)
  );
}

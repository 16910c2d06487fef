/**
 * The shapes of the policy pack: rules in the cdk-nag shape (a stable id, a one-line reason, a
 * severity, the fix, the checkov and cdk-nag counterparts, and a pure check over one synthesized
 * stack), and the findings they produce.
 */
import type { StackView } from './stack';

/** `error` fails the synth unless acknowledged; `warning` is printed and never fails it. */
export type Severity = 'error' | 'warning';

/** What a rule's check returns: which resource is wrong and how. The engine adds the rest. */
export interface Violation {
  /** Terraform address in the stack: `aws_s3_bucket.target-bucket`, `provider.aws`, `terraform.backend.s3`. */
  readonly resource: string;
  /** What exactly is wrong with it, in words. */
  readonly detail: string;
  /**
   * Overrides the rule's severity for this one violation. Rules use `warning` when the value they
   * must judge is a Terraform expression they cannot read at synth time ("cannot verify").
   */
  readonly severity?: Severity;
}

export interface Rule {
  /** Stable id, `LDM-<AREA>-<NNN>`: pipelines, acknowledgements and docs refer to it. Never reuse one. */
  readonly id: string;
  /** A few words: what the rule requires. */
  readonly title: string;
  /** One line: why it matters. */
  readonly reason: string;
  readonly severity: Severity;
  /** One line: how to make the finding go away (other than acknowledging it). */
  readonly fix: string;
  /** checkov check ids that cover the same ground (empty: none does). */
  readonly checkov: readonly string[];
  /** cdk-nag rules that cover the same ground, `Pack-ID (RuleName)` or `RuleName` (empty: none does). */
  readonly cdkNag: readonly string[];
  /** Pure: reads the stack, returns what violates the rule. */
  readonly check: (stack: StackView) => readonly Violation[];
}

/** One violation of one rule in one stack, as reported. */
export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  readonly stack: string;
  readonly resource: string;
  readonly reason: string;
  readonly detail: string;
  readonly fix: string;
  /** Set when an acknowledgement in the config accepts this finding. */
  readonly acknowledged?: { readonly reason: string };
}

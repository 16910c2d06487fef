/**
 * Acknowledgements: findings accepted on purpose, listed in the config's top-level
 * `acknowledgements` with the rule, the resource (`<stack id>/<address>`, `*` matching any
 * characters) and a reason. Acknowledged findings stop failing the synth but are still printed,
 * with the reason, and still appear in reports.
 */
import { z } from 'zod';
import { PolicyMessages } from '../core/errors';
import { isPrintableText } from '../core/fields';
import { RULE_IDS } from './rules';
import type { Finding } from './types';

const RESOURCE = /^[^/\s]+\/\S+$/;

export const acknowledgementSchema = z.strictObject({
  rule: z.enum(RULE_IDS, { error: PolicyMessages.expectRule }).meta({
    title: 'a rule id of the policy pack, such as `LDM-S3-005`',
    description: 'The rule whose finding is accepted.',
  }),
  resource: z
    .string({ error: PolicyMessages.expectResource })
    .regex(RESOURCE, { error: PolicyMessages.expectResource })
    .meta({
      title: '`<stack id>/<resource address>`, `*` a glob',
      description:
        "The finding's resource, as printed (`sandbox-storage/aws_s3_bucket.target-bucket`); `*` matches any characters.",
    }),
  reason: z
    .string({ error: PolicyMessages.expectReason })
    .refine((text) => text.trim() !== '' && isPrintableText(text), {
      error: PolicyMessages.expectReason,
    })
    .meta({
      title: 'non-empty string',
      description: 'Why the risk is acceptable, and who accepted it; printed with the finding.',
    }),
});

/** Policy findings accepted on purpose, each with its reason (docs/policy.md). @default [] */
export const acknowledgementsSchema = z
  .array(acknowledgementSchema)
  .default([])
  .meta({ description: 'Policy findings accepted on purpose, each with its reason.' });

export type Acknowledgement = z.infer<typeof acknowledgementSchema>;

/** `<stack id>/<address>`: what an acknowledgement's `resource` is matched against. */
export function findingTarget(finding: Pick<Finding, 'stack' | 'resource'>): string {
  return `${finding.stack}/${finding.resource}`;
}

/** `*` matches any run of characters; everything else matches itself. */
export function globPattern(glob: string): RegExp {
  const body = glob
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

/**
 * Marks the findings the acknowledgements accept (the first matching acknowledgement gives the
 * reason) and returns the acknowledgements that matched nothing, which are probably stale or
 * misspelt.
 */
export function acknowledge(
  findings: readonly Finding[],
  acknowledgements: readonly Acknowledgement[],
): { findings: Finding[]; unused: { index: number; acknowledgement: Acknowledgement }[] } {
  const compiled = acknowledgements.map((a, index) => ({
    index,
    acknowledgement: a,
    pattern: globPattern(a.resource),
    used: false,
  }));
  const marked = findings.map((finding) => {
    const target = findingTarget(finding);
    const match = compiled.find(
      (c) => c.acknowledgement.rule === finding.rule && c.pattern.test(target),
    );
    if (!match) return finding;
    match.used = true;
    return { ...finding, acknowledged: { reason: match.acknowledgement.reason.trim() } };
  });
  return {
    findings: marked,
    unused: compiled
      .filter((c) => !c.used)
      .map(({ index, acknowledgement }) => ({ index, acknowledgement })),
  };
}

/**
 * A least-privilege audit of IAM documents: what in a policy grants more than named actions on
 * named resources to named principals. Pure, so tests can run it over every document a stack
 * synthesizes (and over fixtures that must fail it).
 */

/** How to read a document: identity policies name resources, trust policies have none, key policies say `*`. */
export type PolicyKind = 'identity' | 'trust' | 'key';

/** Actions AWS offers no resource ARN for: `*` is their only possible resource. */
export const ACTIONS_WITHOUT_RESOURCE: readonly string[] = ['s3:ListAllMyBuckets'];

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function principals(p: unknown): unknown[] {
  if (p === '*') return ['*'];
  if (p === null || typeof p !== 'object') return [];
  return Object.values(p as Record<string, unknown>).flatMap(list);
}

/**
 * Every broad grant in an IAM document, as `<Sid>: <what>` lines; empty when there is none. Broad
 * means: an action with a wildcard (`*`, `s3:*`, `s3:Get*`), `NotAction`/`NotResource`/
 * `NotPrincipal` in an Allow, a `*` principal, or (identity policies) a `*` resource for anything
 * but the actions that have no resource. A key policy's `Resource: "*"` means "this key" and is
 * the only resource a key policy can have, so it is not broad.
 */
export function broadGrants(doc: unknown, kind: PolicyKind): string[] {
  const statements = list((doc as { Statement?: unknown } | null)?.Statement);
  const findings: string[] = [];
  statements.forEach((raw, i) => {
    const s = (raw ?? {}) as Record<string, unknown>;
    if (s.Effect !== 'Allow') return;
    const sid = typeof s.Sid === 'string' && s.Sid !== '' ? s.Sid : `Statement[${i}]`;
    const found = (what: string) => findings.push(`${sid}: ${what}`);
    for (const negation of ['NotAction', 'NotResource', 'NotPrincipal']) {
      if (s[negation] !== undefined) found(`${negation} in an Allow`);
    }
    const acts = list(s.Action);
    if (acts.length === 0 && s.NotAction === undefined) found('no Action');
    for (const action of acts) {
      if (typeof action !== 'string' || action.includes('*'))
        found(`wildcard action ${String(action)}`);
    }
    if (principals(s.Principal).includes('*')) found('principal *');
    if (kind === 'identity') {
      const resources = list(s.Resource);
      if (resources.length === 0) found('no Resource');
      if (resources.includes('*')) {
        const unscopable = acts.filter((a) => !ACTIONS_WITHOUT_RESOURCE.includes(String(a)));
        if (unscopable.length > 0) found(`Resource * for ${unscopable.join(', ')}`);
      }
    }
    if (kind === 'trust' && s.Resource !== undefined) found('a Resource in a trust policy');
    if (kind === 'key' && s.Principal === undefined) found('no Principal in a key policy');
  });
  return findings;
}

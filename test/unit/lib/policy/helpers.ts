/**
 * Fixtures of the policy tests: one correct stack per layer (test/fixtures/policy/*.json, each
 * accepted by `terraform validate` with provider 5.100), and helpers that break them one way at a
 * time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StackView } from '../../../../lib/policy/stack';
import type { Rule, Violation } from '../../../../lib/policy/types';
import { ROOT } from '../../../support/synth';

export const LAYER_FIXTURES = ['network', 'security', 'storage', 'catalog', 'migrator'] as const;
export type LayerFixture = (typeof LAYER_FIXTURES)[number];

/** A fresh copy of a correct stack, to modify. */
export function fixture(name: LayerFixture): any {
  return JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'policy', `${name}.json`), 'utf8'));
}

/** A correct stack after `change` edits it in place. */
export function broken(name: LayerFixture, change: (json: any) => void): any {
  const json = fixture(name);
  change(json);
  return json;
}

/** What one rule says about a stack. */
export function check(rule: Rule, json: any, id = 'fx-test'): readonly Violation[] {
  return rule.check(new StackView(id, json));
}

/** A stack with only these resources (and a correct provider). */
export function stackWith(resource: Record<string, Record<string, any>>, data?: any): any {
  return {
    provider: { aws: [{ region: 'eu-west-1', allowed_account_ids: ['111111111111'] }] },
    resource,
    ...(data ? { data } : {}),
  };
}

/** A JSON policy document, as cdktf writes JSON.stringify'd policies. */
export function policy(...statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

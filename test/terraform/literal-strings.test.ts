/**
 * Config strings are data, proven with the engine that would evaluate them: hostile strings
 * (template expressions such as `${file("/etc/hostname")}`, directives, already escaped `$${`,
 * quotes, backslashes, line breaks, Unicode) in every free-text field that reaches a stack, planned
 * by the real Terraform CLI through the `--mock-aws` pipeline. The plan must show exactly the
 * literal string, and no file of this machine. test/unit/lib/core/literal.test.ts covers every
 * field and many more strings on the synthesized JSON; this is the handful of plans that shows
 * Terraform reads that JSON the same way.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig } from '../../lib/app/config';
import { synthesize } from '../../lib/app/synth';
import { readSynth } from '../../lib/app/synth-output';
import { type PlannedStack, planStacks } from '../../lib/gitops/pipeline';
import { withTerraformSlots } from '../../lib/gitops/slots';
import { HOSTILE_STRINGS, hostileConfig, singleLine } from '../support/hostile';
import { rawExample } from '../support/synth';
import { terraformTier, tierTerraform } from '../support/terraform';

jest.setTimeout(15 * 60_000);

/** The planned value of one attribute of one resource. */
function after(planned: PlannedStack, address: string, attribute: string): unknown {
  const change = planned.plan.resource_changes?.find((rc) => rc.address === address);
  if (!change) throw new Error(`${planned.stack.id}: no change for ${address}`);
  return (change.change as unknown as { after: Record<string, unknown> }).after[attribute];
}

describe('hostile config strings, planned by Terraform', () => {
  const raw = hostileConfig(rawExample(), HOSTILE_STRINGS);
  const outdir = mkdtempSync(join(tmpdir(), 'ldm-literal-'));
  synthesize(validateConfig(raw, 'hostile'), outdir);
  const all = readSynth(outdir);
  const selected = ['sandbox-security', 'sandbox-catalog', 'assumer-security'];
  let planned: PlannedStack[];

  beforeAll(async () => {
    const terraform = await terraformTier();
    // The pipeline runs one terraform at a time: it holds one of the machine's terraform slots.
    planned = await withTerraformSlots(1, () =>
      planStacks({
        outdir,
        all,
        selected: all.filter((s) => selected.includes(s.id)),
        mockAws: true,
        allowDestroy: [],
        terraform,
        report: {
          step: () => {},
          failure: (stack, step, output) => console.error(stack, step, output),
        },
      }),
    );
  });
  const stack = (id: string) => planned.find((p) => p.stack.id === id)!;

  test('plans the three stacks that hold free text', () => {
    expect(planned.map((p) => p.stack.id).sort()).toEqual([...selected].sort());
  });

  test('database descriptions: the plan shows exactly each string', () => {
    HOSTILE_STRINGS.forEach((s, i) => {
      const address = `aws_glue_catalog_database.database-ra_${i}`;
      expect({ s, planned: after(stack('sandbox-catalog'), address, 'description') }).toEqual({
        s,
        planned: s,
      });
    });
  });

  test('assume-role trust policy: the plan shows exactly each condition key and value', () => {
    const policy = (id: string) =>
      JSON.parse(after(stack(id), 'aws_iam_role.migrator-role', 'assume_role_policy') as string);
    const conditions = policy('assumer-security').Statement.flatMap((st: any) =>
      Object.values(st.Condition ?? {}),
    );
    const keys = conditions.flatMap((c: any) => Object.keys(c));
    const values = conditions.flatMap((c: any) => Object.values(c).flat());
    const expected = raw.environments[1].migrator.assumeRole.conditions;
    for (const key of Object.keys(expected.StringEquals)) expect(keys).toContain(key);
    for (const value of expected.StringLike['aws:PrincipalTag/all'])
      expect(values).toContain(value);
  });

  test('Roles Anywhere trust policy: an apply (mock provider) gives exactly each common name', async () => {
    // The policy names the trust anchor's ARN, unknown until apply: `terraform test` applies the
    // stack against a mock provider and compares the common names with a file (never a template).
    const dir = stack('sandbox-security').stack.dir;
    mkdirSync(join(dir, 'tests'));
    writeFileSync(
      join(dir, 'tests', 'expected-common-names.json'),
      JSON.stringify(singleLine(HOSTILE_STRINGS, 64)),
    );
    writeFileSync(
      join(dir, 'tests', 'literal.tftest.hcl'),
      [
        // ARNs the provider validates where other resources use them.
        'mock_provider "aws" {',
        ...[
          ['aws_iam_policy', 'arn:aws:iam::111111111111:policy/mock'],
          ['aws_iam_role', 'arn:aws:iam::111111111111:role/mock'],
          [
            'aws_kms_key',
            'arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-0000-0000-000000000001',
          ],
          [
            'aws_rolesanywhere_trust_anchor',
            'arn:aws:rolesanywhere:eu-west-1:111111111111:trust-anchor/mock',
          ],
          [
            'aws_rolesanywhere_profile',
            'arn:aws:rolesanywhere:eu-west-1:111111111111:profile/mock',
          ],
        ].map(
          ([type, arn]) => `  mock_resource "${type}" {\n    defaults = { arn = "${arn}" }\n  }`,
        ),
        '}',
        'run "common_names_are_literals" {',
        '  command = apply',
        '  assert {',
        '    condition = jsonencode(flatten([for st in jsondecode(aws_iam_role.migrator-role.assume_role_policy).Statement : try(st.Condition.StringEquals["aws:PrincipalTag/x509Subject/CN"], [])])) == jsonencode(jsondecode(file("tests/expected-common-names.json")))',
        '    error_message = "the common names in the trust policy are not the configured strings"',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    // The key's prevent_destroy would stop the test's teardown of the mock resources.
    writeFileSync(
      join(dir, 'zz_test_override.tf.json'),
      JSON.stringify({
        resource: { aws_kms_key: { 'data-key': { lifecycle: { prevent_destroy: false } } } },
      }),
    );
    const init = await tierTerraform(['init', '-backend=false', '-input=false'], dir);
    expect({ code: init.code, log: init.stderr }).toEqual({ code: 0, log: init.stderr });
    const test = await tierTerraform(['test'], dir, { weight: 2 });
    expect({ code: test.code, log: `${test.stdout}${test.stderr}` }).toEqual({
      code: 0,
      log: expect.stringContaining('1 passed, 0 failed'),
    });
  });

  test('no file of the machine that planned reached a plan', () => {
    const name = readFileSync('/etc/hostname', 'utf8').trim() || hostname();
    for (const p of planned) {
      const shown = JSON.stringify(p.plan.resource_changes);
      expect({ stack: p.stack.id, leaked: shown.includes(`"${name}"`) }).toEqual({
        stack: p.stack.id,
        leaked: false,
      });
    }
  });
});

import { readJsonencode } from '../../../../lib/policy/hcl';
import { policyDocuments, readPolicy } from '../../../../lib/policy/documents';
import { StackView } from '../../../../lib/policy/stack';
import { fixture, stackWith } from './helpers';

describe('reading ${jsonencode(...)} back into JSON', () => {
  test('reads what cdktf writes for Fn.jsonencode, references becoming ${...} strings', () => {
    const text =
      '${jsonencode({"Version" = "2012-10-17", "Statement" = [{"Effect" = "Allow", "Action" = ["s3:GetObject", "s3:PutObject"], "Resource" = [aws_s3_bucket.b.arn, "${aws_s3_bucket.b.arn}/*"], "Condition" = {"StringEquals" = {"aws:SourceAccount" = "1"}}}], "n" = 1, "t" = true, "z" = null})}';
    expect(readJsonencode(text)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject'],
          Resource: ['${aws_s3_bucket.b.arn}', '${aws_s3_bucket.b.arn}/*'],
          Condition: { StringEquals: { 'aws:SourceAccount': '1' } },
        },
      ],
      n: 1,
      t: true,
      z: null,
    });
  });

  test('reads identifier keys, newline separators, escapes, $${ and function calls', () => {
    const text =
      '${jsonencode({\n  Version = "2012-10-17"\n  Sid = "a\\"b\\\\c $${x}"\n  R = concat(["a", "b"], local.c)\n  L = [1,\n 2,]\n})}';
    expect(readJsonencode(text)).toEqual({
      Version: '2012-10-17',
      Sid: 'a"b\\c ${x}',
      R: '${concat(["a", "b"], local.c)}',
      L: [1, 2],
    });
  });

  test.each([
    ['not jsonencode', '{"a": 1}'],
    ['unbalanced', '${jsonencode({"a" = [1, 2)})}'],
    ['a template directive', '${jsonencode({"a" = "%{if x}y%{endif}"})}'],
    ['trailing text', '${jsonencode({"a" = 1} {"b" = 2})}'],
  ])('gives up on %s', (_what, text) => {
    expect(readJsonencode(text)).toBeUndefined();
  });
});

describe('policy documents', () => {
  const empty = new StackView('fx', stackWith({}));

  test('finds every document of a stack, with its kind and where it sits', () => {
    const docs = policyDocuments(new StackView('fx', fixture('security')));
    expect(docs.map((d) => [d.resource, d.attribute, d.kind, d.read.readable])).toEqual([
      ['aws_iam_policy.migrator-glue-policy', 'policy', 'identity', true],
      ['aws_iam_role_policy.migrator-s3-policy', 'policy', 'identity', true],
      ['aws_iam_role_policy.migrator-kms-policy', 'policy', 'identity', true],
      ['aws_iam_role.migrator-role', 'assume_role_policy', 'trust', true],
      ['aws_kms_key.data-key', 'policy', 'key', true],
    ]);
  });

  test('reads inline_policy blocks of a role', () => {
    const stack = new StackView(
      'fx',
      stackWith({
        aws_iam_role: {
          r: {
            assume_role_policy: '{}',
            inline_policy: [{ name: 'a', policy: '{"Statement":[]}' }],
          },
        },
      }),
    );
    expect(policyDocuments(stack).map((d) => d.attribute)).toEqual([
      'inline_policy[0].policy',
      'assume_role_policy',
    ]);
  });

  test('normalises IAM JSON: single values become lists, Principal "*" is anyone', () => {
    const read = readPolicy(
      empty,
      JSON.stringify({
        Statement: {
          Effect: 'Deny',
          Principal: '*',
          NotAction: 's3:GetObject',
          Resource: 'arn:aws:s3:::b',
          Condition: { Bool: { 'aws:SecureTransport': false } },
        },
      }),
    );
    expect(read).toEqual({
      readable: true,
      statements: [
        {
          effect: 'Deny',
          actions: undefined,
          notActions: ['s3:GetObject'],
          resources: ['arn:aws:s3:::b'],
          notResources: undefined,
          principals: [{ type: '*', ids: ['*'] }],
          notPrincipals: undefined,
          conditions: [{ test: 'Bool', variable: 'aws:SecureTransport', values: [false] }],
        },
      ],
    });
  });

  test('reads aws_iam_policy_document data sources, with the documents they merge', () => {
    const stack = new StackView(
      'fx',
      stackWith(
        {},
        {
          aws_iam_policy_document: {
            base: { statement: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }] },
            full: {
              source_policy_documents: ['${data.aws_iam_policy_document.base.json}'],
              statement: { effect: 'Deny', not_actions: ['s3:*'], resources: ['*'] },
            },
          },
        },
      ),
    );
    const read = readPolicy(stack, '${data.aws_iam_policy_document.full.json}');
    expect(
      read.readable && read.statements.map((s) => [s.effect, s.actions, s.notActions]),
    ).toEqual([
      ['Deny', undefined, ['s3:*']],
      ['Allow', ['s3:GetObject'], undefined],
    ]);
  });

  test.each([
    [
      'a reference to another stack',
      '${data.terraform_remote_state.sec.outputs.policy}',
      '${data.terraform_remote_state.sec.outputs.policy} is only known at plan time',
    ],
    [
      'a data source that is not in the stack',
      '${data.aws_iam_policy_document.nope.json}',
      '${data.aws_iam_policy_document.nope.json} is only known at plan time',
    ],
    ['text that is not JSON', 'Statement: []', 'the policy is not JSON'],
    [
      'a Statement that is an expression',
      '{"Statement": "${local.statements}"}',
      'Statement is ${local.statements}',
    ],
    [
      'jsonencode of an expression',
      '${jsonencode(merge(local.a, {"b" = 1}))}',
      'its document ${merge(local.a, {"b" = 1})} is only known at plan time',
    ],
    [
      'an unreadable jsonencode',
      '${jsonencode({"a" = [1, 2)})}',
      'the jsonencode(...) expression is not one the pack can read',
    ],
  ])('reports %s as unreadable, with the reason', (_what, value, why) => {
    expect(readPolicy(empty, value)).toEqual({ readable: false, why });
  });
});

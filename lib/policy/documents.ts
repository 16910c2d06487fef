/**
 * Policy documents as the rules see them: every IAM, key and resource policy of a stack, read
 * into statements whatever way it was written (a JSON string, `${jsonencode(...)}`, or a reference
 * to an `aws_iam_policy_document` data source of the same stack). A document that cannot be read
 * at synth time is reported as unreadable, with the reason, never silently passed.
 */
import { readJsonencode } from './hcl';
import {
  type Body,
  blocks,
  isBody,
  isExpression,
  parseReference,
  type StackView,
  strings,
} from './stack';
import type { Violation } from './types';

/**
 * What a document governs. `identity`: what a role may do; `trust`: who may assume a role;
 * `key`: who may use a KMS key; `resource`: who may use a bucket, catalog, queue...
 */
export type PolicyKind = 'identity' | 'trust' | 'key' | 'resource';

export interface Principal {
  /** `AWS`, `Service`, `Federated`, `CanonicalUser`, or `*` for `"Principal": "*"`. */
  readonly type: string;
  readonly ids: readonly string[];
}

export interface Condition {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly unknown[];
}

/** One statement; absent fields are `undefined` (a statement has Action or NotAction, ...). */
export interface Statement {
  readonly effect: string;
  readonly actions?: readonly string[];
  readonly notActions?: readonly string[];
  readonly resources?: readonly string[];
  readonly notResources?: readonly string[];
  readonly principals?: readonly Principal[];
  readonly notPrincipals?: readonly Principal[];
  readonly conditions: readonly Condition[];
}

export type PolicyRead =
  | { readonly readable: true; readonly statements: readonly Statement[] }
  | { readonly readable: false; readonly why: string };

export interface PolicyDocument {
  /** Address of the resource that carries the document. */
  readonly resource: string;
  /** Where on it: `policy`, `assume_role_policy`, `inline_policy[0].policy`. */
  readonly attribute: string;
  readonly kind: PolicyKind;
  readonly read: PolicyRead;
}

/** Where policy documents live, by resource type. */
const POLICY_ATTRIBUTES: readonly {
  readonly type: string;
  readonly attribute: string;
  readonly kind: PolicyKind;
  /** The attribute is inside this (repeatable) nested block. */
  readonly inBlock?: string;
}[] = [
  { type: 'aws_iam_policy', attribute: 'policy', kind: 'identity' },
  { type: 'aws_iam_role_policy', attribute: 'policy', kind: 'identity' },
  { type: 'aws_iam_user_policy', attribute: 'policy', kind: 'identity' },
  { type: 'aws_iam_group_policy', attribute: 'policy', kind: 'identity' },
  { type: 'aws_iam_role', attribute: 'policy', kind: 'identity', inBlock: 'inline_policy' },
  { type: 'aws_iam_role', attribute: 'assume_role_policy', kind: 'trust' },
  { type: 'aws_kms_key', attribute: 'policy', kind: 'key' },
  { type: 'aws_kms_key_policy', attribute: 'policy', kind: 'key' },
  { type: 'aws_s3_bucket_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_glue_resource_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_sqs_queue', attribute: 'policy', kind: 'resource' },
  { type: 'aws_sqs_queue_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_sns_topic', attribute: 'policy', kind: 'resource' },
  { type: 'aws_sns_topic_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_cloudwatch_log_resource_policy', attribute: 'policy_document', kind: 'resource' },
  { type: 'aws_secretsmanager_secret_policy', attribute: 'policy', kind: 'resource' },
];

/** Every policy document of the stack (computed once per stack). */
export function policyDocuments(stack: StackView): readonly PolicyDocument[] {
  return stack.memo('policy-documents', () =>
    POLICY_ATTRIBUTES.flatMap(({ type, attribute, kind, inBlock }) =>
      stack.resources(type).flatMap((entry) => {
        const holders = inBlock
          ? blocks(entry.body[inBlock]).map((b, i) => ({ body: b, at: `${inBlock}[${i}].` }))
          : [{ body: entry.body, at: '' }];
        return holders
          .filter((h) => h.body[attribute] !== undefined && h.body[attribute] !== null)
          .map((h) => ({
            resource: entry.address,
            attribute: `${h.at}${attribute}`,
            kind,
            read: readPolicy(stack, h.body[attribute]),
          }));
      }),
    ),
  );
}

/** The documents of some kinds. */
export function documentsOf(
  stack: StackView,
  kinds: readonly PolicyKind[],
): readonly PolicyDocument[] {
  return policyDocuments(stack).filter((d) => kinds.includes(d.kind));
}

const WHOLE_EXPRESSION = /^\$\{[\s\S]*\}$/;

/** Reads one policy attribute's value into statements. */
export function readPolicy(stack: StackView, value: unknown, depth = 0): PolicyRead {
  if (typeof value !== 'string') return unreadable('the policy is not a string');
  const ref = parseReference(value);
  if (ref) {
    const source = ref.data && ref.type === 'aws_iam_policy_document' && stack.lookup(ref);
    if (source && (ref.attribute === 'json' || ref.attribute === 'minified_json')) {
      return depth > 8
        ? unreadable('policy documents nest too deeply')
        : readPolicyDocumentData(stack, source.body, depth);
    }
    return unreadable(`${value} is only known at plan time`);
  }
  if (WHOLE_EXPRESSION.test(value) && !/^\$\{\s*jsonencode\(/.test(value))
    return unreadable(`${value} is only known at plan time`);
  if (/^\$\{\s*jsonencode\(/.test(value)) {
    const json = readJsonencode(value);
    if (json === undefined)
      return unreadable('the jsonencode(...) expression is not one the pack can read');
    return isExpression(json)
      ? unreadable(`its document ${json} is only known at plan time`)
      : readPolicyJson(json);
  }
  try {
    return readPolicyJson(JSON.parse(value) as unknown);
  } catch {
    return unreadable(
      isExpression(value) ? 'the policy is a Terraform expression' : 'the policy is not JSON',
    );
  }
}

function unreadable(why: string): PolicyRead {
  return { readable: false, why };
}

/** IAM's JSON grammar: `Statement` is an object or a list; most fields a string or a list. */
export function readPolicyJson(doc: unknown): PolicyRead {
  if (!isBody(doc)) return unreadable('the policy is not a JSON object');
  const raw = doc.Statement;
  if (typeof raw === 'string') return unreadable(`Statement is ${raw}`);
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const statements: Statement[] = [];
  for (const s of list) {
    if (!isBody(s)) return unreadable(`a statement is ${JSON.stringify(s)}`);
    statements.push({
      effect: typeof s.Effect === 'string' ? s.Effect : String(s.Effect),
      actions: optionalStrings(s.Action),
      notActions: optionalStrings(s.NotAction),
      resources: optionalStrings(s.Resource),
      notResources: optionalStrings(s.NotResource),
      principals: jsonPrincipals(s.Principal),
      notPrincipals: jsonPrincipals(s.NotPrincipal),
      conditions: jsonConditions(s.Condition),
    });
  }
  return { readable: true, statements };
}

function optionalStrings(value: unknown): string[] | undefined {
  return value === undefined || value === null ? undefined : strings(value);
}

function jsonPrincipals(value: unknown): Principal[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return [{ type: value === '*' ? '*' : 'AWS', ids: [value] }];
  if (!isBody(value)) return [];
  return Object.entries(value).map(([type, ids]) => ({ type, ids: strings(ids) }));
}

function jsonConditions(value: unknown): Condition[] {
  if (!isBody(value)) return [];
  return Object.entries(value).flatMap(([test, byKey]) =>
    isBody(byKey)
      ? Object.entries(byKey).map(([variable, values]) => ({
          test,
          variable,
          values: Array.isArray(values) ? values : [values],
        }))
      : [],
  );
}

/** The `aws_iam_policy_document` data source's blocks, and the documents it merges. */
function readPolicyDocumentData(stack: StackView, body: Body, depth: number): PolicyRead {
  const statements: Statement[] = blocks(body.statement).map((s) => ({
    effect: typeof s.effect === 'string' ? s.effect : 'Allow',
    actions: optionalStrings(s.actions),
    notActions: optionalStrings(s.not_actions),
    resources: optionalStrings(s.resources),
    notResources: optionalStrings(s.not_resources),
    principals: dataPrincipals(s.principals),
    notPrincipals: dataPrincipals(s.not_principals),
    conditions: blocks(s.condition).map((c) => ({
      test: String(c.test),
      variable: String(c.variable),
      values: Array.isArray(c.values) ? c.values : [c.values],
    })),
  }));
  for (const merged of [
    ...strings(body.source_policy_documents),
    ...strings(body.override_policy_documents),
  ]) {
    const read = readPolicy(stack, merged, depth + 1);
    if (!read.readable) return read;
    statements.push(...read.statements);
  }
  return { readable: true, statements };
}

function dataPrincipals(value: unknown): Principal[] | undefined {
  const list = blocks(value);
  if (list.length === 0) return undefined;
  return list.map((p) => ({ type: String(p.type), ids: strings(p.identifiers) }));
}

/** `"*"`, `{"AWS": "*"}`, any account (`arn:aws:iam::*:root`), the data source's `type = "*"`. */
export function isAnyone(principal: Principal): boolean {
  return principal.type === '*' || principal.ids.some((id) => id === '*' || ANY_ACCOUNT.test(id));
}

const ANY_ACCOUNT = /^arn:[^:]*:iam::\*:/;

/** A rule's verdict on one statement: nothing, or what is wrong (a warning when it cannot tell). */
export type StatementVerdict =
  undefined | { readonly detail: string; readonly severity?: 'warning' };

/**
 * Applies `judge` to every statement of the stack's documents of `kinds`. A document the pack
 * cannot read becomes a "cannot verify" warning on its resource: never a silent pass.
 */
export function judgeStatements(
  stack: StackView,
  kinds: readonly PolicyKind[],
  judge: (statement: Statement, document: PolicyDocument) => StatementVerdict,
): Violation[] {
  return documentsOf(stack, kinds).flatMap((document): Violation[] => {
    const where = document.attribute;
    if (!document.read.readable) {
      return [
        {
          resource: document.resource,
          detail: `cannot verify ${where}: ${document.read.why}`,
          severity: 'warning',
        },
      ];
    }
    return document.read.statements.flatMap((statement, i) => {
      const verdict = judge(statement, document);
      return verdict
        ? [
            {
              resource: document.resource,
              detail: `${where} statement ${i + 1}: ${verdict.detail}`,
              ...(verdict.severity ? { severity: verdict.severity } : {}),
            },
          ]
        : [];
    });
  });
}

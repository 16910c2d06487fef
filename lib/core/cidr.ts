/**
 * IPv4 CIDR maths for the network layer, on top of `ip-address` (strict parsing, bigint maths)
 * so nothing here re-implements address arithmetic.
 */
import { Address4 } from 'ip-address';

export interface Cidr {
  /** The CIDR as written, normalised to its network address (`10.20.0.0/16`). */
  readonly text: string;
  readonly prefixLength: number;
  readonly first: bigint;
  readonly last: bigint;
}

const CIDR_PATTERN = /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/;

/** Parses an IPv4 CIDR; `undefined` when it is not one (`10.0.0.0/33`, `10.0.0/16`, `fe80::/10`). */
export function parseCidr(text: string): Cidr | undefined {
  if (!CIDR_PATTERN.test(text) || !Address4.isValid(text)) return undefined;
  const address = new Address4(text);
  const first = address.startAddress().bigInt();
  const last = address.endAddress().bigInt();
  return {
    text: `${Address4.fromBigInt(first).correctForm()}/${address.subnetMask}`,
    prefixLength: address.subnetMask,
    first,
    last,
  };
}

/** True when the CIDR has host bits set (`10.20.1.0/16`): almost always a typo. */
export function hasHostBits(text: string): boolean {
  const cidr = parseCidr(text);
  return cidr !== undefined && cidr.text !== text;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/** True for the CIDRs that mean "everywhere" (`0.0.0.0/0`, `::/0`). */
export function isAnywhere(text: string): boolean {
  return text.trim() === '0.0.0.0/0' || text.trim() === '::/0';
}

/**
 * The `index`-th block of `newPrefixLength` inside `parent`, like Terraform's `cidrsubnet`.
 * Throws when the block does not fit: callers validate sizes first.
 */
export function subnetCidr(parent: Cidr, newPrefixLength: number, index: number): string {
  if (newPrefixLength < parent.prefixLength || newPrefixLength > 32) {
    throw new RangeError(`/${newPrefixLength} does not fit inside ${parent.text}`);
  }
  const blockSize = 1n << BigInt(32 - newPrefixLength);
  const first = parent.first + blockSize * BigInt(index);
  if (first + blockSize - 1n > parent.last) {
    throw new RangeError(`block ${index} of /${newPrefixLength} lies outside ${parent.text}`);
  }
  return `${Address4.fromBigInt(first).correctForm()}/${newPrefixLength}`;
}

/** `192.168.0.0/16` -> `192-168-0-0-16`: for construct ids that stay stable when a list is reordered. */
export function cidrSlug(cidr: string): string {
  return cidr.replace(/[./]/g, '-');
}

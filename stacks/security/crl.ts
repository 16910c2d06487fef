/**
 * The certificate revocation list (CRL) of a Roles Anywhere trust anchor, read and checked when the
 * config is validated, like the CA certificate: stacks only ever see its PEM. Roles Anywhere
 * imports a CRL in PEM, at most 300,000 characters, and refuses certificates it lists when a host
 * asks for a session. A CRL that the anchor's CA did not sign would revoke nothing, so its
 * signature is verified with the CA's public key here (X.509 CRLs, RFC 5280 section 5: a DER
 * SEQUENCE of the signed list, the signature algorithm and the signature).
 */
import { verify, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Expect } from '../../lib/core/errors';

/** The longest `crlData` Roles Anywhere's ImportCrl accepts. */
export const MAX_CRL_PEM_LENGTH = 300000;

const CRL_BLOCK = /-----BEGIN X509 CRL-----([\s\S]*?)-----END X509 CRL-----/g;
const ANY_PEM = /-----BEGIN [A-Z0-9 ]+-----/;

/** Signature algorithms by OID, with the digest `crypto.verify` takes (`null`: the key decides). */
const SIGNATURE_ALGORITHMS: Readonly<Record<string, string | null>> = {
  '1.2.840.113549.1.1.11': 'sha256', // sha256WithRSAEncryption
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256', // ecdsa-with-SHA256
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.3.101.112': null, // Ed25519
};

interface Tlv {
  readonly tag: number;
  /** Where the element starts (its tag). */
  readonly begin: number;
  /** Where its content starts and ends. */
  readonly start: number;
  readonly end: number;
}

/** One DER element at `offset`, or undefined when the bytes are not one. */
function tlv(der: Buffer, offset: number): Tlv | undefined {
  if (offset + 2 > der.length) return undefined;
  const tag = der[offset]!;
  let length = der[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 4 || start + bytes > der.length) return undefined;
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + der[start + i]!;
    start += bytes;
  }
  const end = start + length;
  return end > der.length ? undefined : { tag, begin: offset, start, end };
}

function oid(bytes: Buffer): string {
  const parts = [Math.floor(bytes[0]! / 40), bytes[0]! % 40];
  let value = 0;
  for (const b of bytes.subarray(1)) {
    value = value * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

const SEQUENCE = 0x30;
const OBJECT_IDENTIFIER = 0x06;
const BIT_STRING = 0x03;

/** The signed part, the algorithm and the signature of a DER CRL; undefined if it is not one. */
function certificateList(
  der: Buffer,
): { signed: Buffer; algorithm: string; signature: Buffer } | undefined {
  const outer = tlv(der, 0);
  if (outer?.tag !== SEQUENCE || outer.end !== der.length) return undefined;
  const tbs = tlv(der, outer.start);
  if (tbs?.tag !== SEQUENCE) return undefined;
  const algorithm = tlv(der, tbs.end);
  if (algorithm?.tag !== SEQUENCE) return undefined;
  const id = tlv(der, algorithm.start);
  if (id?.tag !== OBJECT_IDENTIFIER) return undefined;
  const signature = tlv(der, algorithm.end);
  if (signature?.tag !== BIT_STRING || signature.end !== outer.end) return undefined;
  if (der[signature.start] !== 0) return undefined; // no unused bits in a signature
  return {
    signed: der.subarray(tbs.begin, tbs.end),
    algorithm: oid(der.subarray(id.start, id.end)),
    signature: der.subarray(signature.start + 1, signature.end),
  };
}

/**
 * The CRL in `data` (PEM, with any text around it, or DER) as PEM, or what is wrong with it (an
 * `Expect` phrase). `caPem` is the trust anchor's CA certificate, which must have signed it.
 */
export function parseCrl(data: Buffer, caPem: string): { pem: string } | { problem: string } {
  const text = data.toString('latin1');
  let der: Buffer;
  if (ANY_PEM.test(text)) {
    const blocks = [...text.matchAll(CRL_BLOCK)];
    if (blocks.length === 0) return { problem: Expect.crlPem };
    if (blocks.length > 1) return { problem: Expect.crlOne(blocks.length) };
    der = Buffer.from(blocks[0]![1]!.replace(/\s+/g, ''), 'base64');
  } else {
    der = data;
  }
  const list = certificateList(der);
  if (!list) return { problem: Expect.crlPem };
  const digest = SIGNATURE_ALGORITHMS[list.algorithm];
  if (digest === undefined) return { problem: Expect.crlAlgorithm(list.algorithm) };
  const ca = new X509Certificate(caPem);
  let signed: boolean;
  try {
    signed = verify(digest, list.signed, ca.publicKey, list.signature);
  } catch {
    signed = false;
  }
  if (!signed) return { problem: Expect.crlNotFromCa(ca.subject.split('\n').join(', ')) };
  const body = der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trim();
  const pem = `-----BEGIN X509 CRL-----\n${body}\n-----END X509 CRL-----\n`;
  if (pem.length > MAX_CRL_PEM_LENGTH) return { problem: Expect.crlTooLong };
  return { pem };
}

/** Reads the CRL file named in the config (relative paths start at the working directory). */
export function readCrl(path: string, caPem: string): { pem: string } | { problem: string } {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (err) {
    return { problem: Expect.crlFile((err as NodeJS.ErrnoException).code ?? 'unreadable') };
  }
  return parseCrl(data, caPem);
}

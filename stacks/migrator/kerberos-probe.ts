/**
 * The datagram the host preflight sends a KDC over UDP to see whether it answers: a Kerberos
 * AS-REQ (RFC 4120, section 5.4.1) for the principal `ldm-preflight@<REALM>`, without
 * pre-authentication. A KDC answers it with a KRB-ERROR (the principal is unknown, or needs
 * pre-authentication), which is all the preflight wants: UDP reached the KDC and came back. Nothing
 * is issued, and the KDC logs a request for an unknown principal.
 */

/** The client principal the probe asks for. */
export const PROBE_PRINCIPAL = 'ldm-preflight';

/** NT-PRINCIPAL and NT-SRV-INST (RFC 4120, section 6.2). */
const NT_PRINCIPAL = 1;
const NT_SRV_INST = 2;
/** Kerberos protocol version and the AS-REQ message type. */
const PVNO = 5;
const AS_REQ = 10;
/** aes256-cts-hmac-sha1-96, aes128-cts-hmac-sha1-96: any KDC of the last decade knows them. */
const ETYPES = [18, 17];
/** A fixed nonce and end time: the probe is the same bytes every time, so golden files can show it. */
const NONCE = 0x4c444d31;
const TILL = '20370913024805Z';

/** A DER length. */
function length(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

const tlv = (tag: number, content: readonly number[]): number[] => [
  tag,
  ...length(content.length),
  ...content,
];
const sequence = (...items: number[][]): number[] => tlv(0x30, items.flat());
/** A context-specific, constructed `[n]` tag around one value. */
const explicit = (n: number, value: number[]): number[] => tlv(0xa0 + n, value);

/** A non-negative DER INTEGER. */
function integer(n: number): number[] {
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  if (bytes.length === 0 || bytes[0]! >= 0x80) bytes.unshift(0);
  return tlv(0x02, bytes);
}

const generalString = (s: string): number[] => tlv(0x1b, [...Buffer.from(s, 'ascii')]);

function principalName(type: number, parts: readonly string[]): number[] {
  return sequence(explicit(0, integer(type)), explicit(1, sequence(...parts.map(generalString))));
}

/** The AS-REQ for `ldm-preflight@<realm>`, as bytes. */
export function kerberosProbe(realm: string): Buffer {
  if (!/^[A-Za-z0-9._-]+$/.test(realm)) {
    throw new Error(`kerberosProbe: ${JSON.stringify(realm)} is not a realm of a principal`);
  }
  const body = sequence(
    explicit(0, tlv(0x03, [0, 0, 0, 0, 0])), // kdc-options: none
    explicit(1, principalName(NT_PRINCIPAL, [PROBE_PRINCIPAL])),
    explicit(2, generalString(realm)),
    explicit(3, principalName(NT_SRV_INST, ['krbtgt', realm])),
    explicit(5, tlv(0x18, [...Buffer.from(TILL, 'ascii')])),
    explicit(7, integer(NONCE)),
    explicit(8, sequence(...ETYPES.map(integer))),
  );
  const request = sequence(
    explicit(1, integer(PVNO)),
    explicit(2, integer(AS_REQ)),
    explicit(4, body),
  );
  return Buffer.from(tlv(0x6a, request)); // [APPLICATION 10]
}

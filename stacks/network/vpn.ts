/**
 * Site-to-Site VPN settings checked and chosen offline: which addresses a customer gateway can
 * have, which BGP ASNs each side may use, and the tunnels' cryptography.
 */
import { overlaps, parseCidr } from '../../lib/core/cidr';

/** Ranges that are not reachable over the internet, so no VPN device can be there. */
const NON_PUBLIC_RANGES = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '224.0.0.0/3', // multicast and reserved, up to 255.255.255.255
].map((text) => parseCidr(text)!);

/** True for an IPv4 address a VPN tunnel can reach over the internet. */
export function isPublicIpv4(address: string): boolean {
  const host = parseCidr(`${address}/32`);
  return host !== undefined && !NON_PUBLIC_RANGES.some((range) => overlaps(range, host));
}

/** ASNs AWS reserves for itself in Site-to-Site VPN; a customer gateway cannot use them. */
export const RESERVED_BGP_ASNS: readonly number[] = [7224, 9059, 10124, 17943];

/** The Amazon side's ASN when none is configured: AWS's own default for a virtual private gateway. */
export const DEFAULT_AMAZON_SIDE_ASN = 64512;

/** Private ASN ranges the Amazon side of a virtual private gateway accepts. */
export function isAmazonSideAsn(asn: number): boolean {
  return (
    Number.isInteger(asn) &&
    ((asn >= 64512 && asn <= 65534) || (asn >= 4200000000 && asn <= 4294967294))
  );
}

/** ASNs above this do not fit `bgp_asn`; the customer gateway takes them as `bgp_asn_extended`. */
export const MAX_TWO_BYTE_RANGE_ASN = 2147483647;

/** The tunnel settings of both tunnels; AWS's defaults (which include IKEv1, SHA-1, DH group 2) are not used. */
export interface TunnelCrypto {
  readonly ikeVersions: readonly string[];
  readonly phase1EncryptionAlgorithms: readonly string[];
  readonly phase2EncryptionAlgorithms: readonly string[];
  readonly phase1IntegrityAlgorithms: readonly string[];
  readonly phase2IntegrityAlgorithms: readonly string[];
  readonly phase1DhGroupNumbers: readonly number[];
  readonly phase2DhGroupNumbers: readonly number[];
}

/**
 * IKEv2 only, AES-256 (CBC or GCM), SHA-2 and Diffie-Hellman groups of 2048 bits or more (AWS
 * also offers groups 2, 5 and 22: 1024 and 1536 bit MODP groups, no longer considered safe).
 */
export const STRONG_TUNNEL_CRYPTO: TunnelCrypto = {
  ikeVersions: ['ikev2'],
  phase1EncryptionAlgorithms: ['AES256', 'AES256-GCM-16'],
  phase2EncryptionAlgorithms: ['AES256', 'AES256-GCM-16'],
  phase1IntegrityAlgorithms: ['SHA2-256', 'SHA2-384', 'SHA2-512'],
  phase2IntegrityAlgorithms: ['SHA2-256', 'SHA2-384', 'SHA2-512'],
  phase1DhGroupNumbers: [14, 15, 16, 17, 18, 19, 20, 21, 23, 24],
  phase2DhGroupNumbers: [14, 15, 16, 17, 18, 19, 20, 21, 23, 24],
};

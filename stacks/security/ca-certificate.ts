/**
 * The CA certificate of an IAM Roles Anywhere trust anchor, read and checked when the config is
 * validated (the edge), so stacks only ever see the PEM text. Roles Anywhere accepts one X.509 v3
 * CA certificate per `CERTIFICATE_BUNDLE` anchor, at most 8,000 characters of PEM; a certificate
 * that is not a CA could never have signed the hosts' certificates.
 */
import { X509Certificate } from 'node:crypto';
import { Expect } from '../../lib/core/errors';
import { readTextFile, UnreadableFile } from '../../lib/core/files';

/** The longest `x509CertificateData` Roles Anywhere accepts. */
export const MAX_CA_CERTIFICATE_PEM_LENGTH = 8000;
/** The largest file read as a CA certificate (a PEM with its text form is a few KB). */
const MAX_CA_CERTIFICATE_FILE_BYTES = 1024 * 1024;

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** The PEM of the one CA certificate in `text`, or what is wrong with it (an `Expect` phrase). */
export function parseCaCertificate(text: string): { pem: string } | { problem: string } {
  if (PRIVATE_KEY.test(text)) return { problem: Expect.caCertificatePrivateKey };
  const blocks = text.replace(/\r\n/g, '\n').match(CERTIFICATE_BLOCK) ?? [];
  if (blocks.length === 0) return { problem: Expect.caCertificatePem };
  if (blocks.length > 1) return { problem: Expect.caCertificateOne(blocks.length) };
  const pem = `${blocks[0]!.trim()}\n`;
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch {
    return { problem: Expect.caCertificatePem };
  }
  if (!certificate.ca) {
    return { problem: Expect.caCertificateNotCa(certificate.subject.split('\n').join(', ')) };
  }
  if (pem.length > MAX_CA_CERTIFICATE_PEM_LENGTH) return { problem: Expect.caCertificateTooLong };
  return { pem };
}

/**
 * Reads the CA certificate file named in the config. Relative paths are relative to the working
 * directory, like `LDM_CONFIG` itself (the repository root, where `cdktf synth` runs).
 */
export function readCaCertificate(path: string): { pem: string } | { problem: string } {
  let text: string;
  try {
    // A regular file of bounded size: a FIFO or a device named here must not hang validation.
    text = readTextFile(path, MAX_CA_CERTIFICATE_FILE_BYTES);
  } catch (err) {
    return {
      problem: Expect.caCertificateFile(err instanceof UnreadableFile ? err.code : 'unreadable'),
    };
  }
  return parseCaCertificate(text);
}

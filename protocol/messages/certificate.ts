import { begin, int, bytes, end, pos } from '../bytes';
import { readExtensions, writeExtensions, EMPTY_EXTENSIONS } from '../extensions';
import { MessageType, Header, Size, readHeader, currency, nonZero } from './header';
import { fail } from '../errors';

// Wallet certificate, issuer → wallet (SPEC.md §4). The issuer signs bytes
// [0, signatureOffset) with Ed25519; the certificate's hash is SHA-256 of all its bytes.
export interface Certificate {
  issuerKeyId: number;
  walletId: number;
  walletKey: Uint8Array; // 32-byte Ed25519 public key
  perPaymentLimit: number; // minor units of `currency`
  currency: number;
  notBefore: number; // unix seconds
  expiry: number; // unix seconds, > notBefore
  extensions: Uint8Array;
  signature: Uint8Array; // 64 bytes
  bytes: Uint8Array; // the whole encoding
  signedLength: number;
}

export const CERT_MAX_EXTENSIONS = 64;

export type CertificateFields = Omit<Certificate, 'signature' | 'bytes' | 'signedLength'>;

// The bytes the issuer signs.
export function encodeCertificateBody(c: CertificateFields): Uint8Array {
  const ext = c.extensions || EMPTY_EXTENSIONS;
  begin(new Uint8Array(57 + ext.length));
  int(2, MessageType.CERTIFICATE | Header.V1);
  int(4, c.issuerKeyId);
  int(4, c.walletId);
  bytes(c.walletKey);
  int(4, c.perPaymentLimit);
  int(2, c.currency);
  int(4, c.notBefore);
  int(4, c.expiry);
  writeExtensions(ext);
  return end();
}

// A certificate at the cursor (../bytes.ts), alone or inside a payment.
export function readCertificate(): Certificate {
  const start = pos;
  readHeader(MessageType.CERTIFICATE);
  // Built field by field in wire order (one object, no locals: smaller on the device).
  const c = {
    issuerKeyId: int(4), walletId: nonZero(), walletKey: bytes(Size.KEY), perPaymentLimit: nonZero(), currency: currency(),
    notBefore: int(4), expiry: int(4),
  } as Certificate;
  if (c.expiry <= c.notBefore) fail('certificate expires before it starts');
  c.extensions = readExtensions(Size.CERT_MAX_EXTENSIONS);
  const n = c.signedLength = pos - start;
  const s = c.signature = bytes(Size.SIGNATURE);
  // The whole encoding: the signature view's buffer, from `start`.
  c.bytes = new Uint8Array(s.buffer, s.byteOffset - n, n + Size.SIGNATURE);
  return c;
}

export function decodeCertificate(b: Uint8Array): Certificate {
  begin(b);
  const c = readCertificate();
  end();
  return c;
}

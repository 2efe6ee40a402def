import { begin, int, bytes, end, pos } from '../bytes';
import { readExtensions, writeExtensions, EMPTY_EXTENSIONS } from '../extensions';
import { MessageType, Header, readHeader, currency, nonZero } from './header';
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

const FIXED = 57;
export const CERT_MAX_EXTENSIONS = 64;

export type CertificateFields = Omit<Certificate, 'signature' | 'bytes' | 'signedLength'>;

// The bytes the issuer signs.
export function encodeCertificateBody(c: CertificateFields): Uint8Array {
  const ext = c.extensions || EMPTY_EXTENSIONS;
  begin(new Uint8Array(FIXED + ext.length));
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
  const issuerKeyId = int(4);
  const walletId = nonZero(4);
  const walletKey = bytes(32);
  const perPaymentLimit = nonZero(4);
  const cur = currency();
  const notBefore = int(4);
  const expiry = int(4);
  if (expiry <= notBefore) fail('certificate expires before it starts');
  const extensions = readExtensions(CERT_MAX_EXTENSIONS);
  const signedLength = pos - start;
  const signature = bytes(64);
  // The whole encoding: the signature view's buffer, from `start`.
  const all = new Uint8Array(signature.buffer, signature.byteOffset - signedLength, signedLength + 64);
  return {
    issuerKeyId, walletId, walletKey, perPaymentLimit, currency: cur, notBefore, expiry, extensions,
    signature, bytes: all, signedLength,
  };
}

export function decodeCertificate(b: Uint8Array): Certificate {
  begin(b);
  const c = readCertificate();
  end();
  return c;
}
